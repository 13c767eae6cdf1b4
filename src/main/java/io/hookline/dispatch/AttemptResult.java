package io.hookline.dispatch;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * What one attempt to send a delivery gave: an HTTP response, or an error without one.
 * Everything in it is safe to store and show: the body is truncated, secrets are masked, and text
 * Postgres cannot store (U+0000, a lone surrogate) is replaced by U+FFFD.
 *
 * @param status        HTTP status, 0 when there was no response
 * @param headers       response headers, names in lower case, first value of each
 * @param latency       from sending to the response (or the error)
 * @param body          the start of the response body, masked; empty when none
 * @param bodyTruncated whether the receiver sent more than {@code body}
 * @param error         why there was no response
 */
public record AttemptResult(int status, Map<String, String> headers, Duration latency, String body,
        boolean bodyTruncated, Optional<AttemptError> error) {

    public AttemptResult {
        Map<String, String> lowerCase = new LinkedHashMap<>();
        headers.forEach((name, value) -> lowerCase.putIfAbsent(StorableText.of(name.toLowerCase(Locale.ROOT)),
                StorableText.of(value)));
        headers = Map.copyOf(lowerCase);
        body = StorableText.of(body);
    }

    public static AttemptResult response(int status, Map<String, String> headers, Duration latency, String body,
            boolean bodyTruncated) {
        return new AttemptResult(status, headers, latency, body, bodyTruncated, Optional.empty());
    }

    public static AttemptResult failed(AttemptError.Kind kind, String message, Duration latency) {
        return new AttemptResult(0, Map.of(), latency, "", false, Optional.of(new AttemptError(kind, message)));
    }

    public Optional<String> header(String name) {
        return Optional.ofNullable(headers.get(name.toLowerCase(Locale.ROOT)));
    }
}
