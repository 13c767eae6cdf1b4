package io.hookline.connections;

/**
 * The value of a header the catalog adds to every request of a connection: plain text
 * ({@code X-Team: ml}) or a {@link Secret} ({@code Authorization: {fromEnv: TEAMS_TOKEN}}).
 * Plain values are not masked in output, so a short one like {@code ml} does not turn every
 * {@code html} in an error into {@code ht****}.
 */
public sealed interface HeaderValue {

    /** The value to put on the wire. */
    String resolve();

    /** The value to show in previews and listings. */
    String display();

    /** A line break in a header value would end the header and start another: header injection. */
    static boolean hasLineBreak(String value) {
        return value.indexOf('\n') >= 0 || value.indexOf('\r') >= 0;
    }

    record Plain(String value) implements HeaderValue {
        @Override
        public String resolve() {
            return value;
        }

        @Override
        public String display() {
            return value;
        }
    }

    record Hidden(Secret secret) implements HeaderValue {
        @Override
        public String resolve() {
            return secret.reveal();
        }

        @Override
        public String display() {
            return Secret.MASK;
        }
    }
}
