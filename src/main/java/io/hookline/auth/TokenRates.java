package io.hookline.auth;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Duration;
import java.util.Optional;

/**
 * The per-token rate of events ({@code hookline.auth.rate-per-token}, {@code rate-burst}): one
 * {@link TokenBucket} per agent token, on this replica. Admin tokens (and calls with auth off)
 * are not limited: they may do everything anyway, and benchmarks and backfills use them.
 */
@ApplicationScoped
public class TokenRates {

    private final double rate;
    private final int burst;
    // A bucket left alone long enough to refill is the same as a new one, so idle buckets are
    // dropped; this bounds the map by the tokens active recently, not by all tokens ever seen.
    private final Cache<String, TokenBucket> buckets;

    TokenRates(AuthConfig config) {
        this.rate = config.ratePerToken();
        this.burst = config.rateBurst();
        long refillSeconds = (long) Math.ceil(burst / Math.max(rate, 1e-9));
        this.buckets = Caffeine.newBuilder()
                .expireAfterAccess(Duration.ofSeconds(Math.max(60, Math.min(refillSeconds, 86_400))))
                .build();
    }

    /** Takes one event from the caller's rate: empty when it may go on, else why not (naming the limit and its keys). */
    public Optional<String> take(Caller caller) {
        if (caller.isAdmin() || caller.tokenId().isEmpty()) {
            return Optional.empty();
        }
        long now = System.nanoTime();
        TokenBucket bucket = buckets.get(caller.tokenId(), id -> new TokenBucket(rate, burst, now));
        if (bucket.tryTake(now)) {
            return Optional.empty();
        }
        return Optional.of(String.format("the token `%s` is over its rate of %s events per second, burst %,d"
                        + " (hookline.auth.rate-per-token, hookline.auth.rate-burst); resend this event later",
                caller.tokenName(), formatRate(rate), burst));
    }

    private static String formatRate(double rate) {
        return rate == Math.rint(rate) ? String.format("%,d", (long) rate) : String.valueOf(rate);
    }
}
