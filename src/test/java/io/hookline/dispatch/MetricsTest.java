package io.hookline.dispatch;

import io.hookline.api.v1.DeliveryState;
import io.hookline.api.v1.HookService;
import io.hookline.api.v1.ReportAck;
import io.hookline.testing.Deliveries;
import io.hookline.testing.Sink;
import io.hookline.testing.TestToken;
import io.quarkus.grpc.GrpcClient;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.UUID;

import static io.hookline.testing.Events.finished;
import static org.assertj.core.api.Assertions.assertThat;

@QuarkusTest
class MetricsTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    @GrpcClient("hook")
    HookService hooks;

    @BeforeAll
    static void startSink() throws Exception {
        Sink.start();
    }

    @Test
    void prometheusMetricsCountEventsDeliveriesAttemptsAndShowBreakersAndOutboxLag() throws Exception {
        ReportAck ack = hooks.notify(finished("metrics-" + UUID.randomUUID(), "failed").toBuilder()
                .setHooksYaml("- {hubRef: webhook, connection: team-webhook}").build()).await().atMost(TIMEOUT);
        String id = ack.getDeliveries(0).getDeliveryId();
        Deliveries.awaitState(hooks, id, DeliveryState.DELIVERY_STATE_DELIVERED);

        String metrics = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create("http://localhost:8081/q/metrics"))
                .header("authorization", "Bearer " + TestToken.ADMIN).build(), HttpResponse.BodyHandlers.ofString()).body();

        assertThat(metrics)
                .containsPattern("hookline_events_total\\{result=\"accepted\"\\} [1-9]")
                .containsPattern("hookline_deliveries_planned_total\\{state=\"pending\"\\} [1-9]")
                .containsPattern("hookline_deliveries_finished_total\\{connection=\"team-webhook\",state=\"delivered\"\\} [1-9]")
                .contains("hookline_attempts_seconds_bucket{connection=\"team-webhook\",outcome=\"delivered\"")
                .contains("hookline_connection_breaker{connection=\"hanging\"}")
                .contains("hookline_outbox_lag_seconds")
                .contains("hookline_dispatch_inflight")
                .containsPattern("hookline_subscribers [0-9]")
                .contains("hookline_catalog_valid 1.0")
                .contains("hookline_catalog_reload_failures_total 0.0");
        List<String> unexplained = metrics.lines().filter(line -> line.startsWith("# HELP hookline_"))
                .filter(line -> line.split(" ", 4).length < 4 || line.split(" ", 4)[3].isBlank()).toList();
        assertThat(unexplained).as("every Hookline metric has HELP text").isEmpty();
        assertThat(metrics).as("no SmallRye guard meters: named by guard, they outlive a catalog change")
                .doesNotContain("ft_invocations").doesNotContain("ft_circuitbreaker");
    }
}
