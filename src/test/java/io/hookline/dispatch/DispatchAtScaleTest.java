package io.hookline.dispatch;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.hookline.api.v1.ConnectionInfo;
import io.hookline.api.v1.HookAdmin;
import io.hookline.api.v1.HookService;
import io.hookline.api.v1.ListConnectionsRequest;
import io.hookline.api.v1.ReportAck;
import io.hookline.api.v1.RunCompletion;
import io.hookline.outbox.OutboxClaims;
import io.hookline.status.StatusLog;
import io.hookline.testing.Sink;
import io.quarkus.grpc.GrpcClient;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.mutiny.Multi;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static io.hookline.testing.Events.finished;
import static org.assertj.core.api.Assertions.assertThat;

@QuarkusTest
class DispatchAtScaleTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(120);

    @GrpcClient("hook")
    HookService hooks;

    @GrpcClient("admin")
    HookAdmin admin;

    @Inject
    Pool pool;

    @Inject
    OutboxDispatcher dispatcher;

    @Inject
    OutboxClaims deliveries;

    @Inject
    StatusLog statusLog;

    @Inject
    HttpSender sender;

    @Inject
    AttemptClassifier classifier;

    @Inject
    RetrySchedule retries;

    @Inject
    WorkerConfig config;

    @Inject
    Vertx vertx;

    @Inject
    ObjectMapper json;

    @Inject
    io.micrometer.core.instrument.MeterRegistry metrics;

    @Inject
    io.hookline.outbox.DisabledTargets disabledTargets;

    static Sink sink;

    @BeforeAll
    static void startSink() throws Exception {
        sink = Sink.start();
    }

    @Test
    void aHangingConnectionWithItsBreakerOpenDoesNotSlowAHealthyOne() {
        List<Long> baseline = latencies(report("healthy", 40));

        report("hanging", 8);
        awaitBreaker("hanging", "open");
        List<String> alongside = new ArrayList<>();
        for (int round = 0; round < 4; round++) {
            report("hanging", 5);
            alongside.addAll(report("healthy", 10));
        }
        List<Long> withHanging = latencies(alongside);

        long baselineP90 = percentile(baseline, 90);
        long withHangingP90 = percentile(withHanging, 90);
        // Relative bound (machines here are noisy): a hanging receiver holding the healthy one's
        // lane would add its 300 ms timeout to every request.
        assertThat(withHangingP90).as("p90 ms with the hanging connection, baseline p90 %d ms", baselineP90)
                .isLessThanOrEqualTo(Math.max(3 * baselineP90, baselineP90 + 150));
        assertThat(breaker("healthy")).isEqualTo("closed");
    }

    @Test
    void twoDispatchersOnOneDatabaseDeliverEveryDeliveryExactlyOnce() {
        OutboxDispatcher second = new OutboxDispatcher(pool, deliveries, statusLog, sender, classifier, retries,
                config, vertx, metrics, disabledTargets);
        second.start(null);
        try {
            List<String> ids = report("healthy", 2000);

            awaitDelivered(ids);

            Map<String, Long> received = ids.stream().collect(Collectors.toMap(Function.identity(),
                    id -> (long) sink.forDelivery(id).size()));
            assertThat(received.values()).as("requests per delivery").containsOnly(1L);
            List<String> owners = new ArrayList<>();
            pool.preparedQuery("SELECT DISTINCT lease_owner FROM deliveries WHERE id = ANY($1)")
                    .execute(Tuple.of(ids.stream().map(UUID::fromString).toArray(UUID[]::new)))
                    .await().atMost(TIMEOUT).forEach(r -> owners.add(r.getString(0)));
            assertThat(owners).as("both dispatchers took part").hasSize(2);
        } finally {
            second.stop(null);
        }
    }

    /** Reports {@code count} failed runs, each with one webhook hook to the connection. */
    List<String> report(String connection, int count) {
        List<RunCompletion> events = IntStream.range(0, count)
                .mapToObj(i -> finished("scale-" + UUID.randomUUID(), "failed").toBuilder()
                        .setHooksYaml("- {hubRef: webhook, connection: " + connection + "}").build())
                .toList();
        List<ReportAck> acks = hooks.report(Multi.createFrom().iterable(events)).collect().asList()
                .await().atMost(TIMEOUT);
        return acks.stream().map(a -> a.getDeliveries(0).getDeliveryId()).toList();
    }

    /** Milliseconds from the delivery's creation (its event's commit) to its arrival at the sink. */
    List<Long> latencies(List<String> ids) {
        awaitDelivered(ids);
        Map<String, Instant> created = new java.util.HashMap<>();
        pool.preparedQuery("SELECT id::text, created_at FROM deliveries WHERE id = ANY($1)")
                .execute(Tuple.of(ids.stream().map(UUID::fromString).toArray(UUID[]::new)))
                .await().atMost(TIMEOUT)
                .forEach(r -> created.put(r.getString(0), r.getOffsetDateTime(1).toInstant()));
        return ids.stream().map(id -> Duration.between(created.get(id), sink.forDelivery(id).get(0).at()).toMillis())
                .toList();
    }

    void awaitDelivered(List<String> ids) {
        Instant deadline = Instant.now().plus(TIMEOUT);
        UUID[] uuids = ids.stream().map(UUID::fromString).toArray(UUID[]::new);
        while (Instant.now().isBefore(deadline)) {
            long delivered = pool.preparedQuery("SELECT count(*) FROM deliveries WHERE id = ANY($1) AND state = 'DELIVERED'")
                    .execute(Tuple.of(uuids)).await().atMost(TIMEOUT).iterator().next().getLong(0);
            if (delivered == ids.size()) {
                return;
            }
            DeliveryOutcomesTest.sleep(100);
        }
        throw new AssertionError("not every delivery was DELIVERED within " + TIMEOUT);
    }

    void awaitBreaker(String connection, String state) {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(30));
        while (Instant.now().isBefore(deadline)) {
            if (state.equals(breaker(connection))) {
                return;
            }
            DeliveryOutcomesTest.sleep(100);
        }
        throw new AssertionError("breaker of " + connection + " did not become " + state);
    }

    String breaker(String connection) {
        return admin.listConnections(ListConnectionsRequest.getDefaultInstance()).await().atMost(TIMEOUT)
                .getConnectionsList().stream().filter(c -> c.getName().equals(connection))
                .map(ConnectionInfo::getBreakerState).findFirst().orElseThrow();
    }

    static long percentile(List<Long> values, int percentile) {
        List<Long> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        return sorted.get(Math.min(sorted.size() - 1, sorted.size() * percentile / 100));
    }
}
