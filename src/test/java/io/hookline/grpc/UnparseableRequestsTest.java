package io.hookline.grpc;

import io.grpc.CallOptions;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.Status;
import io.grpc.stub.ClientCalls;
import io.grpc.stub.StreamObserver;
import io.hookline.api.v1.GetComponentRequest;
import io.hookline.api.v1.HookAdmin;
import io.hookline.api.v1.HookAdminGrpc;
import io.hookline.api.v1.HookServiceGrpc;
import io.hookline.api.v1.PutComponentRequest;
import io.hookline.api.v1.ReportAck;
import io.hookline.api.v1.ReportResult;
import io.hookline.api.v1.RunCompletion;
import io.hookline.testing.RawMessages;
import io.hookline.testing.TestToken;
import io.quarkus.grpc.GrpcClient;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import static io.hookline.testing.Events.succeeded;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Request bytes that do not parse, through the real gRPC server: each call ends with
 * INVALID_ARGUMENT naming the message, instead of the transport dropping it (a Report stream used
 * to stall with no status).
 */
@QuarkusTest
class UnparseableRequestsTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    private static final String INVALID_UTF8 = "is not a valid hookline.v1.RunCompletion"
            + " (Protocol message had invalid UTF-8.)";

    @GrpcClient("admin")
    HookAdmin admin;

    @Inject
    Pool pool;

    @ConfigProperty(name = "quarkus.http.test-port")
    int port;

    private ManagedChannel channel;

    @BeforeEach
    void openChannel() {
        channel = ManagedChannelBuilder.forAddress("localhost", port).usePlaintext().intercept(TestToken.admin()).build();
    }

    @AfterEach
    void closeChannel() throws InterruptedException {
        channel.shutdownNow().awaitTermination(10, TimeUnit.SECONDS);
    }

    @Test
    void aReportMessageWithInvalidUtf8EndsTheOpenStreamWithInvalidArgumentAfterTheEventsBeforeItAreAnswered()
            throws Exception {
        String prefix = "unparseable-" + UUID.randomUUID() + "-";
        Stream stream = new Stream();

        stream.send(succeeded(prefix + "1").toByteArray());
        stream.send(succeeded(prefix + "2").toByteArray());
        stream.send(RawMessages.withInvalidUtf8(succeeded(prefix + "3")));
        stream.send(succeeded(prefix + "4").toByteArray());
        Status ending = stream.ending.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS); // the client never half-closes

        assertThat(ending.getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
        assertThat(ending.getDescription()).isEqualTo("message 3 of this call " + INVALID_UTF8
                + "; the messages before it were answered, it and any after it were not read");
        assertThat(stream.acks).extracting(ReportAck::getEventId).containsExactly(prefix + "1", prefix + "2");
        assertThat(stream.acks).allSatisfy(ack -> assertThat(ack.getResult()).isEqualTo(ReportResult.REPORT_RESULT_ACCEPTED));
        assertThat(stored(prefix)).containsExactlyInAnyOrder(prefix + "1", prefix + "2");
    }

    @Test
    void aReportMessageNestedPastProtobufsLimitEndsItsStreamWhileAnotherOpenStreamGoesOn() throws Exception {
        String prefix = "nested-" + UUID.randomUUID() + "-";
        Stream other = new Stream();
        other.send(succeeded(prefix + "other-1").toByteArray());
        other.awaitAcks(1);

        Stream nested = new Stream();
        nested.send(RawMessages.withOutputNested(succeeded(prefix + "nested"), 80));
        Status ending = nested.ending.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        other.send(succeeded(prefix + "other-2").toByteArray());
        other.complete();

        assertThat(ending.getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
        assertThat(ending.getDescription()).startsWith("message 1 of this call is not a valid hookline.v1.RunCompletion"
                + " (Protocol message had too many levels of nesting.)");
        assertThat(nested.acks).isEmpty();
        assertThat(other.ending.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS).getCode()).isEqualTo(Status.Code.OK);
        assertThat(other.acks).extracting(ReportAck::getEventId).containsExactly(prefix + "other-1", prefix + "other-2");
        assertThat(stored(prefix)).containsExactlyInAnyOrder(prefix + "other-1", prefix + "other-2");
    }

    @Test
    void aNotifyRequestWithInvalidUtf8IsInvalidArgumentAndStoresNothing() {
        String eventId = "unparseable-notify-" + UUID.randomUUID();

        assertThatThrownBy(() -> ClientCalls.blockingUnaryCall(channel, RawMessages.sending(HookServiceGrpc.getNotifyMethod()),
                CallOptions.DEFAULT, RawMessages.withInvalidUtf8(succeeded(eventId))))
                .satisfies(failure -> {
                    Status status = Status.fromThrowable(failure);
                    assertThat(status.getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
                    assertThat(status.getDescription()).isEqualTo("message 1 of this call " + INVALID_UTF8);
                });
        assertThat(stored(eventId)).isEmpty();
    }

    @Test
    void anAdminRequestWithInvalidUtf8IsInvalidArgumentNamingItsTypeAndStoresNothing() {
        String hubRef = "unparseable-" + UUID.randomUUID().toString().substring(0, 8);
        byte[] request = PutComponentRequest.newBuilder().setHubRef(hubRef).setDefinition("name: \u00e9").build().toByteArray();
        byte[] broken = new String(request, StandardCharsets.ISO_8859_1).replace("\u00c3\u00a9", "\u00c3(")
                .getBytes(StandardCharsets.ISO_8859_1);

        assertThatThrownBy(() -> ClientCalls.blockingUnaryCall(channel, RawMessages.sending(HookAdminGrpc.getPutComponentMethod()),
                CallOptions.DEFAULT, broken))
                .satisfies(failure -> {
                    Status status = Status.fromThrowable(failure);
                    assertThat(status.getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
                    assertThat(status.getDescription()).isEqualTo("message 1 of this call is not a valid"
                            + " hookline.v1.PutComponentRequest (Protocol message had invalid UTF-8.)");
                });
        assertThatThrownBy(() -> admin.getComponent(GetComponentRequest.newBuilder().setHubRef(hubRef).build())
                .await().atMost(TIMEOUT))
                .satisfies(failure -> assertThat(Status.fromThrowable(failure).getCode()).isEqualTo(Status.Code.NOT_FOUND));
    }

    private List<String> stored(String prefix) {
        return pool.preparedQuery("SELECT event_id FROM run_events WHERE event_id LIKE $1")
                .execute(Tuple.of(prefix + "%")).await().atMost(TIMEOUT)
                .stream().map(row -> row.getString(0)).toList();
    }

    /** One raw Report stream: what it answered and how it ended. */
    private final class Stream {

        final List<ReportAck> acks = new CopyOnWriteArrayList<>();
        final CompletableFuture<Status> ending = new CompletableFuture<>();
        private final StreamObserver<byte[]> requests;

        Stream() {
            requests = ClientCalls.asyncBidiStreamingCall(
                    channel.newCall(RawMessages.sending(HookServiceGrpc.getReportMethod()), CallOptions.DEFAULT),
                    new StreamObserver<>() {
                        @Override
                        public void onNext(ReportAck ack) {
                            acks.add(ack);
                        }

                        @Override
                        public void onError(Throwable failure) {
                            ending.complete(Status.fromThrowable(failure));
                        }

                        @Override
                        public void onCompleted() {
                            ending.complete(Status.OK);
                        }
                    });
        }

        void send(byte[] message) {
            requests.onNext(message);
        }

        void complete() {
            requests.onCompleted();
        }

        void awaitAcks(int count) throws InterruptedException {
            long deadline = System.nanoTime() + TIMEOUT.toNanos();
            while (acks.size() < count && System.nanoTime() < deadline && !ending.isDone()) {
                Thread.sleep(10);
            }
            assertThat(acks).as("acks before the deadline").hasSizeGreaterThanOrEqualTo(count);
        }
    }
}
