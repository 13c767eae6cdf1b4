package io.hookline.status;

import io.hookline.error.Refusal;
import io.hookline.lifecycle.ShutdownOrder;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.Startup;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.subscription.Cancellable;
import io.smallrye.mutiny.subscription.MultiEmitter;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/** Subscribe: a replay of the status log after a cursor, then its live changes, for one subscriber. */
@ApplicationScoped
@Startup // its hookline_subscribers gauge is served from the start, not from the first Subscribe on
public class SubscribeService {

    private final Pool pool;
    private final StatusLog log;
    private final StatusFeed feed;
    private final SubscribeConfig config;
    private final AtomicInteger subscribers = new AtomicInteger();
    private final Set<SubscriberStream> open = ConcurrentHashMap.newKeySet();
    private volatile boolean stopping;

    SubscribeService(Pool pool, StatusLog log, StatusFeed feed, SubscribeConfig config, MeterRegistry metrics) {
        this.pool = pool;
        this.log = log;
        this.feed = feed;
        this.config = config;
        Gauge.builder("hookline.subscribers", subscribers, AtomicInteger::get)
                .description("Subscribe streams open on this replica").register(metrics);
    }

    /**
     * The changes the request asks for, in cursor order. {@code transport} says when the
     * subscriber's connection takes more; see {@link SubscriberStream} for the seam and the bound.
     * A cursor older than the retained log is refused with OUT_OF_RANGE naming the oldest one
     * available, because changes after it may have been deleted.
     */
    public Multi<LoggedChange> subscribe(SubscriptionRequest request, TransportReadiness transport) {
        if (request.afterCursor() < 0) {
            throw Refusal.invalid("after_cursor", "must be 0 or a cursor a DeliveryEvent carried");
        }
        if (stopping) {
            throw Refusal.unavailable("this Hookline replica is shutting down; subscribe on another replica");
        }
        if (subscribers.incrementAndGet() > config.maxSubscribers()) {
            subscribers.decrementAndGet();
            throw Refusal.exhausted("this replica already serves " + config.maxSubscribers()
                    + " subscribers (hookline.subscribe.max-subscribers); retry later or on another replica");
        }
        return Multi.createFrom().<LoggedChange>emitter(emitter -> {
            // What the stream waits for before it starts (the retention check, a replay's log
            // end); cancelled when the subscriber leaves, so a departed client costs no queries.
            AtomicReference<Cancellable> pending = new AtomicReference<>(() -> { });
            SubscriberStream stream = new SubscriberStream(request, config.buffer(), config.pageSize(),
                    (after, upTo) -> log.read(pool, request.filter(), after, upTo, config.pageSize()),
                    transport, emitter, ended -> {
                        open.remove(ended);
                        feed.unregister(ended);
                        pending.get().cancel();
                    });
            open.add(stream);
            if (stopping) {
                stream.endForShutdown();
                return;
            }
            if (request.afterCursor() == 0 || request.mode() == SubscriptionRequest.Mode.LIVE_ONLY) {
                begin(request, stream, emitter, pending);
                return;
            }
            follow(pending, emitter, log.oldestCursorAvailable(pool).subscribe().with(oldest -> {
                if (request.afterCursor() < oldest) {
                    emitter.fail(Refusal.outOfRange("after_cursor=" + request.afterCursor()
                            + " is older than the retained status log: changes up to cursor " + oldest
                            + " may have been deleted (hookline.retention.age); the oldest cursor available is "
                            + oldest));
                } else {
                    begin(request, stream, emitter, pending);
                }
            }, emitter::fail));
        }).onTermination().invoke(subscribers::decrementAndGet);
    }

    /** Subscribers on this replica now: the {@code hookline.subscribers} gauge. */
    public int subscribers() {
        return subscribers.get();
    }

    /** Ends every subscriber with the cursor to resume from, before the feed and the database stop. */
    void stop(@Observes @Priority(ShutdownOrder.SUBSCRIBERS) ShutdownEvent event) {
        stopping = true;
        open.forEach(SubscriberStream::endForShutdown);
    }

    private void begin(SubscriptionRequest request, SubscriberStream stream, MultiEmitter<? super LoggedChange> emitter,
                       AtomicReference<Cancellable> pending) {
        if (request.mode() == SubscriptionRequest.Mode.REPLAY_ONLY) {
            // Everything committed before the request, not only what the live feed has read so
            // far: the feed follows NOTIFY asynchronously and may be a moment behind the log.
            follow(pending, emitter, log.safeEnd(pool, feed.horizon()).subscribe().with(stream::start, emitter::fail));
        } else {
            // Registered for live changes before the replay is read: see SubscriberStream.
            stream.start(feed.register(stream));
        }
    }

    /** Remembers the wait to cancel when the subscriber leaves; cancels it at once if it already left. */
    private static void follow(AtomicReference<Cancellable> pending, MultiEmitter<?> emitter, Cancellable wait) {
        pending.set(wait);
        if (emitter.isCancelled()) {
            wait.cancel();
        }
    }
}
