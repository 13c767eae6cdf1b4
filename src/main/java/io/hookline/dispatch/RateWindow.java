package io.hookline.dispatch;

import io.hookline.connections.Connection;

/**
 * A connection's {@code rateLimit} as a fixed window, the meaning SmallRye's rate limit gives it:
 * at most {@code requests} sends start in each window of {@code per}. Written here because the
 * claim needs what neither SmallRye's nor Resilience4j's limiter offers: how many permits are
 * left now, to claim no more rows than that, and giving back the ones a claim did not use.
 * Permits are set aside when a claim is made and spent when its sends start, in the window they
 * start in, so a claim that answers after its window ended cannot push the next one over (one
 * claim at a time per rate-limited connection, see {@link DispatchCapacity}).
 * Not thread-safe: {@link DispatchCapacity} holds its lock around every call.
 */
final class RateWindow {

    private final int requests;
    private final long windowNanos;
    private long window = Long.MIN_VALUE;
    private int used;

    RateWindow(Connection.RateLimit limit) {
        this.requests = limit.requests();
        this.windowNanos = Math.max(1, limit.per().toNanos());
    }

    /** Whether this window is the one {@code limit} makes. */
    boolean enforces(Connection.RateLimit limit) {
        return requests == limit.requests() && windowNanos == Math.max(1, limit.per().toNanos());
    }

    int requests() {
        return requests;
    }

    /** Permits left in the window of {@code nowNanos}. */
    int available(long nowNanos) {
        roll(nowNanos);
        return requests - used;
    }

    /** Takes {@code permits} (at most {@link #available}); the window they came from, for {@link #giveBack}. */
    long take(int permits, long nowNanos) {
        roll(nowNanos);
        used += permits;
        return window;
    }

    /** Spends {@code permits} in the window of {@code nowNanos}, for sends starting now. */
    void spend(int permits, long nowNanos) {
        roll(nowNanos);
        used += permits;
    }

    /** Returns unused permits, unless their window is over (a new one starts full). */
    void giveBack(int permits, long takenIn) {
        if (takenIn == window) {
            used = Math.max(0, used - permits);
        }
    }

    private void roll(long nowNanos) {
        long current = Math.floorDiv(nowNanos, windowNanos);
        if (current != window) {
            window = current;
            used = 0;
        }
    }
}
