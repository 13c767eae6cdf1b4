package io.hookline.outbox;

import static io.hookline.testing.Events.finished;
import static org.assertj.core.api.Assertions.assertThat;

import io.hookline.api.v1.DeliveryState;
import io.hookline.api.v1.HookService;
import io.hookline.testing.Deliveries;
import io.hookline.testing.Sink;
import io.quarkus.grpc.GrpcClient;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A lease keeps a delivery to the replica sending it: no claim takes it before the lease runs out,
 * and the outcome of an attempt whose lease ran out and was claimed again never replaces the
 * newer attempt's. Each test moves one delivery, already delivered, to a connection of its own
 * that no dispatcher knows, and sets it as a replica leaves it; only the test claims it.
 */
@QuarkusTest
class OutboxLeaseTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    private static final String OTHER_REPLICA = "hookline-other-replica";

    @GrpcClient("hook")
    HookService hooks;

    @Inject
    Pool pool;

    @Inject
    OutboxClaims claims;

    static Sink sink;

    private String connection;
    private UUID id;

    @BeforeAll
    static void startSink() throws Exception {
        sink = Sink.start();
    }

    @BeforeEach
    void deliveredDeliveryOnAConnectionOfItsOwn() {
        String delivery = hooks.notify(finished("lease-" + UUID.randomUUID(), "failed").toBuilder()
                .setHooksYaml("- {hubRef: webhook, connection: healthy}").build())
                .await().atMost(TIMEOUT).getDeliveries(0).getDeliveryId();
        Deliveries.awaitState(hooks, delivery, DeliveryState.DELIVERY_STATE_DELIVERED);
        id = UUID.fromString(delivery);
        connection = "lease-test-" + UUID.randomUUID();
        execute("UPDATE deliveries SET connection = $2 WHERE id = $1", Tuple.of(id, connection));
    }

    @AfterEach
    void leaveItFinal() {
        execute("UPDATE deliveries SET state = 'DELIVERED', next_attempt_at = NULL WHERE id = $1", Tuple.of(id));
    }

    @Test
    void aDeliveryLeasedAtIntakeIsNotClaimedWhileItsLeaseLastsAndIsTheNextAttemptOnceItRunsOut() {
        // As intake leaves a delivery it hands to its own dispatcher: DELIVERING, attempt 1, leased.
        execute("UPDATE deliveries SET state = 'DELIVERING', attempt_count = 1, lease_owner = 'hookline-intake',"
                + " next_attempt_at = now() + interval '1 hour' WHERE id = $1", Tuple.of(id));

        Claim whileLeased = claim();
        execute("UPDATE deliveries SET next_attempt_at = now() - interval '1 second' WHERE id = $1", Tuple.of(id));
        Claim afterTheLease = claim();

        assertThat(whileLeased.rows()).isZero();
        assertThat(afterTheLease.claimed()).singleElement().satisfies(claimed -> {
            assertThat(claimed.ref().id()).isEqualTo(id);
            assertThat(claimed.attempt()).isEqualTo(2);
        });
        Row row = row("SELECT state, attempt_count, lease_owner FROM deliveries WHERE id = $1");
        assertThat(row.getString("state")).isEqualTo("DELIVERING");
        assertThat(row.getInteger("attempt_count")).isEqualTo(2);
        assertThat(row.getString("lease_owner")).isEqualTo(OTHER_REPLICA);
    }

    @Test
    void theOutcomeOfAnAttemptWhoseLeaseRanOutLeavesTheNewerAttemptToRecordItsOwn() {
        // Attempt 1's lease ran out while it was still being sent, and another replica claimed attempt 2.
        execute("UPDATE deliveries SET state = 'DELIVERING', attempt_count = 2, lease_owner = $2,"
                + " next_attempt_at = now() + interval '1 hour' WHERE id = $1", Tuple.of(id, OTHER_REPLICA));

        var late = claims.complete(pool, List.of(failed(1))).await().atMost(TIMEOUT);
        Row afterLate = row("SELECT state, attempt_count FROM deliveries WHERE id = $1");
        var newer = claims.complete(pool, List.of(delivered(2))).await().atMost(TIMEOUT);

        assertThat(late).as("not applied").isEmpty();
        assertThat(afterLate.getString("state")).isEqualTo("DELIVERING");
        assertThat(afterLate.getInteger("attempt_count")).isEqualTo(2);
        assertThat(newer).containsExactly(id);
        assertThat(row("SELECT state FROM deliveries WHERE id = $1").getString("state")).isEqualTo("DELIVERED");
        assertThat(row("SELECT outcome FROM delivery_attempts WHERE delivery_id = $1 AND number = 2").getString(0))
                .isEqualTo("DELIVERED");
    }

    private Claim claim() {
        return claims.claim(pool, OTHER_REPLICA, new ClaimLimits(Map.of(connection, 10), Map.of(), 10, 10), 60, 4)
                .await().atMost(TIMEOUT);
    }

    private AttemptRecord failed(int attempt) {
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
        return new AttemptRecord(claimed(attempt), now, 10_000, 0, null, "no response within 10000ms",
                io.hookline.outbox.DeliveryState.RETRY_SCHEDULED, now.plusSeconds(5), "timed out", true);
    }

    private AttemptRecord delivered(int attempt) {
        return new AttemptRecord(claimed(attempt), OffsetDateTime.now(ZoneOffset.UTC), 5, 200, "ok", null,
                io.hookline.outbox.DeliveryState.DELIVERED, null, null, true);
    }

    private ClaimedDelivery claimed(int attempt) {
        Row row = row("SELECT event_id, run_uuid, run_name, project, hub_ref, connection, trigger, queue FROM deliveries"
                + " WHERE id = $1");
        DeliveryRef ref = new DeliveryRef(id, row.getString(0), row.getString(1), row.getString(2), row.getString(3),
                row.getString(4), row.getString(5), row.getString(6));
        return new ClaimedDelivery(ref, row.getString(7), attempt, null, null);
    }

    private Row row(String sql) {
        return pool.preparedQuery(sql).execute(Tuple.of(id)).await().atMost(TIMEOUT).iterator().next();
    }

    private void execute(String sql, Tuple args) {
        pool.preparedQuery(sql).execute(args).await().atMost(TIMEOUT);
    }
}
