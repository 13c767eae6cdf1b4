package io.hookline.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * Makes tokens and the hashes they are stored and looked up by.
 *
 * <p>SHA-256 without salt or stretching, as for API keys generally: a token is 32 bytes from
 * {@link SecureRandom}, so there is no dictionary to guess from and a slow password hash (bcrypt,
 * argon2) would only make every call slower. The hash makes a copy of the table useless for
 * calling the API.
 */
public final class TokenSecrets {

    /** Marks Hookline tokens, so secret scanners and people can recognise a leaked one. */
    static final String PREFIX = "hl_";
    private static final SecureRandom RANDOM = new SecureRandom();

    private TokenSecrets() {
    }

    public static String newToken() {
        byte[] secret = new byte[32];
        RANDOM.nextBytes(secret);
        return PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
    }

    public static byte[] hash(String token) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException impossible) {
            throw new IllegalStateException("every JVM has SHA-256", impossible);
        }
    }
}
