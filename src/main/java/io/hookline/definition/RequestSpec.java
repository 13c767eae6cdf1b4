package io.hookline.definition;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
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

    public RequestSpec {
        headers = headers == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(headers));
        path = path == null ? "" : path;
    }

    public RequestSpec(String method, Map<String, String> headers, String body) {
        this(method, headers, body, "");
    }
}
