package io.hookline.logging;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.hookline.api.v1.Delivery;
import io.hookline.api.v1.DeliveryState;
import io.hookline.api.v1.GetDeliveryRequest;
import io.hookline.api.v1.HookServiceGrpc;
import io.hookline.api.v1.ReportAck;
import io.hookline.testing.HooklineProcess;
import io.hookline.testing.Sink;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static io.hookline.testing.Events.finished;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The packaged jar with JSON console logs switched on, as an operator switches them on: every
 * line is a JSON object, and the line about a failed delivery carries its run, event, delivery
 * and connection as fields a log store can filter on.
 */
class JsonLogsIT {

    private static final int PORT = 18_231;
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void withJsonLogsOnTheLineOfAFailedDeliveryNamesItsRunEventDeliveryAndConnectionAsFields() throws Exception {
        Sink.start();
        Path dir = Path.of("target/it-json-logs").toAbsolutePath();
        Path log = dir.resolve("hookline.log");
        Files.deleteIfExists(log);
        String eventId = "json-logs-" + UUID.randomUUID();
        Delivery failed;

        try (HooklineProcess hookline = HooklineProcess.start(PORT, log,
                "hookline.connections.file=src/test/resources/connections/hookline-test.yaml",
                "hookline.embedded-postgres.data-dir=" + dir.resolve("postgres"),
                "hookline.embedded-postgres.clean-start=true",
                "quarkus.log.console.json.enabled=true")) {
            HookServiceGrpc.HookServiceBlockingStub hooks = HookServiceGrpc.newBlockingStub(hookline.channel());
            // not-found answers 404: the delivery fails for good on its first attempt.
            ReportAck ack = hooks.notify(finished(eventId, "failed").toBuilder()
                    .setHooksYaml("- {hubRef: webhook, connection: not-found}").build());
            GetDeliveryRequest get = GetDeliveryRequest.newBuilder()
                    .setDeliveryId(ack.getDeliveries(0).getDeliveryId()).build();
            failed = await("the delivery failing").atMost(Duration.ofSeconds(30))
                    .until(() -> hooks.getDelivery(get), d -> d.getState() == DeliveryState.DELIVERY_STATE_FAILED);
            await("its log line").atMost(Duration.ofSeconds(10))
                    .until(() -> Files.readString(log).contains("Delivery " + failed.getDeliveryId() + " is FAILED"));
        }

        List<JsonNode> lines = new ArrayList<>();
        for (String line : Files.readAllLines(log)) {
            if (!line.isBlank()) {
                lines.add(JSON.readTree(line)); // throws for a line that is not JSON
            }
        }
        JsonNode failure = lines.stream()
                .filter(line -> line.path("message").asText().startsWith("Delivery " + failed.getDeliveryId()))
                .findFirst().orElseThrow();
        assertThat(failure.path("level").asText()).isEqualTo("WARN");
        JsonNode fields = failure.path("mdc");
        assertThat(fields.path("run_uuid").asText()).isEqualTo(failed.getRunUuid());
        assertThat(fields.path("event_id").asText()).isEqualTo(eventId);
        assertThat(fields.path("delivery_id").asText()).isEqualTo(failed.getDeliveryId());
        assertThat(fields.path("connection").asText()).isEqualTo("not-found");
        assertThat(lines).as("lines naming another delivery (fields left on a thread)")
                .filteredOn(line -> line.path("mdc").has("delivery_id"))
                .allSatisfy(line -> assertThat(line.path("message").asText()).contains(failed.getDeliveryId()));
    }
}
