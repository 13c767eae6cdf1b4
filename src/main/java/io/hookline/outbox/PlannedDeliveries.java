package io.hookline.outbox;

import io.hookline.batch.UnnestColumns;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.buffer.Buffer;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Intake's SQL of {@code deliveries}: the planned deliveries written with their events. */
@ApplicationScoped
public class PlannedDeliveries {

    /** A planned delivery with the sequence of the event it belongs to, as written at intake. */
    public record NewDelivery(long eventSequence, PlannedDelivery delivery) {
    }

    private static final String INSERT_PLANNED = """
            INSERT INTO deliveries (id, event_sequence, event_id, hook_index, source, run_uuid, run_name,
                                    project, hub_ref, connection, trigger, queue, state, reason, request,
                                    next_attempt_at)
            SELECT d.id, d.event_sequence, d.event_id, d.hook_index, d.source, d.run_uuid, d.run_name,
                   d.project, d.hub_ref, d.connection, d.trigger, d.queue, d.state, NULLIF(d.reason, ''),
                   NULLIF(d.request, ''::bytea), CASE WHEN d.state = 'PENDING' THEN now() END
              FROM unnest($1::uuid[], $2::bigint[], $3::text[], $4::int[], $5::text[], $6::text[],
                          $7::text[], $8::text[], $9::text[], $10::text[], $11::text[], $12::text[],
                          $13::text[], $14::text[], $15::bytea[])
                   AS d(id, event_sequence, event_id, hook_index, source, run_uuid, run_name, project,
                        hub_ref, connection, trigger, queue, state, reason, request)
            """;

    private static final String FIND_BY_EVENTS = """
            SELECT event_sequence, id, event_id, run_uuid, run_name, project, hub_ref, connection, trigger,
                   hook_index, source, queue, state, reason, request
              FROM deliveries WHERE event_sequence = ANY($1::bigint[])
             ORDER BY event_sequence, hook_index
            """;

    private static final byte[] NO_REQUEST = new byte[0];

    private final StoredRequestCodec requests;

    PlannedDeliveries(StoredRequestCodec requests) {
        this.requests = requests;
    }

    public Uni<Void> insertPlanned(SqlClient sql, List<NewDelivery> rows) {
        if (rows.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        // A hook without a connection or queue stores '' (NOT NULL columns); no reason or request
        // (an empty array here) is NULL.
        Tuple args = UnnestColumns.of(rows)
                .uuid(row -> row.delivery().ref().id())
                .bigint(NewDelivery::eventSequence)
                .text(row -> row.delivery().ref().eventId())
                .integer(row -> row.delivery().hookIndex())
                .text(row -> row.delivery().source())
                .text(row -> row.delivery().ref().runUuid())
                .text(row -> row.delivery().ref().runName())
                .text(row -> row.delivery().ref().project())
                .text(row -> row.delivery().ref().hubRef())
                .optionalText(row -> row.delivery().ref().connection())
                .text(row -> row.delivery().ref().trigger())
                .optionalText(row -> row.delivery().queue())
                .text(row -> row.delivery().state().name())
                .optionalText(row -> row.delivery().reason())
                .bytea(row -> row.delivery().request() == null ? NO_REQUEST : requests.write(row.delivery().request()))
                .tuple();
        return sql.preparedQuery(INSERT_PLANNED).execute(args).replaceWithVoid();
    }

    /** The deliveries of already stored events, by event sequence, in hook order. */
    public Uni<Map<Long, List<PlannedDelivery>>> findByEvents(SqlClient sql, List<Long> sequences) {
        return sql.preparedQuery(FIND_BY_EVENTS).execute(Tuple.of(sequences.toArray(Long[]::new)))
                .map(rows -> {
                    Map<Long, List<PlannedDelivery>> result = new HashMap<>();
                    for (Row row : rows) {
                        int next = 1 + DeliveryRefColumns.COUNT;
                        Buffer request = row.getBuffer(next + 5);
                        result.computeIfAbsent(row.getLong(0), k -> new ArrayList<>()).add(new PlannedDelivery(
                                DeliveryRefColumns.read(row, 1), row.getInteger(next), row.getString(next + 1),
                                row.getString(next + 2), DeliveryState.valueOf(row.getString(next + 3)),
                                row.getString(next + 4), request == null ? null : requests.read(request)));
                    }
                    return result;
                });
    }
}
