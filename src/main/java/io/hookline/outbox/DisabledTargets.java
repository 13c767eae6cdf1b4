package io.hookline.outbox;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import io.vertx.mutiny.core.Vertx;
import io.hookline.lifecycle.ShutdownOrder;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Connections a receiver disabled by answering 410 Gone ({@code disabled_targets}). A connection
 * has one URL, so the connection is the target. Kept in memory for the send path, written in the
 * transaction of the attempt that got the 410, and re-read every
 * {@code hookline.outbox.refresh-interval} so every replica stops sending to it.
 */
@ApplicationScoped
public class DisabledTargets {

    /** The connection is the target (its URL is fixed in the catalog). */
    static final String CONNECTION_TARGET = "connection";

    private static final String INSERT = """
            INSERT INTO disabled_targets (connection, target_hash, reason) VALUES ($1, $2, $3)
            ON CONFLICT (connection, target_hash) DO NOTHING
            """;
    private static final String ALL = "SELECT connection, reason, disabled_at FROM disabled_targets";
    private static final String DELETE = "DELETE FROM disabled_targets WHERE connection = $1";

    private final Pool pool;
    private final OutboxConfig config;
    private final Map<String, Disabled> disabled = new ConcurrentHashMap<>();
    /** When this replica last re-enabled each connection, so a re-read that began earlier does not undo it. */
    private final Map<String, Long> enabledAt = new ConcurrentHashMap<>();

    /** @param sinceNanos when this replica learnt it, so a re-read that began earlier does not undo it */
    private record Disabled(String reason, long sinceNanos) {
    }

    private Vertx vertx;
    private long timer = -1;

    DisabledTargets(Pool pool, OutboxConfig config) {
        this.pool = pool;
        this.config = config;
    }

    void start(@Observes StartupEvent event, Vertx vertx) {
        this.vertx = vertx;
        refresh();
        timer = vertx.setPeriodic(config.refreshInterval().toMillis(), id -> refresh());
    }

    void stop(@Observes @Priority(ShutdownOrder.BACKGROUND) ShutdownEvent event) {
        if (timer >= 0) {
            vertx.cancelTimer(timer);
        }
    }

    /** Why the connection is disabled, if it is. */
    public Optional<String> reason(String connection) {
        return Optional.ofNullable(connection == null ? null : disabled.get(connection)).map(Disabled::reason);
    }

    /** Records the 410 in the caller's transaction; this replica stops sending at once. */
    public Uni<Void> disable(SqlClient sql, String connection, String reason) {
        String why = reason + " (disabled " + Instant.now() + ")";
        disabled.put(connection, new Disabled(why, System.nanoTime()));
        return sql.preparedQuery(INSERT).execute(Tuple.of(connection, CONNECTION_TARGET, why)).replaceWithVoid();
    }

    /** Re-enables the connection; true when it was disabled. */
    public Uni<Boolean> enable(String connection) {
        return pool.preparedQuery(DELETE).execute(Tuple.of(connection)).map(rows -> {
            disabled.remove(connection);
            enabledAt.put(connection, System.nanoTime());
            return rows.rowCount() > 0;
        });
    }

    private void refresh() {
        long startedAt = System.nanoTime();
        pool.query(ALL).execute().subscribe().with(rows -> {
            Map<String, Disabled> now = new HashMap<>();
            for (Row row : rows) {
                now.put(row.getString(0), new Disabled(row.getString(1), startedAt));
            }
            // A connection this replica disabled while the query ran may not be in its answer yet.
            disabled.entrySet().removeIf(e -> !now.containsKey(e.getKey()) && e.getValue().sinceNanos() < startedAt);
            now.forEach((connection, entry) -> {
                if (enabledAt.getOrDefault(connection, Long.MIN_VALUE) < startedAt) {
                    disabled.merge(connection, entry, (mine, read) -> mine.sinceNanos() >= startedAt ? mine : read);
                }
            });
        }, failure -> { }); // a database that does not answer is reported by the health probe
    }
}
