package io.hookline.status;

import io.hookline.api.v1.DeliveryEvent;
import io.hookline.api.v1.DeliveryState;
import io.hookline.api.v1.HookServiceGrpc;
import io.hookline.api.v1.ReportAck;
import io.hookline.api.v1.RunCompletion;
import io.hookline.api.v1.SubscribeRequest;
import io.hookline.testing.HooklineProcess;
import io.hookline.testing.Sink;
import org.junit.jupiter.api.Test;

import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;

import static io.hookline.testing.Events.finished;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two packaged Hookline processes on one database: the first starts the embedded Postgres on a
 * known port, the second uses it as an external server. A run reported to the first is followed
 * on the second by a subscriber that was there before the run was reported (from cursor 0, so
 * the test does not depend on when the second replica registered it).
 */
class SubscribeAcrossReplicasIT {

    private static final int PORT_A = 18_201;
    private static final int PORT_B = 18_202;
    private static final Duration TIMEOUT = Duration.ofSeconds(60);
    private static final String CONNECTIONS = "hookline.connections.file=src/test/resources/connections/hookline-test.yaml";

    @Test
    void aRunReportedToOneReplicaIsSeenOnTheOtherWithEveryStateChangeInOrder() throws Exception {
        Sink.start();
        int postgresPort = freePort();
        Path log = Path.of("target/it-subscribe/hookline.log");
        String url = "localhost:" + postgresPort + "/postgres";
        try (HooklineProcess a = HooklineProcess.start(PORT_A, log, CONNECTIONS,
                "hookline.embedded-postgres.data-dir=target/it-subscribe/postgres",
                "hookline.embedded-postgres.clean-start=true",
                "hookline.embedded-postgres.port=" + postgresPort);
             HooklineProcess b = HooklineProcess.start(PORT_B, log, CONNECTIONS,
                     "quarkus.datasource.reactive.url=postgresql://" + url,
                     "quarkus.datasource.jdbc.url=jdbc:postgresql://" + url,
                     "quarkus.datasource.username=postgres",
                     "quarkus.datasource.password=postgres")) {
            RunCompletion event = finished("replicas-" + UUID.randomUUID(), "failed").toBuilder()
                    .setHooksYaml("- {hubRef: webhook, connection: team-webhook}").build();
            String run = event.getRun().getUuid();

            try (SubscriberClient onB = SubscriberClient.reading(PORT_B, HooklineProcess.TOKEN,
                    SubscribeRequest.newBuilder().setRunUuid(run).build())) {
                ReportAck ack = HookServiceGrpc.newBlockingStub(a.channel()).notify(event);
                List<DeliveryEvent> seen = onB.awaitReceived(events -> events.stream()
                        .anyMatch(e -> e.getState() == DeliveryState.DELIVERY_STATE_DELIVERED), TIMEOUT);

                assertThat(seen).extracting(DeliveryEvent::getState).containsExactly(
                        DeliveryState.DELIVERY_STATE_PENDING,
                        DeliveryState.DELIVERY_STATE_DELIVERING,
                        DeliveryState.DELIVERY_STATE_DELIVERED);
                assertThat(seen).extracting(DeliveryEvent::getDeliveryId)
                        .containsOnly(ack.getDeliveries(0).getDeliveryId());
                assertThat(seen).extracting(DeliveryEvent::getCursor).isSorted();
            }
        }
    }

    private static int freePort() throws Exception {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
