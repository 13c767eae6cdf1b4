package io.hookline.connections;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The application's catalog takes each valid change of its file; what was read from it before stays as it was. */
class ConnectionCatalogFollowingTest {

    private static final String OLD_KEY = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
    private static final String NEW_KEY = "whsec_dGhpcyBpcyB0aGUgbmV3IGtleSEh";

    private static ConnectionCatalog parsed(String yaml) {
        return new ConnectionCatalogReader(Map.of("OLD", OLD_KEY, "NEW", NEW_KEY)::get)
                .parse(yaml, "test.yaml", Path.of("."));
    }

    private static final ConnectionCatalog FIRST = parsed("""
            connections:
              - {name: hook, kind: webhook, url: 'https://first.example.com/hook/path-one', secret: {fromEnv: OLD}}
            """);
    private static final ConnectionCatalog SECOND = parsed("""
            connections:
              - {name: hook, kind: webhook, url: 'https://second.example.com/hook/path-two', secret: {fromEnv: NEW}}
              - {name: added, kind: slack, url: 'https://hooks.slack.com/services/T1/B2/added', default: true}
            """);

    @Test
    void lookupsAnswerWithTheConnectionsOfTheLatestChange() {
        ConnectionCatalog catalog = ConnectionCatalog.following(FIRST);

        catalog.replaceWith(SECOND);

        assertThat(catalog.names()).containsExactly("hook", "added");
        assertThat(catalog.find("hook").orElseThrow().host()).isEqualTo("https://second.example.com");
        assertThat(catalog.defaultFor(ConnectionKind.SLACK)).map(Connection::name).contains("added");
    }

    @Test
    void aSnapshotTakenBeforeAChangeKeepsTheConnectionsItHad() {
        ConnectionCatalog catalog = ConnectionCatalog.following(FIRST);
        ConnectionCatalog before = catalog.snapshot();

        catalog.replaceWith(SECOND);

        assertThat(before.names()).containsExactly("hook");
        assertThat(before.find("hook").orElseThrow().host()).isEqualTo("https://first.example.com");
    }

    @Test
    void theMaskerMasksTheSecretsOfEveryVersionSinceAnOldSendMayStillQuoteThem() {
        ConnectionCatalog catalog = ConnectionCatalog.following(FIRST);
        SecretMasker masker = catalog.masker();

        catalog.replaceWith(SECOND);

        assertThat(masker.mask(OLD_KEY + " /hook/path-one " + NEW_KEY + " /services/T1/B2/added"))
                .isEqualTo("**** **** **** ****");
        assertThat(FIRST.masker().mask(NEW_KEY)).as("the first catalog's own masker").isEqualTo(NEW_KEY);
    }

    @Test
    void aCatalogMadeFromConnectionsNeverChanges() {
        assertThatThrownBy(() -> FIRST.replaceWith(SECOND)).isInstanceOf(IllegalStateException.class);
    }
}
