package io.hookline.outbox;

import java.util.Map;

/**
 * A rendered request as the outbox keeps it ({@code deliveries.request}): the secret marker still
 * stands where the connection's secret goes, so it never holds a secret. Read and written only
 * through {@link StoredRequestCodec}. {@code path} (empty for none) is appended to the connection's URL.
 * {@code traceParent} is the W3C traceparent of the event's trace (empty when tracing was off), so
 * that the attempts, made later, join it; it is not a header of the request.
 */
public record StoredRequest(String method, Map<String, String> headers, String body, String path, String traceParent) {

    public StoredRequest {
        headers = Map.copyOf(headers);
        path = path == null ? "" : path;
        traceParent = traceParent == null ? "" : traceParent;
    }

    /** A request of an event that was not traced. */
    public StoredRequest(String method, Map<String, String> headers, String body, String path) {
        this(method, headers, body, path, "");
    }

    /** A request to the connection's URL as it is, with no path appended. */
    public StoredRequest(String method, Map<String, String> headers, String body) {
        this(method, headers, body, "");
    }
}
