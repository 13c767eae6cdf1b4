package io.hookline.connections;

/**
 * The stand-in for a connection's secret in a URL, a header or a body, and in template data
 * ({@code connection.secret}). Templates never see the real secret: rendering, {@code Preview}
 * and stored deliveries carry this marker; dispatch swaps it for the secret at send time and
 * Preview shows {@value Secret#MASK}.
 *
 * <p>The marker is plain ASCII with no character JSON escapes, so {@code {connection.secret.json}}
 * keeps it intact. Whoever replaces it must encode the secret for where it lands (inside a JSON
 * string, a secret with a quote or backslash needs JSON escaping).
 */
public final class SecretMarker {

    public static final String TOKEN = "${HOOKLINE_SECRET}";

    private SecretMarker() {
    }
}
