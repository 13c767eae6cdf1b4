package io.hookline.dispatch;

import com.standardwebhooks.Webhook;
import io.hookline.api.v1.ConnectionInfo;
import io.hookline.api.v1.EnableConnectionRequest;
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
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;

import static io.hookline.testing.Events.finished;
import static org.awaitility.Awaitility.await;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

/**
 * Deliveries to a real local HTTP receiver end in the right state after the right attempts. The
 * test retry schedule is 200ms, 400ms, 800ms with 4 attempts and no jitter (application.properties).
 */
@QuarkusTest
public class DeliveryOutcomesTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    private static final Duration POLL = Duration.ofMillis(50);
    private static final List<String> FINAL = List.of("DELIVERED", "FAILED", "DEAD", "DISABLED");

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
    void aHealthyReceiverGetsOneSignedRequestThatAnIndependentVerifierAccepts() throws Exception {
        String id = deliver("team-webhook");

        Row delivery = awaitFinal(id);

        assertThat(delivery.getString("state")).isEqualTo("DELIVERED");
        assertThat(attempts(id)).extracting(r -> r.getInteger("http_status")).containsExactly(200);
        List<Sink.Received> received = sink.forDelivery(id);
        assertThat(received).hasSize(1);
        Sink.Received request = received.get(0);
        assertThat(request.headers().get("webhook-id")).isEqualTo(id);
        String secret = Files.readString(Path.of("src/test/resources/connections/secrets/webhook-secret.txt")).trim();
        Map<String, List<String>> headers = request.headers().entrySet().stream()
                .collect(Collectors.toMap(Map.Entry::getKey, e -> List.of(e.getValue())));
        assertThatCode(() -> new Webhook(secret).verify(request.body(), headers)).doesNotThrowAnyException();
        assertThat(request.body()).contains("\"type\"").contains("run.completed").contains("train-resnet");
    }

    @Test
    void aReceiverAnswering500IsRetriedOnTheScheduleAndTheDeliveryDiesAfterTheLastAttempt() {
        String id = deliver("flaky-500");

        Row delivery = awaitFinal(id);

        assertThat(delivery.getString("state")).isEqualTo("DEAD");
        List<Row> attempts = attempts(id);
        assertThat(attempts).extracting(r -> r.getInteger("http_status")).containsExactly(500, 500, 500, 500);
        assertGapsAtLeast(attempts, 200, 400, 800);
        assertThat(sink.forDelivery(id)).hasSize(4);
    }

    @Test
    void aHangingReceiverTimesOutAndIsRetriedLikeAFailure() {
        String id = deliver("hanging");

        Row delivery = awaitFinal(id);

        assertThat(delivery.getString("state")).isEqualTo("DEAD");
        assertThat(attempts(id)).hasSize(4).allSatisfy(a -> {
            assertThat(a.getInteger("http_status")).isZero();
            assertThat(a.getString("error")).isNotBlank();
        });
    }

    @Test
    void deliveriesWaitingForTheirConnectionsOneSlotEachHaveTheWholeTimeoutAndArriveOnce() {
        // Sent together, so each one but the first waits about 300 ms for the one before it.
        List<String> ids = hooks.report(Multi.createFrom().range(0, 6).map(i -> finished("one-at-a-time-" + UUID.randomUUID(),
                                "failed").toBuilder().setHooksYaml("- {hubRef: webhook, connection: one-at-a-time}").build()))
                .map(ack -> ack.getDeliveries(0).getDeliveryId()).collect().asList().await().atMost(TIMEOUT);

        ids.forEach(this::awaitFinal);

        assertThat(ids).allSatisfy(id -> {
            assertThat(delivery(id).getString("state")).isEqualTo("DELIVERED");
            assertThat(attempts(id)).extracting(r -> r.getInteger("http_status")).as("attempts of %s", id).containsExactly(200);
            assertThat(sink.forDelivery(id)).as("requests received for %s", id).hasSize(1);
        });
        assertThat(sink.mostAtOnce("/slow/300/one-at-a-time")).isEqualTo(1);
    }

    @Test
    void a429WithRetryAfterIsRetriedNoSoonerThanItAsksAndThenDelivered() {
        String id = deliver("throttled-once");

        Row delivery = awaitFinal(id);

        assertThat(delivery.getString("state")).isEqualTo("DELIVERED");
        List<Row> attempts = attempts(id);
        assertThat(attempts).extracting(r -> r.getInteger("http_status")).containsExactly(429, 200);
        assertGapsAtLeast(attempts, 1000);
    }

    @Test
    void a410DisablesTheConnectionSoLaterDeliveriesAreNotSentUntilItIsEnabledAgain() {
        admin.enableConnection(EnableConnectionRequest.newBuilder().setName("gone").build()).await().atMost(TIMEOUT);
        String first = deliver("gone");

        assertThat(awaitFinal(first).getString("state")).isEqualTo("DISABLED");
        assertThat(attempts(first)).extracting(r -> r.getInteger("http_status")).containsExactly(410);
        assertThat(connection("gone").getDisabled()).isTrue();
        assertThat(connection("gone").getDisabledReason()).contains("410");

        String second = deliver("gone");
        Row secondDelivery = awaitFinal(second);
        assertThat(secondDelivery.getString("state")).isEqualTo("DISABLED");
        assertThat(secondDelivery.getString("reason")).contains("EnableConnection");
        assertThat(sink.forDelivery(second)).as("nothing sent to a disabled receiver").isEmpty();

        ConnectionInfo enabled = admin.enableConnection(EnableConnectionRequest.newBuilder().setName("gone").build())
                .await().atMost(TIMEOUT);
        assertThat(enabled.getDisabled()).isFalse();
        String third = deliver("gone");
        awaitFinal(third);
        assertThat(sink.forDelivery(third)).as("sent again once enabled").hasSize(1);
    }

    private ConnectionInfo connection(String name) {
        return admin.listConnections(ListConnectionsRequest.getDefaultInstance()).await().atMost(TIMEOUT)
                .getConnectionsList().stream().filter(c -> c.getName().equals(name)).findFirst().orElseThrow();
    }

    @Test
    void a404IsFinalAfterOneAttempt() {
        String id = deliver("not-found");

        Row delivery = awaitFinal(id);

        assertThat(delivery.getString("state")).isEqualTo("FAILED");
        assertThat(delivery.getString("reason")).contains("404");
        assertThat(attempts(id)).hasSize(1);
    }

    @Test
    void everyStateChangeIsInTheStatusLogInOrder() {
        String id = deliver("flaky-500");
        awaitFinal(id);

        List<String> states = new ArrayList<>();
        pool.preparedQuery("SELECT state FROM delivery_events WHERE delivery_id = $1 ORDER BY cursor")
                .execute(Tuple.of(UUID.fromString(id))).await().atMost(TIMEOUT).forEach(r -> states.add(r.getString(0)));

        assertThat(states).containsExactly("PENDING",
                "DELIVERING", "RETRY_SCHEDULED", "DELIVERING", "RETRY_SCHEDULED",
                "DELIVERING", "RETRY_SCHEDULED", "DELIVERING", "DEAD");
    }

    /** Reports a failed run with one webhook hook through the connection; returns the delivery id. */
    String deliver(String connection) {
        RunCompletion event = finished("dispatch-" + UUID.randomUUID(), "failed").toBuilder()
                .setHooksYaml("- {hubRef: webhook, connection: " + connection + "}").build();
        ReportAck ack = hooks.notify(event).await().atMost(TIMEOUT);
        assertThat(ack.getDeliveries(0).getState().name()).isEqualTo("DELIVERY_STATE_PENDING");
        return ack.getDeliveries(0).getDeliveryId();
    }

    Row awaitFinal(String deliveryId) {
        // Polls the state alone so that a timeout shows it; a final state does not change, so the
        // row read afterwards is the one that ended the wait.
        await("delivery " + deliveryId + " reaching one of " + FINAL).atMost(TIMEOUT).pollInterval(POLL)
                .until(() -> delivery(deliveryId).getString("state"), FINAL::contains);
        return delivery(deliveryId);
    }

    private Row delivery(String deliveryId) {
        return pool.preparedQuery("SELECT state, reason, attempt_count FROM deliveries WHERE id = $1")
                .execute(Tuple.of(UUID.fromString(deliveryId))).await().atMost(TIMEOUT).iterator().next();
    }

    List<Row> attempts(String deliveryId) {
        List<Row> rows = new ArrayList<>();
        pool.preparedQuery("SELECT number, started_at, http_status, error, outcome FROM delivery_attempts "
                        + "WHERE delivery_id = $1 ORDER BY number")
                .execute(Tuple.of(UUID.fromString(deliveryId))).await().atMost(TIMEOUT).forEach(rows::add);
        return rows;
    }

    /** Each attempt starts no sooner than the scheduled delay after the previous one started. */
    static void assertGapsAtLeast(List<Row> attempts, long... millis) {
        for (int i = 0; i < millis.length; i++) {
            OffsetDateTime before = attempts.get(i).getOffsetDateTime("started_at");
            OffsetDateTime after = attempts.get(i + 1).getOffsetDateTime("started_at");
            assertThat(Duration.between(before, after).toMillis())
                    .as("gap before attempt %d", i + 2).isGreaterThanOrEqualTo(millis[i]);
        }
    }

    /** Still used by DispatchAtScaleTest's own waits, which go with the rewrite of its wiring. */
    public static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
