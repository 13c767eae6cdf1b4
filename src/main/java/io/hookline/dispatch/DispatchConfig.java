package io.hookline.dispatch;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** How deliveries are sent and retried. */
@ConfigMapping(prefix = "hookline.dispatch")
public interface DispatchConfig {

    Retry retry();

    Http http();

    /** Backoff between attempts of one delivery; the defaults are in the range of Svix and Hook0. */
    interface Retry {

        /** Delay before the second attempt. */
        @WithDefault("5s")
        Duration initialDelay();

        /** Each further delay is the previous one times this. */
        @WithDefault("2")
        double multiplier();

        /**
         * Explicit delays before the 2nd, 3rd, ... attempt (e.g. {@code 5s,5m,30m,2h}); when set it
         * replaces initial-delay and multiplier, and its last delay repeats up to max-attempts.
         */
        Optional<List<Duration>> schedule();

        /** No delay is longer than this, before jitter. */
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

    enum Jitter {
        NONE, FULL, EQUAL
    }
}
