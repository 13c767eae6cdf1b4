package io.hookline.dispatch;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.hookline.connections.ConnectionKind;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/**
 * Turns one attempt's result into retry, final, disable or delivered, with a reason. The one place
 * that decides what an HTTP status means; the circuit breaker counts exactly the RETRY answers
 * of receivers as failures.
 *
 * <p>Redirects are not followed (as Polyaxon's notifiers do not), so 3xx is final: the
 * connection's URL needs fixing, not a retry.
 */
public final class AttemptClassifier {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Duration retryAfterMax;
    private final Clock clock;

    /**
     * @param retryAfterMax a Retry-After longer than this is cut to it
     * @param clock         to turn a Retry-After date into a delay
     */
    public AttemptClassifier(Duration retryAfterMax, Clock clock) {
        this.retryAfterMax = retryAfterMax;
        this.clock = clock;
    }

    /** As a notifier's answer; see {@link #classify(AttemptResult, ConnectionKind)}. */
    public Classification classify(AttemptResult result) {
        return classify(result, ConnectionKind.WEBHOOK);
    }

    /**
     * A job runner's answers differ from a notifier's in two places. A 409 is the runner saying a
     * job of that name exists: the names come from the delivery id, so an earlier attempt of this
     * delivery created it (its answer was lost), and the delivery is done. GitHub answers an
     * exhausted rate limit with 403 and {@code x-ratelimit-remaining: 0} or a Retry-After (its REST
     * API documentation, "Rate limits"): that is retried, any other 403 is final.
     */
    public Classification classify(AttemptResult result, ConnectionKind kind) {
        if (kind.startsJobs() && result.error().isEmpty()) {
            if (result.status() == 409) {
                return Classification.of(Outcome.DELIVERED,
                        "HTTP 409: the job already exists, created by an earlier attempt of this delivery");
            }
            if (kind == ConnectionKind.GITHUB && result.status() == 403
                    && (result.header("x-ratelimit-remaining").filter("0"::equals).isPresent()
                            || result.header("Retry-After").isPresent())) {
                return new Classification(Outcome.RETRY, "HTTP 403: GitHub's rate limit is used up, will retry",
                        result.header("Retry-After").flatMap(this::retryAfter));
            }
        }
        if (result.error().isPresent()) {
            AttemptError error = result.error().get();
            return switch (error.kind()) {
                case TIMEOUT -> Classification.of(Outcome.RETRY, "timed out: " + error.message());
                case CONNECTION_FAILED -> Classification.of(Outcome.RETRY, "could not reach the receiver: " + error.message());
                case CIRCUIT_OPEN -> Classification.of(Outcome.RETRY, "not sent: " + error.message());
                case BULKHEAD_FULL -> Classification.of(Outcome.RETRY, "not sent: " + error.message());
                case RATE_LIMITED -> Classification.of(Outcome.RETRY, "not sent: " + error.message());
                case INVALID_REQUEST -> Classification.of(Outcome.FINAL, "not sent: " + error.message());
            };
        }
        int status = result.status();
        if (status >= 200 && status <= 299) {
            return Classification.of(Outcome.DELIVERED, "HTTP " + status);
        }
        if (status == 410) {
            return Classification.of(Outcome.DISABLE, "HTTP 410: the receiver says this endpoint is gone; connection disabled");
        }
        if (status == 429 || status == 503) {
            String reason = status == 429 ? "HTTP 429: the receiver is rate limiting, will retry"
                    : "HTTP 503: the receiver is unavailable, will retry";
            Optional<Duration> retryAfter = result.header("Retry-After").flatMap(this::retryAfter);
            return new Classification(Outcome.RETRY, reason, retryAfter.isPresent() ? retryAfter : retryAfterInBody(result.body()));
        }
        if (status == 408 || status == 409 || status == 425) {
            return Classification.of(Outcome.RETRY, "HTTP " + status + ": temporary, will retry");
        }
        if (status >= 500 && status <= 599) {
            return Classification.of(Outcome.RETRY, "HTTP " + status + ": receiver error, will retry");
        }
        if (status >= 400 && status <= 499) {
            return Classification.of(Outcome.FINAL, "HTTP " + status + ": the receiver refused the request; retrying would not help");
        }
        if (status >= 300 && status <= 399) {
            return Classification.of(Outcome.FINAL, "HTTP " + status + ": redirects are not followed; set the connection to the final URL");
        }
        if (status >= 100 && status <= 199) {
            return Classification.of(Outcome.FINAL, "HTTP " + status + ": an informational status is not an answer");
        }
        return Classification.of(Outcome.FINAL, "HTTP " + status + ": not a valid HTTP status");
    }

    /**
     * Discord's answer to a 429: {@code {"message": "...", "retry_after": 1.5, "global": false}},
     * seconds with a fraction (docs.discord.com/developers/topics/rate-limits). Read only when the
     * Retry-After header is missing; a body that is not such JSON is ignored.
     */
    private Optional<Duration> retryAfterInBody(String body) {
        if (!body.stripLeading().startsWith("{")) {
            return Optional.empty();
        }
        try {
            JsonNode retryAfter = JSON.readTree(body).path("retry_after");
            if (!retryAfter.isNumber() || retryAfter.asDouble() < 0 || !Double.isFinite(retryAfter.asDouble())) {
                return Optional.empty();
            }
            double millis = Math.ceil(retryAfter.asDouble() * 1000);
            Duration delay = millis >= retryAfterMax.toMillis() ? retryAfterMax : Duration.ofMillis((long) millis);
            return Optional.of(delay);
        } catch (JsonProcessingException notJson) {
            return Optional.empty();
        }
    }

    /** Delta-seconds or an HTTP-date (RFC 9110 §10.2.3); anything else is ignored. */
    private Optional<Duration> retryAfter(String value) {
        String text = value.strip();
        Duration delay;
        if (!text.isEmpty() && text.chars().allMatch(Character::isDigit)) {
            try {
                delay = Duration.ofSeconds(Long.parseLong(text));
            } catch (NumberFormatException hugeNumber) {
                delay = retryAfterMax;
            }
        } else {
            try {
                Instant at = ZonedDateTime.parse(text, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
                delay = Duration.between(clock.instant(), at);
            } catch (DateTimeParseException notADate) {
                return Optional.empty();
            }
        }
        if (delay.isNegative()) {
            delay = Duration.ZERO;
        }
        return Optional.of(delay.compareTo(retryAfterMax) > 0 ? retryAfterMax : delay);
    }
}
