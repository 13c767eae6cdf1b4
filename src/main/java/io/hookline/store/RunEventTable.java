package io.hookline.store;

import io.hookline.intake.NewEvent;
import io.smallrye.mutiny.Uni;
import io.vertx.core.buffer.Buffer;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** The SQL of {@code run_events}: the durable log of accepted events. */
@ApplicationScoped
public class RunEventTable {

    // One statement for a whole batch: arrays in, one row out per event that was new.
    // ON CONFLICT DO NOTHING waits for a concurrent transaction inserting the same event_id and
    // then skips it, which is what makes a race between two streams end in one row.
    private static final String INSERT = """
            INSERT INTO run_events (event_id, run_uuid, run_name, run_kind, project, status,
                                    previous_status, started_at, finished_at, payload)
            SELECT e.event_id, e.run_uuid, e.run_name, e.run_kind, e.project, e.status,
                   NULLIF(e.previous_status, ''), NULLIF(e.started_at, '')::timestamptz,
                   NULLIF(e.finished_at, '')::timestamptz, e.payload
              FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[],
                          $7::text[], $8::text[], $9::text[], $10::bytea[])
                   AS e(event_id, run_uuid, run_name, run_kind, project, status,
                        previous_status, started_at, finished_at, payload)
            ON CONFLICT (event_id) DO NOTHING
            RETURNING event_id, sequence
            """;

    private static final String FIND_SEQUENCES =
            "SELECT event_id, sequence FROM run_events WHERE event_id = ANY($1::text[])";

    private static final String PREVIOUS_STATUS = """
            SELECT status FROM run_events
             WHERE project = $1 AND run_name = $2
             ORDER BY sequence DESC LIMIT 1
            """;

    /**
     * Inserts the events that are new; returns event_id → sequence for those. Events must have
     * distinct ids and be sorted by id, so concurrent batches lock rows in one order and cannot
     * deadlock each other.
     */
    public Uni<Map<String, Long>> insertNew(SqlClient sql, List<NewEvent> events) {
        int n = events.size();
        String[][] text = new String[9][n];
        Buffer[] payloads = new Buffer[n];
        for (int i = 0; i < n; i++) {
            NewEvent e = events.get(i);
            text[0][i] = e.eventId();
            text[1][i] = e.runUuid();
            text[2][i] = e.runName();
            text[3][i] = e.runKind();
            text[4][i] = e.project();
            text[5][i] = e.status();
            text[6][i] = e.previousStatus() == null ? "" : e.previousStatus();
            text[7][i] = e.startedAt() == null ? "" : e.startedAt().toString();
            text[8][i] = e.finishedAt() == null ? "" : e.finishedAt().toString();
            payloads[i] = Buffer.buffer(e.payload());
        }
        Tuple args = Tuple.tuple();
        for (String[] column : text) {
            args.addArrayOfString(column);
        }
        args.addValue(payloads);
        return sql.preparedQuery(INSERT).execute(args).map(RunEventTable::sequences);
    }

    /** event_id → sequence of events already stored. */
    public Uni<Map<String, Long>> findSequences(SqlClient sql, List<String> eventIds) {
        return sql.preparedQuery(FIND_SEQUENCES)
                .execute(Tuple.of(eventIds.toArray(String[]::new)))
                .map(RunEventTable::sequences);
    }

    /** The final status of the latest stored run of this name in this project, or null. */
    public Uni<String> previousStatus(SqlClient sql, String project, String runName) {
        return sql.preparedQuery(PREVIOUS_STATUS).execute(Tuple.of(project, runName))
                .map(rows -> rows.iterator().hasNext() ? rows.iterator().next().getString(0) : null);
    }

    private static Map<String, Long> sequences(Iterable<Row> rows) {
        Map<String, Long> result = new HashMap<>();
        for (Row row : rows) {
            result.put(row.getString(0), row.getLong(1));
        }
        return result;
    }
}
