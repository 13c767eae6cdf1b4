package io.hookline.status;

import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.subscription.MultiEmitter;

import java.util.ArrayDeque;
import java.util.List;
import java.util.function.Consumer;

/**
 * One subscriber: its replay, then the live changes the feed hands it, sent only as fast as its
 * transport takes them.
 *
 * <p>The seam: the stream is registered with the feed before the replay starts, and the feed
 * tells it the cursor up to which the log was complete at that moment ({@code replayEnd}). The
 * replay reads the log up to {@code replayEnd}; every later change arrives live (buffered while
 * the replay runs), and a live change is sent only when its cursor is above the last one sent.
 * So nothing between the two is missed or sent twice.
 *
 * <p>Backpressure: live changes wait in a queue of at most {@code buffer} entries. The feed never
 * waits for a subscriber; when the queue is full the stream ends with
 * {@link SubscriberTooSlowException} naming the last cursor it sent. The replay is read one page
 * at a time, the next page only once the previous one is sent, so it needs no bound of its own.
 */
final class SubscriberStream {

    /** Reads a page of the subscriber's replay: matching changes with {@code after < cursor <= upTo}. */
    interface ReplayReader {
        Uni<List<LoggedChange>> pageAfter(long after, long upTo);
    }

    private final SubscriptionRequest request;
    private final int buffer;
    private final int pageSize;
    private final ReplayReader replay;
    private final TransportReadiness transport;
    private final MultiEmitter<? super LoggedChange> emitter;
    private final Consumer<SubscriberStream> onEnd;

    private final ArrayDeque<LoggedChange> replayPage = new ArrayDeque<>();
    private final ArrayDeque<LoggedChange> live = new ArrayDeque<>();
    /** The last cursor sent, or where the stream started: what a resume passes as after_cursor. */
    private long sent;
    private long replayEnd;
    private boolean started;
    private boolean replaying;
    private boolean pageInFlight;
    private boolean overflowed;
    private boolean ended;

    SubscriberStream(SubscriptionRequest request, int buffer, int pageSize, ReplayReader replay,
                     TransportReadiness transport, MultiEmitter<? super LoggedChange> emitter,
                     Consumer<SubscriberStream> onEnd) {
        this.request = request;
        this.buffer = buffer;
        this.pageSize = pageSize;
        this.replay = replay;
        this.transport = transport;
        this.emitter = emitter;
        this.onEnd = onEnd;
        this.sent = request.afterCursor();
        transport.whenReady(this::drain);
        emitter.onRequest(n -> drain());
        emitter.onTermination(this::end);
    }

    /**
     * Starts sending, given the cursor up to which the log was complete when the stream was
     * registered for live changes (or, for a replay only, when it asked).
     */
    synchronized void start(long logEnd) {
        replayEnd = logEnd;
        if (request.mode() == SubscriptionRequest.Mode.LIVE_ONLY) {
            sent = logEnd;
        } else {
            replaying = sent < logEnd;
        }
        started = true;
        drain();
    }

    ChangeFilter filter() {
        return request.filter();
    }

    /**
     * Called by the feed for each live change that passes the filter; never blocks. Returns false
     * when the stream is over (ended, or overflowed and about to end) and wants no more.
     */
    synchronized boolean offer(LoggedChange change) {
        if (ended || overflowed) {
            return false;
        }
        if (live.size() >= buffer) {
            overflowed = true;
            live.clear();
            return false;
        }
        live.add(change);
        return true;
    }

    /** Sends what the transport takes now; called after offers, on transport readiness and on demand. */
    synchronized void drain() {
        if (ended || !started) {
            return;
        }
        if (overflowed) {
            emitter.fail(new SubscriberTooSlowException(buffer, sent));
            end();
            return;
        }
        while (transport.isReady() && emitter.requested() > 0) {
            LoggedChange next = replayPage.poll();
            if (next != null) {
                send(next);
                continue;
            }
            if (replaying) {
                if (!pageInFlight) {
                    fetchReplayPage();
                }
                return;
            }
            if (request.mode() == SubscriptionRequest.Mode.REPLAY_ONLY) {
                emitter.complete();
                end();
                return;
            }
            next = live.poll();
            if (next == null) {
                return;
            }
            if (next.cursor() > sent) {
                send(next);
            }
        }
    }

    /** Ends the stream now, telling the subscriber the cursor to resume from. */
    synchronized void endForShutdown() {
        if (!ended) {
            emitter.fail(new ReplicaStoppingException(sent));
            end();
        }
    }

    private void send(LoggedChange change) {
        sent = change.cursor();
        emitter.emit(change);
    }

    private void fetchReplayPage() {
        pageInFlight = true;
        replay.pageAfter(sent, replayEnd).subscribe().with(page -> {
            synchronized (this) {
                pageInFlight = false;
                replayPage.addAll(page);
                replaying = page.size() == pageSize;
            }
            drain();
        }, failure -> {
            synchronized (this) {
                if (!ended) {
                    emitter.fail(failure);
                    end();
                }
            }
        });
    }

    private synchronized void end() {
        if (!ended) {
            ended = true;
            live.clear();
            replayPage.clear();
            onEnd.accept(this);
        }
    }
}
