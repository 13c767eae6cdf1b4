package io.hookline.dispatch;

import static org.assertj.core.api.Assertions.assertThat;

import io.hookline.dispatch.DispatchConfig.Jitter;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.random.RandomGenerator;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RetryScheduleTest {

    static final Instant NOW = Instant.parse("2026-05-01T12:00:00Z");
    static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);

    /** Always draws {@code value}: the lowest (0) or almost the highest (0.999...) jitter. */
    static RandomGenerator drawing(double value) {
        return new RandomGenerator() {
            @Override
            public long nextLong() {
                throw new UnsupportedOperationException();
            }

            @Override
            public double nextDouble() {
                return value;
            }
        };
    }

    static RetryPolicy policy(Jitter jitter) {
        return new RetryPolicy(Duration.ofSeconds(5), 2, List.of(), Duration.ofHours(1), 8, jitter);
    }

    @ParameterizedTest(name = "after attempt {0}: {1}s")
    @CsvSource({"1, 5", "2, 10", "3, 20", "4, 40", "5, 80", "6, 160", "7, 320"})
    void delaysDoubleFromFiveSecondsWithoutJitter(int attemptsMade, long seconds) {
        RetrySchedule schedule = new RetrySchedule(policy(Jitter.NONE), CLOCK, drawing(0.5));

        assertThat(schedule.nextAttemptAt(attemptsMade, Optional.empty())).contains(NOW.plusSeconds(seconds));
    }

    @Test
    void afterTheLastAttemptTheDeliveryIsDead() {
        RetrySchedule schedule = new RetrySchedule(RetryPolicy.DEFAULT, CLOCK, new Random(1));

        assertThat(schedule.nextAttemptAt(7, Optional.empty())).isPresent();
        assertThat(schedule.nextAttemptAt(8, Optional.empty())).isEmpty();
        assertThat(schedule.nextAttemptAt(9, Optional.empty())).isEmpty();
    }

    @Test
    void delaysStopGrowingAtTheMaximum() {
        RetryPolicy policy = new RetryPolicy(Duration.ofSeconds(5), 10, List.of(), Duration.ofMinutes(10), 50, Jitter.NONE);
        RetrySchedule schedule = new RetrySchedule(policy, CLOCK, drawing(0.5));

        assertThat(schedule.delayBefore(4)).isEqualTo(Duration.ofSeconds(500));
        assertThat(schedule.delayBefore(5)).isEqualTo(Duration.ofMinutes(10));
        assertThat(schedule.delayBefore(49)).isEqualTo(Duration.ofMinutes(10));
    }

    @Test
    void fullJitterDrawsBetweenZeroAndTheDelay() {
        assertThat(new RetrySchedule(policy(Jitter.FULL), CLOCK, drawing(0)).nextAttemptAt(3, Optional.empty()))
                .contains(NOW);
        assertThat(new RetrySchedule(policy(Jitter.FULL), CLOCK, drawing(0.9999)).nextAttemptAt(3, Optional.empty()))
                .contains(NOW.plusMillis(19_998));
    }

    @Test
    void equalJitterKeepsAtLeastHalfTheDelay() {
        assertThat(new RetrySchedule(policy(Jitter.EQUAL), CLOCK, drawing(0)).nextAttemptAt(3, Optional.empty()))
                .contains(NOW.plusSeconds(10));
        assertThat(new RetrySchedule(policy(Jitter.EQUAL), CLOCK, drawing(0.9999)).nextAttemptAt(3, Optional.empty()))
                .contains(NOW.plusMillis(19_999));
    }

    @Test
    void jitteredDelaysStayInTheirBoundsOverManyDraws() {
        RetrySchedule schedule = new RetrySchedule(policy(Jitter.EQUAL), CLOCK, new Random(42));

        IntStream.range(0, 1000).forEach(i -> assertThat(schedule.nextAttemptAt(2, Optional.empty()).orElseThrow())
                .isBetween(NOW.plusSeconds(5), NOW.plusSeconds(10)));
    }

    @Test
    void explicitScheduleIsFollowedAndItsLastDelayRepeats() {
        RetryPolicy policy = new RetryPolicy(Duration.ofSeconds(5), 2,
                List.of(Duration.ofSeconds(5), Duration.ofMinutes(5), Duration.ofMinutes(30)), Duration.ofHours(1), 6,
                Jitter.NONE);
        RetrySchedule schedule = new RetrySchedule(policy, CLOCK, drawing(0.5));

        assertThat(IntStream.rangeClosed(1, 6).mapToObj(n -> schedule.nextAttemptAt(n, Optional.empty())).toList())
                .containsExactly(Optional.of(NOW.plusSeconds(5)), Optional.of(NOW.plusSeconds(300)),
                        Optional.of(NOW.plusSeconds(1800)), Optional.of(NOW.plusSeconds(1800)),
                        Optional.of(NOW.plusSeconds(1800)), Optional.empty());
    }

    @Test
    void retryAfterLongerThanTheBackoffWins() {
        RetrySchedule schedule = new RetrySchedule(policy(Jitter.NONE), CLOCK, drawing(0.5));

        assertThat(schedule.nextAttemptAt(1, Optional.of(Duration.ofSeconds(90)))).contains(NOW.plusSeconds(90));
        assertThat(schedule.nextAttemptAt(1, Optional.of(Duration.ofSeconds(2)))).contains(NOW.plusSeconds(5));
    }

    @Test
    void byDefaultADeliveryIsRetriedForAboutADayBeforeItIsDead() {
        RetryPolicy defaults = RetryPolicy.from(retry(Optional.empty(), Optional.empty()));
        RetryPolicy noJitter = new RetryPolicy(defaults.initialDelay(), defaults.multiplier(), defaults.schedule(),
                defaults.maxDelay(), defaults.maxAttempts(), Jitter.NONE);
        RetrySchedule schedule = new RetrySchedule(noJitter, CLOCK, drawing(0.5));

        List<Duration> delays = IntStream.rangeClosed(1, 7)
                .mapToObj(n -> Duration.between(NOW, schedule.nextAttemptAt(n, Optional.empty()).orElseThrow())).toList();

        assertThat(delays).containsExactly(Duration.ofSeconds(5), Duration.ofMinutes(5), Duration.ofMinutes(30),
                Duration.ofHours(2), Duration.ofHours(5), Duration.ofHours(10), Duration.ofHours(10));
        assertThat(delays.stream().reduce(Duration.ZERO, Duration::plus)).isBetween(Duration.ofHours(24), Duration.ofHours(30));
        assertThat(schedule.nextAttemptAt(8, Optional.empty())).as("after the eighth attempt").isEmpty();
        assertThat(defaults.jitter()).isEqualTo(Jitter.EQUAL);
    }

    @Test
    void anInitialDelaySetWithoutAScheduleMeansExponentialBackoff() {
        RetryPolicy policy = RetryPolicy.from(retry(Optional.empty(), Optional.of(Duration.ofSeconds(2))));

        assertThat(policy.schedule()).isEmpty();
        assertThat(new RetrySchedule(policy, CLOCK, drawing(0.5)).delayBefore(4)).isEqualTo(Duration.ofSeconds(8));
    }

    @Test
    void aScheduleSetReplacesTheInitialDelay() {
        RetryPolicy policy = RetryPolicy.from(retry(Optional.of(List.of(Duration.ofSeconds(1), Duration.ofSeconds(3))),
                Optional.of(Duration.ofSeconds(2))));

        assertThat(policy.schedule()).containsExactly(Duration.ofSeconds(1), Duration.ofSeconds(3));
    }

    /** The retry settings as a user sets them: everything else at its default. */
    static DispatchConfig.Retry retry(Optional<List<Duration>> schedule, Optional<Duration> initialDelay) {
        return new DispatchConfig.Retry() {
            @Override
            public Optional<List<Duration>> schedule() {
                return schedule;
            }

            @Override
            public Optional<Duration> initialDelay() {
                return initialDelay;
            }

            @Override
            public double multiplier() {
                return 2;
            }

            @Override
            public Duration maxDelay() {
                return Duration.ofHours(1);
            }

            @Override
            public int maxAttempts() {
                return 8;
            }

            @Override
            public Jitter jitter() {
                return Jitter.EQUAL;
            }

            @Override
            public Duration retryAfterMax() {
                return Duration.ofHours(1);
            }
        };
    }
}
