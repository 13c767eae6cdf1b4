package io.hookline.connections;

import io.hookline.api.v1.CatalogFile;
import io.hookline.api.v1.ConnectionInfo;
import io.hookline.api.v1.DeliveryState;
import io.hookline.api.v1.GetDeliveryRequest;
import io.hookline.api.v1.HookAdminGrpc;
import io.hookline.api.v1.HookServiceGrpc;
import io.hookline.api.v1.ListConnectionsRequest;
import io.hookline.api.v1.ListConnectionsResponse;
import io.hookline.testing.HooklineProcess;
import io.hookline.testing.Sink;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;

import static io.hookline.testing.Events.finished;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The packaged jar's catalog file changed while it runs, as a rotated Kubernetes Secret changes
 * it: a valid change is delivered to without a restart, an invalid one is refused with the
 * catalog before kept, and both show in ListConnections, the metrics and the log.
 */
class CatalogFileChangeIT {

    private static final int PORT = 18_227;
    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private static final String FIRST = """
            connections:
              - name: first
                kind: webhook
                allowPrivateNetwork: true
                url: http://127.0.0.1:18181/catalog-change/first
            """;
    private static final String FIRST_MOVED_AND_LATE = """
            connections:
              - name: first
                kind: webhook
                allowPrivateNetwork: true
                url: http://127.0.0.1:18181/catalog-change/first-moved
              - name: late
                kind: webhook
                allowPrivateNetwork: true
                url: http://127.0.0.1:18181/catalog-change/late
            """;
    // Drops `late` and adds a connection with a timeout that is no duration: refused whole.
    private static final String INVALID = """
            connections:
              - name: first
                kind: webhook
                allowPrivateNetwork: true
                url: http://127.0.0.1:18181/catalog-change/first
              - name: broken
                kind: webhook
                allowPrivateNetwork: true
                url: http://127.0.0.1:18181/catalog-change/broken
                timeout: soon
            """;

    @Test
    void aValidChangeIsDeliveredToWithoutRestartAndAnInvalidOneKeepsTheCatalogBeforeAndIsReported() throws Exception {
        Sink sink = Sink.start();
        Path dir = fresh(Path.of("target/it-catalog-change"));
        Path catalog = dir.resolve("connections.yaml");
        Files.writeString(catalog, FIRST);
        Path log = dir.resolve("hookline.log");

        try (HooklineProcess hookline = HooklineProcess.start(PORT, log,
                "hookline.connections.file=" + catalog,
                "hookline.connections.poll-interval=200ms",
                "hookline.embedded-postgres.data-dir=" + dir.resolve("postgres"),
                "hookline.embedded-postgres.clean-start=true")) {
            HookAdminGrpc.HookAdminBlockingStub admin = HookAdminGrpc.newBlockingStub(hookline.channel());
            HookServiceGrpc.HookServiceBlockingStub hooks = HookServiceGrpc.newBlockingStub(hookline.channel());
            assertThat(names(admin.listConnections(ListConnectionsRequest.getDefaultInstance()))).containsExactly("first");

            replace(catalog, FIRST_MOVED_AND_LATE);
            await("the added connection listed").atMost(TIMEOUT).until(() ->
                    names(admin.listConnections(ListConnectionsRequest.getDefaultInstance())), List.of("first", "late")::equals);
            awaitDelivered(hooks, send(hooks, "late"));
            awaitDelivered(hooks, send(hooks, "first"));
            assertThat(sink.onPath("/catalog-change/late")).hasSize(1);
            assertThat(sink.onPath("/catalog-change/first-moved")).as("the changed URL").hasSize(1);
            assertThat(sink.onPath("/catalog-change/first")).isEmpty();
            assertThat(metrics()).contains("hookline_catalog_valid 1.0", "hookline_catalog_reload_failures_total 0.0");

            replace(catalog, INVALID);
            CatalogFile refused = await("the change refused").atMost(TIMEOUT).until(() ->
                    admin.listConnections(ListConnectionsRequest.getDefaultInstance()).getCatalogFile(), file -> !file.getValid());
            assertThat(refused.getPath()).isEqualTo(catalog.toString());
            assertThat(refused.getProblemsList()).singleElement().asString()
                    .startsWith("connections[1].timeout: ").contains("soon");
            assertThat(refused.hasRefusedAt()).isTrue();
            assertThat(names(admin.listConnections(ListConnectionsRequest.getDefaultInstance())))
                    .as("the connections in use").containsExactly("first", "late");
            awaitDelivered(hooks, send(hooks, "late"));
            assertThat(sink.onPath("/catalog-change/late")).as("sent on the catalog before").hasSize(2);
            assertThat(metrics()).contains("hookline_catalog_valid 0.0", "hookline_catalog_reload_failures_total 1.0");
            assertThat(Files.readString(log)).containsPattern("WARN .*Connection catalog .*connections.yaml changed but is refused")
                    .contains("connections[1].timeout: ");

            replace(catalog, FIRST_MOVED_AND_LATE);
            await("the file valid again").atMost(TIMEOUT).until(() ->
                    admin.listConnections(ListConnectionsRequest.getDefaultInstance()).getCatalogFile().getValid());
            assertThat(metrics()).contains("hookline_catalog_valid 1.0", "hookline_catalog_reload_failures_total 1.0");
        }
    }

    /** As a Secret volume changes: the new content appears whole, never half written. */
    private static void replace(Path file, String content) throws IOException {
        Path next = file.resolveSibling(file.getFileName() + ".next");
        Files.writeString(next, content);
        Files.move(next, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    private static String send(HookServiceGrpc.HookServiceBlockingStub hooks, String connection) {
        return hooks.notify(finished("catalog-change-" + UUID.randomUUID(), "failed").toBuilder()
                .setHooksYaml("- {hubRef: webhook, connection: " + connection + "}").build())
                .getDeliveries(0).getDeliveryId();
    }

    private static void awaitDelivered(HookServiceGrpc.HookServiceBlockingStub hooks, String deliveryId) {
        await("delivery " + deliveryId + " delivered").atMost(TIMEOUT).until(() -> hooks.getDelivery(
                GetDeliveryRequest.newBuilder().setDeliveryId(deliveryId).build()).getState(),
                DeliveryState.DELIVERY_STATE_DELIVERED::equals);
    }

    private static List<String> names(ListConnectionsResponse response) {
        return response.getConnectionsList().stream().map(ConnectionInfo::getName).toList();
    }

    private static String metrics() throws IOException, InterruptedException {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://localhost:" + PORT + "/q/metrics"))
                .header("authorization", "Bearer " + HooklineProcess.TOKEN).build(), HttpResponse.BodyHandlers.ofString()).body();
    }

    private static Path fresh(Path dir) throws IOException {
        if (Files.exists(dir)) {
            try (Stream<Path> files = Files.walk(dir)) {
                for (Path path : files.sorted(Comparator.reverseOrder()).toList()) {
                    Files.delete(path);
                }
            }
        }
        return Files.createDirectories(dir).toAbsolutePath();
    }
}
