package io.hookline.status;

import io.hookline.error.Refusal;
import io.smallrye.mutiny.Multi;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.enterprise.context.ApplicationScoped;

/** Subscribe: a replay of the status log after a cursor, then its live changes, for one subscriber. */
@ApplicationScoped
public class SubscribeService {

    private final Pool pool;
    private final StatusLog log;
    private final StatusFeed feed;
    private final SubscribeConfig config;

    SubscribeService(Pool pool, StatusLog log, StatusFeed feed, SubscribeConfig config) {
        this.pool = pool;
        this.log = log;
        this.feed = feed;
        this.config = config;
    }

    /**
     * The changes the request asks for, in cursor order. {@code transport} says when the
     * subscriber's connection takes more; see {@link SubscriberStream} for the seam and the bound.
     */
    public Multi<LoggedChange> subscribe(SubscriptionRequest request, TransportReadiness transport) {
        if (request.afterCursor() < 0) {
            throw Refusal.invalid("after_cursor", "must be 0 or a cursor a DeliveryEvent carried");
        }
        return Multi.createFrom().emitter(emitter -> {
            SubscriberStream stream = new SubscriberStream(request, config.buffer(), config.pageSize(),
                    (after, upTo) -> log.read(pool, request.filter(), after, upTo, config.pageSize()),
                    transport, emitter, feed::unregister);
            if (request.mode() == SubscriptionRequest.Mode.REPLAY_ONLY) {
                // Everything committed before the request, not only what the live feed has read so
                // far: the feed follows NOTIFY asynchronously and may be a moment behind the log.
                log.safeEnd(pool, feed.horizon()).subscribe().with(stream::start, emitter::fail);
            } else {
                // Registered for live changes before the replay is read: see SubscriberStream.
                stream.start(feed.register(stream));
            }
        });
    }
}
