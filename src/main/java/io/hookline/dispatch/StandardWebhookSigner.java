package io.hookline.dispatch;

import com.standardwebhooks.Webhook;
import com.standardwebhooks.exceptions.WebhookSigningException;
import io.hookline.connections.Secret;
import io.hookline.connections.SigningKey;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Signs webhook requests the Standard Webhooks way (standardwebhooks.com) with its reference
 * library, so receivers can verify them with any of its libraries. What this adds: a connection
 * holding several space-separated keys (a rotation in progress) gets one signature per key, so a
 * receiver with either the old or the new key accepts the request; and a bad key is reported by
 * where it came from, never by its characters (the library's base64 error quotes them).
 */
public final class StandardWebhookSigner {

    public static final String ID_HEADER = Webhook.UNBRANDED_MSG_ID_KEY;
    public static final String TIMESTAMP_HEADER = Webhook.UNBRANDED_MSG_TIMESTAMP_KEY;
    public static final String SIGNATURE_HEADER = Webhook.UNBRANDED_MSG_SIGNATURE_KEY;

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
        List<String> signatures = new ArrayList<>();
        for (String key : SigningKey.keysOf(keys.reveal())) {
            try {
                signatures.add(new Webhook(decode(key, keys)).sign(id, timestamp, body));
            } catch (WebhookSigningException e) {
                throw new IllegalStateException("HmacSHA256 is not available in this JVM", e);
            }
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
}
