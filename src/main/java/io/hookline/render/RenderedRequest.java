package io.hookline.render;

import io.hookline.connections.SecretMarker;
import java.util.Map;

/**
 * A request ready for dispatch, except that {@link SecretMarker#TOKEN} still stands where the
 * connection's secret goes.
 *
 * @param path appended to the connection's URL ({@code /api/v1/acme/vision/runs}); empty for none
 */
public record RenderedRequest(String method, Map<String, String> headers, String body, String path) {

    public RenderedRequest {
        headers = Map.copyOf(headers);
        path = path == null ? "" : path;
    }

    public RenderedRequest(String method, Map<String, String> headers, String body) {
        this(method, headers, body, "");
    }
}
