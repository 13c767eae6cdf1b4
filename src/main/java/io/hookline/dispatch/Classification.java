package io.hookline.dispatch;

import java.time.Duration;
import java.util.Optional;

/**
 * @param reason     why, for users: {@code HTTP 503: receiver error, will retry}
 * @param retryAfter the receiver's Retry-After, capped; the retry is not scheduled earlier
 */
public record Classification(Outcome outcome, String reason, Optional<Duration> retryAfter) {

    static Classification of(Outcome outcome, String reason) {
        return new Classification(outcome, reason, Optional.empty());
    }
}
