package io.hookline.status;

import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import io.hookline.api.v1.DeliveryEvent;
import io.hookline.api.v1.HookServiceGrpc;
import io.hookline.api.v1.SubscribeRequest;
import io.hookline.testing.TestToken;
import io.quarkus.test.junit.QuarkusTest;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The number of subscribers one replica serves is bounded (40 in tests), and places are given
 * back when subscribers leave.
 */
@QuarkusTest
class SubscriberLimitTest {

    private static final SubscribeRequest LIVE = SubscribeRequest.newBuilder()
            .setLiveOnly(true).setProject("limit-test/none").build();

    @Test
    void oneSubscriberPastTheLimitIsRefusedNamingTheKeyAndPlacesAreGivenBackWhenSubscribersLeave() throws Exception {
        ManagedChannel first = channel();
        Throwable refused = null;
        int served = 0;
        try {
            for (int i = 0; i < 45 && refused == null; i++) {
                CompletableFuture<Throwable> failure = subscribe(first);
                try {
                    refused = failure.get(250, TimeUnit.MILLISECONDS);
                } catch (TimeoutException stillOpen) {
                    served++;
                }
            }
        } finally {
            // Ends every call of the channel: the server is told each subscriber left.
            first.shutdownNow().awaitTermination(10, TimeUnit.SECONDS);
        }
        assertThat(refused).as("a subscriber past the limit is refused").isNotNull();
        assertThat(served).isLessThanOrEqualTo(40);
        assertThat(Status.fromThrowable(refused).getCode()).isEqualTo(Status.Code.RESOURCE_EXHAUSTED);
        assertThat(refused).hasMessageContaining("hookline.subscribe.max-subscribers");

        ManagedChannel second = channel();
        try {
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
                CompletableFuture<Throwable> failure = subscribe(second);
                Thread.sleep(300);
                assertThat(failure).as("a place given back is served again").isNotCompleted();
            });
        } finally {
            second.shutdownNow().awaitTermination(10, TimeUnit.SECONDS);
        }
    }

    private static ManagedChannel channel() {
        int port = ConfigProvider.getConfig().getValue("quarkus.http.test-port", Integer.class);
        return ManagedChannelBuilder.forAddress("localhost", port).usePlaintext().intercept(TestToken.admin()).build();
    }

    /** A live subscriber on the channel; the future completes when its call fails. */
    private static CompletableFuture<Throwable> subscribe(ManagedChannel channel) {
        CompletableFuture<Throwable> failure = new CompletableFuture<>();
        HookServiceGrpc.newStub(channel).subscribe(LIVE, new StreamObserver<DeliveryEvent>() {
            @Override
            public void onNext(DeliveryEvent value) {
            }

            @Override
            public void onError(Throwable t) {
                failure.complete(t);
            }

            @Override
            public void onCompleted() {
            }
        });
        return failure;
    }
}
