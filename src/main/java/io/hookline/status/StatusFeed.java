package io.hookline.status;

import io.hookline.lifecycle.ShutdownOrder;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.pgclient.pubsub.PgSubscriber;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.pgclient.PgConnectOptions;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigProvider;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * This replica's one follower of the status log. A single reader reads each new change once
 * and hands it to every live subscriber whose filter it passes; subscribers only ever get
 * changes offered, so a slow one cannot hold the reader (or dispatch) back.
 *
 * <p>The reader runs when Postgres announces a commit on {@link StatusLog#CHANNEL} (any replica's),
 * every {@code poll-interval} as a safety net, and whenever the LISTEN connection is
 * (re)established: a notification lost while the connection was down only delays changes,
 * because the reader always continues from the last cursor it read, never from the notification.
 */
@ApplicationScoped
public class StatusFeed {

    private static final Logger LOG = Logger.getLogger(StatusFeed.class);
    /** Beyond the writer deadline, how long the database may take to answer at start. */
    private static final Duration START_MARGIN = Duration.ofSeconds(60);

    private final Pool pool;
    private final StatusLog log;
    private final SubscribeConfig config;
    private final Vertx vertx;

    private final Set<SubscriberStream> subscribers = ConcurrentHashMap.newKeySet();
    /** Wake-ups not yet served; the reader runs while it is above zero, so none is lost and rounds never overlap. */
    private final AtomicInteger wakeUps = new AtomicInteger();
    /**
     * Every change up to here has been handed to the subscribers registered at the time; changed
     * only together with that hand-over, under this object's lock.
     */
    private long horizon;
    private PgSubscriber listener;
    private long pollTimer = -1;
    private volatile boolean stopped;

    StatusFeed(Pool pool, StatusLog log, SubscribeConfig config, Vertx vertx) {
        this.pool = pool;
        this.log = log;
        this.config = config;
        this.vertx = vertx;
    }

    void start(@Observes StartupEvent event) {
        horizon = log.safeEnd(pool, 0).await().atMost(config.writerDeadline().plus(START_MARGIN));
        listener = PgSubscriber.subscriber(vertx, listenerOptions(ConfigProvider.getConfig()))
                .reconnectPolicy(attempt -> config.pollInterval().toMillis());
        listener.channel(StatusLog.CHANNEL)
                .subscribeHandler(this::wake)
                .handler(payload -> wake());
        listener.connect().subscribe().with(connected -> LOG.debugf("Listening on %s", StatusLog.CHANNEL),
                failure -> LOG.warnf("Could not LISTEN on %s (polling every %s): %s", StatusLog.CHANNEL,
                        config.pollInterval(), failure.getMessage()));
        pollTimer = vertx.setPeriodic(config.pollInterval().toMillis(), id -> wake());
    }

    /** After the subscribers have ended: the last read round finishes before the database goes. */
    void stop(@Observes @Priority(ShutdownOrder.SUBSCRIBERS + 1) ShutdownEvent event) {
        stopped = true;
        if (pollTimer >= 0) {
            vertx.cancelTimer(pollTimer);
        }
        if (listener != null) {
            listener.closeAndForget();
        }
        long deadline = System.nanoTime() + config.writerDeadline().toNanos();
        while (wakeUps.get() > 0 && System.nanoTime() < deadline) {
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    /**
     * Registers a subscriber for live changes and returns the cursor up to which the log was
     * complete at that moment: the subscriber replays up to it and gets everything after it live.
     */
    synchronized long register(SubscriberStream subscriber) {
        subscribers.add(subscriber);
        return horizon;
    }

    void unregister(SubscriberStream subscriber) {
        subscribers.remove(subscriber);
    }

    /** The cursor up to which the log is complete, as far as this replica has read it. */
    synchronized long horizon() {
        return horizon;
    }

    /** Asks for a read of the log; reads requested while one runs are served by one more round. */
    void wake() {
        if (stopped) {
            return;
        }
        if (wakeUps.getAndIncrement() == 0) {
            readRound();
        }
    }

    private void readRound() {
        int served = wakeUps.get();
        log.safeEnd(pool, horizon()).chain(this::readUpTo).subscribe().with(
                done -> afterRound(served),
                failure -> {
                    LOG.warnf("Reading the status log failed, retrying at the next notification or poll: %s",
                            failure.getMessage());
                    afterRound(served);
                });
    }

    private void afterRound(int served) {
        if (wakeUps.addAndGet(-served) > 0) {
            readRound();
        }
    }

    private Uni<Void> readUpTo(long end) {
        long from;
        synchronized (this) {
            from = horizon;
            // No subscriber on this replica: every change up to end has been handed to all of the
            // subscribers registered (none), so the horizon moves there without reading a row.
            // One that registers after this gets the new horizon and replays up to it itself.
            // Under load the log grows by a few rows per delivery, which this replica would
            // otherwise read back and decode, all of them, only to find nobody to give them to.
            if (from < end && subscribers.isEmpty()) {
                horizon = end;
                return Uni.createFrom().voidItem();
            }
        }
        if (from >= end) {
            return Uni.createFrom().voidItem();
        }
        return log.read(pool, ChangeFilter.ALL, from, end, config.pageSize()).chain(page -> {
            handOver(page, page.size() < config.pageSize() ? end : page.get(page.size() - 1).cursor());
            return readUpTo(end);
        });
    }

    private void handOver(List<LoggedChange> page, long newHorizon) {
        List<SubscriberStream> offered = new ArrayList<>();
        synchronized (this) {
            for (SubscriberStream subscriber : subscribers) {
                boolean wanted = false;
                for (LoggedChange change : page) {
                    if (subscriber.filter().matches(change.change())) {
                        if (!subscriber.offer(change)) {
                            subscribers.remove(subscriber);
                            break;
                        }
                        wanted = true;
                    }
                }
                if (wanted || !subscribers.contains(subscriber)) {
                    offered.add(subscriber);
                }
            }
            horizon = newHorizon;
        }
        offered.forEach(SubscriberStream::drain);
    }

    /**
     * LISTEN needs a connection of its own, outside the pool, to the datasource's database:
     * options from the same URL and credentials as the reactive pool.
     */
    static PgConnectOptions listenerOptions(Config config) {
        String url = config.getValue("quarkus.datasource.reactive.url", String.class)
                .replaceFirst("^vertx-reactive:", "");
        PgConnectOptions options = PgConnectOptions.fromUri(url);
        config.getOptionalValue("quarkus.datasource.username", String.class).ifPresent(options::setUser);
        config.getOptionalValue("quarkus.datasource.password", String.class).ifPresent(options::setPassword);
        return options;
    }
}
