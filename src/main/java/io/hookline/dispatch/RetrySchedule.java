package io.hookline.dispatch;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.random.RandomGenerator;

/**
 * When to try a failed delivery again: exponential backoff (or an explicit schedule) with jitter,
 * so that deliveries that failed together, when a receiver went down, do not all come back at
 * the same instant when it returns.
 */
public final class RetrySchedule {

    private final RetryPolicy policy;
    private final Clock clock;
    private final RandomGenerator random;

    public RetrySchedule(RetryPolicy policy, Clock clock, RandomGenerator random) {
        this.policy = policy;
        this.clock = clock;
        this.random = random;
    }

    /**
     * @param attemptsMade attempts sent so far, the failed one included (1 after the first)
     * @param retryAfter   the receiver's Retry-After, already capped: the next attempt is not earlier
     * @return when to send the next attempt, or empty when the attempts are used up (DEAD)
     */
    public Optional<Instant> nextAttemptAt(int attemptsMade, Optional<Duration> retryAfter) {
        if (attemptsMade >= policy.maxAttempts()) {
            return Optional.empty();
        }
        Duration delay = withJitter(delayBefore(attemptsMade + 1));
        if (retryAfter.isPresent() && retryAfter.get().compareTo(delay) > 0) {
            delay = retryAfter.get();
        }
        return Optional.of(clock.instant().plus(delay));
    }

    /** The delay before attempt {@code attempt} (2 or more), before jitter. */
    public Duration delayBefore(int attempt) {
        int retry = Math.max(attempt - 1, 1);
        if (!policy.schedule().isEmpty()) {
            return policy.schedule().get(Math.min(retry, policy.schedule().size()) - 1);
        }
        double millis = policy.initialDelay().toMillis() * Math.pow(policy.multiplier(), retry - 1);
        long maxMillis = policy.maxDelay().toMillis();
        return Duration.ofMillis(millis >= maxMillis ? maxMillis : (long) millis);
    }

    private Duration withJitter(Duration delay) {
        long millis = delay.toMillis();
        return switch (policy.jitter()) {
            case NONE -> delay;
            case FULL -> Duration.ofMillis((long) (random.nextDouble() * millis));
            case EQUAL -> Duration.ofMillis(millis / 2 + (long) (random.nextDouble() * (millis - millis / 2)));
        };
    }
}
