package io.hookline.dispatch;

import static org.assertj.core.api.Assertions.assertThat;

import io.hookline.connections.ConnectionCatalog;
import io.hookline.connections.ConnectionCatalogReader;
import io.smallrye.faulttolerance.api.CircuitBreakerState;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.helpers.test.UniAssertSubscriber;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ConnectionGuardsTest {

    static final ConnectionCatalog CATALOG = new ConnectionCatalogReader(variable -> null).parse("""
            connections:
              - name: flaky
                kind: webhook
                url: http://flaky.example.com/hook
                timeout: 400ms
                concurrency: 1
                breaker: {failureRatio: 0.5, requestVolume: 4, delay: 1m, successThreshold: 1}
              - name: healthy
                kind: webhook
                url: http://healthy.example.com/hook
                concurrency: 1
                breaker: {failureRatio: 0.5, requestVolume: 4, delay: 1m, successThreshold: 1}
            """, "test.yaml", Path.of("."));

    private final StandaloneGuardBuilders builders = new StandaloneGuardBuilders();
    private final ConnectionGuards guards = new ConnectionGuards(CATALOG,
            new AttemptClassifier(Duration.ofHours(1), Clock.systemUTC()), builders);

    @AfterEach
    void stopTimer() throws InterruptedException {
        builders.close();
    }

    static Uni<AttemptResult> answering(int status, AtomicInteger sent) {
        return Uni.createFrom().item(() -> {
            sent.incrementAndGet();
            return AttemptResult.response(status, Map.of(), Duration.ofMillis(1), "", false);
        });
    }

    static AttemptResult await(Uni<AttemptResult> result) {
        return result.await().atMost(Duration.ofSeconds(5));
    }

    @Test
    void failingConnectionOpensItsBreakerWhileAnotherConnectionKeepsSending() {
        AtomicInteger sentToFlaky = new AtomicInteger();
        AtomicInteger sentToHealthy = new AtomicInteger();
        for (int i = 0; i < 4; i++) {
            assertThat(await(guards.call("flaky", () -> answering(503, sentToFlaky))).status()).isEqualTo(503);
        }

        AttemptResult refused = await(guards.call("flaky", () -> answering(200, sentToFlaky)));
        AttemptResult delivered = await(guards.call("healthy", () -> answering(200, sentToHealthy)));

        assertThat(refused.error()).hasValueSatisfying(error -> {
            assertThat(error.kind()).isEqualTo(AttemptError.Kind.CIRCUIT_OPEN);
            assertThat(error.message()).isEqualTo("circuit breaker of connection flaky is open");
        });
        assertThat(sentToFlaky).as("not sent while open").hasValue(4);
        assertThat(delivered.status()).isEqualTo(200);
        assertThat(sentToHealthy).hasValue(1);
        assertThat(guards.breakerStates()).containsExactly(
                Map.entry("flaky", CircuitBreakerState.OPEN), Map.entry("healthy", CircuitBreakerState.CLOSED));
    }

    @Test
    void anOpenBreakerLetsNothingThroughUntilItsDelayHasPassedThenItsTrialCalls() {
        AtomicInteger sent = new AtomicInteger();
        long closedAt = System.nanoTime();
        assertThat(guards.sendsAllowed("flaky", closedAt)).isEqualTo(Integer.MAX_VALUE);
        for (int i = 0; i < 4; i++) {
            await(guards.call("flaky", () -> answering(503, sent)));
        }
        long openedAt = System.nanoTime();

        assertThat(guards.sendsAllowed("flaky", openedAt)).as("open").isZero();
        assertThat(guards.sendsAllowed("flaky", openedAt + Duration.ofSeconds(59).toNanos())).as("within its delay").isZero();
        assertThat(guards.sendsAllowed("flaky", openedAt + Duration.ofSeconds(61).toNanos()))
                .as("its successThreshold of trial calls once the delay is over").isEqualTo(1);
        assertThat(guards.sendsAllowed("healthy", openedAt)).isEqualTo(Integer.MAX_VALUE);
        assertThat(guards.sendsAllowed("not-in-the-catalog", openedAt)).isEqualTo(Integer.MAX_VALUE);
    }

    @Test
    void refusalsByAReceiverThatIsUpDoNotOpenItsBreaker() {
        AtomicInteger sent = new AtomicInteger();
        for (int i = 0; i < 10; i++) {
            assertThat(await(guards.call("flaky", () -> answering(400, sent))).status()).isEqualTo(400);
        }

        assertThat(guards.breakerState("flaky")).contains(CircuitBreakerState.CLOSED);
        assertThat(sent).hasValue(10);
    }

    @Test
    void hangingCallHoldsOnlyItsOwnConnection() {
        // Its one send in flight and the bulkhead's queue behind it, all hanging.
        int capacity = ConnectionGuards.bulkheadCapacity(CATALOG.find("flaky").orElseThrow());
        List<UniAssertSubscriber<AttemptResult>> hanging = new ArrayList<>();
        for (int i = 0; i < capacity; i++) {
            hanging.add(guards.call("flaky", () -> Uni.createFrom().nothing())
                    .subscribe().withSubscriber(UniAssertSubscriber.create()));
        }

        AttemptResult overflow = await(guards.call("flaky", () -> answering(200, new AtomicInteger())));
        long start = System.nanoTime();
        AttemptResult other = await(guards.call("healthy", () -> answering(200, new AtomicInteger())));
        Duration otherTook = Duration.ofNanos(System.nanoTime() - start);

        assertThat(overflow.error().map(AttemptError::kind)).contains(AttemptError.Kind.BULKHEAD_FULL);
        assertThat(other.status()).isEqualTo(200);
        assertThat(otherTook).isLessThan(Duration.ofMillis(300));
        AttemptResult timedOut = hanging.get(0).awaitItem(Duration.ofSeconds(5)).getItem();
        assertThat(timedOut.error()).hasValueSatisfying(error -> {
            assertThat(error.kind()).isEqualTo(AttemptError.Kind.TIMEOUT);
            assertThat(error.message()).isEqualTo("no response within 400ms");
        });
        // The queued ones each end: cut at their own timeout, or not sent when they waited all of
        // it for the slot.
        for (UniAssertSubscriber<AttemptResult> queued : hanging.subList(1, capacity)) {
            assertThat(queued.awaitItem(Duration.ofSeconds(10)).getItem().error().map(AttemptError::kind).orElseThrow())
                    .isIn(AttemptError.Kind.TIMEOUT, AttemptError.Kind.BULKHEAD_FULL);
        }
    }

    @Test
    void aSendThatWaitedForAFreeSlotStillHasItsWholeTimeoutToBeAnswered() {
        // flaky takes one at a time with a timeout of 400ms; each answer takes 300ms.
        Uni<AttemptResult> slowAnswer = Uni.createFrom()
                .item(AttemptResult.response(200, Map.of(), Duration.ofMillis(300), "", false))
                .onItem().delayIt().by(Duration.ofMillis(300));
        UniAssertSubscriber<AttemptResult> first = guards.call("flaky", () -> slowAnswer)
                .subscribe().withSubscriber(UniAssertSubscriber.create());
        UniAssertSubscriber<AttemptResult> second = guards.call("flaky", () -> slowAnswer)
                .subscribe().withSubscriber(UniAssertSubscriber.create());

        assertThat(first.awaitItem(Duration.ofSeconds(5)).getItem().status()).isEqualTo(200);
        assertThat(second.awaitItem(Duration.ofSeconds(5)).getItem().status())
                .as("waited 300ms for the slot, then answered 300ms into its own 400ms").isEqualTo(200);
    }

    @Test
    void aSendIsCutAtItsTimeoutAndOneThatWaitedTheWholeTimeoutForASlotIsNotSent() {
        AtomicInteger cut = new AtomicInteger();
        AtomicInteger sent = new AtomicInteger();
        // A reset that takes a moment frees the slot only after the queued send's timeout is over.
        UniAssertSubscriber<AttemptResult> hanging = guards.call("flaky", () -> Uni.createFrom().<AttemptResult>nothing()
                        .onCancellation().invoke(() -> {
                            cut.incrementAndGet();
                            DeliveryOutcomesTest.sleep(100);
                        }))
                .subscribe().withSubscriber(UniAssertSubscriber.create());
        AttemptResult queued = await(guards.call("flaky", () -> answering(200, sent)));

        assertThat(hanging.awaitItem(Duration.ofSeconds(5)).getItem().error().map(AttemptError::kind))
                .contains(AttemptError.Kind.TIMEOUT);
        assertThat(cut).as("the timed-out request was cancelled").hasValue(1);
        assertThat(queued.error()).contains(new AttemptError(AttemptError.Kind.BULKHEAD_FULL,
                "connection flaky had its maximum of requests in flight for the whole timeout of 400ms"));
        assertThat(AttemptOutcomes.notSent(queued)).as("neither an attempt nor given up").isTrue();
        assertThat(sent).as("not sent after its timeout").hasValue(0);
    }

    @Test
    void unknownConnectionIsAnInvalidRequest() {
        AttemptResult result = await(guards.call("nope", () -> answering(200, new AtomicInteger())));

        assertThat(result.error()).contains(new AttemptError(AttemptError.Kind.INVALID_REQUEST, "unknown connection nope"));
        assertThat(guards.breakerState("nope")).isEmpty();
    }
}
