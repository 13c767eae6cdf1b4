package io.hookline.retention;

import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.hookline.api.v1.DeliveryEvent;
import io.hookline.api.v1.HookServiceGrpc;
import io.hookline.api.v1.SubscribeRequest;
import io.hookline.testing.TestToken;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Retention against the test database, with rows written straight into the tables and dated
 * back; each test uses its own run uuids. Age 30 days, batches of 10 in tests.
 */
@QuarkusTest
class RetentionTest {

    private static final int PORT = 8081;
    private static final Duration TIMEOUT = Duration.ofSeconds(60);
    private static final List<String> FINAL = List.of("DELIVERED", "SKIPPED", "FAILED", "DEAD", "DISABLED");
    private static final List<String> NOT_FINAL = List.of("PENDING", "RETRY_SCHEDULED", "DELIVERING");

    @Inject
    Pool pool;

    @Inject
    RetentionSweep retention;

    @Test
    void finalDeliveriesOlderThanTheAgeGoInBatchesWithTheirAttemptsChangesAndRunEventWhileNewerOnesStay() {
        String oldRun = newRun();
        long oldEvent = runEvent(oldRun, 40);
        List<UUID> old = new ArrayList<>();
        for (int i = 0; i < 25; i++) {
            old.add(delivery(oldEvent, i, oldRun, FINAL.get(i % FINAL.size()), 40));
        }
        String newRun = newRun();
        long newEvent = runEvent(newRun, 40);
        List<UUID> recent = new ArrayList<>();
        for (int i = 0; i < FINAL.size(); i++) {
            recent.add(delivery(newEvent, i, newRun, FINAL.get(i), 29));
        }
        String emptyRun = newRun();
        runEvent(emptyRun, 31);
        String recentEmptyRun = newRun();
        runEvent(recentEmptyRun, 29);

        Swept swept = retention.sweep().await().atMost(TIMEOUT);

        assertThat(count("SELECT count(*) FROM deliveries WHERE run_uuid = $1", oldRun)).isZero();
        assertThat(attempts(old)).isZero();
        assertThat(count("SELECT count(*) FROM delivery_events WHERE run_uuid = $1", oldRun)).isZero();
        assertThat(count("SELECT count(*) FROM run_events WHERE run_uuid = $1", oldRun)).isZero();
        assertThat(count("SELECT count(*) FROM run_events WHERE run_uuid = $1", emptyRun)).isZero();

        assertThat(count("SELECT count(*) FROM deliveries WHERE run_uuid = $1", newRun)).isEqualTo(FINAL.size());
        assertThat(attempts(recent)).isEqualTo(FINAL.size());
        assertThat(count("SELECT count(*) FROM delivery_events WHERE run_uuid = $1", newRun)).isEqualTo(2L * FINAL.size());
        assertThat(count("SELECT count(*) FROM run_events WHERE run_uuid = $1", newRun)).isOne();
        assertThat(count("SELECT count(*) FROM run_events WHERE run_uuid = $1", recentEmptyRun)).isOne();

        // 25 deliveries, 50 changes and 2 run events, at most 10 rows per transaction.
        assertThat(swept.deliveries()).isGreaterThanOrEqualTo(25);
        assertThat(swept.statusChanges()).isGreaterThanOrEqualTo(50);
        assertThat(swept.runEvents()).isGreaterThanOrEqualTo(2);
        assertThat(swept.batches()).isGreaterThanOrEqualTo(3 + 5 + 1);
    }

    @Test
    void deliveriesThatAreNotFinalAreNeverDeletedWhateverTheirAgeNorIsTheirRunEvent() {
        String run = newRun();
        long event = runEvent(run, 400);
        List<UUID> notFinal = new ArrayList<>();
        for (int i = 0; i < NOT_FINAL.size(); i++) {
            notFinal.add(delivery(event, i, run, NOT_FINAL.get(i), 400));
        }
        UUID delivered = delivery(event, NOT_FINAL.size(), run, "DELIVERED", 400);

        retention.sweep().await().atMost(TIMEOUT);

        assertThat(strings("SELECT state FROM deliveries WHERE run_uuid = $1 ORDER BY hook_index", run))
                .containsExactlyElementsOf(NOT_FINAL);
        assertThat(attempts(notFinal)).isEqualTo(NOT_FINAL.size());
        assertThat(attempts(List.of(delivered))).isZero();
        assertThat(count("SELECT count(*) FROM delivery_events WHERE run_uuid = $1", run)).isEqualTo(2L * NOT_FINAL.size());
        assertThat(count("SELECT count(*) FROM run_events WHERE run_uuid = $1", run)).isOne();
    }

    @Test
    void aSubscribeCursorOlderThanTheRetainedLogIsOutOfRangeNamingTheOldestCursorAvailable() {
        String run = newRun();
        long event = runEvent(run, 40);
        delivery(event, 0, run, "DELIVERED", 40);
        retention.sweep().await().atMost(TIMEOUT);
        long oldest = count("SELECT deleted_up_to FROM status_log_retention");
        assertThat(oldest).isGreaterThan(1);

        ManagedChannel channel = ManagedChannelBuilder.forAddress("localhost", PORT).usePlaintext().intercept(TestToken.admin()).build();
        try {
            HookServiceGrpc.HookServiceBlockingStub hooks = HookServiceGrpc.newBlockingStub(channel)
                    .withDeadlineAfter(TIMEOUT.toSeconds(), TimeUnit.SECONDS);

            assertThatThrownBy(() -> hooks.subscribe(replayAfter(oldest - 1)).forEachRemaining(e -> { }))
                    .isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
                        assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.OUT_OF_RANGE);
                        assertThat(e.getStatus().getDescription())
                                .startsWith("after_cursor=" + (oldest - 1) + " is older than the retained status log")
                                .endsWith("the oldest cursor available is " + oldest);
                    });
            List<DeliveryEvent> fromOldest = new ArrayList<>();
            hooks.subscribe(replayAfter(oldest)).forEachRemaining(fromOldest::add);
            assertThat(fromOldest).allSatisfy(e -> assertThat(e.getCursor()).isGreaterThan(oldest));
            // 0 is not a cursor: it means from the beginning of what is kept.
            List<DeliveryEvent> fromStart = new ArrayList<>();
            hooks.subscribe(replayAfter(0)).forEachRemaining(fromStart::add);
            assertThat(fromStart).noneSatisfy(e -> assertThat(e.getRunUuid()).isEqualTo(run));
        } finally {
            channel.shutdownNow();
        }
    }

    private static SubscribeRequest replayAfter(long cursor) {
        return SubscribeRequest.newBuilder().setAfterCursor(cursor).setReplayOnly(true).setProject("retention-test").build();
    }

    /** A run event received {@code daysAgo}; returns its sequence. */
    private long runEvent(String run, int daysAgo) {
        return pool.preparedQuery("""
                        INSERT INTO run_events (event_id, run_uuid, project, status, payload, received_at)
                        VALUES ($1, $1, 'retention-test', 'failed', '\\x00'::bytea, now() - $2 * interval '1 day')
                        RETURNING sequence""")
                .execute(Tuple.of(run, daysAgo)).await().atMost(TIMEOUT).iterator().next().getLong(0);
    }

    /** A delivery last changed {@code daysAgo}, with one attempt and two status changes of that day. */
    private UUID delivery(long event, int hook, String run, String state, int daysAgo) {
        UUID id = UUID.randomUUID();
        pool.withTransaction(sql -> sql.preparedQuery("""
                        INSERT INTO deliveries (id, event_sequence, event_id, hook_index, source, run_uuid, project,
                                                hub_ref, trigger, state, next_attempt_at, created_at, updated_at)
                        VALUES ($1, $2, $4, $3, 'project', $4, 'retention-test', 'polyaxon/slack:latest', 'failed', $5,
                                now() + interval '1 day', now() - $6 * interval '1 day', now() - $6 * interval '1 day')""")
                .execute(Tuple.of(id, event, hook, run, state, daysAgo))
                .chain(() -> sql.preparedQuery("""
                        INSERT INTO delivery_attempts (delivery_id, number, started_at, outcome)
                        VALUES ($1, 1, now() - $2 * interval '1 day', 'failed')""").execute(Tuple.of(id, daysAgo)))
                .chain(() -> sql.preparedQuery("""
                        INSERT INTO delivery_events (delivery_id, run_uuid, project, hub_ref, state, occurred_at)
                        SELECT $1, $2, 'retention-test', 'polyaxon/slack:latest', s, now() - $4 * interval '1 day'
                          FROM unnest(ARRAY['DELIVERING', $3]) AS s""").execute(Tuple.of(id, run, state, daysAgo))))
                .await().atMost(TIMEOUT);
        return id;
    }

    private long attempts(List<UUID> deliveries) {
        return count("SELECT count(*) FROM delivery_attempts WHERE delivery_id = ANY ($1::uuid[])",
                (Object) deliveries.toArray(UUID[]::new));
    }

    private long count(String query, Object... args) {
        return pool.preparedQuery(query).execute(Tuple.from(args)).await().atMost(TIMEOUT).iterator().next().getLong(0);
    }

    private List<String> strings(String query, Object... args) {
        List<String> values = new ArrayList<>();
        pool.preparedQuery(query).execute(Tuple.from(args)).await().atMost(TIMEOUT).forEach(r -> values.add(r.getString(0)));
        return values;
    }

    private static String newRun() {
        return UUID.randomUUID().toString().replace("-", "");
    }
}
