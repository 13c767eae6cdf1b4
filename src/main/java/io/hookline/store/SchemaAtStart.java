package io.hookline.store;

import io.hookline.store.embedded.EmbeddedPostgresServer;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Instance;
import jakarta.interceptor.Interceptor;
import org.flywaydb.core.Flyway;
import org.jboss.logging.Logger;

import java.time.Duration;

/**
 * Brings the schema to this build's version at start, before anything else reads the database
 * (the first {@code StartupEvent} observer; the HTTP and gRPC port opens only after them all).
 * A database already at {@link #VERSION}, every migration applied successfully, is left as it
 * is without starting Flyway: Flyway's JDBC pool, connection, scan and validation were a fifth of
 * a restart (docs/operations.md, "Start"). Anything else (a fresh database, an older schema, a
 * failed migration, one from a newer build) goes to Flyway, which migrates, validates, or refuses
 * to start, as {@code quarkus.flyway.migrate-at-start} did.
 *
 * <p>It is also where a start first needs the database: it waits for an embedded Postgres still
 * starting, and refuses a server older than {@link #OLDEST_POSTGRES} (the check Hibernate would
 * make while the JVM starts, which is turned off so that nothing connects before this).
 */
@ApplicationScoped
public class SchemaAtStart {

    /**
     * The highest migration in {@code db/migration} ({@code V<VERSION>__...sql}); a migration added
     * without raising it is caught by {@code SchemaAtStartTest}.
     */
    public static final int VERSION = 10;

    /** The oldest Postgres Hookline runs on ({@code server_version_num}), as Hibernate 7 requires. */
    static final int OLDEST_POSTGRES = 130_000;

    private static final Logger LOG = Logger.getLogger(SchemaAtStart.class);

    private static final String HAS_HISTORY = """
            SELECT to_regclass('flyway_schema_history') IS NOT NULL, current_setting('server_version_num')::int,
                   current_setting('server_version')
            """;
    private static final String APPLIED = """
            SELECT coalesce(max(version::int), 0), coalesce(bool_and(success), true)
              FROM flyway_schema_history WHERE version IS NOT NULL
            """;

    void migrate(@Observes @Priority(Interceptor.Priority.PLATFORM_BEFORE) StartupEvent event, Pool pool,
                 Instance<Flyway> flyway) {
        EmbeddedPostgresServer.awaitStarted();
        if (current(pool).await().atMost(Duration.ofMinutes(1))) {
            LOG.debugf("Schema at version %d: no migration to run", VERSION);
            return;
        }
        flyway.get().migrate();
    }

    /** True when every migration up to {@link #VERSION}, and none after it, applied successfully. */
    private static Uni<Boolean> current(Pool pool) {
        return pool.query(HAS_HISTORY).execute()
                .map(rows -> {
                    Row row = rows.iterator().next();
                    if (row.getInteger(1) < OLDEST_POSTGRES) {
                        throw new IllegalStateException("Postgres " + row.getString(2) + " is too old: Hookline needs "
                                + OLDEST_POSTGRES / 10_000 + " or newer (quarkus.datasource.reactive.url)");
                    }
                    return row.getBoolean(0);
                })
                .chain(exists -> !exists ? Uni.createFrom().item(false) : pool.query(APPLIED).execute().map(rows -> {
                    Row row = rows.iterator().next();
                    return row.getInteger(0) == VERSION && row.getBoolean(1);
                }));
    }
}
