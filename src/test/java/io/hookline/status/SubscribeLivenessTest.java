package io.hookline.status;

import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.hookline.api.v1.DeliveryEvent;
import io.hookline.api.v1.HookServiceGrpc;
import io.hookline.api.v1.SubscribeRequest;
import io.hookline.outbox.DeliveryRef;
import io.hookline.outbox.DeliveryState;
import io.hookline.testing.TestToken;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * The wait for the log's safe end against transactions held open elsewhere: in another database
 * of the same cluster (never waited for), and in Hookline's own database holding a cursor (ended
 * at hookline.subscribe.writer-deadline, 10 s in tests).
 */
@QuarkusTest
class SubscribeLivenessTest {

    private static final int PORT = 8081;
    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    @Inject
    Pool pool;

    @Inject
    StatusLog statusLog;

    @Inject
    MeterRegistry metrics;

    @Test
    void aTransactionHeldOpenInAnotherDatabaseHoldsBackNeitherALiveSubscriberNorAReplay() throws Exception {
        String database = "other_" + newRun().substring(0, 12);
        try (Connection admin = connect("postgres")) {
            admin.createStatement().execute("CREATE DATABASE " + database);
        }
        try (Connection held = connect(database)) {
            held.setAutoCommit(false);
            held.createStatement().execute("CREATE TABLE held (x int)");
            String run = newRun();
            try (SubscriberClient live = SubscriberClient.reading(PORT, forRun(run).setAfterCursor(lastCursor()).build())) {
                append(run, 3);

                List<DeliveryEvent> received = live.awaitReceived(events -> events.size() >= 3, TIMEOUT);
                assertThat(cursors(received)).containsExactlyElementsOf(loggedCursors(run));
            }
            assertThat(cursors(replay(run))).containsExactlyElementsOf(loggedCursors(run));
            // Never waited for, so never ended: the other database's transaction goes on and commits.
            held.createStatement().execute("INSERT INTO held VALUES (1)");
            held.commit();
        } finally {
            try (Connection admin = connect("postgres")) {
                admin.createStatement().execute("DROP DATABASE " + database + " WITH (FORCE)");
            }
        }
    }

    @Test
    void aWriterHeldOpenInHooklinesDatabaseDelaysChangesOnlyUntilTheDeadlineAndNoCommittedChangeIsLost()
            throws Exception {
        String run = newRun();
        long before = lastCursor();
        try (Connection held = connect("postgres");
             SubscriberClient live = SubscriberClient.reading(PORT, forRun(run).setAfterCursor(before).build())) {
            holdCursor(held, run);
            long heldSince = System.nanoTime();
            append(run, 2);

            List<DeliveryEvent> received = live.awaitReceived(events -> events.size() >= 2, TIMEOUT);
            Duration delayed = Duration.ofNanos(System.nanoTime() - heldSince);

            // The held writer was ended, so its change never committed: what the subscriber got is
            // exactly what the log holds, the held cursor below them included in neither.
            assertThat(cursors(received)).containsExactlyElementsOf(loggedCursors(run)).hasSize(2);
            assertThatThrownBy(held::commit).isInstanceOf(SQLException.class);
            assertThat(delayed).isLessThan(Duration.ofSeconds(10).plus(Duration.ofSeconds(30)));
            assertThat(cursors(replay(run))).containsExactlyElementsOf(loggedCursors(run));
        }
    }

    @Test
    void aReplayOnlyCallThatWaitsForAWriterStopsWaitingWhenItsClientLeaves() throws Exception {
        String run = newRun();
        append(run, 1);
        try (Connection held = connect("postgres")) {
            holdCursor(held, run);
            try (SubscriberClient replay = SubscriberClient.reading(PORT, forRun(run).setReplayOnly(true).build())) {
                // The feed and the replay both wait for the held writer.
                await("the feed and the replay waiting").atMost(TIMEOUT).until(() -> writerWaits() >= 2);
                double waiting = writerWaits();
                replay.cancel();

                await("the replay no longer waiting").atMost(TIMEOUT).until(() -> writerWaits() < waiting);
            }
            // Still open: the wait ended because the client left, not because the deadline ended the writer.
            assertThat(held.isValid(5)).isTrue();
            assertThat(held.createStatement().executeQuery("SELECT 1").next()).isTrue();
            held.rollback();
        }
    }

    private double writerWaits() {
        return metrics.get("hookline.subscribe.writer_waits").gauge().value();
    }

    /** A transaction of Hookline's database that drew a cursor and stays open. */
    private static void holdCursor(Connection held, String run) throws SQLException {
        held.setAutoCommit(false);
        try (Statement statement = held.createStatement()) {
            statement.execute("INSERT INTO delivery_events (delivery_id, run_uuid, hub_ref, state) VALUES ('"
                    + UUID.randomUUID() + "', '" + run + "', 'polyaxon/slack:latest', 'SKIPPED')");
        }
    }

    private static Connection connect(String database) throws SQLException {
        String url = ConfigProvider.getConfig().getValue("quarkus.datasource.jdbc.url", String.class)
                .replaceFirst("/[^/]+$", "/" + database);
        return DriverManager.getConnection(url,
                ConfigProvider.getConfig().getValue("quarkus.datasource.username", String.class),
                ConfigProvider.getConfig().getValue("quarkus.datasource.password", String.class));
    }

    private static List<DeliveryEvent> replay(String run) {
        ManagedChannel channel = ManagedChannelBuilder.forAddress("localhost", PORT).usePlaintext().intercept(TestToken.admin()).build();
        try {
            List<DeliveryEvent> replayed = new ArrayList<>();
            HookServiceGrpc.newBlockingStub(channel).withDeadlineAfter(TIMEOUT.toSeconds(), TimeUnit.SECONDS)
                    .subscribe(forRun(run).setReplayOnly(true).build())
                    .forEachRemaining(replayed::add);
            return replayed;
        } finally {
            channel.shutdownNow();
        }
    }

    private static String newRun() {
        return UUID.randomUUID().toString().replace("-", "");
    }

    private static SubscribeRequest.Builder forRun(String run) {
        return SubscribeRequest.newBuilder().setRunUuid(run);
    }

    private void append(String run, int count) {
        List<StateChange> changes = IntStream.range(0, count).mapToObj(i -> new StateChange(
                new DeliveryRef(UUID.randomUUID(), "liveness-test", run, "train-resnet", "acme/vision",
                        "polyaxon/slack:latest", "slack-notification", "failed"),
                DeliveryState.SKIPPED, 0, 0, "condition is false", null)).toList();
        pool.withTransaction(conn -> statusLog.append(conn, changes)).await().atMost(TIMEOUT);
    }

    private List<Long> loggedCursors(String run) {
        List<Long> cursors = new ArrayList<>();
        for (Row row : pool.preparedQuery("SELECT cursor FROM delivery_events WHERE run_uuid = $1 ORDER BY cursor")
                .execute(Tuple.of(run)).await().atMost(TIMEOUT)) {
            cursors.add(row.getLong(0));
        }
        return cursors;
    }

    private long lastCursor() {
        return pool.query("SELECT coalesce(max(cursor), 0) FROM delivery_events").execute().await().atMost(TIMEOUT)
                .iterator().next().getLong(0);
    }

    private static List<Long> cursors(List<DeliveryEvent> events) {
        return events.stream().map(DeliveryEvent::getCursor).toList();
    }
}
