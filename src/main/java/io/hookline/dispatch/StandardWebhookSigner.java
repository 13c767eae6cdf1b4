package io.hookline.dispatch;

import io.hookline.connections.Secret;
import io.hookline.connections.SigningKey;
import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Signs webhook requests the Standard Webhooks way (standardwebhooks.com), so receivers can use
 * its libraries: {@code webhook-signature: v1,<base64 HMAC-SHA256 of "{id}.{timestamp}.{body}">},
 * keyed with the base64-decoded part of a {@code whsec_} key. A connection holding several
 * space-separated keys (a rotation in progress) gets one signature per key, so a receiver with
 * either the old or the new key accepts the request.
 */
public final class StandardWebhookSigner {

    public static final String ID_HEADER = "webhook-id";
    public static final String TIMESTAMP_HEADER = "webhook-timestamp";
    public static final String SIGNATURE_HEADER = "webhook-signature";

    private final Clock clock;

    public StandardWebhookSigner(Clock clock) {
        this.clock = clock;
    }

    /** The three headers to add, timestamped now. */
    public Map<String, String> headers(Secret keys, String id, String body) {
        long timestamp = clock.instant().getEpochSecond();
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put(ID_HEADER, id);
        headers.put(TIMESTAMP_HEADER, Long.toString(timestamp));
        headers.put(SIGNATURE_HEADER, signature(keys, id, timestamp, body));
        return headers;
    }

    /** {@code v1,<sig>} for each key, space-separated. */
    public String signature(Secret keys, String id, long timestamp, String body) {
        byte[] content = (id + "." + timestamp + "." + body).getBytes(StandardCharsets.UTF_8);
        List<String> signatures = new ArrayList<>();
        for (String key : SigningKey.keysOf(keys.reveal())) {
            signatures.add("v1," + Base64.getEncoder().encodeToString(hmac(decode(key, keys), content)));
        }
        return String.join(" ", signatures);
    }

    private static byte[] decode(String key, Secret keys) {
        try {
            return SigningKey.decode(key);
        } catch (SigningKey.Malformed malformed) {
            throw new IllegalArgumentException("signing key from " + keys.origin()
                    + (malformed.prefixed() ? " is not valid base64 after whsec_" : " is not a whsec_ key"));
        }
    }

    private static byte[] hmac(byte[] key, byte[] content) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(content);
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("HmacSHA256 is not available in this JVM", e);
        }
    }
}
