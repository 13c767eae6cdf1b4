package io.hookline.dispatch;

import java.util.Map;
import java.util.Optional;

/**
 * One rendered request for a connection, sent to the connection's URL. Headers and body (and the
 * connection's URL) may contain {@code ${HOOKLINE_SECRET}}, replaced by the connection's secret
 * only when sent.
 *
 * @param idempotencyId stable across attempts of one delivery: sent as {@code webhook-id}
 * @param method        empty: the connection's method
 * @param headers       rendered headers; the connection's own headers are added over them
 * @param body          empty string for none
 * @param path          appended to the connection's URL; empty for none
 */
public record OutboundRequest(String idempotencyId, Optional<String> method, Map<String, String> headers,
        String body, String path) {

    public OutboundRequest {
        headers = Map.copyOf(headers);
        path = path == null ? "" : path;
    }

    public OutboundRequest(String idempotencyId, Optional<String> method, Map<String, String> headers, String body) {
        this(idempotencyId, method, headers, body, "");
    }

    /** To the connection's URL with its method. */
    public static OutboundRequest toConnection(String idempotencyId, Map<String, String> headers, String body) {
        return new OutboundRequest(idempotencyId, Optional.empty(), headers, body);
    }
}
