package io.hookline.k8s;

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
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static io.hookline.testing.Events.finished;
import static org.assertj.core.api.Assertions.assertThat;

/** Every Hookline metric the alert rules and the dashboard query is one a running Hookline serves. */
@QuarkusTest
class MonitoringQueriesTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    private static final Pattern METRIC = Pattern.compile("hookline_[a-z0-9_]+");

    @GrpcClient("hook")
    HookService hooks;

    @BeforeAll
    static void startSink() throws Exception {
        Sink.start();
    }

    @Test
    void everyHooklineMetricTheAlertsAndTheDashboardQueryIsServedAtQMetrics() throws Exception {
        // One delivery, so that the attempt histogram and the finished counter have series.
        ReportAck ack = hooks.notify(finished("monitoring-" + UUID.randomUUID(), "failed").toBuilder()
                .setHooksYaml("- {hubRef: webhook, connection: team-webhook}").build()).await().atMost(TIMEOUT);
        Deliveries.awaitState(hooks, ack.getDeliveries(0).getDeliveryId(), DeliveryState.DELIVERY_STATE_DELIVERED);
        String served = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://localhost:8081/q/metrics"))
                .header("authorization", "Bearer " + TestToken.ADMIN).build(), HttpResponse.BodyHandlers.ofString()).body();

        Set<String> queried = metricsIn(Path.of("k8s/monitoring/prometheusrule.yaml"));
        queried.addAll(metricsIn(Path.of("k8s/monitoring/hookline-dashboard.json")));

        assertThat(queried).contains("hookline_outbox_lag_seconds", "hookline_connection_breaker",
                "hookline_deliveries_finished_total", "hookline_catalog_valid");
        assertThat(queried).allSatisfy(metric -> assertThat(served).as("/q/metrics").containsPattern("(?m)^" + metric + "[{ ]"));
    }

    private static Set<String> metricsIn(Path file) throws Exception {
        Set<String> names = new TreeSet<>();
        Matcher matcher = METRIC.matcher(Files.readString(file));
        while (matcher.find()) {
            names.add(matcher.group());
        }
        return names;
    }
}
