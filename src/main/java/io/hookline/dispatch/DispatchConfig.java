package io.hookline.dispatch;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** How deliveries are claimed, sent and retried. */
@ConfigMapping(prefix = "hookline.dispatch")
public interface DispatchConfig {

    Retry retry();

    Http http();

    Workers workers();

    /**
     * Backoff between attempts of one delivery. The default is {@link RetryPolicy#DEFAULT_SCHEDULE},
     * about a day in all, in the range of Svix and Stripe: a receiver that is down for an
     * afternoon still gets its deliveries.
     */
    interface Retry {

        /**
         * Explicit delays before the 2nd, 3rd, ... attempt (e.g. {@code 5s,5m,30m,2h}); its last
         * delay repeats up to max-attempts.
         */
        Optional<List<Duration>> schedule();

        /**
         * Exponential backoff instead of a schedule: the delay before the second attempt, each
         * further one {@link #multiplier} times the previous, up to {@link #maxDelay}. Used only
         * when set and {@link #schedule} is not.
         */
        Optional<Duration> initialDelay();

        @WithDefault("2")
        double multiplier();

        /** No exponential delay is longer than this, before jitter. */
        @WithDefault("1h")
        Duration maxDelay();

        /** Attempts in all, the first included; after the last failed one the delivery is DEAD. */
        @WithDefault("8")
        int maxAttempts();

        /** {@code equal}: half the delay plus a random half; {@code full}: random up to the delay; {@code none}. */
        @WithDefault("equal")
        Jitter jitter();

        /** A receiver's Retry-After (429, 503) is honoured up to this. */
        @WithDefault("1h")
        Duration retryAfterMax();
    }

    /** The HTTP client shared by all connections. */
    interface Http {

        /** Characters of a receiver's response body kept on the attempt (masked), so users see why it failed. */
        @WithDefault("4096")
        int responseBodyLimit();

        /** Open connections per receiver host (HTTP/1.1); HTTP/2 multiplexes on one. */
        @WithDefault("32")
        int maxPoolSize();

        @WithDefault("5s")
        Duration connectTimeout();

        @WithDefault("Hookline")
        String userAgent();
    }

    /** How this replica's dispatcher claims and sends deliveries. */
    interface Workers {

        /** Most outcomes written in one commit. */
        @WithDefault("1024")
        int outcomeBatch();

        /**
         * Outcome commits in flight at once. While they are out, the next outcomes gather into
         * one group: fewer commits in flight make larger groups, and each statement's own cost
         * (planning, its three writes, the fsync) is paid per group. Measured on 2 cores over
         * 20,000 webhooks (docs/benchmarks.md): 2 delivered 7 % more than 4 with a fifth less
         * Postgres CPU; 1 was no faster than 2 and leaves every outcome behind one slow fsync.
         */
        @WithDefault("2")
        int outcomeCommits();

        /** How long shutdown waits for sends in flight to be recorded. */
        @WithDefault("5s")
        Duration drainOnShutdown();

        /** Whether this replica sends deliveries at all (intake-only replicas set false). */
        @WithDefault("true")
        boolean enabled();

        /**
         * Deliveries being sent at once by this replica, over all lanes. Each claim and each group of
         * outcomes is one durable commit (an fsync), so throughput is batch size over commit time:
         * large batches are what make dispatch fast.
         */
        @WithDefault("1024")
        int concurrency();

        /**
         * Deliveries planned at intake are written leased to this replica and sent as soon as
         * their event commits, when their connection has room and nothing older of it is due;
         * off, every delivery waits in the outbox for a claim.
         */
        @WithDefault("true")
        boolean handoffAtIntake();

        /** Most deliveries claimed in one query (one commit). */
        @WithDefault("512")
        int claimBatch();

        /** How long a claim is held; a delivery whose worker died is claimed again after it. */
        @WithDefault("60s")
        Duration lease();

        /** How often the outbox is polled when nothing wakes the dispatcher sooner. */
        @WithDefault("200ms")
        Duration pollInterval();

        /** Concurrency of each named queue lane (a hook's {@code queue}); others use defaultLane. */
        Map<String, Integer> lanes();

        /** Concurrency of a lane not listed in {@code lanes}, including the default lane (no queue). */
        @WithDefault("1024")
        int defaultLane();
    }

    enum Jitter {
        NONE, FULL, EQUAL
    }
}
