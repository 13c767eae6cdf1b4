package io.hookline.connections;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Which connection a hook without {@code connection} goes to, and a Kubernetes token that rotates. */
class DefaultConnectionsTest {

    private final ConnectionCatalogReader reader = new ConnectionCatalogReader(variable -> null);

    private ConnectionCatalog parse(String yaml, Path folder) {
        return reader.parse(yaml, "test", folder);
    }

    @Test
    void theOnlyRunnerOfAKindIsItsDefaultButTheOnlyNotifierIsNot() {
        ConnectionCatalog catalog = parse("""
                connections:
                  - {name: polyaxon-main, kind: polyaxon, url: 'https://polyaxon.example.com'}
                  - {name: ops, kind: slack, url: 'https://hooks.slack.com/services/T/B/x'}
                """, Path.of("."));

        assertThat(catalog.defaultFor(ConnectionKind.POLYAXON)).map(Connection::name).contains("polyaxon-main");
        assertThat(catalog.defaultFor(ConnectionKind.SLACK)).isEmpty();
    }

    @Test
    void ofSeveralOfAKindTheOneMarkedDefaultIsTheDefault() {
        ConnectionCatalog catalog = parse("""
                connections:
                  - {name: ops, kind: slack, url: 'https://hooks.slack.com/services/T/B/x'}
                  - {name: ml, kind: slack, url: 'https://hooks.slack.com/services/T/B/y', default: true}
                  - {name: pa, kind: polyaxon, url: 'https://a.example.com'}
                  - {name: pb, kind: polyaxon, url: 'https://b.example.com'}
                """, Path.of("."));

        assertThat(catalog.defaultFor(ConnectionKind.SLACK)).map(Connection::name).contains("ml");
        assertThat(catalog.defaultFor(ConnectionKind.POLYAXON)).as("two unmarked polyaxon connections").isEmpty();
    }

    @Test
    void theConfiguredDefaultConnectionIsTheDefaultOfItsKindOverTheCatalogsOwn() {
        ConnectionCatalog catalog = parse("""
                connections:
                  - {name: ml, kind: slack, url: 'https://hooks.slack.com/services/T/B/y', default: true}
                  - {name: ops, kind: slack, url: 'https://hooks.slack.com/services/T/B/x'}
                  - {name: pa, kind: polyaxon, url: 'https://a.example.com'}
                  - {name: pb, kind: polyaxon, url: 'https://b.example.com'}
                """, Path.of("."));

        ConnectionCatalog configured = catalog.withDefault("pb").withDefault("ops");

        assertThat(configured.defaultFor(ConnectionKind.POLYAXON)).map(Connection::name).contains("pb");
        assertThat(configured.defaultFor(ConnectionKind.SLACK)).map(Connection::name).contains("ops");
        assertThatThrownBy(() -> catalog.withDefault("pc"))
                .hasMessage("hookline.hooks.default-connection: no connection named `pc` in the catalog; it has"
                        + " [ml, ops, pa, pb]");
    }

    @Test
    void aProjectsNamespaceDefaultWinsOverItsOwnersWhichWinsOverTheGlobalOne() {
        ConnectionCatalog catalog = parse("""
                connections:
                  - {name: ops, kind: slack, url: 'https://hooks.slack.com/services/T/B/x', default: true}
                  - {name: acme-slack, kind: slack, url: 'https://hooks.slack.com/services/T/B/y'}
                  - {name: vision-slack, kind: slack, url: 'https://hooks.slack.com/services/T/B/z'}
                  - {name: pa, kind: polyaxon, url: 'https://a.example.com'}
                  - {name: pb, kind: polyaxon, url: 'https://b.example.com'}
                """, Path.of(".")).withNamespaceDefaults(Map.of(
                "acme", List.of("acme-slack", "pa"),
                "acme/vision", List.of("vision-slack")));

        assertThat(catalog.defaultFor(ConnectionKind.SLACK, "acme/vision")).map(Connection::name).contains("vision-slack");
        assertThat(catalog.defaultFor(ConnectionKind.POLYAXON, "acme/vision")).as("the owner's, for a kind the project"
                + " names none of").map(Connection::name).contains("pa");
        assertThat(catalog.defaultFor(ConnectionKind.SLACK, "acme/nlp")).map(Connection::name).contains("acme-slack");
        assertThat(catalog.defaultFor(ConnectionKind.SLACK, "globex/nlp")).map(Connection::name).contains("ops");
        assertThat(catalog.defaultFor(ConnectionKind.POLYAXON, "globex/nlp")).isEmpty();
        assertThat(catalog.defaultFor(ConnectionKind.SLACK, "acme-labs/nlp")).as("a namespace is a whole owner name")
                .map(Connection::name).contains("ops");
    }

    @Test
    void aNamespaceDefaultNotInTheCatalogOrASecondOfOneKindStopsTheStartNamingTheKey() {
        ConnectionCatalog catalog = parse("""
                connections:
                  - {name: ops, kind: slack, url: 'https://hooks.slack.com/services/T/B/x'}
                  - {name: ml, kind: slack, url: 'https://hooks.slack.com/services/T/B/y'}
                """, Path.of("."));

        assertThatThrownBy(() -> catalog.withNamespaceDefaults(Map.of("acme", List.of("opz"))))
                .hasMessage("hookline.hooks.namespace-defaults.\"acme\".connections: no connection named `opz` in the"
                        + " catalog; it has [ops, ml]");
        assertThatThrownBy(() -> catalog.withNamespaceDefaults(Map.of("acme", List.of("ops", "ml"))))
                .hasMessage("hookline.hooks.namespace-defaults.\"acme\".connections: `ops` and `ml` are both of kind"
                        + " slack; name one default of a kind per namespace");
    }

    @Test
    void aKubernetesTokenIsReadAgainWhenTheKubeletRotatesItsFile(@TempDir Path folder) throws IOException {
        Path token = folder.resolve("token");
        Files.writeString(token, "first-token\n");
        ConnectionCatalog catalog = parse("""
                connections:
                  - {name: k8s, kind: kubernetes, url: 'https://kubernetes.default.svc', secret: {fromFile: token}}
                """, folder);
        Secret secret = catalog.find("k8s").orElseThrow().secret().orElseThrow();
        assertThat(secret.reveal()).isEqualTo("first-token");

        Files.writeString(token, "rotated-token\n");
        // The kubelet writes a new file; its modification time differs even within one clock tick here.
        Files.setLastModifiedTime(token, FileTime.from(Instant.EPOCH));

        assertThat(secret.reveal()).isEqualTo("rotated-token");
        assertThat(catalog.masker().mask("echo rotated-token")).isEqualTo("echo " + Secret.MASK);
    }

    @Test
    void aNotifiersSecretFileIsReadOnceAtStart(@TempDir Path folder) throws IOException {
        Path key = folder.resolve("key");
        Files.writeString(key, "routing-key-1");
        ConnectionCatalog catalog = parse("""
                connections:
                  - {name: pd, kind: pagerduty, url: 'https://events.pagerduty.com/v2/enqueue', secret: {fromFile: key}}
                """, folder);

        Files.writeString(key, "routing-key-2");
        Files.setLastModifiedTime(key, FileTime.from(Instant.EPOCH));

        assertThat(catalog.find("pd").orElseThrow().secret().orElseThrow().reveal()).isEqualTo("routing-key-1");
    }
}
