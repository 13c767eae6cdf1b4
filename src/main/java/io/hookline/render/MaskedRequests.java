package io.hookline.render;

import io.hookline.connections.ConnectionCatalog;
import io.hookline.connections.Secret;
import io.hookline.connections.SecretMarker;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The one place a rendered request is shown to a caller (Preview, GetDelivery): the secret
 * marker becomes {@value Secret#MASK} and the URL keeps only the connection's scheme and host, since a
 * webhook URL's path is often the credential itself, and then the path the component appended.
 */
public final class MaskedRequests {

    /** A request as a caller may see it. */
    public record MaskedRequest(String method, String url, Map<String, String> headers, String body) {
    }

    private MaskedRequests() {
    }

    public static MaskedRequest of(RenderedRequest request, String connection, ConnectionCatalog connections) {
        Map<String, String> headers = new LinkedHashMap<>();
        request.headers().forEach((name, value) -> headers.put(name, value.replace(SecretMarker.TOKEN, Secret.MASK)));
        return new MaskedRequest(request.method(),
                connections.find(connection).map(c -> c.host() + "/" + Secret.MASK + request.path()).orElse(""),
                headers,
                request.body().replace(SecretMarker.TOKEN, Secret.MASK));
    }
}
