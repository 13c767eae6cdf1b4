package io.hookline.grpc;

import io.hookline.api.v1.RenderedRequest;
import io.hookline.connections.ConnectionCatalog;
import io.hookline.connections.Secret;
import io.hookline.connections.SecretMarker;

/**
 * The one place a rendered request is shown to a caller (Preview, GetDelivery): the secret
 * marker becomes {@value Secret#MASK} and the URL keeps only the connection's scheme and host, since a
 * webhook URL's path is often the credential itself.
 */
public final class MaskedRequests {

    private MaskedRequests() {
    }

    public static RenderedRequest of(io.hookline.render.RenderedRequest request, String connection,
                              ConnectionCatalog connections) {
        RenderedRequest.Builder masked = RenderedRequest.newBuilder()
                .setMethod(request.method())
                .setUrl(connections.find(connection).map(c -> c.host() + "/" + Secret.MASK).orElse(""))
                .setBody(request.body().replace(SecretMarker.TOKEN, Secret.MASK));
        request.headers().forEach((name, value) -> masked.putHeaders(name, value.replace(SecretMarker.TOKEN, Secret.MASK)));
        return masked.build();
    }
}
