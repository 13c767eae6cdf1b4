package io.hookline.outbox;

import java.util.Map;

/**
 * A rendered request as the outbox keeps it ({@code deliveries.request}): the secret marker still
 * stands where the connection's secret goes, so it never holds a secret. Read and written only
 * through {@link StoredRequestCodec}.
 */
public record StoredRequest(String method, Map<String, String> headers, String body) {

    public StoredRequest {
        headers = Map.copyOf(headers);
    }
}
