package io.hookline.dispatch;

import static io.hookline.testing.Events.finished;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.hookline.api.v1.HookService;
import io.hookline.api.v1.ReportAck;
import io.hookline.api.v1.RunCompletion;
import io.hookline.testing.Sink;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.grpc.GrpcClient;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.smallrye.mutiny.Multi;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A delivery whose connection has room when its event commits is written leased to this
 * replica and sent from intake: no claim has to find it, and it reads in the status log and the
 * attempts exactly as a claimed one does.
 */
@QuarkusTest
@TestProfile(HandoffAtIntakeTest.NoPolls.class)
class HandoffAtIntakeTest {

    /**
     * Claims only when work was made due or capacity freed, not every 200 ms. After each poll
     * every connection may have rows due, and intake gives a connection that may have a backlog at
     * most half its room: with earlier tests' retries coming due on the same sink, how many of
     * these 8 intake hands over would depend on them. This tests the handoff itself; what a claim
     * in flight leaves to intake is {@code DispatchCapacityTest}'s.
     */
    public static final class NoPolls implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("hookline.dispatch.workers.poll-interval", "1h");
        }
    }

    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    @GrpcClient("hook")
    HookService hooks;

    @Inject
    Pool pool;

    @Inject
    MeterRegistry metrics;

    static Sink sink;

    @BeforeAll
    static void startSink() throws Exception {
        sink = Sink.start();
    }

    @Test
    void deliveriesTheirConnectionHasRoomForAreSentWithoutAClaimAndReadAsClaimedOnes() {
        awaitDelivered(report(1)); // the connection is known drained once a claim found none of it due
        // (hookline_dispatch_claimed counts every connection's rows, and a test before may leave
        // retries that come due meanwhile: the handed-over count is what says these were not claimed.)
        double handedBefore = metrics.counter("hookline.dispatch.handed_over").count();

        List<String> ids = report(8);
        awaitDelivered(ids);

        assertThat(metrics.counter("hookline.dispatch.handed_over").count() - handedBefore).isEqualTo(8);
        assertThat(ids).allSatisfy(id -> {
            assertThat(column(id, "SELECT state FROM delivery_events WHERE delivery_id = $1 ORDER BY cursor"))
                    .containsExactly("PENDING", "DELIVERING", "DELIVERED");
            assertThat(column(id, "SELECT attempt::text FROM delivery_events WHERE delivery_id = $1 ORDER BY cursor"))
                    .containsExactly("0", "1", "1");
            assertThat(column(id, "SELECT number || ' ' || outcome FROM delivery_attempts WHERE delivery_id = $1"))
                    .containsExactly("1 DELIVERED");
            Row delivery = pool.preparedQuery("SELECT attempt_count, lease_owner, next_attempt_at FROM deliveries WHERE id = $1")
                    .execute(Tuple.of(UUID.fromString(id))).await().atMost(TIMEOUT).iterator().next();
            assertThat(delivery.getInteger("attempt_count")).isEqualTo(1);
            assertThat(delivery.getString("lease_owner")).startsWith("hookline-");
            assertThat(delivery.getValue("next_attempt_at")).as("final: not due again").isNull();
            assertThat(sink.forDelivery(id)).hasSize(1);
        });
    }

    private void awaitDelivered(List<String> ids) {
        await("all delivered").atMost(TIMEOUT).pollInterval(Duration.ofMillis(50)).until(() -> pool
                .preparedQuery("SELECT count(*) FROM deliveries WHERE state = 'DELIVERED' AND id = ANY($1)")
                .execute(Tuple.of((Object) ids.stream().map(UUID::fromString).toArray(UUID[]::new)))
                .await().atMost(TIMEOUT).iterator().next().getLong(0) == ids.size());
    }

    private List<String> report(int count) {
        List<RunCompletion> events = IntStream.range(0, count)
                .mapToObj(i -> finished("handoff-" + UUID.randomUUID(), "failed").toBuilder()
                        .setHooksYaml("- {hubRef: webhook, connection: handed}").build())
                .toList();
        return hooks.report(Multi.createFrom().iterable(events)).collect().asList().await().atMost(TIMEOUT)
                .stream().map((ReportAck ack) -> ack.getDeliveries(0).getDeliveryId()).toList();
    }

    private List<String> column(String id, String sql) {
        List<String> values = new ArrayList<>();
        pool.preparedQuery(sql).execute(Tuple.of(UUID.fromString(id))).await().atMost(TIMEOUT)
                .forEach(row -> values.add(row.getString(0)));
        return values;
    }
}
