package io.hookline.dispatch;

import static io.hookline.dispatch.ConnectionGuardsTest.answering;
import static io.hookline.dispatch.ConnectionGuardsTest.await;
import static org.assertj.core.api.Assertions.assertThat;

import io.hookline.connections.CatalogChange;
import io.hookline.connections.ConnectionCatalog;
import io.hookline.connections.ConnectionCatalogReader;
import io.smallrye.faulttolerance.api.CircuitBreakerState;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** A changed catalog file gives changed and added connections new guards, and keeps the others'. */
class ConnectionGuardsCatalogChangeTest {

    private static final String BREAKER = "breaker: {failureRatio: 0.5, requestVolume: 4, delay: 1m, successThreshold: 1}";

    private static ConnectionCatalog parsed(String yaml) {
        return new ConnectionCatalogReader(variable -> null).parse(yaml, "test.yaml", Path.of("."));
    }

    private static final ConnectionCatalog BEFORE = parsed("""
            connections:
              - {name: moved, kind: webhook, url: 'https://old.example.com/h', concurrency: 1, %1$s}
              - {name: unchanged, kind: webhook, url: 'https://same.example.com/h', concurrency: 1, %1$s}
              - {name: dropped, kind: webhook, url: 'https://dropped.example.com/h', concurrency: 1, %1$s}
            """.formatted(BREAKER));
    private static final ConnectionCatalog AFTER = parsed("""
            connections:
              - {name: moved, kind: webhook, url: 'https://new.example.com/h', concurrency: 1, %1$s}
              - {name: unchanged, kind: webhook, url: 'https://same.example.com/h', concurrency: 1, %1$s}
              - {name: added, kind: webhook, url: 'https://added.example.com/h', concurrency: 1, %1$s}
            """.formatted(BREAKER));

    private final StandaloneGuardBuilders builders = new StandaloneGuardBuilders();
    private final ConnectionGuards guards = new ConnectionGuards(BEFORE,
            new AttemptClassifier(Duration.ofHours(1), Clock.systemUTC()), builders);

    @AfterEach
    void stopTimer() throws InterruptedException {
        builders.close();
    }

    private void open(String connection) {
        AtomicInteger sent = new AtomicInteger();
        for (int i = 0; i < 4; i++) {
            await(guards.call(connection, () -> answering(503, sent)));
        }
        assertThat(guards.breakerState(connection)).contains(CircuitBreakerState.OPEN);
    }

    @Test
    void aChangedConnectionGetsAClosedBreakerWhileAnUnchangedOneKeepsItsOpenOne() {
        open("moved");
        open("unchanged");

        guards.catalogChanged(new CatalogChange(BEFORE, AFTER));

        assertThat(guards.breakerStates()).containsExactly(Map.entry("moved", CircuitBreakerState.CLOSED),
                Map.entry("unchanged", CircuitBreakerState.OPEN), Map.entry("added", CircuitBreakerState.CLOSED));
        AtomicInteger sent = new AtomicInteger();
        assertThat(await(guards.call("added", () -> answering(200, sent))).status()).isEqualTo(200);
    }

    @Test
    void aRemovedConnectionIsUnknownFromTheChangeOn() {
        guards.catalogChanged(new CatalogChange(BEFORE, AFTER));

        AttemptResult result = await(guards.call("dropped", () -> answering(200, new AtomicInteger())));

        assertThat(result.error()).contains(new AttemptError(AttemptError.Kind.INVALID_REQUEST, "unknown connection dropped"));
        assertThat(guards.breakerState("dropped")).isEmpty();
    }

    @Test
    void aConnectionChangedBackAndForthGetsANewGuardEachTimeThoughBreakerNamesCannotBeReused() {
        guards.catalogChanged(new CatalogChange(BEFORE, AFTER));
        open("moved");
        guards.catalogChanged(new CatalogChange(AFTER, BEFORE));
        open("moved");
        guards.catalogChanged(new CatalogChange(BEFORE, AFTER));

        assertThat(guards.breakerState("moved")).contains(CircuitBreakerState.CLOSED);
    }

    @Test
    void aSendAlreadyInTheOldGuardFinishesThere() {
        AtomicInteger sent = new AtomicInteger();
        var inFlight = guards.call("moved", () -> {
            guards.catalogChanged(new CatalogChange(BEFORE, AFTER)); // the change lands during the send
            return answering(200, sent);
        });

        assertThat(await(inFlight).status()).isEqualTo(200);
        assertThat(sent).hasValue(1);
    }
}
