package io.hookline.dispatch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.standardwebhooks.Webhook;
import com.standardwebhooks.exceptions.WebhookVerificationException;
import io.hookline.connections.Secret;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class StandardWebhookSignerTest {

    static final String OLD_KEY = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
    static final String NEW_KEY = "whsec_dGhpcyBpcyB0aGUgbmV3IGtleSBmb3IgaG9va2xpbmU=";
    static final String BODY = "{\"run\":{\"uuid\":\"8c2f\",\"status\":\"failed\"},\"note\":\"caf\u00e9 \u2603\"}";

    // The verifier checks the timestamp against its own clock, so sign with the real one.
    private final StandardWebhookSigner signer = new StandardWebhookSigner(Clock.systemUTC());

    static Map<String, List<String>> asHeaders(Map<String, String> headers) {
        return headers.entrySet().stream().collect(Collectors.toMap(Map.Entry::getKey, e -> List.of(e.getValue())));
    }

    @Test
    void independentVerifierAcceptsTheSignature() {
        Map<String, String> headers = signer.headers(Secret.of(OLD_KEY, "test"), "dlv_01", BODY);

        assertThat(headers).containsKeys("webhook-id", "webhook-timestamp", "webhook-signature");
        assertThat(headers.get("webhook-id")).isEqualTo("dlv_01");
        assertThat(headers.get("webhook-signature")).startsWith("v1,");
        assertThatCode(() -> new Webhook(OLD_KEY).verify(BODY, asHeaders(headers))).doesNotThrowAnyException();
    }

    @Test
    void signatureMatchesTheReferenceImplementation() throws Exception {
        String ours = signer.signature(Secret.of(OLD_KEY, "test"), "msg_p5jXN8AQM9LWM0D4loKWxJek", 1614265330L,
                "{\"test\": 2432232314}");

        assertThat(ours).isEqualTo(new Webhook(OLD_KEY).sign("msg_p5jXN8AQM9LWM0D4loKWxJek", 1614265330L,
                "{\"test\": 2432232314}"));
    }

    @Test
    void duringRotationReceiversWithEitherKeyAccept() {
        Map<String, String> headers = signer.headers(Secret.of(OLD_KEY + " " + NEW_KEY, "test"), "dlv_02", BODY);

        assertThat(headers.get("webhook-signature").split(" ")).hasSize(2);
        assertThatCode(() -> new Webhook(OLD_KEY).verify(BODY, asHeaders(headers))).doesNotThrowAnyException();
        assertThatCode(() -> new Webhook(NEW_KEY).verify(BODY, asHeaders(headers))).doesNotThrowAnyException();
    }

    @Test
    void tamperedBodyFailsVerification() {
        Map<String, String> headers = signer.headers(Secret.of(OLD_KEY, "test"), "dlv_03", BODY);

        assertThatThrownBy(() -> new Webhook(OLD_KEY).verify(BODY.replace("failed", "succeeded"), asHeaders(headers)))
                .isInstanceOf(WebhookVerificationException.class);
    }

    @Test
    void anotherKeyFailsVerification() {
        Map<String, String> headers = signer.headers(Secret.of(OLD_KEY, "test"), "dlv_04", BODY);

        assertThatThrownBy(() -> new Webhook(NEW_KEY).verify(BODY, asHeaders(headers)))
                .isInstanceOf(WebhookVerificationException.class);
    }

    @Test
    void badKeyErrorNamesWhereItCameFromNotTheKey() {
        Secret bad = Secret.of("whsec_not*base64*s3cr3t", "env HOOK_KEY");

        assertThatThrownBy(() -> signer.headers(bad, "dlv_05", BODY))
                .hasMessage("signing key from env HOOK_KEY is not valid base64 after whsec_")
                .hasNoCause();
    }
}
