package io.hookline.outbox;

import io.hookline.intake.NewEvent;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** The SQL of {@code deliveries}, the outbox. */
@ApplicationScoped
public class DeliveryTable {

    /** A planned delivery with the event it belongs to, as written at intake. */
    public record NewDelivery(long eventSequence, NewEvent event, PlannedDelivery delivery) {
    }

    private static final String INSERT_PLANNED = """
            INSERT INTO deliveries (id, event_sequence, event_id, hook_index, source, run_uuid, run_name,
                                    project, hub_ref, connection, trigger, queue, state, reason, request,
                                    next_attempt_at)
            SELECT d.id, d.event_sequence, d.event_id, d.hook_index, d.source, d.run_uuid, d.run_name,
                   d.project, d.hub_ref, d.connection, d.trigger, d.queue, d.state, NULLIF(d.reason, ''),
                   NULLIF(d.request, '')::jsonb, CASE WHEN d.state = 'PENDING' THEN now() END
              FROM unnest($1::uuid[], $2::bigint[], $3::text[], $4::int[], $5::text[], $6::text[],
                          $7::text[], $8::text[], $9::text[], $10::text[], $11::text[], $12::text[],
                          $13::text[], $14::text[], $15::text[])
                   AS d(id, event_sequence, event_id, hook_index, source, run_uuid, run_name, project,
                        hub_ref, connection, trigger, queue, state, reason, request)
            """;

    private static final String FIND_BY_EVENTS = """
            SELECT event_sequence, id, hook_index, source, hub_ref, connection, trigger, queue, state,
                   reason, request::text
              FROM deliveries WHERE event_sequence = ANY($1::bigint[])
             ORDER BY event_sequence, hook_index
            """;

    public Uni<Void> insertPlanned(SqlClient sql, List<NewDelivery> rows) {
        if (rows.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        int n = rows.size();
        UUID[] ids = new UUID[n];
        Long[] sequences = new Long[n];
        Integer[] hookIndexes = new Integer[n];
        String[][] text = new String[12][n];
        for (int i = 0; i < n; i++) {
            NewDelivery row = rows.get(i);
            NewEvent e = row.event();
            PlannedDelivery d = row.delivery();
            ids[i] = d.id();
            sequences[i] = row.eventSequence();
            hookIndexes[i] = d.hookIndex();
            text[0][i] = e.eventId();
            text[1][i] = d.source();
            text[2][i] = e.runUuid();
            text[3][i] = e.runName();
            text[4][i] = e.project();
            text[5][i] = d.hubRef();
            text[6][i] = nonNull(d.connection());
            text[7][i] = d.trigger();
            text[8][i] = nonNull(d.queue());
            text[9][i] = d.state().name();
            text[10][i] = nonNull(d.reason());
            text[11][i] = nonNull(d.requestJson());
        }
        Tuple args = Tuple.tuple().addValue(ids).addValue(sequences).addValue(text[0]).addValue(hookIndexes);
        for (int c = 1; c < text.length; c++) {
            args.addValue(text[c]);
        }
        return sql.preparedQuery(INSERT_PLANNED).execute(args).replaceWithVoid();
    }

    /** The deliveries of already stored events, by event sequence, in hook order. */
    public Uni<Map<Long, List<PlannedDelivery>>> findByEvents(SqlClient sql, List<Long> sequences) {
        return sql.preparedQuery(FIND_BY_EVENTS).execute(Tuple.of(sequences.toArray(Long[]::new)))
                .map(rows -> {
                    Map<Long, List<PlannedDelivery>> result = new HashMap<>();
                    for (Row row : rows) {
                        result.computeIfAbsent(row.getLong(0), k -> new ArrayList<>()).add(new PlannedDelivery(
                                row.getUUID(1), row.getInteger(2), row.getString(3), row.getString(4),
                                row.getString(5), row.getString(6), row.getString(7),
                                DeliveryState.valueOf(row.getString(8)), row.getString(9), row.getString(10)));
                    }
                    return result;
                });
    }

    private static String nonNull(String s) {
        return s == null ? "" : s;
    }
}
