package io.hookline.status;

import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.netty.NettyChannelBuilder;
import io.grpc.stub.ClientCallStreamObserver;
import io.grpc.stub.ClientResponseObserver;
import io.hookline.api.v1.DeliveryEvent;
import io.hookline.api.v1.HookServiceGrpc;
import io.hookline.api.v1.SubscribeRequest;
import io.hookline.testing.TestToken;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

import static org.awaitility.Awaitility.await;

/**
 * A Subscribe call from a plain grpc-java client on its own connection, recording what arrives.
 * A client that does not read asks for nothing, so the transport fills up as with a stuck
 * consumer; its connection's window is small so that happens after a few hundred events. A
 * reading client keeps grpc-java's default window, as a real one would.
 */
final class SubscriberClient implements ClientResponseObserver<SubscribeRequest, DeliveryEvent>, AutoCloseable {

    private static final int STUCK_WINDOW_BYTES = 64 * 1024;
    private static final Duration POLL = Duration.ofMillis(20);

    private final ManagedChannel channel;
    private final boolean reads;
    private final List<DeliveryEvent> received = new CopyOnWriteArrayList<>();
    private final CountDownLatch ended = new CountDownLatch(1);
    private volatile ClientCallStreamObserver<SubscribeRequest> call;
    private volatile Status endStatus;

    private SubscriberClient(int port, String token, boolean reads) {
        NettyChannelBuilder channel = NettyChannelBuilder.forAddress("localhost", port).usePlaintext()
                .intercept(TestToken.bearer(token));
        this.channel = (reads ? channel : channel.flowControlWindow(STUCK_WINDOW_BYTES)).build();
        this.reads = reads;
    }

    static SubscriberClient reading(int port, SubscribeRequest request) {
        return reading(port, TestToken.ADMIN, request);
    }

    /** For a server started with another token than the suite's (a packaged jar). */
    static SubscriberClient reading(int port, String token, SubscribeRequest request) {
        return start(new SubscriberClient(port, token, true), request);
    }

    static SubscriberClient neverReading(int port, SubscribeRequest request) {
        return start(new SubscriberClient(port, TestToken.ADMIN, false), request);
    }

    private static SubscriberClient start(SubscriberClient client, SubscribeRequest request) {
        HookServiceGrpc.newStub(client.channel).subscribe(request, client);
        return client;
    }

    @Override
    public void beforeStart(ClientCallStreamObserver<SubscribeRequest> requestStream) {
        this.call = requestStream;
        if (!reads) {
            requestStream.disableAutoRequestWithInitial(0);
        }
    }

    @Override
    public void onNext(DeliveryEvent event) {
        received.add(event);
    }

    @Override
    public void onError(Throwable failure) {
        endStatus = Status.fromThrowable(failure);
        ended.countDown();
    }

    @Override
    public void onCompleted() {
        endStatus = Status.OK;
        ended.countDown();
    }

    /** Starts reading everything the server holds for this call. */
    void readAll() {
        call.request(Integer.MAX_VALUE);
    }

    List<DeliveryEvent> received() {
        return List.copyOf(received);
    }

    long lastCursor() {
        return received.isEmpty() ? 0 : received.get(received.size() - 1).getCursor();
    }

    /** Waits until the received events satisfy the condition; fails with what arrived otherwise. */
    List<DeliveryEvent> awaitReceived(Predicate<List<DeliveryEvent>> condition, Duration timeout) {
        return await("events on the Subscribe stream satisfying the condition").atMost(timeout).pollInterval(POLL)
                .failFast(() -> {
                    if (ended.getCount() == 0 && !condition.test(received())) {
                        throw new AssertionError("the stream ended with " + endStatus + " after " + received.size() + " events");
                    }
                })
                .until(() -> new Arrived(received()), arrived -> condition.test(arrived.events()))
                .events();
    }

    Status awaitEnd(Duration timeout) throws InterruptedException {
        if (!ended.await(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new AssertionError("the stream did not end within " + timeout);
        }
        return endStatus;
    }

    void cancel() {
        call.cancel("the subscriber disconnects", null);
    }

    @Override
    public void close() {
        channel.shutdownNow();
    }

    /** The events received at one check; a timeout prints how many, not all ten thousand. */
    private record Arrived(List<DeliveryEvent> events) {
        @Override
        public String toString() {
            return events.size() + " events";
        }
    }
}
