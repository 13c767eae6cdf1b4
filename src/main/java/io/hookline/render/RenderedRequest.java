package io.hookline.render;

import io.hookline.connections.SecretMarker;
import java.util.Map;

/**
 * A request ready for dispatch, except that {@link SecretMarker#TOKEN} still stands where the
 * connection's secret goes.
 */
public record RenderedRequest(String method, Map<String, String> headers, String body) {

    public RenderedRequest {
        headers = Map.copyOf(headers);
    }
}
