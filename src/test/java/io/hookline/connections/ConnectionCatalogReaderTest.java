package io.hookline.connections;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.assertj.core.api.Assertions.tuple;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class ConnectionCatalogReaderTest {

    static final String SLACK_URL = "https://hooks.slack.com/services/T0001/B0002/XXXXsecretXXXX";
    static final String PD_ROUTING_KEY = "R0UTING-KEY-abcdef123456";
    static final String RECEIVER_TOKEN = "Bearer tok-9f8e7d6c5b4a";
    static final Map<String, String> ENVIRONMENT = Map.of(
            "SLACK_URL", SLACK_URL, "PD_ROUTING_KEY", PD_ROUTING_KEY, "RECEIVER_TOKEN", RECEIVER_TOKEN);

    private final ConnectionCatalogReader reader = new ConnectionCatalogReader(ENVIRONMENT::get);

    static Path resource(String name) {
        try {
            return Path.of(ConnectionCatalogReaderTest.class.getResource("/connections/" + name).toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void validCatalogIsReadWithDefaultsAndSecretsFromEnvironmentAndFiles() {
        ConnectionCatalog catalog = reader.read(resource("catalog-valid.yaml"));

        assertThat(catalog.names()).containsExactly("slack-notification", "pagerduty.oncall", "signed_hook");
        assertThat(catalog.kindOf("pagerduty.oncall")).contains(ConnectionKind.PAGERDUTY);
        assertThat(catalog.find("nope")).isEmpty();

        Connection slack = catalog.find("slack-notification").orElseThrow();
        assertThat(slack.url().reveal()).isEqualTo(SLACK_URL);
        assertThat(slack.host()).isEqualTo("https://hooks.slack.com");
        assertThat(slack.method()).isEqualTo("POST");
        assertThat(slack.timeout()).isEqualTo(Duration.ofSeconds(10));
        assertThat(slack.concurrency()).as("Slack's own pace, see ServiceLimits").isEqualTo(2);
        assertThat(slack.breaker()).isEqualTo(Connection.Breaker.DEFAULT);
        assertThat(slack.rateLimit()).contains(new Connection.RateLimit(1, Duration.ofSeconds(1)));
        assertThat(slack.settings()).containsEntry("channel", "#ml").containsEntry("username", "hookline");

        Connection pagerduty = catalog.find("pagerduty.oncall").orElseThrow();
        assertThat(pagerduty.secret().orElseThrow().reveal()).isEqualTo(PD_ROUTING_KEY);
        assertThat(pagerduty.timeout()).isEqualTo(Duration.ofSeconds(5));
        assertThat(pagerduty.concurrency()).isEqualTo(4);
        assertThat(pagerduty.breaker()).isEqualTo(new Connection.Breaker(0.25, 8, Duration.ofMinutes(1), 3));
        assertThat(pagerduty.rateLimit()).contains(new Connection.RateLimit(50, Duration.ofSeconds(1)));

        Connection webhook = catalog.find("signed_hook").orElseThrow();
        assertThat(webhook.host()).isEqualTo("http://receiver.internal:8080");
        assertThat(webhook.secret().orElseThrow().reveal())
                .as("the file's trailing newline is not part of the key")
                .isEqualTo("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw");
        assertThat(webhook.headers().get("X-Team")).isEqualTo(new HeaderValue.Plain("ml"));
        assertThat(webhook.headers().get("Authorization").resolve()).isEqualTo(RECEIVER_TOKEN);
        assertThat(webhook.headers().get("Authorization").display()).isEqualTo("****");
    }

    @Test
    void connectionsPrintWithoutUrlsOrSecrets() {
        ConnectionCatalog catalog = reader.read(resource("catalog-valid.yaml"));

        String printed = catalog.connections().toString();

        assertThat(printed).contains("slack-notification", "https://hooks.slack.com", "****")
                .doesNotContain(SLACK_URL, "XXXXsecretXXXX", PD_ROUTING_KEY, RECEIVER_TOKEN, "MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw");
    }

    static List<Arguments> invalidCases() throws IOException {
        try (InputStream in = ConnectionCatalogReaderTest.class.getResourceAsStream("/connections/invalid-cases.yaml")) {
            JsonNode cases = new ObjectMapper(new YAMLFactory()).readTree(in);
            List<Arguments> arguments = new ArrayList<>();
            cases.forEach(c -> arguments.add(Arguments.of(c.get("case").asText(), c.get("catalog").asText(),
                    c.get("error").asText())));
            return arguments;
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("invalidCases")
    void invalidCatalogIsRefusedNamingEntryAndField(String name, String catalog, String error) {
        InvalidConnectionCatalogException refused = catchThrowableOfType(InvalidConnectionCatalogException.class,
                () -> reader.parse(catalog, "test.yaml", Path.of(".")));

        assertThat(refused).as("refused").isNotNull();
        assertThat(refused.violations()).extracting(Object::toString).containsExactly(error);
        assertThat(refused.getMessage()).startsWith("Invalid connection catalog test.yaml:\n  " + error);
    }

    @Test
    void everyProblemIsReportedAtOnce() {
        String catalog = """
                connections:
                  - {name: a, kind: slack, urlFromEnv: SLACK_URL, timeout: soon}
                  - {name: b, kind: nope, urlFromEnv: SLACK_URL}
                """;

        assertThatThrownBy(() -> reader.parse(catalog, "test.yaml", Path.of(".")))
                .isInstanceOf(InvalidConnectionCatalogException.class)
                .extracting(e -> ((InvalidConnectionCatalogException) e).violations().size())
                .isEqualTo(2);
    }

    @Test
    void refusalsNeverQuoteSecretsOrUrls() {
        Map<String, String> environment = Map.of(
                "NOT_A_URL", "hxxps://hooks.slack.com/services/T1/B2/s3cr3tpath",
                "NOT_A_KEY", "plain-signing-s3cr3t",
                "BAD_HEADER", "Bearer s3cr3t\nInjected: yes");
        String catalog = """
                connections:
                  - {name: a, kind: slack, urlFromEnv: NOT_A_URL}
                  - {name: b, kind: webhook, url: 'https://inline.example.com/inline-s3cr3t-path', secret: {fromEnv: NOT_A_KEY}}
                  - {name: c, kind: pagerduty, url: 'notaurl s3cr3t-inline', secret: "inline-s3cr3t-routing"}
                  - {name: d, kind: teams, url: 'https://x.example.com/p', headers: {Authorization: {fromEnv: BAD_HEADER}}}
                """;

        InvalidConnectionCatalogException refused = catchThrowableOfType(InvalidConnectionCatalogException.class,
                () -> new ConnectionCatalogReader(environment::get).parse(catalog, "test.yaml", Path.of(".")));

        assertThat(refused.violations()).hasSize(5);
        assertThat(refused.getMessage()).doesNotContain("s3cr3t", "hooks.slack.com", "Injected");
    }

    @Test
    void brokenYamlIsRefusedWithItsPositionButNotTheLineItself() {
        String catalog = """
                connections:
                  - name: a
                    url: https://hooks.slack.com/services/T/B/s3cr3t
                   kind: : slack
                """;

        InvalidConnectionCatalogException refused = catchThrowableOfType(InvalidConnectionCatalogException.class,
                () -> reader.parse(catalog, "test.yaml", Path.of(".")));

        assertThat(refused.violations()).singleElement().satisfies(violation -> {
            assertThat(violation.description()).isEqualTo("not valid YAML");
            assertThat(violation.line()).isPositive();
        });
        assertThat(refused.getMessage()).doesNotContain("s3cr3t");
        assertThat(refused.getCause()).isNull();
    }

    @Test
    void missingFileIsAnErrorNamingThePath(@TempDir Path folder) {
        Path missing = folder.resolve("connections.yaml");

        assertThatThrownBy(() -> reader.read(missing))
                .isInstanceOf(InvalidConnectionCatalogException.class)
                .hasMessageContaining("cannot read " + missing)
                .hasMessageContaining("NoSuchFileException");
    }

    @Test
    void emptyFileOrEmptyListIsAnEmptyCatalog(@TempDir Path folder) throws IOException {
        Path empty = Files.writeString(folder.resolve("empty.yaml"), "");
        Path emptyList = Files.writeString(folder.resolve("list.yaml"), "connections: []\n");

        assertThat(reader.read(empty).isEmpty()).isTrue();
        assertThat(reader.read(emptyList).names()).isEmpty();
    }

    @Test
    void fileSecretsAreReadRelativeToTheCatalogFolder(@TempDir Path folder) throws IOException {
        Files.writeString(folder.resolve("pd-key"), "from-file-key\n");
        Path catalogFile = Files.writeString(folder.resolve("catalog.yaml"), """
                connections:
                  - {name: pd, kind: pagerduty, urlFromFile: url.txt, secret: {fromFile: pd-key}}
                """);
        Files.writeString(folder.resolve("url.txt"), "https://events.pagerduty.com/v2/enqueue\n");

        Connection pd = reader.read(catalogFile).find("pd").orElseThrow();

        assertThat(pd.secret().map(Secret::reveal)).isEqualTo(Optional.of("from-file-key"));
        assertThat(pd.url().reveal()).isEqualTo("https://events.pagerduty.com/v2/enqueue");
        assertThat(pd.url().origin()).isEqualTo("file " + folder.resolve("url.txt"));
    }

    @Test
    void urlMayCarryTheSecretMarker() {
        String catalog = """
                connections:
                  - {name: bot, kind: webhook, url: 'https://api.example.com/bot${HOOKLINE_SECRET}/send'}
                """;

        Connection bot = reader.parse(catalog, "test.yaml", Path.of(".")).find("bot").orElseThrow();

        assertThat(bot.host()).isEqualTo("https://api.example.com");
    }

    @Test
    void eachKindWithoutItsOwnSettingsSendsAtThePaceItsServiceDocuments() {
        ConnectionCatalog catalog = reader.parse("""
                connections:
                  - {name: slack, kind: slack, url: 'https://hooks.slack.com/services/T/B/x'}
                  - {name: discord, kind: discord, url: 'https://discord.com/api/webhooks/1/x'}
                  - {name: teams, kind: teams, url: 'https://prod-01.westus.logic.azure.com/workflows/x'}
                  - {name: pagerduty, kind: pagerduty, url: 'https://events.pagerduty.com/v2/enqueue'}
                  - {name: mattermost, kind: mattermost, url: 'https://chat.example.com/hooks/x'}
                  - {name: webhook, kind: webhook, url: 'https://receiver.example.com/hooks'}
                """, "test.yaml", Path.of("."));

        assertThat(catalog.connections()).extracting(Connection::name, Connection::rateLimit, Connection::concurrency)
                .containsExactly(
                        tuple("slack", Optional.of(new Connection.RateLimit(1, Duration.ofSeconds(1))), 2),
                        tuple("discord", Optional.of(new Connection.RateLimit(1, Duration.ofSeconds(2))), 2),
                        tuple("teams", Optional.of(new Connection.RateLimit(1, Duration.ofMillis(300))), 2),
                        tuple("pagerduty", Optional.of(new Connection.RateLimit(1, Duration.ofMillis(510))), 2),
                        tuple("mattermost", Optional.empty(), 64),
                        tuple("webhook", Optional.empty(), 64));
    }

    @Test
    void aConnectionsOwnRateLimitAndConcurrencyWinOverItsKindsDefaults() {
        Connection slack = reader.parse("""
                connections:
                  - {name: slack, kind: slack, url: 'https://hooks.slack.com/services/T/B/x',
                     rateLimit: {requests: 3, per: 2s}, concurrency: 9}
                """, "test.yaml", Path.of(".")).find("slack").orElseThrow();

        assertThat(slack.rateLimit()).contains(new Connection.RateLimit(3, Duration.ofSeconds(2)));
        assertThat(slack.concurrency()).isEqualTo(9);
    }

    @Test
    void aTeamsConnectionOnALegacyConnectorUrlLoadsWithAWarningNamingTheRetirementButNotTheUrl() {
        ConnectionCatalog catalog = reader.parse("""
                connections:
                  - {name: workflows, kind: teams, url: 'https://prod-01.westus.logic.azure.com/workflows/abc/triggers/manual'}
                  - {name: legacy, kind: teams, url: 'https://acme.webhook.office.com/webhookb2/g@t/IncomingWebhook/s3cr3t/o'}
                  - {name: older, kind: teams, url: 'https://outlook.office.com/webhook/g@t/IncomingWebhook/s3cr3t/o'}
                  - {name: not-teams, kind: webhook, url: 'https://acme.webhook.office.com/webhookb2/elsewhere'}
                """, "test.yaml", Path.of("."));

        assertThat(catalog.names()).containsExactly("workflows", "legacy", "older", "not-teams");
        assertThat(catalog.warnings()).hasSize(2);
        assertThat(catalog.warnings().get(0)).startsWith("connections[1]: the URL (host acme.webhook.office.com)")
                .contains("Microsoft is retiring these connectors", "Workflows webhook");
        assertThat(catalog.warnings().get(1)).startsWith("connections[2]: the URL (host outlook.office.com)");
        assertThat(catalog.warnings()).noneMatch(warning -> warning.contains("s3cr3t"));
    }
}
