package io.hookline.outbox;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * Recording outcomes reads only the deliveries they are for, however long the backlog of due
 * deliveries beside them, and whatever the statistics Postgres last gathered. The case that went
 * wrong: statistics taken while nearly every delivery was final (a young table after a first
 * burst, or a large one with an empty outbox), then a backlog of thousands. The planner then took
 * the due-by-connection index as nearly empty and read all of it for every group of outcomes,
 * which cost 7 ms of Postgres per group during bench/run.sh's delivery run.
 *
 * <p>The test builds that state in temporary tables of the same shape, which shadow the real
 * ones for its own connection only, and reads the plan Postgres ran.
 */
@QuarkusTest
class OutcomePlanTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int FINAL = 500;
    private static final int BACKLOG = 3_000;
    private static final int OUTCOMES = 5;

    @Inject
    Pool pool;

    @Test
    void outcomesReadOnlyTheirOwnDeliveriesBesideABacklogTheStatisticsHaveNotSeen() throws Exception {
        List<UUID> leased = IntStream.range(0, OUTCOMES).mapToObj(i -> UUID.randomUUID()).toList();

        String[] result = pool.withTransaction(conn -> shadowTables(conn)
                .chain(() -> insert(conn, FINAL, "DELIVERED", "NULL", null))
                .chain(() -> conn.query("ANALYZE deliveries").execute())
                .chain(() -> insert(conn, BACKLOG, "PENDING", "now()", null))
                .chain(() -> insert(conn, OUTCOMES, "DELIVERING", "now() + interval '1 minute'", leased))
                .chain(() -> conn.preparedQuery("EXPLAIN (ANALYZE, FORMAT JSON) " + OutboxClaims.COMPLETE)
                        .execute(OutboxClaims.completeArgs(leased.stream().map(OutcomePlanTest::delivered).toList())))
                .chain(plan -> conn.query("SELECT count(*) FROM deliveries WHERE state = 'DELIVERED'").execute()
                        .map(count -> new String[] {plan.iterator().next().getValue(0).toString(),
                                count.iterator().next().getLong(0).toString()})))
                .await().atMost(TIMEOUT);

        JsonNode plan = JSON.readTree(result[0]).get(0).get("Plan");
        assertThat(Long.parseLong(result[1])).as("the outcomes were applied").isEqualTo(FINAL + OUTCOMES);
        assertThat(rowsReadFromDeliveries(plan)).as("rows of deliveries read to apply %d outcomes, in %s", OUTCOMES,
                plan.toPrettyString()).isLessThanOrEqualTo(OUTCOMES);
    }

    /** Tables of the same shape, indexes included, that this connection's statements use instead (pg_temp comes first). */
    private static Uni<Void> shadowTables(SqlConnection conn) {
        return conn.query("""
                CREATE TEMP TABLE deliveries (LIKE public.deliveries INCLUDING ALL) ON COMMIT DROP;
                CREATE TEMP TABLE delivery_attempts (LIKE public.delivery_attempts INCLUDING ALL) ON COMMIT DROP;
                CREATE TEMP TABLE delivery_events (LIKE public.delivery_events INCLUDING ALL) ON COMMIT DROP
                """).execute().replaceWithVoid();
    }

    private static Uni<Void> insert(SqlConnection conn, int count, String state, String nextAttemptAt, List<UUID> ids) {
        return conn.preparedQuery("""
                INSERT INTO deliveries (id, event_sequence, event_id, hook_index, source, run_uuid, hub_ref,
                                        connection, trigger, state, attempt_count, next_attempt_at)
                SELECT COALESCE(($4::uuid[])[g], gen_random_uuid()), nextval(pg_get_serial_sequence('run_events', 'sequence')), 'plan-' || g, 0, 'event', 'plan-run-' || g, 'webhook',
                       'plan-backlog', 'failed', $2, $3, %s
                  FROM generate_series(1, $1) g
                """.formatted(nextAttemptAt))
                .execute(Tuple.of(count, state, state.equals("PENDING") ? 0 : 1,
                        ids == null ? new UUID[0] : ids.toArray(UUID[]::new)))
                .replaceWithVoid();
    }

    private static AttemptRecord delivered(UUID id) {
        DeliveryRef ref = new DeliveryRef(id, "plan-event", "plan-run", "plan-run", "", "webhook", "plan-backlog",
                "failed");
        return new AttemptRecord(new ClaimedDelivery(ref, "", 1, null, null), OffsetDateTime.now(ZoneOffset.UTC), 3,
                200, "ok", null, DeliveryState.DELIVERED, null, null, true);
    }

    /** Every row a scan of deliveries produced or filtered out, over all its loops. */
    private static long rowsReadFromDeliveries(JsonNode node) {
        long rows = 0;
        if ("deliveries".equals(node.path("Relation Name").asText()) && !"ModifyTable".equals(node.path("Node Type").asText())) {
            // EXPLAIN gives each count per loop.
            rows += node.path("Actual Loops").asLong() * (node.path("Actual Rows").asLong()
                    + node.path("Rows Removed by Filter").asLong() + node.path("Rows Removed by Index Recheck").asLong());
        }
        for (JsonNode child : node.path("Plans")) {
            rows += rowsReadFromDeliveries(child);
        }
        return rows;
    }
}
