package io.hookline.status;

import io.hookline.batch.UnnestColumns;
import io.hookline.outbox.DeliveryRef;
import io.hookline.outbox.DeliveryState;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

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
             -- Gives the transaction its id before the first cursor is drawn (a filter runs before
             -- the projection that evaluates the identity default); safeEnd() relies on it.
             WHERE pg_current_xact_id() IS NOT NULL
            """;

    // NOTIFY is delivered at commit, so listeners never read ahead of the log.
    private static final String NOTIFY = "SELECT pg_notify('" + CHANNEL + "', '')";

    private static final String LAST_CURSOR_DRAWN =
            "SELECT coalesce(pg_sequence_last_value(pg_get_serial_sequence('delivery_events', 'cursor')::regclass), 0)";
    private static final String TAKE_TRANSACTION_ID = "SELECT pg_current_xact_id()::text";
    private static final String OLDER_TRANSACTIONS_FINISHED =
            "SELECT pg_snapshot_xmin(pg_current_snapshot()) >= $1::text::xid8";

    private static final String READ = """
            SELECT cursor, delivery_id, event_id, run_uuid, run_name, project, hub_ref, connection, trigger,
                   state, attempt, http_status, error, next_attempt_at, occurred_at
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

    /** How long to wait before asking again whether older transactions have finished. */
    private static final Duration BARRIER_RETRY = Duration.ofMillis(5);

    /** Appends the changes (in the caller's transaction) and announces them at its commit. */
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
        return sql.preparedQuery(APPEND).execute(args)
                .chain(() -> sql.query(NOTIFY).execute())
                .replaceWithVoid();
    }

    /**
     * The highest cursor up to which the log is complete: every change with a cursor at or below it
     * that will ever be committed is committed and visible now, so reading {@code cursor > n AND
     * cursor <= safeEnd} never skips a change that commits later.
     *
     * <p>Why this is needed: a cursor is drawn at INSERT but transactions commit in any order, so
     * a transaction holding cursor 5 may still be open while cursor 6 is already visible; a reader
     * that moved past 6 would never see 5. A per-row filter on the writer's transaction id
     * ({@code xid < pg_snapshot_xmin}) is not enough either, because transaction ids are assigned
     * at a transaction's first write, not when it draws a cursor: an older transaction can draw a
     * larger cursor than a younger one that is still open.
     *
     * <p>How: (1) read L, the last cursor the sequence has handed out (sequence reads are not
     * transactional and the identity sequence has CACHE 1, so cursors are drawn in time order);
     * (2) take a fresh transaction id R. Every transaction that drew a cursor at or below L drew it
     * before step 1 and had its transaction id before that (the WHERE clause of APPEND makes sure
     * of it), so its id is below R. (3) Once the oldest running transaction is not older than R
     * ({@code pg_snapshot_xmin >= R}), all of them have committed or rolled back, and every later
     * statement sees all of cursors up to L. Rolled-back cursors are simply absent.
     *
     * <p>Returns {@code known} without touching a transaction id when nothing was drawn after it.
     */
    public Uni<Long> safeEnd(SqlClient sql, long known) {
        return sql.query(LAST_CURSOR_DRAWN).execute().map(rows -> rows.iterator().next().getLong(0))
                .chain(last -> last <= known
                        ? Uni.createFrom().item(known)
                        : sql.query(TAKE_TRANSACTION_ID).execute()
                                .map(rows -> rows.iterator().next().getString(0))
                                .chain(mark -> olderTransactionsFinished(sql, mark))
                                .replaceWith(last));
    }

    private Uni<Void> olderTransactionsFinished(SqlClient sql, String mark) {
        return sql.preparedQuery(OLDER_TRANSACTIONS_FINISHED).execute(Tuple.of(mark))
                .map(rows -> rows.iterator().next().getBoolean(0))
                .chain(finished -> finished
                        ? Uni.createFrom().voidItem()
                        : Uni.createFrom().voidItem().onItem().delayIt().by(BARRIER_RETRY)
                                .chain(() -> olderTransactionsFinished(sql, mark)));
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
        return new LoggedChange(row.getLong("cursor"), change, row.getOffsetDateTime("occurred_at"));
    }
}
