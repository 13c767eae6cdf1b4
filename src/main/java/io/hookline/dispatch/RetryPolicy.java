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

    /** 5 s, 5 min, 30 min, 2 h, 5 h, 10 h, 10 h: eight attempts over about 27 hours before jitter. */
    public static final List<Duration> DEFAULT_SCHEDULE = List.of(Duration.ofSeconds(5), Duration.ofMinutes(5),
            Duration.ofMinutes(30), Duration.ofHours(2), Duration.ofHours(5), Duration.ofHours(10), Duration.ofHours(10));

    public static final RetryPolicy DEFAULT = new RetryPolicy(Duration.ofSeconds(5), 2, DEFAULT_SCHEDULE,
            Duration.ofHours(1), 8, Jitter.EQUAL);

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
        List<Duration> schedule = config.schedule()
                .orElse(config.initialDelay().isPresent() ? List.of() : DEFAULT_SCHEDULE);
        return new RetryPolicy(config.initialDelay().orElse(DEFAULT.initialDelay()), config.multiplier(), schedule,
                config.maxDelay(), config.maxAttempts(), config.jitter());
    }
}
