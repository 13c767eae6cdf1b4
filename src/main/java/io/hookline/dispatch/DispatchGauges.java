package io.hookline.dispatch;

import io.hookline.connections.CatalogChange;
import io.hookline.connections.Connection;
import io.hookline.connections.ConnectionCatalog;
import io.hookline.outbox.OutboxConfig;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.hookline.lifecycle.ShutdownOrder;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.faulttolerance.api.CircuitBreakerState;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Gauges operators watch: each connection's breaker (0 closed, 1 half open, 2 open) and the
 * outbox lag, the age of the oldest delivery that is due and not yet claimed (read every
 * {@code hookline.outbox.refresh-interval}).
 */
@ApplicationScoped
class DispatchGauges {

    // One index probe per catalog connection (deliveries_due_by_connection): the oldest due row of
    // each, whether it waits for a claim or for its connection to have room.
    private static final String OUTBOX_LAG = """
            SELECT COALESCE(EXTRACT(EPOCH FROM now() - min(oldest.at)), 0)
              FROM unnest($1::text[]) AS c(connection),
                   LATERAL (SELECT d.next_attempt_at AS at FROM deliveries d
                             WHERE d.connection = c.connection AND d.state IN ('PENDING', 'RETRY_SCHEDULED')
                               AND d.next_attempt_at <= now()
                             ORDER BY d.next_attempt_at LIMIT 1) oldest
            """;

    private final AtomicReference<Double> lagSeconds = new AtomicReference<>(0.0);
    /** The breaker gauge of each catalog connection, by name. */
    private final Map<String, Gauge> breakers = new ConcurrentHashMap<>();

    private Vertx vertx;
    private long timer = -1;

    void register(@Observes StartupEvent event, MeterRegistry metrics, ConnectionCatalog catalog,
                  ConnectionGuards guards, Pool pool, Vertx vertx, OutboxConfig config) {
        catalog.connections().forEach(c -> registerBreaker(metrics, guards, c.name()));
        Gauge.builder("hookline.outbox.lag", lagSeconds, AtomicReference::get).baseUnit("seconds")
                .description("age of the oldest due, unclaimed delivery").register(metrics);
        this.vertx = vertx;
        // The catalog as it is at each reading: it follows its file.
        timer = vertx.setPeriodic(config.refreshInterval().toMillis(), id -> pool.preparedQuery(OUTBOX_LAG)
                .execute(Tuple.of(catalog.connections().stream().map(Connection::name).toArray(String[]::new)))
                .subscribe().with(
                rows -> lagSeconds.set(rows.iterator().next().getNumeric(0).doubleValue()),
                failure -> { })); // a database that does not answer is reported by the health probe
    }

    /** A breaker gauge for each connection added to the catalog file, none for those removed from it. */
    void catalogChanged(@Observes CatalogChange change, MeterRegistry metrics, ConnectionGuards guards) {
        change.added().forEach(name -> registerBreaker(metrics, guards, name));
        change.removed().forEach(name -> {
            Gauge gauge = breakers.remove(name);
            if (gauge != null) {
                metrics.remove(gauge);
            }
        });
    }

    private void registerBreaker(MeterRegistry metrics, ConnectionGuards guards, String name) {
        breakers.put(name, Gauge.builder("hookline.connection.breaker",
                        () -> guards.breakerState(name).map(DispatchGauges::level).orElse(0))
                .tag("connection", name).description("0 closed, 1 half open, 2 open").register(metrics));
    }

    void stop(@Observes @Priority(ShutdownOrder.BACKGROUND) ShutdownEvent event) {
        if (timer >= 0) {
            vertx.cancelTimer(timer);
        }
    }

    private static int level(CircuitBreakerState state) {
        return switch (state) {
            case CLOSED -> 0;
            case HALF_OPEN -> 1;
            case OPEN -> 2;
        };
    }
}
