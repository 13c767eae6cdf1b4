package io.hookline.connections;

/**
 * A credential read from the environment or a file at deploy time: a key, a token, or a URL that
 * is itself a credential (Slack, Discord and Teams webhook URLs are). It prints as {@code ****}
 * everywhere, so that putting one in a log line, an exception or a record's {@code toString}
 * cannot leak it; only {@link #reveal()} gives the value, at the moment a request is sent.
 */
public final class Secret {

    public static final String MASK = "****";

    private final String value;
    private final String origin;

    private Secret(String value, String origin) {
        this.value = value;
        this.origin = origin;
    }

    /**
     * @param value  the credential
     * @param origin where it came from, for messages: {@code env SLACK_URL}, {@code file /etc/x},
     *               {@code url in the catalog}; never the value
     */
    public static Secret of(String value, String origin) {
        if (value == null) {
            throw new IllegalArgumentException("no value for the secret from " + origin);
        }
        return new Secret(value, origin);
    }

    /** The credential itself; call only where it goes onto the wire or into a signature. */
    public String reveal() {
        return value;
    }

    /** Where the value came from ({@code env PD_ROUTING_KEY}); safe to show. */
    public String origin() {
        return origin;
    }

    @Override
    public String toString() {
        return MASK;
    }
}
