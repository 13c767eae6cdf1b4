package io.hookline.outbox;

import io.hookline.api.v1.HookService;
import io.hookline.api.v1.RunCompletion;
import io.hookline.testing.Deliveries;
import io.quarkus.grpc.GrpcClient;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.core.buffer.Buffer;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

import static io.hookline.api.v1.DeliveryState.DELIVERY_STATE_FAILED;
import static io.hookline.testing.Events.finished;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** deliveries.request in Postgres: it keeps a request exactly, and one that cannot be read fails its delivery. */
@QuarkusTest
class StoredRequestColumnTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    @GrpcClient("hook")
    HookService hooks;

    @Inject
    Pool pool;

    @Inject
    StoredRequestCodec requests;

    @Test
    void aPlannedRequestIsStoredCompactlyAndAnyRequestReadsBackFromTheColumnExactly() {
        String id = deliver();
        Row planned = row("SELECT request, pg_column_size(request) FROM deliveries WHERE id = $1", id);
        StoredRequest stored = requests.read(planned.getBuffer(0));
        assertThat(stored.method()).isEqualTo("POST");
        assertThat(stored.body()).contains("\"run.completed\"", "train-resnet");
        assertThat(planned.getInteger(1)).as("bytes stored").isLessThan(stored.body().length());

        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Content-Type", "application/json");
        headers.put("X-Title", "résnet 🚀 训练");
        StoredRequest large = new StoredRequest("PUT", headers,
                "{\"text\": \"🚀 \\u2028 训练 " + "x".repeat(400_000) + "\"}");
        execute("UPDATE deliveries SET request = $2 WHERE id = $1", id, Buffer.buffer(requests.write(large)));

        assertThat(requests.read(row("SELECT request FROM deliveries WHERE id = $1", id).getBuffer(0))).isEqualTo(large);
    }

    @Test
    void aStoredRequestThatCannotBeReadFailsItsDeliveryAndSaysWhy() {
        String id = deliver();
        Deliveries.awaitState(hooks, id, DELIVERY_STATE_FAILED);
        // Damaged as by a hand edit, and due again.
        execute("UPDATE deliveries SET request = '\\x02ff00'::bytea, state = 'PENDING', next_attempt_at = now()"
                + " WHERE id = $1", id, null);

        Row failed = await("the damaged delivery's outcome").atMost(TIMEOUT).pollInterval(Duration.ofMillis(200))
                .until(() -> row("SELECT state, reason FROM deliveries WHERE id = $1", id),
                        row -> row.getString(1) != null && row.getString(1).contains("unreadable"));

        assertThat(failed.getString(0)).isEqualTo("FAILED");
        assertThat(failed.getString(1)).startsWith("not sent: stored request is unreadable: ");
    }

    private String deliver() {
        RunCompletion event = finished("stored-" + UUID.randomUUID(), "failed").toBuilder()
                .setHooksYaml("- {hubRef: webhook, connection: not-found}").build();
        return hooks.notify(event).await().atMost(TIMEOUT).getDeliveries(0).getDeliveryId();
    }

    private Row row(String sql, String id) {
        return pool.preparedQuery(sql).execute(Tuple.of(UUID.fromString(id))).await().atMost(TIMEOUT).iterator().next();
    }

    private void execute(String sql, String id, Buffer request) {
        Tuple args = request == null ? Tuple.of(UUID.fromString(id)) : Tuple.of(UUID.fromString(id), request);
        pool.preparedQuery(sql).execute(args).await().atMost(TIMEOUT);
    }
}
