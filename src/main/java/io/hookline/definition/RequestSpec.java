package io.hookline.definition;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The HTTP request a component sends. Header values and the body are Qute templates rendered in
 * {@code render/}; the URL comes from the hook's connection, never from the component, which may
 * only add a path to it.
 *
 * @param method  upper case, one of {@link #METHODS}
 * @param headers never null, in the order written
 * @param body    the body template, or null for none
 * @param path    a template of the path and query appended to the connection's URL
 *                ({@code /apis/batch/v1/namespaces/{connection.settings.namespace}/jobs}); empty for none
 */
public record RequestSpec(String method, Map<String, String> headers, String body, String path) {

    public static final List<String> METHODS = List.of("GET", "POST", "PUT", "PATCH", "DELETE");
    public static final List<String> FIELDS = List.of("method", "path", "headers", "body");

    /**
     * Headers that belong to the connection and the HTTP client, never to a component: {@code Host}
     * would pick any virtual host behind a shared ingress, hop-by-hop headers (RFC 9110 7.6.1) and
     * the framing ones would let a template split or smuggle requests.
     */
    public static final List<String> RESERVED_HEADERS = List.of("host", "connection", "keep-alive", "proxy-connection",
            "proxy-authenticate", "proxy-authorization", "te", "trailer", "transfer-encoding", "upgrade",
            "content-length", "expect", "http2-settings");

    static final String RESERVED_HEADERS_REASON = "the host comes from the connection, and hop-by-hop and framing"
            + " headers (Host, Connection, Keep-Alive, Proxy-*, TE, Trailer, Transfer-Encoding, Upgrade, Content-Length,"
            + " Expect) are set by the HTTP client";

    public RequestSpec {
        headers = headers == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(headers));
        path = path == null ? "" : path;
    }

    public RequestSpec(String method, Map<String, String> headers, String body) {
        this(method, headers, body, "");
    }

    public static boolean isReservedHeader(String name) {
        String lower = name.strip().toLowerCase(Locale.ROOT);
        return RESERVED_HEADERS.contains(lower) || lower.startsWith("proxy-") || lower.startsWith(":");
    }
}
