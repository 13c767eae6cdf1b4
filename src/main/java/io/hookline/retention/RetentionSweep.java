package io.hookline.retention;

import io.hookline.lifecycle.ShutdownOrder;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlClient;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Deletes what is older than {@code hookline.retention.age}, every {@code interval}, in batches
 * of {@code batch-size} rows, each batch its own short transaction. The order makes every step
 * safe on its own: final deliveries (with their attempts), then the status-log rows of
 * deliveries that are gone, then run events with no delivery left.
 */
@ApplicationScoped
public class RetentionSweep {

    private static final Logger LOG = Logger.getLogger(RetentionSweep.class);

    /** One kind of batch delete, in the caller's transaction; answers the rows it deleted. */
    private interface BatchDelete {
        Uni<Integer> delete(SqlClient sql);
    }

    private final Pool pool;
    private final RetentionTable table;
    private final RetentionConfig config;
    private final Vertx vertx;

    private final AtomicBoolean sweeping = new AtomicBoolean();
    private volatile boolean stopped;
    private long timer = -1;

    RetentionSweep(Pool pool, RetentionTable table, RetentionConfig config, Vertx vertx) {
        this.pool = pool;
        this.table = table;
        this.config = config;
        this.vertx = vertx;
    }

    void start(@Observes StartupEvent event) {
        if (config.enabled()) {
            timer = vertx.setPeriodic(config.interval().toMillis(), id -> sweepInBackground());
        }
    }

    /** A sweep running stops after its current batch, which finishes before the database goes. */
    void stop(@Observes @Priority(ShutdownOrder.BACKGROUND) ShutdownEvent event) {
        stopped = true;
        if (timer >= 0) {
            vertx.cancelTimer(timer);
        }
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (sweeping.get() && System.nanoTime() < deadline) {
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private void sweepInBackground() {
        sweep().subscribe().with(swept -> {
            if (swept.batches() > 0) {
                LOG.infof("Retention deleted %d deliveries, %d status changes and %d run events older than %s",
                        swept.deliveries(), swept.statusChanges(), swept.runEvents(), config.age());
            }
        }, failure -> LOG.warnf("Retention sweep failed, trying again in %s: %s", config.interval(),
                failure.getMessage()));
    }

    /**
     * One sweep now: every batch until nothing older than the age is left, another replica holds
     * the turn, or the application stops. A sweep already running on this replica makes this one
     * do nothing.
     */
    public Uni<Swept> sweep() {
        if (!sweeping.compareAndSet(false, true)) {
            return Uni.createFrom().item(Swept.NOTHING);
        }
        int limit = config.batchSize();
        return untilDone(sql -> table.deleteFinalDeliveries(sql, config.age(), limit), Deleted.NONE)
                .map(n -> new Swept(n.rows, 0, 0, n.batches))
                .chain(swept -> untilDone(sql -> table.deleteChangesOfDeletedDeliveries(sql, config.age(), limit), Deleted.NONE)
                        .map(n -> swept.plus(new Swept(0, n.rows, 0, n.batches))))
                .chain(swept -> untilDone(sql -> table.deleteEventsWithoutDeliveries(sql, config.age(), limit), Deleted.NONE)
                        .map(n -> swept.plus(new Swept(0, 0, n.rows, n.batches))))
                .onTermination().invoke(() -> sweeping.set(false));
    }

    private record Deleted(long rows, int batches) {
        static final Deleted NONE = new Deleted(0, 0);
    }

    private Uni<Deleted> untilDone(BatchDelete delete, Deleted sofar) {
        if (stopped) {
            return Uni.createFrom().item(sofar);
        }
        return pool.withTransaction(sql -> table.takeTurn(sql)
                        .chain(turn -> turn ? delete.delete(sql) : Uni.createFrom().item(-1)))
                .chain(rows -> {
                    if (rows < 0) {
                        return Uni.createFrom().item(sofar);
                    }
                    Deleted now = new Deleted(sofar.rows + rows, sofar.batches + (rows > 0 ? 1 : 0));
                    return rows < config.batchSize() ? Uni.createFrom().item(now) : untilDone(delete, now);
                });
    }
}
