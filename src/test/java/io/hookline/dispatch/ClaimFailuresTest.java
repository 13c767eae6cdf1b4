package io.hookline.dispatch;

import io.hookline.api.v1.HookService;
import io.hookline.api.v1.ReportAck;
import io.hookline.connections.ConnectionCatalog;
import io.hookline.outbox.Claim;
import io.hookline.outbox.ClaimLimits;
import io.hookline.outbox.OutboxClaims;
import io.hookline.status.StatusLog;
import io.hookline.testing.Sink;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.grpc.GrpcClient;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import io.vertx.pgclient.PgException;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;

import static io.hookline.testing.Events.finished;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Claims that fail, however they fail, give back all the capacity they took, so the dispatcher
 * keeps sending (issue 11, item 4).
 */
@QuarkusTest
class ClaimFailuresTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(60);
    private static final int FAILURES = 12;

    @GrpcClient("hook")
    HookService hooks;

    @Inject
    ClaimLoop dispatcher;

    @Inject
    DispatchConfig config;

    @Inject
    Vertx vertx;

    @Inject
    MeterRegistry metrics;

    @Inject
    Pool pool;

    @Inject
    OutboxClaims claims;

    @Inject
    StatusLog statusLog;

    @Inject
    DeliveryAttempts attempts;

    @Inject
    OutcomeRecorder recorder;

    @Inject
    ConnectionCatalog catalog;

    @Inject
    ConnectionGuards guards;

    static Sink sink;

    @BeforeAll
    static void startSink() throws Exception {
        sink = Sink.start();
    }

    @Test
    void claimsWhoseCommitFailsOrThatThrowLeaveNothingInFlightAndDispatchGoesOn() {
        FailingClaimer failing = new FailingClaimer();
        ClaimLoop loop = new ClaimLoop(config, vertx, metrics, failing, attempts, recorder, catalog, guards);
        dispatcher.stop(null);
        try {
            List<String> ids = report(200);
            loop.start(null);

            await("delivered after " + FAILURES + " failed claims").atMost(TIMEOUT).pollInterval(Duration.ofMillis(100))
                    .until(() -> delivered(ids) == ids.size());

            assertThat(failing.failed.get()).isEqualTo(FAILURES);
            assertThat(ids).allSatisfy(id -> assertThat(sink.forDelivery(id)).hasSize(1));
            await("in-flight back to 0").atMost(Duration.ofSeconds(10)).until(() -> loop.sending() == 0);
        } finally {
            loop.stop(null);
            dispatcher.start(null);
        }
    }

    /**
     * Fails its first claims as a database restart does: half of them after the claim query ran,
     * when the transaction cannot commit (its rows stay as they were), and half by throwing at
     * once; then claims as usual.
     */
    private final class FailingClaimer extends DeliveryClaimer {
        final AtomicInteger failed = new AtomicInteger();

        FailingClaimer() {
            super(pool, claims, statusLog, config);
        }

        @Override
        public Uni<Claim> claim(String owner, ClaimLimits limits, Duration lease) {
            int failure = failed.getAndUpdate(n -> n < FAILURES ? n + 1 : n);
            if (failure >= FAILURES) {
                return super.claim(owner, limits, lease);
            }
            if (failure % 2 == 1) {
                throw new IllegalStateException("pool closed");
            }
            return pool.withTransaction(conn -> claims.claim(conn, owner, limits, lease.toMillis() / 1000.0,
                            config.retry().maxAttempts())
                    .chain(claimed -> Uni.createFrom().<Claim>failure(
                            new PgException("terminating connection due to administrator command", "FATAL", "57P01", null))));
        }
    }

    private List<String> report(int count) {
        return IntStream.range(0, count).mapToObj(i -> hooks.notify(finished("claims-" + UUID.randomUUID(),
                        "failed").toBuilder().setHooksYaml("- {hubRef: webhook, connection: healthy}").build())
                .await().atMost(TIMEOUT)).map((ReportAck ack) -> ack.getDeliveries(0).getDeliveryId()).toList();
    }

    private long delivered(List<String> ids) {
        return pool.preparedQuery("SELECT count(*) FROM deliveries WHERE id = ANY($1) AND state = 'DELIVERED'")
                .execute(Tuple.of((Object) ids.stream().map(UUID::fromString).toArray(UUID[]::new)))
                .await().atMost(TIMEOUT).iterator().next().getLong(0);
    }
}
