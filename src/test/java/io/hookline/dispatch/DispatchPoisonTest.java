package io.hookline.dispatch;

import io.hookline.api.v1.Delivery;
import io.hookline.api.v1.DeliveryAttempt;
import io.hookline.api.v1.GetDeliveryRequest;
import io.hookline.api.v1.HookService;
import io.hookline.api.v1.ReportAck;
import io.hookline.api.v1.RunCompletion;
import io.hookline.outbox.AttemptRecord;
import io.hookline.outbox.ClaimedDelivery;
import io.hookline.outbox.DeliveryState;
import io.hookline.outbox.DeliveryRef;
import io.hookline.testing.Deliveries;
import io.hookline.testing.Sink;
import io.quarkus.grpc.GrpcClient;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.mutiny.Multi;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static io.hookline.api.v1.DeliveryState.DELIVERY_STATE_DEAD;
import static io.hookline.api.v1.DeliveryState.DELIVERY_STATE_DELIVERED;
import static io.hookline.api.v1.DeliveryState.DELIVERY_STATE_FAILED;
import static io.hookline.testing.Events.finished;
import static org.awaitility.Awaitility.await;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A receiver's answer never harms another delivery's outcome, and no delivery is sent past its
 * last attempt (issue 11, item 3).
 */
@QuarkusTest
class DispatchPoisonTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(120);

    @GrpcClient("hook")
    HookService hooks;

    @Inject
    Pool pool;

    @Inject
    OutcomeRecorder recorder;

    @Inject
    DispatchConfig config;

    static Sink sink;

    @BeforeAll
    static void startSink() throws Exception {
        sink = Sink.start();
    }

    @Test
    void aThousandHealthyDeliveriesReachTheirReceiversOnceWhileOneReceiverAnswersBinaryWithNulBytes() {
        // Binary answers interleaved with the healthy ones, so that they share outcome commits.
        List<RunCompletion> events = new ArrayList<>();
        IntStream.range(0, 1000).forEach(i -> {
            events.add(event(i % 100 == 50 ? "binary-body" : "healthy"));
            if (i % 100 == 0) {
                events.add(event("binary-body"));
            }
        });
        List<ReportAck> acks = hooks.report(Multi.createFrom().iterable(events)).collect().asList()
                .await().atMost(TIMEOUT);
        List<String> binary = new ArrayList<>();
        List<String> healthy = new ArrayList<>();
        for (int i = 0; i < events.size(); i++) {
            String id = acks.get(i).getDeliveries(0).getDeliveryId();
            (events.get(i).getHooksYaml().contains("binary-body") ? binary : healthy).add(id);
        }

        awaitDelivered(binary);
        awaitDelivered(healthy);

        Map<String, Long> received = healthy.stream().collect(Collectors.toMap(Function.identity(),
                id -> (long) sink.forDelivery(id).size()));
        assertThat(received.values()).as("requests per healthy delivery").containsOnly(1L);
        assertThat(binary).allSatisfy(id -> assertThat(sink.forDelivery(id)).as("requests to the binary receiver").hasSize(1));
        Delivery delivery = hooks.getDelivery(GetDeliveryRequest.newBuilder()
                .setDeliveryId(binary.get(0)).build()).await().atMost(TIMEOUT);
        assertThat(delivery.getState()).isEqualTo(DELIVERY_STATE_DELIVERED);
        assertThat(delivery.getAttemptsList()).extracting(DeliveryAttempt::getResponseBody)
                .containsExactly("bin\uFFFD\uFFFD(\u001F\uFFFD\uFFFDend");
    }

    @Test
    void aDeliveryWhoseLastAttemptsLeaseRanOutIsDeadWithAReasonInsteadOfBeingSentAgain() {
        String id = deliver("not-found");
        Deliveries.awaitState(hooks, id, DELIVERY_STATE_FAILED);
        // As a replica that died after the last attempt leaves it: DELIVERING, leased, the lease over.
        int last = config.retry().maxAttempts();
        execute("UPDATE deliveries SET state = 'DELIVERING', attempt_count = $2, next_attempt_at = now() WHERE id = $1",
                Tuple.of(UUID.fromString(id), last));

        Delivery dead = Deliveries.awaitState(hooks, id, DELIVERY_STATE_DEAD);

        assertThat(dead.getReason()).contains("lease of attempt " + last, "the last", "gave up");
        assertThat(dead.getAttemptCount()).isEqualTo(last);
        assertThat(sink.forDelivery(id)).as("the one request of the first attempt, no more").hasSize(1);
        List<Row> log = new ArrayList<>();
        pool.preparedQuery("SELECT state, error FROM delivery_events WHERE delivery_id = $1 ORDER BY cursor")
                .execute(Tuple.of(UUID.fromString(id))).await().atMost(TIMEOUT).forEach(log::add);
        assertThat(log.get(log.size() - 1).getString("state")).isEqualTo("DEAD");
        assertThat(log.get(log.size() - 1).getString("error")).contains("gave up");
    }

    @Test
    void anOutcomeThatCannotBeStoredIsRecordedWithoutItsResponseAndTheOthersOfItsCommitAsTheyAre() {
        String poisoned = deliver("not-found");
        String plain = deliver("not-found");
        Deliveries.awaitState(hooks, poisoned, DELIVERY_STATE_FAILED);
        Deliveries.awaitState(hooks, plain, DELIVERY_STATE_FAILED);
        // Held by this test, as by a dispatcher that just made attempt 2; not due, so not claimed.
        for (String id : List.of(poisoned, plain)) {
            execute("UPDATE deliveries SET state = 'DELIVERING', attempt_count = 2, next_attempt_at = now() + interval '1 hour'"
                    + " WHERE id = $1", Tuple.of(UUID.fromString(id)));
        }

        // A body the sender would never produce any more: Postgres refuses U+0000 in text.
        var first = recorder.submit(delivered(poisoned, "bin\u0000ary")).toCompletableFuture();
        var second = recorder.submit(delivered(plain, "thanks")).toCompletableFuture();

        assertThat(first.join()).isTrue();
        assertThat(second.join()).isTrue();
        Delivery stored = Deliveries.awaitState(hooks, poisoned, DELIVERY_STATE_DELIVERED);
        assertThat(stored.getReason()).contains("response of attempt 2 could not be stored");
        assertThat(stored.getAttemptsList()).extracting(DeliveryAttempt::getResponseBody).endsWith("");
        Delivery other = Deliveries.awaitState(hooks, plain, DELIVERY_STATE_DELIVERED);
        assertThat(other.getAttemptsList()).extracting(DeliveryAttempt::getResponseBody).endsWith("thanks");
    }

    private AttemptRecord delivered(String id, String body) {
        Row row = pool.preparedQuery("SELECT event_id, run_uuid, run_name, project, hub_ref, connection, trigger, queue"
                        + " FROM deliveries WHERE id = $1")
                .execute(Tuple.of(UUID.fromString(id))).await().atMost(TIMEOUT).iterator().next();
        DeliveryRef ref = new DeliveryRef(UUID.fromString(id), row.getString(0), row.getString(1), row.getString(2),
                row.getString(3), row.getString(4), row.getString(5), row.getString(6));
        ClaimedDelivery delivery = new ClaimedDelivery(ref, row.getString(7), 2, null, null);
        return new AttemptRecord(delivery, OffsetDateTime.now(ZoneOffset.UTC), 5, 200, body, null,
                DeliveryState.DELIVERED, null, null, true);
    }

    private static RunCompletion event(String connection) {
        return finished("poison-" + UUID.randomUUID(), "failed").toBuilder()
                .setHooksYaml("- {hubRef: webhook, connection: " + connection + "}").build();
    }

    private String deliver(String connection) {
        return hooks.notify(event(connection)).await().atMost(TIMEOUT).getDeliveries(0).getDeliveryId();
    }

    private void execute(String sql, Tuple args) {
        pool.preparedQuery(sql).execute(args).await().atMost(TIMEOUT);
    }

    private void awaitDelivered(List<String> ids) {
        UUID[] uuids = ids.stream().map(UUID::fromString).toArray(UUID[]::new);
        await("all " + ids.size() + " deliveries DELIVERED").atMost(TIMEOUT)
                .pollInterval(Duration.ofMillis(200))
                .until(() -> pool.preparedQuery("SELECT count(*) FROM deliveries WHERE id = ANY($1) AND state = 'DELIVERED'")
                        .execute(Tuple.of((Object) uuids)).await().atMost(TIMEOUT).iterator().next().getLong(0),
                        delivered -> delivered == ids.size());
    }
}
