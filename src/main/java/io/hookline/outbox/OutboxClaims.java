package io.hookline.outbox;

import io.hookline.batch.UnnestColumns;
import io.hookline.outbox.StoredRequestCodec.UnreadableRequestException;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/** Dispatch's SQL of {@code deliveries}: claiming due deliveries and recording their attempts. */
@ApplicationScoped
public class OutboxClaims {

    // SKIP LOCKED lets any number of dispatchers (threads or replicas) claim disjoint rows
    // without waiting on each other. Each connection gets at most what it can send now ($1, $2:
    // its free concurrency, rate-limit permits, breaker), each queue lane at most its room ($3,
    // $4; $5 for lanes not named), and the rows are taken in turns across connections up to $6,
    // so one busy connection never fills a claim the others wait behind. The lease is
    // next_attempt_at itself: a DELIVERING row whose worker died is due again once it passes.
    // Such a row whose attempts are used up ($8; a redelivery may take it past that) is not sent
    // again: it is spent, and ends DEAD. A row whose outcome can never be written would
    // otherwise be sent once per lease, forever.
    //
    // One statement, one round trip, its own transaction: the claim and its status-log rows (the
    // caller announces them after the commit). A claim is a lease, not an outcome, so it
    // commits without waiting for its WAL flush (synchronous_commit off for this transaction
    // only): if Postgres crashes in that moment the claim is lost and its rows are due again.
    // The status-log rows are those StatusLog.append would write.
    private static final String CLAIM = """
            WITH lease_commit AS (
                SELECT set_config('synchronous_commit', 'off', true)
            ), room AS (
                SELECT r.* FROM unnest($1::text[], $2::int[]) AS r(connection, free), lease_commit
            ), lane_room AS (
                SELECT * FROM unnest($3::text[], $4::int[]) AS l(queue, free)
            ), candidate AS (
                SELECT c.*, row_number() OVER (PARTITION BY c.connection ORDER BY c.next_attempt_at) AS turn
                  FROM room CROSS JOIN LATERAL (
                       SELECT d.id, d.connection, d.queue, d.next_attempt_at,
                              (d.state = 'DELIVERING' AND d.attempt_count >= $8) AS spent
                         FROM deliveries d
                        WHERE d.connection = room.connection
                          AND d.state IN ('PENDING', 'RETRY_SCHEDULED', 'DELIVERING')
                          AND d.next_attempt_at <= now()
                        ORDER BY d.next_attempt_at
                        LIMIT room.free
                          FOR UPDATE SKIP LOCKED) c
            ), in_lane AS (
                SELECT c.*, row_number() OVER (PARTITION BY c.queue ORDER BY c.turn, c.next_attempt_at) AS lane_turn
                  FROM candidate c
            ), due AS (
                SELECT i.id, i.spent FROM in_lane i LEFT JOIN lane_room l ON l.queue = i.queue
                 WHERE i.lane_turn <= COALESCE(l.free, $5)
                 ORDER BY i.turn, i.next_attempt_at
                 LIMIT $6
            ), claimed AS (
                UPDATE deliveries d
                   SET state = CASE WHEN due.spent THEN 'DEAD' ELSE 'DELIVERING' END,
                       attempt_count = d.attempt_count + CASE WHEN due.spent THEN 0 ELSE 1 END,
                       next_attempt_at = CASE WHEN due.spent THEN NULL ELSE now() + make_interval(secs => $7) END,
                       reason = CASE WHEN due.spent
                                     THEN 'the lease of attempt ' || d.attempt_count || ' ran out before its outcome'
                                          || ' was recorded, and it was the last; gave up'
                                     ELSE d.reason END,
                       lease_owner = CASE WHEN due.spent THEN d.lease_owner ELSE $9 END,
                       updated_at = now()
                  FROM due WHERE d.id = due.id
                RETURNING d.id, d.event_id, d.run_uuid, d.run_name, d.project, d.hub_ref, d.connection, d.trigger,
                          d.queue, d.attempt_count, d.request, due.spent, d.reason, d.state
            ), logged AS (
                INSERT INTO delivery_events (delivery_id, event_id, run_uuid, run_name, project, hub_ref,
                                             connection, trigger, state, attempt, error)
                SELECT id, event_id, run_uuid, run_name, project, hub_ref, connection, trigger, state,
                       attempt_count, CASE WHEN spent THEN reason END
                  FROM claimed
                RETURNING 1
            )
            SELECT claimed.* FROM claimed
            """;

    // Connections of due deliveries that the caller does not know (the catalog changed since
    // they were planned): they get claimed, and fail with the reason, instead of waiting forever.
    private static final String UNKNOWN_CONNECTIONS = """
            SELECT DISTINCT connection FROM deliveries
             WHERE state IN ('PENDING', 'RETRY_SCHEDULED', 'DELIVERING') AND NOT (connection = ANY($1::text[]))
            """;

    // One statement, so one round trip and its own transaction (an outcome is durable: this one
    // waits for its WAL flush): the attempt rows, the outcomes, and the status-log rows of the
    // outcomes applied (the rows StatusLog.append would write; the caller announces them after
    // the commit). Outcomes are fenced by attempt_count: a worker whose lease ran out and whose
    // delivery was claimed again must not overwrite the newer attempt's outcome. An outcome that
    // was not attempted (held back at send time) writes no attempt row and gives its attempt back.
    // A job a runner started is recorded on its delivery (remote_run_id, remote_run_url).
    //
    // The fence's state is a column of x ("leased"), not a constant: with a constant, the planner
    // may prove the due-by-connection index's predicate from it and, on statistics that saw few
    // DELIVERING rows (a young table, or a large one that is nearly all final), read that whole
    // index for every outcome and join by filter. Measured during bench/run.sh's delivery run:
    // 14,000 index rows read per statement, 7 ms of Postgres per outcome group. A column keeps
    // the update on the primary key, one probe per outcome (OutcomePlanTest).
    static final String COMPLETE = """
            WITH x AS (
                SELECT *, 'DELIVERING'::text AS leased FROM unnest($1::uuid[], $2::int[], $3::text[], $4::text[], $5::text[], $6::bool[],
                                     $7::int[], $8::text[], $9::bigint[], $10::text[], $11::text[], $12::text[], $13::text[])
                       AS x(id, attempt, state, next_attempt_at, reason, attempted, http_status, started_at,
                            latency_ms, response_body, error, remote_run_id, remote_run_url)
            ), recorded AS (
                INSERT INTO delivery_attempts (delivery_id, number, started_at, latency_ms, http_status,
                                               response_body, error, outcome)
                SELECT x.id, x.attempt, x.started_at::timestamptz, x.latency_ms, x.http_status,
                       NULLIF(x.response_body, ''), NULLIF(x.error, ''), x.state
                  FROM x WHERE x.attempted
                ON CONFLICT (delivery_id, number) DO NOTHING
                RETURNING 1
            ), applied AS (
                UPDATE deliveries d
                   SET state = x.state, next_attempt_at = NULLIF(x.next_attempt_at, '')::timestamptz,
                       reason = NULLIF(x.reason, ''), updated_at = now(),
                       attempt_count = d.attempt_count - CASE WHEN x.attempted THEN 0 ELSE 1 END,
                       remote_run_id = COALESCE(NULLIF(x.remote_run_id, ''), d.remote_run_id),
                       remote_run_url = COALESCE(NULLIF(x.remote_run_url, ''), d.remote_run_url)
                  FROM x
                 WHERE d.id = x.id AND d.attempt_count = x.attempt AND d.state = x.leased
                RETURNING d.id, d.event_id, d.run_uuid, d.run_name, d.project, d.hub_ref, d.connection,
                          d.trigger, x.state, x.attempt, x.http_status, x.reason, x.next_attempt_at,
                          x.remote_run_id, x.remote_run_url
            ), logged AS (
                INSERT INTO delivery_events (delivery_id, event_id, run_uuid, run_name, project, hub_ref,
                                             connection, trigger, state, attempt, http_status, error,
                                             next_attempt_at, remote_run_id, remote_run_url)
                SELECT id, event_id, run_uuid, run_name, project, hub_ref, connection, trigger, state, attempt,
                       http_status, NULLIF(reason, ''), NULLIF(next_attempt_at, '')::timestamptz,
                       NULLIF(remote_run_id, ''), NULLIF(remote_run_url, '')
                  FROM applied
                RETURNING 1
            )
            SELECT id FROM applied
            """;

    private final StoredRequestCodec requests;

    OutboxClaims(StoredRequestCodec requests) {
        this.requests = requests;
    }

    /**
     * Claims what {@code limits} allow for {@code owner}, leased for {@code leaseSeconds}; a
     * delivery whose lease ran out after attempt {@code maxAttempts} or later is ended DEAD
     * instead (see {@link Claim}).
     */
    public Uni<Claim> claim(SqlClient sql, String owner, ClaimLimits limits, double leaseSeconds, int maxAttempts) {
        List<String> connections = new ArrayList<>(limits.connections().keySet());
        List<String> lanes = new ArrayList<>(limits.lanes().keySet());
        Tuple args = Tuple.tuple()
                .addArrayOfString(connections.toArray(String[]::new))
                .addArrayOfInteger(connections.stream().map(limits.connections()::get).toArray(Integer[]::new))
                .addArrayOfString(lanes.toArray(String[]::new))
                .addArrayOfInteger(lanes.stream().map(limits.lanes()::get).toArray(Integer[]::new))
                .addInteger(limits.otherLanes())
                .addInteger(limits.total())
                .addDouble(leaseSeconds)
                .addInteger(maxAttempts)
                .addString(owner);
        return sql.preparedQuery(CLAIM).execute(args)
                .map(rows -> {
                    List<ClaimedDelivery> claimed = new ArrayList<>();
                    List<Claim.Spent> spent = new ArrayList<>();
                    for (Row row : rows) {
                        if (row.getBoolean(DeliveryRefColumns.COUNT + 3)) {
                            spent.add(new Claim.Spent(DeliveryRefColumns.read(row, 0),
                                    row.getInteger(DeliveryRefColumns.COUNT + 1), row.getString(DeliveryRefColumns.COUNT + 4)));
                        } else {
                            claimed.add(claimed(row));
                        }
                    }
                    return new Claim(claimed, spent);
                });
    }

    /** Connections with deliveries still to send that are not among {@code known}. */
    public Uni<List<String>> unknownConnections(SqlClient sql, Collection<String> known) {
        return sql.preparedQuery(UNKNOWN_CONNECTIONS).execute(Tuple.of(known.toArray(String[]::new)))
                .map(rows -> {
                    List<String> names = new ArrayList<>();
                    rows.forEach(row -> names.add(row.getString(0)));
                    return names;
                });
    }

    /** An unreadable request is claimed like any other, so that its attempt fails and says why. */
    private ClaimedDelivery claimed(Row row) {
        DeliveryRef ref = DeliveryRefColumns.read(row, 0);
        int next = DeliveryRefColumns.COUNT;
        String queue = row.getString(next);
        int attempt = row.getInteger(next + 1);
        try {
            return new ClaimedDelivery(ref, queue, attempt, requests.read(row.getBuffer(next + 2)), null);
        } catch (UnreadableRequestException e) {
            return new ClaimedDelivery(ref, queue, attempt, null, e.getMessage());
        }
    }

    /**
     * Records the attempts, applies their outcomes and logs the changes applied; returns the ids
     * whose outcome was applied (a delivery re-claimed by another worker in the meantime keeps the
     * newer state, and logs nothing here).
     */
    public Uni<Set<UUID>> complete(SqlClient sql, List<AttemptRecord> outcomes) {
        return sql.preparedQuery(COMPLETE).execute(completeArgs(outcomes))
                .map(rows -> {
                    Set<UUID> applied = new HashSet<>();
                    for (Row row : rows) {
                        applied.add(row.getUUID(0));
                    }
                    return applied;
                });
    }

    /** {@link #COMPLETE}'s arguments: one array per column of x. */
    static Tuple completeArgs(List<AttemptRecord> outcomes) {
        return UnnestColumns.of(outcomes)
                .uuid(a -> a.delivery().ref().id())
                .integer(a -> a.delivery().attempt())
                .text(a -> a.newState().name())
                .optionalTime(AttemptRecord::nextAttemptAt)
                .optionalText(AttemptRecord::reason)
                .bool(AttemptRecord::attempted)
                .integer(AttemptRecord::httpStatus)
                .optionalTime(AttemptRecord::startedAt)
                .bigint(AttemptRecord::latencyMs)
                .optionalText(AttemptRecord::responseBody)
                .optionalText(AttemptRecord::error)
                .optionalText(a -> a.remoteRun() == null ? null : a.remoteRun().id())
                .optionalText(a -> a.remoteRun() == null ? null : a.remoteRun().url())
                .tuple();
    }
}
