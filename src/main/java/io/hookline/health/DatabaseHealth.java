package io.hookline.health;

import grpc.health.v1.HealthOuterClass.HealthCheckResponse.ServingStatus;
import io.quarkus.grpc.runtime.health.GrpcHealthStorage;
import io.hookline.lifecycle.ShutdownOrder;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.Logger;

import java.time.Duration;

/**
 * Makes {@code grpc.health.v1.Health} reflect the database: Hookline cannot ack an event without
 * Postgres, so it is NOT_SERVING while Postgres does not answer. Quarkus's gRPC health service
 * only reports statuses that something sets; this sets them every few seconds.
 */
@ApplicationScoped
public class DatabaseHealth {

    private static final Logger LOG = Logger.getLogger(DatabaseHealth.class);
    private static final long PERIOD_MS = 2_000;
    static final String[] SERVICES = {"", "hookline.v1.HookService", "hookline.v1.HookAdmin"};

    private final Pool pool;
    private final GrpcHealthStorage health;
    private final Vertx vertx;
    private volatile ServingStatus last;
    private long timer = -1;
    private volatile boolean stopped;

    DatabaseHealth(Pool pool, GrpcHealthStorage health, Vertx vertx) {
        this.pool = pool;
        this.health = health;
        this.vertx = vertx;
    }

    void start(@Observes StartupEvent event) {
        probe();
        timer = vertx.setPeriodic(PERIOD_MS, id -> probe());
    }

    /** A replica that is stopping takes no new calls: load balancers and probes see it first. */
    void stop(@Observes @Priority(ShutdownOrder.INTAKE) ShutdownEvent event) {
        if (timer >= 0) {
            vertx.cancelTimer(timer);
        }
        stopped = true;
        set(ServingStatus.NOT_SERVING);
    }

    private void probe() {
        pool.query("SELECT 1").execute()
                .ifNoItem().after(Duration.ofMillis(PERIOD_MS)).fail()
                .subscribe().with(rows -> {
                    if (!stopped) {
                        set(ServingStatus.SERVING);
                    }
                }, failure -> {
                    if (stopped) {
                        return;
                    }
                    if (last != ServingStatus.NOT_SERVING) {
                        LOG.warnf("Postgres does not answer (%s): health is NOT_SERVING", failure.getMessage());
                    }
                    set(ServingStatus.NOT_SERVING);
                });
    }

    private void set(ServingStatus status) {
        last = status;
        for (String service : SERVICES) {
            health.setStatus(service, status);
        }
    }
}
