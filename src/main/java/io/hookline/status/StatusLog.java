package io.hookline.status;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.List;
import java.util.UUID;

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

    // NOTIFY is delivered at commit, so listeners never read ahead of the log.
    private static final String NOTIFY = "SELECT pg_notify('" + CHANNEL + "', '')";

    /** Appends the changes (in the caller's transaction) and announces them at its commit. */
    public Uni<Void> append(SqlClient sql, List<StateChange> changes) {
        if (changes.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        int n = changes.size();
        UUID[] ids = new UUID[n];
        Integer[] attempts = new Integer[n];
        Integer[] httpStatuses = new Integer[n];
        String[][] text = new String[10][n];
        for (int i = 0; i < n; i++) {
            StateChange c = changes.get(i);
            ids[i] = c.deliveryId();
            attempts[i] = c.attempt();
            httpStatuses[i] = c.httpStatus();
            text[0][i] = c.eventId();
            text[1][i] = c.runUuid();
            text[2][i] = c.runName();
            text[3][i] = c.project();
            text[4][i] = c.hubRef();
            text[5][i] = c.connection() == null ? "" : c.connection();
            text[6][i] = c.trigger();
            text[7][i] = c.state().name();
            text[8][i] = c.error() == null ? "" : c.error();
            text[9][i] = c.nextAttemptAt() == null ? "" : c.nextAttemptAt().toString();
        }
        Tuple args = Tuple.tuple().addValue(ids);
        for (int c = 0; c < 8; c++) {
            args.addValue(text[c]);
        }
        args.addValue(attempts).addValue(httpStatuses).addValue(text[8]).addValue(text[9]);
        return sql.preparedQuery(APPEND).execute(args)
                .chain(() -> sql.query(NOTIFY).execute())
                .replaceWithVoid();
    }
}
