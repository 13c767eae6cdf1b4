package io.hookline.dispatch;

import static io.hookline.dispatch.DispatchCapacityTest.claim;
import static org.assertj.core.api.Assertions.assertThat;

import io.hookline.connections.ConnectionCatalog;
import io.hookline.connections.ConnectionCatalogReader;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** After a change of the catalog file, claims are sized by the new connections, counting what is in flight. */
class DispatchCapacityCatalogChangeTest {

    private static ConnectionCatalog parsed(String yaml) {
        return new ConnectionCatalogReader(variable -> null).parse(yaml, "test.yaml", Path.of("."));
    }

    private static final ConnectionCatalog BEFORE = parsed("""
            connections:
              - {name: widened, kind: webhook, url: 'https://widened.example.com/h', concurrency: 2}
              - {name: metered, kind: webhook, url: 'https://metered.example.com/h', concurrency: 32,
                 rateLimit: {requests: 10, per: 1s}}
              - {name: dropped, kind: webhook, url: 'https://dropped.example.com/h', concurrency: 32}
            """);
    private static final ConnectionCatalog AFTER = parsed("""
            connections:
              - {name: widened, kind: webhook, url: 'https://widened.example.com/h', concurrency: 8}
              - {name: metered, kind: webhook, url: 'https://metered.example.com/h', concurrency: 32}
              - {name: added, kind: webhook, url: 'https://added.example.com/h', concurrency: 3}
            """);

    private final AtomicLong now = new AtomicLong(Duration.ofHours(1).toNanos());
    private final DispatchCapacity capacity = new DispatchCapacity(BEFORE.connections(),
            (connection, nanos) -> Integer.MAX_VALUE, new TestWorkers(), now::get);

    @Test
    void anAddedConnectionIsOfferedHalfItsBulkheadAndAWidenedOneItsNewRoomLessWhatItIsSending() {
        DispatchCapacity.Reservation first = capacity.reserve().orElseThrow();
        capacity.settle(first, claim(first, "widened", 2));

        capacity.catalogChanged(AFTER.connections());
        DispatchCapacity.Reservation next = capacity.reserve().orElseThrow();
        assertThat(next.limits().connections()).as("half of each room: a claim holds no more while it is out")
                .containsEntry("added", 3).containsEntry("widened", 8).containsEntry("metered", 32);

        capacity.settle(next, claim(next, "widened", 8));
        capacity.outboxChanged();
        assertThat(capacity.reserve().orElseThrow().limits().connections())
                .as("its new room of 16, 10 sending").containsEntry("widened", 6);
    }

    @Test
    void aRemovedConnectionIsSizedAsUnknownSoItsWaitingDeliveriesFailFast() {
        capacity.catalogChanged(AFTER.connections());

        DispatchCapacity.Reservation reservation = capacity.reserve().orElseThrow();

        assertThat(reservation.limits().connections())
                .containsEntry("dropped", DispatchCapacity.UNKNOWN_CONNECTION_LIMIT / 2);
    }

    @Test
    void aClaimInFlightWhenItsConnectionLosesItsRateLimitSettlesAndTheConnectionIsNoLongerMetered() {
        DispatchCapacity.Reservation inFlight = capacity.reserve().orElseThrow();
        assertThat(inFlight.limits().connections()).containsEntry("metered", 10);

        capacity.catalogChanged(AFTER.connections());
        capacity.settle(inFlight, claim(inFlight, "metered", 10));
        capacity.outboxChanged();

        assertThat(capacity.reserve().orElseThrow().limits().connections())
                .as("no longer metered: half its new room of 64, 10 sending").containsEntry("metered", 32);
    }

    @Test
    void aConnectionThatStayedAsItWasKeepsTheRateWindowItHasUsed() {
        ConnectionCatalog metered = parsed("""
                connections:
                  - {name: metered, kind: webhook, url: 'https://metered.example.com/h', concurrency: 32,
                     rateLimit: {requests: 10, per: 1s}}
                """);
        DispatchCapacity.Reservation first = capacity.reserve().orElseThrow();
        capacity.settle(first, claim(first, "metered", 7));

        capacity.catalogChanged(metered.connections());
        capacity.outboxChanged();

        assertThat(capacity.reserve().orElseThrow().limits().connections()).containsEntry("metered", 3);
    }

    private static final class TestWorkers implements DispatchConfig.Workers {
        @Override
        public int concurrency() {
            return 1024;
        }

        @Override
        public int claimBatch() {
            return 512;
        }

        @Override
        public Map<String, Integer> lanes() {
            return Map.of();
        }

        @Override
        public int defaultLane() {
            return 1024;
        }

        @Override
        public int outcomeBatch() {
            return 1024;
        }

        @Override
        public int outcomeCommits() {
            return 4;
        }

        @Override
        public Duration drainOnShutdown() {
            return Duration.ofSeconds(5);
        }

        @Override
        public boolean enabled() {
            return true;
        }

        @Override
        public boolean handoffAtIntake() {
            return true;
        }

        @Override
        public Duration lease() {
            return Duration.ofSeconds(60);
        }

        @Override
        public Duration pollInterval() {
            return Duration.ofMillis(200);
        }
    }
}
