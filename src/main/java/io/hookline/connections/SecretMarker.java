package io.hookline.connections;

import java.security.SecureRandom;
import java.util.HexFormat;

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
    /** What a {@link #TOKEN} in run data (or anything else a template did not place) is sent as. */
    public static final String AS_TEXT = "$(HOOKLINE_SECRET: not a secret)";

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final HexFormat HEX = HexFormat.of();

    private SecretMarker() {
    }

    /**
     * A marker for one render, given to templates as {@code connection.secret}. Run data is
     * written before it exists, so nothing in run data can produce it: see {@link #placed}.
     */
    public static String fresh() {
        byte[] bytes = new byte[16];
        RANDOM.nextBytes(bytes);
        return "${HOOKLINE_SECRET_" + HEX.formatHex(bytes) + "}";
    }

    /**
     * The rendered text with {@link #TOKEN} exactly where the template put this render's
     * {@code fresh} marker. A {@link #TOKEN} already in the text came from run data (a run named
     * {@code ${HOOKLINE_SECRET}}) and would receive the secret at send time, so it is sent as
     * {@link #AS_TEXT} instead.
     */
    public static String placed(String rendered, String fresh) {
        return rendered == null ? null : rendered.replace(TOKEN, AS_TEXT).replace(fresh, TOKEN);
    }
}
