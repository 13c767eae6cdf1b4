package io.hookline.connections;

import java.util.Base64;
import java.util.List;
import java.util.Optional;

/**
 * A Standard Webhooks signing key (standardwebhooks.com): {@code whsec_} followed by the base64 of
 * the key's bytes. A connection's secret holds one, or several space-separated while a rotation is
 * in progress.
 */
public final class SigningKey {

    public static final String PREFIX = "whsec_";

    private SigningKey() {
    }

    /** The keys of a secret, in the order they are written. */
    public static List<String> keysOf(String secret) {
        return List.of(secret.strip().split("\\s+"));
    }

    /** The base64 part after {@code whsec_}; empty when the key does not start with it. */
    public static Optional<String> encodedPart(String key) {
        return key.startsWith(PREFIX) ? Optional.of(key.substring(PREFIX.length())) : Optional.empty();
    }

    /**
     * The key's bytes.
     *
     * @throws Malformed when it is not {@code whsec_} followed by base64
     */
    public static byte[] decode(String key) {
        String encoded = encodedPart(key).orElseThrow(() -> new Malformed(false));
        try {
            return Base64.getDecoder().decode(encoded);
        } catch (IllegalArgumentException notBase64) {
            // Not its message: it may quote the offending characters of the key.
            throw new Malformed(true);
        }
    }

    /** A key that is not {@code whsec_} followed by base64; the exception never holds any part of it. */
    public static final class Malformed extends IllegalArgumentException {

        private final boolean prefixed;

        private Malformed(boolean prefixed) {
            super(prefixed ? "not valid base64 after " + PREFIX : "no " + PREFIX + " prefix");
            this.prefixed = prefixed;
        }

        /** Whether the key starts with {@code whsec_} (so what follows is not base64). */
        public boolean prefixed() {
            return prefixed;
        }
    }
}
