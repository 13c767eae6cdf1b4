package io.hookline.status;

import io.hookline.batch.UnnestColumns;
import io.hookline.outbox.DeliveryRef;
import io.hookline.outbox.DeliveryState;
import io.hookline.outbox.RemoteRun;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The SQL of {@code delivery_events}: every state change of a delivery is appended here in the
 * transaction of the change, and announced on the {@value #CHANNEL} channel so subscribers on
 * every replica see it.
 */
@ApplicationScoped
public class StatusLog {

    public static final String CHANNEL = "hookline_delivery_events";

    private static final String APPEND = """
            INSERT INTO delivery_events (delivery_id, event_id, run_uuid, run_name, project, hub_ref,
                                         connection, trigger, state, attempt, http_status, error,
                                         next_attempt_at)
            SELECT c.delivery_id, c.event_id, c.run_uuid, c.run_name, c.project, c.hub_ref, c.connection,
                   c.trigger, c.state, c.attempt, c.http_status, NULLIF(c.error, ''),
                   NULLIF(c.next_attempt_at, '')::timestamptz
              FROM unnest($1::uuid[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[],
                          $7::text[], $8::text[], $9::text[], $10::int[], $11::int[], $12::text[],
                          $13::text[])
                   AS c(delivery_id, event_id, run_uuid, run_name, project, hub_ref, connection, trigger,
                        state, attempt, http_status, error, next_attempt_at)
            """;

    // Sent on its own after the rows' commit, never inside the writing transaction: a transaction
    // that has notified holds Postgres's one notify lock through its commit, WAL flush included,
    // so every notifying writer (intake, claims, outcomes) would commit one after the other.
    private static final String NOTIFY = "SELECT pg_notify('" + CHANNEL + "', '')";

    private static final String LAST_CURSOR_DRAWN =
            "SELECT coalesce(pg_sequence_last_value(pg_get_serial_sequence('delivery_events', 'cursor')::regclass), 0)";

    /**
     * The transactions of this database that have drawn a cursor and not ended: nextval() takes
     * this lock on the sequence before it hands out a number and keeps it to the end of the
     * transaction. Transactions of other databases, and of this one that never wrote the log
     * (an idle psql, a migration), hold no such lock and are not waited for.
     */
    private static final String WRITERS = """
            SELECT virtualtransaction, pid
              FROM pg_locks
             WHERE locktype = 'relation'
               AND database = (SELECT oid FROM pg_database WHERE datname = current_database())
               AND relation = pg_get_serial_sequence('delivery_events', 'cursor')::regclass
               AND mode = 'RowExclusiveLock' AND granted
               AND pid IS DISTINCT FROM pg_backend_pid()
            """;
    private static final String WRITERS_STILL_OPEN = WRITERS + " AND virtualtransaction = ANY ($1::text[])";
    /** Ends a writer past the deadline and waits up to 5 s for it to be gone. */
    private static final String END_WRITER = "SELECT pg_terminate_backend($1, 5000)";

    /** Set by retention: changes up to this cursor may have been deleted, every later one is kept. */
    private static final String OLDEST_CURSOR_AVAILABLE = "SELECT deleted_up_to FROM status_log_retention";

    private static final String READ = """
            SELECT cursor, delivery_id, event_id, run_uuid, run_name, project, hub_ref, connection, trigger,
                   state, attempt, http_status, error, next_attempt_at, occurred_at, remote_run_id, remote_run_url
              FROM delivery_events
             WHERE cursor > $1 AND cursor <= $2
               AND ($3 = '' OR project = $3)
               AND ($4 = '' OR run_uuid = $4)
               AND ($5 = '' OR hub_ref = $5)
               AND ($6 = '' OR connection = $6)
               AND (cardinality($7::text[]) = 0 OR state = ANY ($7::text[]))
             ORDER BY cursor
             LIMIT $8
            """;

    /** How long to wait before asking again whether the writers have ended, at first and at most. */
    private static final Duration FIRST_RETRY = Duration.ofMillis(5);
    private static final Duration LAST_RETRY = Duration.ofMillis(100);

    private static final Logger LOG = Logger.getLogger(StatusLog.class);

    private final SubscribeConfig config;
    private final Pool pool;
    private final AtomicBoolean announcing = new AtomicBoolean();
    private final AtomicBoolean announceAgain = new AtomicBoolean();
    /** Reads of the log waiting for writers to end right now; a gauge, and how a test sees a wait stop. */
    private final AtomicInteger waiting = new AtomicInteger();

    StatusLog(SubscribeConfig config, MeterRegistry metrics, Pool pool) {
        this.config = config;
        this.pool = pool;
        Gauge.builder("hookline.subscribe.writer_waits", waiting, AtomicInteger::get)
                .description("reads of the status log waiting for transactions that drew a cursor to end")
                .register(metrics);
    }

    /** Appends the changes in the caller's transaction; the caller {@link #announce}s them once it has committed. */
    public Uni<Void> append(SqlClient sql, List<StateChange> changes) {
        if (changes.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        Tuple args = UnnestColumns.of(changes)
                .uuid(c -> c.delivery().id())
                .text(c -> c.delivery().eventId())
                .text(c -> c.delivery().runUuid())
                .text(c -> c.delivery().runName())
                .text(c -> c.delivery().project())
                .text(c -> c.delivery().hubRef())
                .optionalText(c -> c.delivery().connection())
                .text(c -> c.delivery().trigger())
                .text(c -> c.state().name())
                .integer(StateChange::attempt)
                .integer(StateChange::httpStatus)
                .optionalText(StateChange::error)
                .optionalTime(StateChange::nextAttemptAt)
                .tuple();
        return sql.preparedQuery(APPEND).execute(args).replaceWithVoid();
    }

    /**
     * Tells the subscribers of every replica that the log grew, after the commit of what was
     * appended. One NOTIFY is in flight at a time however many commits ask; asks that come while
     * it is are answered by one more after it, so none is lost. A NOTIFY that fails (the
     * connection dropped) is made up for by the feed's poll.
     */
    public void announce() {
        announceAgain.set(true);
        if (announcing.compareAndSet(false, true)) {
            sendAnnouncement();
        }
    }

    private void sendAnnouncement() {
        announceAgain.set(false);
        pool.query(NOTIFY).execute().subscribe().with(rows -> announced(), failure -> announced());
    }

    private void announced() {
        announcing.set(false);
        if (announceAgain.get() && announcing.compareAndSet(false, true)) {
            sendAnnouncement();
        }
    }

    /**
     * The highest cursor up to which the log is complete: every change with a cursor at or below it
     * that will ever be committed is committed and visible now, so reading {@code cursor > n AND
     * cursor <= safeEnd} never skips a change that commits later.
     *
     * <p>Why this is needed: a cursor is drawn at INSERT but transactions commit in any order, so
     * a transaction holding cursor 5 may still be open while cursor 6 is already visible; a reader
     * that moved past 6 would never see 5.
     *
     * <p>How: (1) read L, the last cursor the sequence has handed out (sequence reads are not
     * transactional and the identity sequence has CACHE 1, so cursors are drawn in time order);
     * (2) list the transactions that hold the lock nextval() takes on the sequence. Every
     * transaction that drew a cursor at or below L took that lock before step 1; if it is not in
     * the list it has ended, and a transaction releases its locks only after its commit is
     * visible to every later snapshot. (3) Wait until the listed ones have ended. Rolled-back
     * cursors are simply absent. No transaction id is taken, and only writers of this log in this
     * database are waited for.
     *
     * <p>The deadline: a writer still open after {@code hookline.subscribe.writer-deadline} (a
     * replica frozen mid-transaction, a hand-made transaction left open) is ended with
     * pg_terminate_backend, and the wait goes on until it is gone. It rolls back, so its changes
     * never become visible and no reader can miss them; Hookline's own writers are built to
     * survive a lost transaction (the agent resends, the lease re-sends). A writer that cannot
     * be ended (another role's superuser session, a prepared transaction) is given up on with an
     * error in the log: if it commits later, its changes are in the log for a replay but live
     * subscribers already past its cursors do not get them.
     *
     * <p>Returns {@code known} without waiting when nothing was drawn after it. Cancelling the
     * returned Uni stops the wait.
     */
    public Uni<Long> safeEnd(SqlClient sql, long known) {
        return sql.query(LAST_CURSOR_DRAWN).execute().map(rows -> rows.iterator().next().getLong(0))
                .chain(last -> last <= known
                        ? Uni.createFrom().item(known)
                        : sql.query(WRITERS).execute().map(StatusLog::writers)
                                .chain(writers -> writers.isEmpty()
                                        ? Uni.createFrom().voidItem()
                                        : writersEnded(sql, writers))
                                .replaceWith(last));
    }

    private Uni<Void> writersEnded(SqlClient sql, Map<String, Integer> writers) {
        long deadline = System.nanoTime() + config.writerDeadline().toNanos();
        return Uni.createFrom().voidItem()
                .invoke(waiting::incrementAndGet)
                .chain(() -> awaitWriters(sql, writers.keySet(), deadline, FIRST_RETRY, false))
                .onTermination().invoke(waiting::decrementAndGet);
    }

    private Uni<Void> awaitWriters(SqlClient sql, Set<String> open, long deadline, Duration retry, boolean ended) {
        return sql.preparedQuery(WRITERS_STILL_OPEN).execute(Tuple.of(open.toArray(String[]::new)))
                .map(StatusLog::writers)
                .chain(still -> {
                    if (still.isEmpty()) {
                        return Uni.createFrom().voidItem();
                    }
                    if (System.nanoTime() < deadline) {
                        Duration next = retry.multipliedBy(2).compareTo(LAST_RETRY) > 0 ? LAST_RETRY : retry.multipliedBy(2);
                        return Uni.createFrom().voidItem().onItem().delayIt().by(retry)
                                .chain(() -> awaitWriters(sql, still.keySet(), deadline, next, ended));
                    }
                    if (!ended) {
                        LOG.warnf("Ending %d transaction(s) that drew a status log cursor and stayed open longer than"
                                + " hookline.subscribe.writer-deadline=%s (pids %s): they hold back every Subscribe",
                                still.size(), config.writerDeadline(), still.values());
                        return endWriters(sql, still.values())
                                .chain(() -> awaitWriters(sql, still.keySet(), deadline, retry, true));
                    }
                    LOG.errorf("Could not end transaction(s) %s holding status log cursors (pids %s); going on without"
                            + " them: changes they commit later are in the log for a replay, but live subscribers miss them",
                            still.keySet(), still.values());
                    return Uni.createFrom().voidItem();
                });
    }

    private static Uni<Void> endWriters(SqlClient sql, Collection<Integer> pids) {
        Uni<Void> chain = Uni.createFrom().voidItem();
        for (Integer pid : pids) {
            if (pid != null) {
                chain = chain.chain(() -> sql.preparedQuery(END_WRITER).execute(Tuple.of(pid))
                        .onFailure().invoke(e -> LOG.warnf("Could not end backend %d: %s", pid, e.getMessage()))
                        .onFailure().recoverWithNull()
                        .replaceWithVoid());
            }
        }
        return chain;
    }

    /** Virtual transaction id to backend pid (null for a prepared transaction). */
    private static Map<String, Integer> writers(RowSet<Row> rows) {
        Map<String, Integer> writers = new LinkedHashMap<>();
        for (Row row : rows) {
            writers.put(row.getString(0), row.getInteger(1));
        }
        return writers;
    }

    /** The smallest after_cursor a replay can start from without a gap: 0 until retention deleted a change. */
    public Uni<Long> oldestCursorAvailable(SqlClient sql) {
        return sql.query(OLDEST_CURSOR_AVAILABLE).execute()
                .map(rows -> rows.size() == 0 ? 0L : rows.iterator().next().getLong(0));
    }

    /** Up to {@code limit} changes with {@code after < cursor <= upTo} that pass the filter, oldest first. */
    public Uni<List<LoggedChange>> read(SqlClient sql, ChangeFilter filter, long after, long upTo, int limit) {
        Tuple args = Tuple.tuple().addLong(after).addLong(upTo)
                .addString(filter.project()).addString(filter.runUuid())
                .addString(filter.hubRef()).addString(filter.connection())
                .addValue(filter.states().stream().map(DeliveryState::name).toArray(String[]::new))
                .addInteger(limit);
        return sql.preparedQuery(READ).execute(args).map(rows -> {
            List<LoggedChange> page = new ArrayList<>(rows.size());
            for (Row row : rows) {
                page.add(loggedChange(row));
            }
            return page;
        });
    }

    private static LoggedChange loggedChange(Row row) {
        DeliveryRef delivery = new DeliveryRef(row.getUUID("delivery_id"), row.getString("event_id"),
                row.getString("run_uuid"), row.getString("run_name"), row.getString("project"),
                row.getString("hub_ref"), row.getString("connection"), row.getString("trigger"));
        StateChange change = new StateChange(delivery, DeliveryState.valueOf(row.getString("state")), row.getInteger("attempt"),
                row.getInteger("http_status"), row.getString("error"), row.getOffsetDateTime("next_attempt_at"));
        String remoteRunId = row.getString("remote_run_id");
        return new LoggedChange(row.getLong("cursor"), change, row.getOffsetDateTime("occurred_at"),
                remoteRunId == null ? null : new RemoteRun(remoteRunId, row.getString("remote_run_url")));
    }
}
