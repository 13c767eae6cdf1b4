package io.hookline.intake;

import io.hookline.outbox.IntakeHandoff;
import io.hookline.outbox.PlannedDeliveries;
import io.hookline.outbox.PlannedDelivery;
import io.hookline.store.EventRow;
import io.hookline.store.RunEventTable;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.List;
import java.util.Map;

/**
 * A batch of planned events written by one statement, committed on its own: the events that are
 * new, their deliveries and the deliveries' first status-log rows. One round trip and one durable
 * commit, where a transaction took five (BEGIN, events, deliveries, status rows, COMMIT), each a
 * wake-up waiting for a CPU on a busy machine, with the rows locked meanwhile.
 */
@ApplicationScoped
class BatchStatement {

    // ev: the new events, in event_id order so concurrent batches lock in one order; ON CONFLICT
    // DO NOTHING waits for a concurrent writer of the same event_id, then skips it. planned: the
    // deliveries of the events that were new (a duplicate's are not written again), those leased
    // ($26) as a claim would leave them: DELIVERING, attempt 1, owned by $28, due again when the
    // lease of $29 seconds runs out. logged: each delivery's first state (the rows StatusLog.append
    // would write; the caller announces them after the commit), and DELIVERING after it for a leased
    // one, in event and hook order. The foreign key of planned on ev is checked at the end of the
    // statement, when ev's rows are there.
    private static final String WRITE = """
            WITH ev AS (
                INSERT INTO run_events (event_id, run_uuid, run_name, run_kind, project, status,
                                        previous_status, started_at, finished_at, payload, pipeline_uuid)
                SELECT e.event_id, e.run_uuid, e.run_name, e.run_kind, e.project, e.status,
                       NULLIF(e.previous_status, ''), NULLIF(e.started_at, '')::timestamptz,
                       NULLIF(e.finished_at, '')::timestamptz, e.payload, NULLIF(e.pipeline_uuid, '')
                  FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[],
                              $7::text[], $8::text[], $9::text[], $10::bytea[], $11::text[])
                       AS e(event_id, run_uuid, run_name, run_kind, project, status,
                            previous_status, started_at, finished_at, payload, pipeline_uuid)
                 ORDER BY e.event_id
                ON CONFLICT (event_id) DO NOTHING
                RETURNING event_id, sequence
            ), planned AS (
                INSERT INTO deliveries (id, event_sequence, event_id, hook_index, source, run_uuid, run_name,
                                        project, hub_ref, connection, trigger, queue, state, reason, request,
                                        next_attempt_at, attempt_count, lease_owner)
                SELECT d.id, ev.sequence, d.event_id, d.hook_index, d.source, d.run_uuid, d.run_name,
                       d.project, d.hub_ref, d.connection, d.trigger, d.queue,
                       CASE WHEN d.leased THEN 'DELIVERING' ELSE d.state END, NULLIF(d.reason, ''),
                       NULLIF(d.request, ''::bytea),
                       CASE WHEN d.leased THEN now() + make_interval(secs => $29)
                            WHEN d.state = 'PENDING' THEN now() END,
                       CASE WHEN d.leased THEN 1 ELSE 0 END, CASE WHEN d.leased THEN $28 END
                  FROM unnest($12::uuid[], $13::text[], $14::int[], $15::text[], $16::text[], $17::text[],
                              $18::text[], $19::text[], $20::text[], $21::text[], $22::text[], $23::text[],
                              $24::text[], $25::bytea[], $26::bool[], $27::int[])
                       AS d(id, event_id, hook_index, source, run_uuid, run_name, project, hub_ref,
                            connection, trigger, queue, state, reason, request, leased, position)
                  JOIN ev ON ev.event_id = d.event_id
                 ORDER BY d.position
                RETURNING id, event_sequence, hook_index, event_id, run_uuid, run_name, project, hub_ref,
                          connection, trigger, state, reason, attempt_count
            ), logged AS (
                INSERT INTO delivery_events (delivery_id, event_id, run_uuid, run_name, project, hub_ref,
                                             connection, trigger, state, attempt, http_status, error)
                SELECT p.id, p.event_id, p.run_uuid, p.run_name, p.project, p.hub_ref, p.connection, p.trigger,
                       s.state, s.attempt, 0, s.error
                  FROM planned p CROSS JOIN LATERAL (
                       VALUES (0, CASE WHEN p.attempt_count = 1 THEN 'PENDING' ELSE p.state END, 0, p.reason),
                              (1, 'DELIVERING', 1, NULL)) AS s(phase, state, attempt, error)
                 WHERE s.phase = 0 OR p.attempt_count = 1
                 ORDER BY p.event_sequence, p.hook_index, s.phase
                RETURNING 1
            )
            SELECT event_id, sequence FROM ev
            """;

    private final PlannedDeliveries deliveries;

    BatchStatement(PlannedDeliveries deliveries) {
        this.deliveries = deliveries;
    }

    /**
     * Writes the events that are new with their deliveries (of {@code planned}, those of events
     * that were new), {@code lease}'s leased to its owner; returns event_id → sequence of the new
     * events. Events must have distinct ids.
     */
    Uni<Map<String, Long>> write(SqlClient sql, List<EventRow> events, List<PlannedDelivery> planned,
                                 IntakeHandoff.Lease lease) {
        Tuple args = RunEventTable.columns(events);
        Tuple more = deliveries.columns(planned, lease);
        for (int i = 0; i < more.size(); i++) {
            args.addValue(more.getValue(i));
        }
        return sql.preparedQuery(WRITE).execute(args).map(RunEventTable::sequences);
    }
}
