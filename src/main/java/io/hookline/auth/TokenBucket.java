package io.hookline.auth;

/**
 * A token bucket: holds up to {@code capacity} permits, refilled continuously at {@code rate} per
 * second, and starts full.
 *
 * <p>Written here because the limiters at hand start (nearly) empty: Guava's
 * {@code RateLimiter} and SmallRye Fault Tolerance's smooth rate limit begin with one permit, so
 * the first burst of a token just created would be refused; and neither lets the burst be set
 * apart from the rate.
 */
final class TokenBucket {

    private final double capacity;
    private final double permitsPerNano;
    private double permits;
    private long refilledAt;

    TokenBucket(double ratePerSecond, int capacity, long nowNanos) {
        this.capacity = capacity;
        this.permitsPerNano = ratePerSecond / 1e9;
        this.permits = capacity;
        this.refilledAt = nowNanos;
    }

    /** Takes one permit if there is one. */
    synchronized boolean tryTake(long nowNanos) {
        permits = Math.min(capacity, permits + (nowNanos - refilledAt) * permitsPerNano);
        refilledAt = nowNanos;
        if (permits < 1) {
            return false;
        }
        permits--;
        return true;
    }
}
