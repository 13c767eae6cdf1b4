package io.hookline.dispatch;

import io.hookline.connections.ConnectionCatalog;
import io.hookline.outbox.OutboxConfig;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.faulttolerance.api.CircuitBreakerState;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import java.util.concurrent.atomic.AtomicReference;

/**
 * Gauges operators watch: each connection's breaker (0 closed, 1 half open, 2 open) and the
 * outbox lag, the age of the oldest delivery that is due and not yet claimed (read every
 * {@code hookline.outbox.refresh-interval}).
 */
@ApplicationScoped
class DispatchGauges {

    private static final String OUTBOX_LAG = """
            SELECT COALESCE(EXTRACT(EPOCH FROM now() - min(next_attempt_at)), 0)
              FROM deliveries
             WHERE state IN ('PENDING', 'RETRY_SCHEDULED') AND next_attempt_at <= now()
            """;

    private final AtomicReference<Double> lagSeconds = new AtomicReference<>(0.0);

    void register(@Observes StartupEvent event, MeterRegistry metrics, ConnectionCatalog catalog,
                  ConnectionGuards guards, Pool pool, Vertx vertx, OutboxConfig config) {
        catalog.connections().forEach(c -> Gauge.builder("hookline.connection.breaker",
                        () -> guards.breakerState(c.name()).map(DispatchGauges::level).orElse(0))
                .tag("connection", c.name()).description("0 closed, 1 half open, 2 open").register(metrics));
        Gauge.builder("hookline.outbox.lag", lagSeconds, AtomicReference::get).baseUnit("seconds")
                .description("age of the oldest due, unclaimed delivery").register(metrics);
        vertx.setPeriodic(config.refreshInterval().toMillis(), id -> pool.query(OUTBOX_LAG).execute().subscribe().with(
                rows -> lagSeconds.set(rows.iterator().next().getNumeric(0).doubleValue()),
                failure -> { })); // a database that does not answer is reported by the health probe
    }

    private static int level(CircuitBreakerState state) {
        return switch (state) {
            case CLOSED -> 0;
            case HALF_OPEN -> 1;
            case OPEN -> 2;
        };
    }
}
