package io.hookline.status;

import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.hookline.api.v1.DeliveryEvent;
import io.hookline.api.v1.HookServiceGrpc;
import io.hookline.api.v1.SubscribeRequest;
import io.hookline.outbox.DeliveryRef;
import io.hookline.outbox.DeliveryState;
import io.hookline.testing.TestToken;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Subscribe against the test instance, with state changes written straight through the status
 * log (each test uses its own run uuid and filters on it). The test buffer is 1000 changes.
 */
@QuarkusTest
class SubscribeTest {

    private static final int PORT = 8081;
    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    @Inject
    Pool pool;

    @Inject
    StatusLog statusLog;

    @Test
    void aSubscriberThatReconnectsWithItsLastCursorSeesExactlyTheLaterChangesWhileChangesKeepArriving()
            throws Exception {
        String run = newRun();
        int total = 400;
        CompletableFuture<Void> producing = CompletableFuture.runAsync(() -> {
            for (int i = 0; i < total; i++) {
                append(run, 1);
            }
        });
        List<DeliveryEvent> beforeDisconnect;
        try (SubscriberClient first = SubscriberClient.reading(PORT, forRun(run).build())) {
            first.awaitReceived(events -> events.size() >= 50, TIMEOUT);
            first.cancel();
            beforeDisconnect = first.received();
        }
        long resumeAt = beforeDisconnect.get(beforeDisconnect.size() - 1).getCursor();
        List<DeliveryEvent> afterReconnect;
        try (SubscriberClient second = SubscriberClient.reading(PORT, forRun(run).setAfterCursor(resumeAt).build())) {
            producing.get();
            List<Long> logged = loggedCursors(run);
            long last = logged.get(logged.size() - 1);
            afterReconnect = second.awaitReceived(events -> !events.isEmpty()
                    && events.get(events.size() - 1).getCursor() == last, TIMEOUT);

            assertThat(cursors(afterReconnect)).containsExactlyElementsOf(
                    logged.stream().filter(c -> c > resumeAt).toList());
            assertThat(cursors(beforeDisconnect)).containsExactlyElementsOf(
                    logged.stream().filter(c -> c <= resumeAt).toList());
            assertThat(logged).hasSize(total);
        }
    }

    @Test
    void aSubscriberThatNeverReadsIsEndedWithItsCursorWhileAnotherSeesAllTenThousandChanges() throws Exception {
        String run = newRun();
        int total = 10_000;
        SubscribeRequest request = forRun(run).setAfterCursor(lastCursor()).build();
        try (SubscriberClient stuck = SubscriberClient.neverReading(PORT, request);
             SubscriberClient reader = SubscriberClient.reading(PORT, request)) {
            // In steps the reading subscriber keeps up with (its lag stays far below the buffer),
            // while the stuck one falls 10,000 behind: the outcome does not depend on speed.
            int step = 500;
            for (int produced = step; produced <= total; produced += step) {
                append(run, step);
                int expected = produced;
                reader.awaitReceived(events -> events.size() >= expected, TIMEOUT);
            }

            List<DeliveryEvent> all = reader.awaitReceived(events -> events.size() >= total, TIMEOUT);
            stuck.readAll();
            Status end = stuck.awaitEnd(TIMEOUT);

            assertThat(cursors(all)).containsExactlyElementsOf(loggedCursors(run));
            assertThat(end.getCode()).isEqualTo(Status.Code.RESOURCE_EXHAUSTED);
            assertThat(stuck.received()).hasSizeLessThan(total);
            assertThat(end.getDescription()).endsWith("resume with after_cursor=" + stuck.lastCursor());
            assertThat(cursors(stuck.received())).containsExactlyElementsOf(
                    loggedCursors(run).subList(0, stuck.received().size()));
        }
    }

    @Test
    void aReplayOnlySubscriptionEndsAfterTheLoggedChangesOfItsFilter() {
        String run = newRun();
        append(run, 3);
        ManagedChannel channel = ManagedChannelBuilder.forAddress("localhost", PORT).usePlaintext().intercept(TestToken.admin()).build();
        try {
            List<DeliveryEvent> replayed = new ArrayList<>();
            HookServiceGrpc.newBlockingStub(channel)
                    .subscribe(forRun(run).setReplayOnly(true).addStates(io.hookline.api.v1.DeliveryState.DELIVERY_STATE_SKIPPED).build())
                    .forEachRemaining(replayed::add);

            assertThat(cursors(replayed)).containsExactlyElementsOf(loggedCursors(run));
            assertThat(replayed).allSatisfy(e -> {
                assertThat(e.getRunUuid()).isEqualTo(run);
                assertThat(e.getHubRef()).isEqualTo("polyaxon/slack:latest");
                assertThat(e.getState()).isEqualTo(io.hookline.api.v1.DeliveryState.DELIVERY_STATE_SKIPPED);
            });
            List<DeliveryEvent> byShortHubRef = new ArrayList<>();
            HookServiceGrpc.newBlockingStub(channel)
                    .subscribe(forRun(run).setReplayOnly(true).setHubRef("slack").build())
                    .forEachRemaining(byShortHubRef::add);
            assertThat(byShortHubRef).hasSize(3);
        } finally {
            channel.shutdownNow();
        }
    }

    @Test
    void invalidRequestsAreRejectedNamingTheField() {
        ManagedChannel channel = ManagedChannelBuilder.forAddress("localhost", PORT).usePlaintext().intercept(TestToken.admin()).build();
        try {
            HookServiceGrpc.HookServiceBlockingStub hooks = HookServiceGrpc.newBlockingStub(channel);

            assertThatThrownBy(() -> hooks.subscribe(SubscribeRequest.newBuilder().setAfterCursor(-1).build()).hasNext())
                    .isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
                        assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
                        assertThat(e.getStatus().getDescription()).startsWith("after_cursor:");
                    });
            assertThatThrownBy(() -> hooks.subscribe(SubscribeRequest.newBuilder().setReplayOnly(true).setLiveOnly(true)
                    .build()).hasNext())
                    .isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
                        assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
                        assertThat(e.getStatus().getDescription()).startsWith("live_only:");
                    });
        } finally {
            channel.shutdownNow();
        }
    }

    @Test
    void changesMadeWhileTheListenConnectionIsDownStillReachALiveSubscriberInOrder() throws Exception {
        String run = newRun();
        try (SubscriberClient live = SubscriberClient.reading(PORT, forRun(run).setAfterCursor(lastCursor()).build())) {
            append(run, 5);
            live.awaitReceived(events -> events.size() >= 5, TIMEOUT);

            long dropped = pool.query("SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity"
                            + " WHERE query ILIKE 'LISTEN%' AND pid <> pg_backend_pid()")
                    .execute().await().atMost(TIMEOUT).iterator().next().getLong(0);
            for (int i = 0; i < 50; i++) {
                append(run, 1);
            }

            assertThat(dropped).as("LISTEN connections dropped").isPositive();
            List<Long> logged = loggedCursors(run);
            List<DeliveryEvent> received = live.awaitReceived(events -> events.size() >= logged.size(), TIMEOUT);
            assertThat(cursors(received)).containsExactlyElementsOf(logged);
        }
    }

    private static String newRun() {
        return UUID.randomUUID().toString().replace("-", "");
    }

    private static SubscribeRequest.Builder forRun(String run) {
        return SubscribeRequest.newBuilder().setRunUuid(run);
    }

    /** Appends {@code count} SKIPPED changes of the run in one transaction, as intake would. */
    private void append(String run, int count) {
        List<StateChange> changes = IntStream.range(0, count).mapToObj(i -> new StateChange(new DeliveryRef(UUID.randomUUID(),
                "subscribe-test", run, "train-resnet", "acme/vision", "polyaxon/slack:latest", "slack-notification",
                "failed"), DeliveryState.SKIPPED, 0, 0, "condition is false", null)).toList();
        // As every writer of Hookline does: append in the transaction, announce after the commit.
        pool.withTransaction(conn -> statusLog.append(conn, changes)).await().atMost(TIMEOUT);
        statusLog.announce();
    }

    private List<Long> loggedCursors(String run) {
        List<Long> cursors = new ArrayList<>();
        for (Row row : pool.preparedQuery("SELECT cursor FROM delivery_events WHERE run_uuid = $1 ORDER BY cursor")
                .execute(Tuple.of(run)).await().atMost(TIMEOUT)) {
            cursors.add(row.getLong(0));
        }
        return cursors;
    }

    private long lastCursor() {
        return pool.query("SELECT coalesce(max(cursor), 0) FROM delivery_events").execute().await().atMost(TIMEOUT)
                .iterator().next().getLong(0);
    }

    private static List<Long> cursors(List<DeliveryEvent> events) {
        return events.stream().map(DeliveryEvent::getCursor).toList();
    }
}
