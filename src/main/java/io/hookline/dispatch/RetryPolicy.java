package io.hookline.dispatch;

import io.hookline.dispatch.DispatchConfig.Jitter;
import java.time.Duration;
import java.util.List;

/**
 * The backoff settings of {@link RetrySchedule}; see {@link DispatchConfig.Retry} for each.
 *
 * @param schedule explicit delays; empty means exponential from initialDelay by multiplier
 */
public record RetryPolicy(Duration initialDelay, double multiplier, List<Duration> schedule, Duration maxDelay,
        int maxAttempts, Jitter jitter) {

    public static final RetryPolicy DEFAULT = new RetryPolicy(Duration.ofSeconds(5), 2, List.of(), Duration.ofHours(1),
            8, Jitter.EQUAL);

    public RetryPolicy {
        schedule = List.copyOf(schedule);
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("hookline.dispatch.retry.max-attempts must be at least 1, was " + maxAttempts);
        }
        if (multiplier < 1) {
            throw new IllegalArgumentException("hookline.dispatch.retry.multiplier must be at least 1, was " + multiplier);
        }
        if (initialDelay.isNegative() || maxDelay.isNegative() || schedule.stream().anyMatch(Duration::isNegative)) {
            throw new IllegalArgumentException("hookline.dispatch.retry delays must not be negative");
        }
    }

    public static RetryPolicy from(DispatchConfig.Retry config) {
        return new RetryPolicy(config.initialDelay(), config.multiplier(), config.schedule().orElse(List.of()),
                config.maxDelay(), config.maxAttempts(), config.jitter());
    }
}
