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
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/** Intake's SQL of {@code deliveries}: the planned deliveries written with their events. */
@ApplicationScoped
public class PlannedDeliveries {

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

    /**
     * The planned deliveries as sixteen array parameters for intake's batch statement (id,
     * event_id, hook_index, source, run_uuid, run_name, project, hub_ref, connection, trigger,
     * queue, state, reason, request, leased, position), then the lease's owner and seconds. A
     * hook without a connection or queue stores '' (NOT NULL columns); no reason or request (an
     * empty array here) is NULL.
     */
    public Tuple columns(List<PlannedDelivery> rows, IntakeHandoff.Lease lease) {
        Map<PlannedDelivery, Integer> position = new IdentityHashMap<>();
        rows.forEach(row -> position.put(row, position.size()));
        return UnnestColumns.of(rows)
                .uuid(row -> row.ref().id())
                .text(row -> row.ref().eventId())
                .integer(PlannedDelivery::hookIndex)
                .text(PlannedDelivery::source)
                .text(row -> row.ref().runUuid())
                .text(row -> row.ref().runName())
                .text(row -> row.ref().project())
                .text(row -> row.ref().hubRef())
                .optionalText(row -> row.ref().connection())
                .text(row -> row.ref().trigger())
                .optionalText(PlannedDelivery::queue)
                .text(row -> row.state().name())
                .optionalText(PlannedDelivery::reason)
                .bytea(row -> row.request() == null ? NO_REQUEST : requests.write(row.request()))
                .bool(row -> lease.covers(row.ref().id()))
                .integer(position::get)
                .tuple()
                .addString(lease.owner())
                .addDouble(lease.leaseSeconds());
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
