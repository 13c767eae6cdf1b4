package io.hookline.status;

import io.grpc.Status;
import io.hookline.api.v1.HookService;
import io.hookline.api.v1.SubscribeRequest;
import io.quarkus.grpc.GrpcClient;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.mutiny.subscription.Cancellable;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The number of subscribers one replica serves is bounded (20 in tests), and a freed place is reused. */
@QuarkusTest
class SubscriberLimitTest {

    @GrpcClient("hook")
    HookService hooks;

    @Test
    void oneSubscriberPastTheLimitIsRefusedNamingTheKeyAndAFreedPlaceIsTakenAgain() throws Exception {
        List<Cancellable> open = new ArrayList<>();
        Throwable refused = null;
        try {
            for (int i = 0; i < 25 && refused == null; i++) {
                CompletableFuture<Throwable> failure = new CompletableFuture<>();
                open.add(live().subscribe().with(change -> { }, failure::complete));
                try {
                    refused = failure.get(500, TimeUnit.MILLISECONDS);
                } catch (java.util.concurrent.TimeoutException stillOpen) {
                    // served: it stays open, holding its place
                }
            }
            assertThat(refused).as("a subscriber past the limit is refused").isNotNull();
            assertThat(open).hasSizeLessThanOrEqualTo(21);
            assertThat(Status.fromThrowable(refused).getCode()).isEqualTo(Status.Code.RESOURCE_EXHAUSTED);
            assertThat(refused).hasMessageContaining("hookline.subscribe.max-subscribers");

            open.remove(0).cancel();
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
                CompletableFuture<Throwable> failure = new CompletableFuture<>();
                Cancellable again = live().subscribe().with(change -> { }, failure::complete);
                open.add(again);
                assertThat(failure).isNotCompleted();
                Thread.sleep(300);
                assertThat(failure).as("a freed place is served again").isNotCompleted();
            });
        } finally {
            open.forEach(Cancellable::cancel);
        }
    }

    private io.smallrye.mutiny.Multi<io.hookline.api.v1.DeliveryEvent> live() {
        return hooks.subscribe(SubscribeRequest.newBuilder().setLiveOnly(true).setProject("limit-test/none").build());
    }
}
