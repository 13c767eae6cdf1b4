package io.hookline.outbox;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.buffer.Buffer;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** The delivery API's SQL of {@code deliveries}: one delivery with its attempts, listings, redelivery. */
@ApplicationScoped
public class DeliveryQueries {

    private static final String COLUMNS = """
            id, event_id, run_uuid, run_name, project, hub_ref, connection, trigger, queue, state, reason,
            attempt_count, next_attempt_at, created_at, updated_at, request, remote_run_id, remote_run_url""";

    private static final String FIND = "SELECT " + COLUMNS + " FROM deliveries WHERE id = $1";

    private static final String ATTEMPTS = """
            SELECT number, started_at, latency_ms, http_status, response_body, error
              FROM delivery_attempts WHERE delivery_id = $1 ORDER BY number
            """;

    // One statement for every combination of filters; deliveries_created / deliveries_project_created
    // serve the newest-first keyset order.
    private static final String LIST = "SELECT " + COLUMNS + """
             FROM deliveries
            WHERE ($1 = '' OR project = $1) AND ($2 = '' OR run_uuid = $2) AND ($3 = '' OR event_id = $3)
              AND ($4 = '' OR hub_ref = $4) AND ($5 = '' OR connection = $5)
              AND (cardinality($6::text[]) = 0 OR state = ANY($6::text[]))
              AND ($7::timestamptz IS NULL OR created_at >= $7::timestamptz)
              AND ($8::timestamptz IS NULL OR (created_at, id) < ($8::timestamptz, $9::uuid))
            ORDER BY created_at DESC, id DESC
            LIMIT $10
            """;

    // A redelivery is one more attempt with the same id (the receiver's idempotency key).
    private static final String REDELIVER = """
            UPDATE deliveries SET state = 'PENDING', next_attempt_at = now(), reason = NULL, updated_at = now()
             WHERE id = $1 AND state IN ('DEAD', 'FAILED', 'DELIVERED') AND request IS NOT NULL
            RETURNING""" + " " + COLUMNS;

    private final StoredRequestCodec requests;

    DeliveryQueries(StoredRequestCodec requests) {
        this.requests = requests;
    }

    public Uni<Optional<DeliveryRecord>> find(SqlClient sql, UUID id) {
        return sql.preparedQuery(FIND).execute(Tuple.of(id)).chain(rows -> {
            if (!rows.iterator().hasNext()) {
                return Uni.createFrom().item(Optional.<DeliveryRecord>empty());
            }
            Row row = rows.iterator().next();
            return sql.preparedQuery(ATTEMPTS).execute(Tuple.of(id)).map(attemptRows -> {
                List<DeliveryRecord.Attempt> attempts = new ArrayList<>();
                for (Row a : attemptRows) {
                    attempts.add(new DeliveryRecord.Attempt(a.getInteger(0), a.getOffsetDateTime(1), a.getLong(2),
                            a.getInteger(3), a.getString(4), a.getString(5)));
                }
                return Optional.of(record(row, attempts));
            });
        });
    }

    public Uni<List<DeliveryRecord>> list(SqlClient sql, DeliveryRecord.Filter filter,
                                          DeliveryRecord.PageStart after, int limit) {
        Tuple args = Tuple.tuple().addValue(filter.project()).addValue(filter.runUuid()).addValue(filter.eventId())
                .addValue(filter.hubRef()).addValue(filter.connection())
                .addValue(filter.states().toArray(String[]::new))
                .addValue(filter.createdAfter())
                .addValue(after == null ? null : after.createdAt())
                .addValue(after == null ? null : after.id())
                .addValue(limit);
        return sql.preparedQuery(LIST).execute(args).map(rows -> {
            List<DeliveryRecord> page = new ArrayList<>();
            rows.forEach(row -> page.add(record(row, List.of())));
            return page;
        });
    }

    /** Makes a DEAD, FAILED or DELIVERED delivery due again; empty when it is in no such state. */
    public Uni<Optional<DeliveryRecord>> redeliver(SqlClient sql, UUID id) {
        return sql.preparedQuery(REDELIVER).execute(Tuple.of(id)).map(rows -> rows.iterator().hasNext()
                ? Optional.of(record(rows.iterator().next(), List.of()))
                : Optional.empty());
    }

    private DeliveryRecord record(Row row, List<DeliveryRecord.Attempt> attempts) {
        int next = DeliveryRefColumns.COUNT;
        Buffer request = row.getBuffer(next + 7);
        return new DeliveryRecord(DeliveryRefColumns.read(row, 0), row.getString(next),
                DeliveryState.valueOf(row.getString(next + 1)), row.getString(next + 2), row.getInteger(next + 3),
                row.getOffsetDateTime(next + 4), row.getOffsetDateTime(next + 5), row.getOffsetDateTime(next + 6),
                request == null ? null : requests.read(request), attempts,
                row.getString(next + 8) == null ? null : new RemoteRun(row.getString(next + 8), row.getString(next + 9)));
    }
}
