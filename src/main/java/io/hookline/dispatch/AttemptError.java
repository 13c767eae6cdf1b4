package io.hookline.dispatch;

/**
 * Why an attempt got no HTTP response.
 *
 * @param message for users; secrets already masked, and safe to store (see {@link StorableText})
 */
public record AttemptError(Kind kind, String message) {

    public AttemptError {
        message = StorableText.of(message);
    }

    public enum Kind {
        /** No response within the connection's timeout. */
        TIMEOUT,
        /** DNS, TCP, TLS or the connection dropped: the receiver was not reached or did not answer. */
        CONNECTION_FAILED,
        /** Not sent: the connection's circuit breaker is open. */
        CIRCUIT_OPEN,
        /** Not sent: the connection already has its maximum of requests in flight. */
        BULKHEAD_FULL,
        /** Not sent: the connection's rate limit is used up. */
        RATE_LIMITED,
        /** Not sent, and sending again would not help: unknown connection, a bad URL, a misused secret marker. */
        INVALID_REQUEST
    }
}
