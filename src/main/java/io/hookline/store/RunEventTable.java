package io.hookline.store;

import io.hookline.batch.UnnestColumns;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.buffer.Buffer;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.Collection;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/** The SQL of {@code run_events}: the durable log of accepted events. */
@ApplicationScoped
public class RunEventTable {

    // The events of a batch with no hooks to plan (those with hooks are written by intake's batch
    // statement, with their deliveries), which need previous_status only to store it: looked up
    // here, in the same statement, instead of in a round trip before. An event's previous status
    // is that of the one before it of the same run name in this batch ($10, the arrival order),
    // else the latest stored. Rows go in in event_id order, so concurrent batches lock them in one
    // order.
    private static final String INSERT_WITH_PREVIOUS_STATUS = """
            INSERT INTO run_events (event_id, run_uuid, run_name, run_kind, project, status,
                                    previous_status, started_at, finished_at, payload, pipeline_uuid)
            SELECT e.event_id, e.run_uuid, e.run_name, e.run_kind, e.project, e.status,
                   COALESCE(lag(e.status) OVER (PARTITION BY e.project, e.run_name ORDER BY e.arrival),
                            (SELECT r.status FROM run_events r
                              WHERE r.project = e.project AND r.run_name = e.run_name
                              ORDER BY r.sequence DESC LIMIT 1)),
                   NULLIF(e.started_at, '')::timestamptz, NULLIF(e.finished_at, '')::timestamptz, e.payload,
                   NULLIF(e.pipeline_uuid, '')
              FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[],
                          $7::text[], $8::text[], $9::bytea[], $10::int[], $11::text[])
                   AS e(event_id, run_uuid, run_name, run_kind, project, status,
                        started_at, finished_at, payload, arrival, pipeline_uuid)
             ORDER BY e.event_id
            ON CONFLICT (event_id) DO NOTHING
            RETURNING event_id, sequence
            """;

    private static final String FIND_SEQUENCES =
            "SELECT event_id, sequence FROM run_events WHERE event_id = ANY($1::text[])";

    // The latest stored status of each (project, run name) asked about, in one round trip for a
    // whole batch; run_events_history makes each lookup an index probe.
    private static final String PREVIOUS_STATUSES = """
            SELECT k.project, k.run_name,
                   (SELECT status FROM run_events r
                     WHERE r.project = k.project AND r.run_name = k.run_name
                     ORDER BY r.sequence DESC LIMIT 1)
              FROM unnest($1::text[], $2::text[]) AS k(project, run_name)
            """;

    // The latest stored event of each run a hook's ref names, in one round trip for a whole batch:
    // by uuid (run_events_run_uuid), or by name within a pipeline (run_events_pipeline_ops); always
    // within the asking run's project, so a ref never reads another project's run.
    private static final String LATEST_PAYLOADS = """
            SELECT k.i,
                   CASE WHEN k.run_uuid <> '' THEN
                       (SELECT r.payload FROM run_events r
                         WHERE r.run_uuid = k.run_uuid AND r.project = k.project
                         ORDER BY r.sequence DESC LIMIT 1)
                   ELSE
                       (SELECT r.payload FROM run_events r
                         WHERE r.pipeline_uuid = k.pipeline_uuid AND r.run_name = k.run_name AND r.project = k.project
                         ORDER BY r.sequence DESC LIMIT 1)
                   END
              FROM unnest($1::text[], $2::text[], $3::text[], $4::text[]) WITH ORDINALITY
                   AS k(project, run_uuid, pipeline_uuid, run_name, i)
            """;

    /**
     * The events as eleven array parameters (event_id, run_uuid, run_name, run_kind, project,
     * status, previous_status, started_at, finished_at, payload, pipeline_uuid), for intake's batch
     * statement, which inserts them with their deliveries.
     */
    public static Tuple columns(List<EventRow> events) {
        return UnnestColumns.of(events)
                .text(EventRow::eventId)
                .text(EventRow::runUuid)
                .text(EventRow::runName)
                .text(EventRow::runKind)
                .text(EventRow::project)
                .text(EventRow::status)
                .optionalText(EventRow::previousStatus)
                .optionalTime(EventRow::startedAt)
                .optionalTime(EventRow::finishedAt)
                .bytea(EventRow::payload)
                .optionalText(EventRow::pipelineUuid)
                .tuple();
    }

    /**
     * Inserts the events that are new, each with its previous_status looked up by the statement
     * itself; returns event_id → sequence for those. Events must have distinct ids, in arrival order.
     */
    public Uni<Map<String, Long>> insertNewWithPreviousStatus(SqlClient sql, List<EventRow> inArrivalOrder) {
        Map<EventRow, Integer> arrival = new IdentityHashMap<>();
        inArrivalOrder.forEach(row -> arrival.put(row, arrival.size()));
        Tuple args = UnnestColumns.of(inArrivalOrder)
                .text(EventRow::eventId)
                .text(EventRow::runUuid)
                .text(EventRow::runName)
                .text(EventRow::runKind)
                .text(EventRow::project)
                .text(EventRow::status)
                .optionalTime(EventRow::startedAt)
                .optionalTime(EventRow::finishedAt)
                .bytea(EventRow::payload)
                .integer(arrival::get)
                .optionalText(EventRow::pipelineUuid)
                .tuple();
        return sql.preparedQuery(INSERT_WITH_PREVIOUS_STATUS).execute(args).map(RunEventTable::sequences);
    }

    /** event_id → sequence of events already stored. */
    public Uni<Map<String, Long>> findSequences(SqlClient sql, List<String> eventIds) {
        return sql.preparedQuery(FIND_SEQUENCES)
                .execute(Tuple.of(eventIds.toArray(String[]::new)))
                .map(RunEventTable::sequences);
    }

    /** A run name within a project: whose history {@code previous_status} is. */
    public record RunName(String project, String name) {
    }

    /** The final status of the latest stored run of each name; absent when there was none. */
    public Uni<Map<RunName, String>> previousStatuses(SqlClient sql, Collection<RunName> names) {
        if (names.isEmpty()) {
            return Uni.createFrom().item(Map.of());
        }
        return sql.preparedQuery(PREVIOUS_STATUSES)
                .execute(Tuple.of(names.stream().map(RunName::project).toArray(String[]::new),
                        names.stream().map(RunName::name).toArray(String[]::new)))
                .map(rows -> {
                    Map<RunName, String> result = new HashMap<>();
                    for (Row row : rows) {
                        if (row.getString(2) != null) {
                            result.put(new RunName(row.getString(0), row.getString(1)), row.getString(2));
                        }
                    }
                    return result;
                });
    }

    /**
     * A stored run a ref asks for, in {@code project}: the run {@code runUuid}, or (when that is
     * empty) the run named {@code runName} of pipeline {@code pipelineUuid}.
     */
    public record RunLookup(String project, String runUuid, String pipelineUuid, String runName) {

        public static RunLookup byUuid(String project, String runUuid) {
            return new RunLookup(project, runUuid, "", "");
        }

        public static RunLookup inPipeline(String project, String pipelineUuid, String runName) {
            return new RunLookup(project, "", pipelineUuid, runName);
        }
    }

    /** The payload (the RunCompletion as received) of the latest stored event of each run found. */
    public Uni<Map<RunLookup, byte[]>> latestPayloads(SqlClient sql, List<RunLookup> lookups) {
        if (lookups.isEmpty()) {
            return Uni.createFrom().item(Map.of());
        }
        Tuple args = UnnestColumns.of(lookups)
                .text(RunLookup::project)
                .text(RunLookup::runUuid)
                .text(RunLookup::pipelineUuid)
                .text(RunLookup::runName)
                .tuple();
        return sql.preparedQuery(LATEST_PAYLOADS).execute(args).map(rows -> {
            Map<RunLookup, byte[]> found = new HashMap<>();
            for (Row row : rows) {
                Buffer payload = row.getBuffer(1);
                if (payload != null) {
                    found.put(lookups.get((int) (row.getLong(0) - 1)), payload.getBytes());
                }
            }
            return found;
        });
    }

    public static Map<String, Long> sequences(Iterable<Row> rows) {
        Map<String, Long> result = new HashMap<>();
        for (Row row : rows) {
            result.put(row.getString(0), row.getLong(1));
        }
        return result;
    }
}
