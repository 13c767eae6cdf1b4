package io.hookline.dispatch;

import com.fasterxml.jackson.core.io.JsonStringEncoder;
import io.hookline.connections.Secret;
import io.hookline.connections.SecretMarker;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * Puts a connection's secret where a request says {@code ${HOOKLINE_SECRET}}, encoded for the
 * place it lands, so that templates never see the secret and a secret with a quote cannot break
 * the JSON it sits in.
 */
final class SecretPlacement {

    private SecretPlacement() {
    }

    static boolean isIn(String text) {
        return text != null && text.contains(SecretMarker.TOKEN);
    }

    static String intoUrl(String url, Secret secret) {
        return isIn(url) ? url.replace(SecretMarker.TOKEN, URLEncoder.encode(secret.reveal(), StandardCharsets.UTF_8)
                .replace("+", "%20")) : url;
    }

    static String intoHeader(String value, Secret secret) {
        return isIn(value) ? value.replace(SecretMarker.TOKEN, secret.reveal()) : value;
    }

    /** JSON-escaped when the body is JSON (by content type, or by its first character when none). */
    static String intoBody(String body, String contentType, Secret secret) {
        if (!isIn(body)) {
            return body;
        }
        boolean json = contentType == null
                ? body.stripLeading().startsWith("{") || body.stripLeading().startsWith("[")
                : contentType.toLowerCase(Locale.ROOT).contains("json");
        String value = json ? new String(JsonStringEncoder.getInstance().quoteAsString(secret.reveal())) : secret.reveal();
        return body.replace(SecretMarker.TOKEN, value);
    }
}
