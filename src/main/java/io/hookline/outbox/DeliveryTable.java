package io.hookline.outbox;

import io.hookline.store.EventRow;
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
    public record NewDelivery(long eventSequence, EventRow event, PlannedDelivery delivery) {
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

    // SKIP LOCKED lets any number of dispatchers (threads or replicas) claim disjoint rows
    // without waiting on each other. The lease is next_attempt_at itself: a DELIVERING row whose
    // worker died is due again once it passes.
    private static final String CLAIM = """
            WITH due AS (
                SELECT id FROM deliveries
                 WHERE state IN ('PENDING', 'RETRY_SCHEDULED', 'DELIVERING')
                   AND next_attempt_at <= now()
                   AND NOT (queue = ANY($3::text[]))
                 ORDER BY next_attempt_at
                 LIMIT $1
                   FOR UPDATE SKIP LOCKED)
            UPDATE deliveries d
               SET state = 'DELIVERING', attempt_count = d.attempt_count + 1,
                   next_attempt_at = now() + make_interval(secs => $2), lease_owner = $4, updated_at = now()
              FROM due WHERE d.id = due.id
            RETURNING d.id, d.event_id, d.run_uuid, d.run_name, d.project, d.hub_ref, d.connection, d.trigger,
                      d.queue, d.attempt_count, d.request::text
            """;

    private static final String RECORD_ATTEMPTS = """
            INSERT INTO delivery_attempts (delivery_id, number, started_at, latency_ms, http_status,
                                           response_body, error, outcome)
            SELECT a.delivery_id, a.number, a.started_at::timestamptz, a.latency_ms, a.http_status,
                   NULLIF(a.response_body, ''), NULLIF(a.error, ''), a.outcome
              FROM unnest($1::uuid[], $2::int[], $3::text[], $4::bigint[], $5::int[], $6::text[],
                          $7::text[], $8::text[])
                   AS a(delivery_id, number, started_at, latency_ms, http_status, response_body, error, outcome)
            ON CONFLICT (delivery_id, number) DO NOTHING
            """;

    // Fenced by attempt_count: a worker whose lease ran out and whose delivery was claimed again
    // must not overwrite the newer attempt's outcome.
    private static final String APPLY_OUTCOMES = """
            UPDATE deliveries d
               SET state = x.state, next_attempt_at = NULLIF(x.next_attempt_at, '')::timestamptz,
                   reason = NULLIF(x.reason, ''), updated_at = now(),
                   attempt_count = d.attempt_count - CASE WHEN x.attempted THEN 0 ELSE 1 END
              FROM unnest($1::uuid[], $2::int[], $3::text[], $4::text[], $5::text[], $6::bool[])
                   AS x(id, attempt, state, next_attempt_at, reason, attempted)
             WHERE d.id = x.id AND d.attempt_count = x.attempt AND d.state = 'DELIVERING'
            RETURNING d.id
            """;

    /**
     * Claims up to {@code limit} due deliveries for {@code owner}, leased for
     * {@code leaseSeconds}, skipping the lanes in {@code fullLanes}.
     */
    public Uni<List<ClaimedDelivery>> claim(SqlClient sql, String owner, int limit, double leaseSeconds,
                                            List<String> fullLanes) {
        return sql.preparedQuery(CLAIM)
                .execute(Tuple.of(limit, leaseSeconds, fullLanes.toArray(String[]::new), owner))
                .map(rows -> {
                    List<ClaimedDelivery> claimed = new ArrayList<>();
                    for (Row row : rows) {
                        claimed.add(new ClaimedDelivery(row.getUUID(0), row.getString(1), row.getString(2),
                                row.getString(3), row.getString(4), row.getString(5), row.getString(6),
                                row.getString(7), row.getString(8), row.getInteger(9), row.getString(10)));
                    }
                    return claimed;
                });
    }

    /**
     * Records the attempts and applies their outcomes; returns the ids whose outcome was applied
     * (a delivery re-claimed by another worker in the meantime keeps the newer state).
     */
    public Uni<java.util.Set<UUID>> complete(SqlClient sql, List<AttemptRecord> outcomes) {
        List<AttemptRecord> attempts = outcomes.stream().filter(AttemptRecord::attempted).toList();
        int n = attempts.size();
        UUID[] ids = new UUID[n];
        Integer[] numbers = new Integer[n];
        Long[] latencies = new Long[n];
        Integer[] statuses = new Integer[n];
        String[] startedAt = new String[n];
        String[] bodies = new String[n];
        String[] errors = new String[n];
        String[] states = new String[n];
        for (int i = 0; i < n; i++) {
            AttemptRecord a = attempts.get(i);
            ids[i] = a.delivery().id();
            numbers[i] = a.delivery().attempt();
            startedAt[i] = a.startedAt().toString();
            latencies[i] = a.latencyMs();
            statuses[i] = a.httpStatus();
            bodies[i] = nonNull(a.responseBody());
            errors[i] = nonNull(a.error());
            states[i] = a.newState().name();
        }
        Tuple attemptArgs = Tuple.tuple().addValue(ids).addValue(numbers).addValue(startedAt).addValue(latencies)
                .addValue(statuses).addValue(bodies).addValue(errors).addValue(states);
        Uni<?> recorded = n == 0 ? Uni.createFrom().voidItem() : sql.preparedQuery(RECORD_ATTEMPTS).execute(attemptArgs);
        return recorded.chain(() -> sql.preparedQuery(APPLY_OUTCOMES).execute(outcomeArguments(outcomes)))
                .map(rows -> {
                    java.util.Set<UUID> applied = new java.util.HashSet<>();
                    for (Row row : rows) {
                        applied.add(row.getUUID(0));
                    }
                    return applied;
                });
    }

    private static final String COLUMNS = """
            id, event_id, run_uuid, run_name, project, hub_ref, connection, trigger, queue, state, reason,
            attempt_count, next_attempt_at, created_at, updated_at, request::text""";

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

    public Uni<java.util.Optional<DeliveryRecord>> find(SqlClient sql, UUID id) {
        return sql.preparedQuery(FIND).execute(Tuple.of(id)).chain(rows -> {
            if (!rows.iterator().hasNext()) {
                return Uni.createFrom().item(java.util.Optional.<DeliveryRecord>empty());
            }
            Row row = rows.iterator().next();
            return sql.preparedQuery(ATTEMPTS).execute(Tuple.of(id)).map(attemptRows -> {
                List<DeliveryRecord.Attempt> attempts = new ArrayList<>();
                for (Row a : attemptRows) {
                    attempts.add(new DeliveryRecord.Attempt(a.getInteger(0), a.getOffsetDateTime(1), a.getLong(2),
                            a.getInteger(3), a.getString(4), a.getString(5)));
                }
                return java.util.Optional.of(record(row, attempts));
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
    public Uni<java.util.Optional<DeliveryRecord>> redeliver(SqlClient sql, UUID id) {
        return sql.preparedQuery(REDELIVER).execute(Tuple.of(id)).map(rows -> rows.iterator().hasNext()
                ? java.util.Optional.of(record(rows.iterator().next(), List.of()))
                : java.util.Optional.empty());
    }

    private static DeliveryRecord record(Row row, List<DeliveryRecord.Attempt> attempts) {
        return new DeliveryRecord(row.getUUID(0), row.getString(1), row.getString(2), row.getString(3),
                row.getString(4), row.getString(5), row.getString(6), row.getString(7), row.getString(8),
                DeliveryState.valueOf(row.getString(9)), row.getString(10), row.getInteger(11),
                row.getOffsetDateTime(12), row.getOffsetDateTime(13), row.getOffsetDateTime(14), row.getString(15),
                attempts);
    }

    private static Tuple outcomeArguments(List<AttemptRecord> outcomes) {
        int n = outcomes.size();
        UUID[] ids = new UUID[n];
        Integer[] numbers = new Integer[n];
        String[] states = new String[n];
        String[] next = new String[n];
        String[] reasons = new String[n];
        Boolean[] attempted = new Boolean[n];
        for (int i = 0; i < n; i++) {
            AttemptRecord a = outcomes.get(i);
            ids[i] = a.delivery().id();
            numbers[i] = a.delivery().attempt();
            states[i] = a.newState().name();
            next[i] = a.nextAttemptAt() == null ? "" : a.nextAttemptAt().toString();
            reasons[i] = nonNull(a.reason());
            attempted[i] = a.attempted();
        }
        return Tuple.tuple().addValue(ids).addValue(numbers).addValue(states).addValue(next).addValue(reasons)
                .addValue(attempted);
    }

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
            EventRow e = row.event();
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
