package io.hookline.connections;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SecretMaskerTest {

    private final ConnectionCatalog catalog = new ConnectionCatalogReader(Map.of(
            "SLACK_URL", "https://hooks.slack.com/services/T0001/B0002/XXXXsecretXXXX",
            "PD_KEY", "pd\"key\\with-quotes",
            "TOKEN", "tok-123456789",
            "WH_KEYS", "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw whsec_dGhpcyBpcyB0aGUgbmV3IGtleSEh")::get)
            .parse("""
                    connections:
                      - {name: slack, kind: slack, urlFromEnv: SLACK_URL}
                      - {name: pd, kind: pagerduty, url: 'https://events.pagerduty.com/v2/enqueue', secret: {fromEnv: PD_KEY}}
                      - {name: hook, kind: webhook, url: 'https://user:pa55word@hooks.example.com/h', secret: {fromEnv: WH_KEYS},
                         headers: {Authorization: {fromEnv: TOKEN}, X-Team: ml}}
                    """, "test.yaml", Path.of("."));

    private final SecretMasker masker = catalog.masker();

    @Test
    void urlsAndTheirCredentialPartsAreMasked() {
        assertThat(masker.mask("POST https://hooks.slack.com/services/T0001/B0002/XXXXsecretXXXX failed"))
                .isEqualTo("POST **** failed");
        assertThat(masker.mask("404 for /services/T0001/B0002/XXXXsecretXXXX"))
                .isEqualTo("404 for ****");
        assertThat(masker.mask("auth user:pa55word rejected")).isEqualTo("auth **** rejected");
    }

    @Test
    void secretsAreMaskedRawJsonEscapedAndUrlEncoded() {
        assertThat(masker.mask("key pd\"key\\with-quotes")).isEqualTo("key ****");
        assertThat(masker.mask("{\"routing_key\":\"pd\\\"key\\\\with-quotes\"}")).isEqualTo("{\"routing_key\":\"****\"}");
        assertThat(masker.mask("?k=pd%22key%5Cwith-quotes")).isEqualTo("?k=****");
        assertThat(masker.mask("Authorization: tok-123456789")).isEqualTo("Authorization: ****");
    }

    @Test
    void aReceiverEchoingTheSecretBase64EncodedHasItMaskedToo() {
        String echoed = Base64.getEncoder().encodeToString("tok-123456789".getBytes(StandardCharsets.UTF_8));
        String urlSafe = Base64.getUrlEncoder().withoutPadding().encodeToString("pd\"key\\with-quotes".getBytes(StandardCharsets.UTF_8));
        assertThat(masker.mask("{\"seen\":\"" + echoed + "\"}")).isEqualTo("{\"seen\":\"****\"}");
        assertThat(masker.mask("token=" + urlSafe)).isEqualTo("token=****");
    }

    @Test
    void eachRotatedKeyIsMaskedAlone() {
        assertThat(masker.mask("old whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw new whsec_dGhpcyBpcyB0aGUgbmV3IGtleSEh"))
                .isEqualTo("old **** new ****");
        assertThat(masker.mask("raw MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw")).isEqualTo("raw ****");
    }

    @Test
    void plainHeaderValuesAndShortUrlPathsAreLeftAlone() {
        assertThat(masker.mask("html for /h is ml")).isEqualTo("html for /h is ml");
    }

    @Test
    void maskerOfExplicitSecretsMasksOnlyThose() {
        SecretMasker only = SecretMasker.ofSecrets(List.of(Secret.of("abc-secret", "test")));

        assertThat(only.mask("x abc-secret y tok-123456789")).isEqualTo("x **** y tok-123456789");
        assertThat(SecretMasker.none().mask("abc-secret")).isEqualTo("abc-secret");
    }
}
