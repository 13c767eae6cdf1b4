package io.hookline.retention;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Duration;

/**
 * The SQL of retention: each statement deletes one batch of rows older than the age. Rows are
 * picked with FOR UPDATE SKIP LOCKED, so a batch never waits for a row another transaction holds
 * (a redelivery, another replica's batch) and never deletes a row that changed meanwhile: the
 * conditions are checked again on the locked row.
 */
@ApplicationScoped
public class RetentionTable {

    /** One sweeper at a time across replicas; the others skip their turn. */
    private static final String TAKE_TURN = "SELECT pg_try_advisory_xact_lock(hashtext('hookline.retention'))";

    // Only final states: a delivery that may still be sent, or is being sent, is never deleted.
    // Its attempts go with it, in the same statement (there is no foreign key to cascade, V10).
    private static final String DELETE_FINAL_DELIVERIES = """
            WITH doomed AS (
                SELECT id FROM deliveries
                 WHERE state IN ('DELIVERED', 'SKIPPED', 'FAILED', 'DEAD', 'DISABLED')
                   AND updated_at < now() - $1::bigint * interval '1 millisecond'
                 ORDER BY updated_at
                 LIMIT $2
                   FOR UPDATE SKIP LOCKED
            ), attempts AS (
                DELETE FROM delivery_attempts a USING doomed WHERE a.delivery_id = doomed.id
            )
            DELETE FROM deliveries d USING doomed WHERE d.id = doomed.id
            """;

    // The status-log rows of deliveries no longer kept, and the mark Subscribe checks cursors
    // against, moved in the same transaction so it never claims more than was kept.
    private static final String DELETE_CHANGES_OF_DELETED_DELIVERIES = """
            WITH doomed AS (
                SELECT cursor FROM delivery_events e
                 WHERE occurred_at < now() - $1::bigint * interval '1 millisecond'
                   AND NOT EXISTS (SELECT 1 FROM deliveries d WHERE d.id = e.delivery_id)
                 ORDER BY occurred_at
                 LIMIT $2
                   FOR UPDATE SKIP LOCKED),
            gone AS (
                DELETE FROM delivery_events e USING doomed WHERE e.cursor = doomed.cursor RETURNING e.cursor),
            marked AS (
                UPDATE status_log_retention SET deleted_up_to = (SELECT max(cursor) FROM gone)
                 WHERE deleted_up_to < (SELECT max(cursor) FROM gone)
                RETURNING 1)
            SELECT count(*)::int FROM gone
            """;

    // A run event goes only once none of its deliveries remain (deliveries_event_hook_key makes
    // the check an index probe).
    private static final String DELETE_EVENTS_WITHOUT_DELIVERIES = """
            WITH doomed AS (
                SELECT sequence FROM run_events r
                 WHERE received_at < now() - $1::bigint * interval '1 millisecond'
                   AND NOT EXISTS (SELECT 1 FROM deliveries d WHERE d.event_sequence = r.sequence)
                 ORDER BY received_at
                 LIMIT $2
                   FOR UPDATE SKIP LOCKED)
            DELETE FROM run_events r USING doomed WHERE r.sequence = doomed.sequence
            """;

    /** In the caller's transaction: true when no other replica is sweeping right now. */
    public Uni<Boolean> takeTurn(SqlClient sql) {
        return sql.query(TAKE_TURN).execute().map(rows -> rows.iterator().next().getBoolean(0));
    }

    public Uni<Integer> deleteFinalDeliveries(SqlClient sql, Duration age, int limit) {
        return sql.preparedQuery(DELETE_FINAL_DELIVERIES).execute(Tuple.of(age.toMillis(), limit))
                .map(rows -> rows.rowCount());
    }

    public Uni<Integer> deleteChangesOfDeletedDeliveries(SqlClient sql, Duration age, int limit) {
        return sql.preparedQuery(DELETE_CHANGES_OF_DELETED_DELIVERIES).execute(Tuple.of(age.toMillis(), limit))
                .map(rows -> rows.iterator().next().getInteger(0));
    }

    public Uni<Integer> deleteEventsWithoutDeliveries(SqlClient sql, Duration age, int limit) {
        return sql.preparedQuery(DELETE_EVENTS_WITHOUT_DELIVERIES).execute(Tuple.of(age.toMillis(), limit))
                .map(rows -> rows.rowCount());
    }
}
