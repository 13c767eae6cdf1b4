package io.hookline.dispatch;

import static io.hookline.testing.Events.finished;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.hookline.api.v1.ConnectionInfo;
import io.hookline.api.v1.HookAdmin;
import io.hookline.api.v1.HookService;
import io.hookline.api.v1.ListConnectionsRequest;
import io.hookline.api.v1.ReportAck;
import io.hookline.api.v1.RunCompletion;
import io.hookline.testing.Sink;
import io.quarkus.grpc.GrpcClient;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.mutiny.Multi;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Claims take only what can be sent now: a connection at its concurrency, a lane at its limit, a
 * rate limit used up or a breaker open leave their deliveries waiting in the outbox as they are,
 * with no attempt and no status row, instead of claiming them to hold them back.
 */
@QuarkusTest
class ClaimCapacityTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(60);
    private static final List<String> SENT_ONCE = List.of("PENDING", "DELIVERING", "DELIVERED");

    @GrpcClient("hook")
    HookService hooks;

    @GrpcClient("admin")
    HookAdmin admin;

    @Inject
    Pool pool;

    static Sink sink;

    @BeforeAll
    static void startSink() throws Exception {
        sink = Sink.start();
    }

    @Test
    void aConnectionIsNeverSentMoreAtOnceThanItsConcurrencyAndItsWaitingDeliveriesWriteNoStatusRows() {
        List<String> ids = report("- {hubRef: webhook, connection: narrow}", 20);

        awaitDelivered(ids);

        assertThat(sink.mostAtOnce("/slow/150/narrow")).as("requests in flight at once").isBetween(1, 2);
        assertSentOnceEach(ids);
    }

    @Test
    void aLaneIsNeverSentMoreAtOnceThanItsLimitWhateverItsConnectionCouldTake() {
        List<String> ids = report("- {hubRef: webhook, connection: laned, queue: two-at-a-time}", 12);

        awaitDelivered(ids);

        assertThat(sink.mostAtOnce("/slow/150/laned")).as("lane two-at-a-time, connection concurrency 16")
                .isBetween(1, 2);
        assertSentOnceEach(ids);
    }

    @Test
    void aRateLimitedConnectionSendsNoMoreThanItsLimitPerWindowAndHoldsNothingBack() {
        List<String> ids = report("- {hubRef: webhook, connection: metered}", 12);

        awaitDelivered(ids);

        List<Instant> arrivals = sink.onPath("/slow/1/metered").stream().map(Sink.Received::at).sorted().toList();
        assertThat(arrivals).as(arrivals.toString()).hasSize(12);
        // 5 per fixed 1 s window: any 11 requests in a row start in three windows, so more than 1 s
        // apart when sent; they arrive at the sink up to some milliseconds later each on a busy
        // machine, hence the margin. Unlimited, all 12 arrive within a few milliseconds.
        assertThat(Duration.between(arrivals.get(0), arrivals.get(10))).as(arrivals.toString())
                .isGreaterThan(Duration.ofMillis(800));
        assertSentOnceEach(ids);
    }

    @Test
    void deliveriesOfAConnectionWhoseBreakerIsOpenWaitWithoutUsingUpTheirAttempts() {
        List<String> failed = report("- {hubRef: webhook, connection: opens-at-once}", 2);
        await("breaker open").atMost(TIMEOUT).until(() -> "open".equals(breaker("opens-at-once")));
        List<String> later = report("- {hubRef: webhook, connection: opens-at-once}", 3);

        // Long enough for the test schedule (200 ms, 400 ms, 800 ms) to use up all four attempts,
        // were an open breaker an attempt.
        DeliveryOutcomesTest.sleep(2500);

        assertThat(failed).allSatisfy(id -> {
            Row delivery = delivery(id);
            assertThat(delivery.getString("state")).isEqualTo("RETRY_SCHEDULED");
            assertThat(delivery.getInteger("attempt_count")).isEqualTo(1);
            assertThat(column(id, "SELECT number::text FROM delivery_attempts WHERE delivery_id = $1")).hasSize(1);
            assertThat(statusLog(id)).containsExactly("PENDING", "DELIVERING", "RETRY_SCHEDULED");
        });
        assertThat(later).allSatisfy(id -> {
            Row delivery = delivery(id);
            assertThat(delivery.getString("state")).isEqualTo("PENDING");
            assertThat(delivery.getInteger("attempt_count")).isZero();
            assertThat(column(id, "SELECT number::text FROM delivery_attempts WHERE delivery_id = $1")).isEmpty();
            assertThat(statusLog(id)).containsExactly("PENDING");
            assertThat(sink.forDelivery(id)).isEmpty();
        });
    }

    private void awaitDelivered(List<String> ids) {
        await("all delivered").atMost(TIMEOUT).pollInterval(Duration.ofMillis(50))
                .until(() -> count("state = 'DELIVERED' AND id = ANY($1)", ids) == ids.size());
    }

    private void assertSentOnceEach(List<String> ids) {
        assertThat(ids).allSatisfy(id -> {
            assertThat(statusLog(id)).as("status log of " + id).containsExactlyElementsOf(SENT_ONCE);
            assertThat(column(id, "SELECT outcome FROM delivery_attempts WHERE delivery_id = $1"))
                    .containsExactly("DELIVERED");
            assertThat(sink.forDelivery(id)).hasSize(1);
        });
    }

    private List<String> report(String hooksYaml, int count) {
        List<RunCompletion> events = IntStream.range(0, count)
                .mapToObj(i -> finished("capacity-" + UUID.randomUUID(), "failed").toBuilder()
                        .setHooksYaml(hooksYaml).build())
                .toList();
        return hooks.report(Multi.createFrom().iterable(events)).collect().asList().await().atMost(TIMEOUT)
                .stream().map((ReportAck ack) -> ack.getDeliveries(0).getDeliveryId()).toList();
    }

    private long count(String where, List<String> ids) {
        return pool.preparedQuery("SELECT count(*) FROM deliveries WHERE " + where)
                .execute(Tuple.of((Object) ids.stream().map(UUID::fromString).toArray(UUID[]::new)))
                .await().atMost(TIMEOUT).iterator().next().getLong(0);
    }

    private Row delivery(String id) {
        return pool.preparedQuery("SELECT state, attempt_count FROM deliveries WHERE id = $1")
                .execute(Tuple.of(UUID.fromString(id))).await().atMost(TIMEOUT).iterator().next();
    }

    private List<String> statusLog(String id) {
        return column(id, "SELECT state FROM delivery_events WHERE delivery_id = $1 ORDER BY cursor");
    }

    private List<String> column(String id, String sql) {
        List<String> values = new ArrayList<>();
        pool.preparedQuery(sql).execute(Tuple.of(UUID.fromString(id))).await().atMost(TIMEOUT)
                .forEach(row -> values.add(row.getString(0)));
        return values;
    }

    private String breaker(String connection) {
        return admin.listConnections(ListConnectionsRequest.getDefaultInstance()).await().atMost(TIMEOUT)
                .getConnectionsList().stream().filter(c -> c.getName().equals(connection))
                .map(ConnectionInfo::getBreakerState).findFirst().orElseThrow();
    }
}
