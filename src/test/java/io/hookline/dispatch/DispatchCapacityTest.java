package io.hookline.dispatch;

import static org.assertj.core.api.Assertions.assertThat;

import io.hookline.connections.ConnectionCatalog;
import io.hookline.connections.ConnectionCatalogReader;
import io.hookline.outbox.Claim;
import io.hookline.outbox.ClaimedDelivery;
import io.hookline.outbox.DeliveryRef;
import io.hookline.outbox.DeliveryState;
import io.hookline.outbox.PlannedDelivery;
import io.hookline.outbox.StoredRequest;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** What a claim may take: never more than a connection, a lane or the replica has room for. */
class DispatchCapacityTest {

    static final ConnectionCatalog CATALOG = new ConnectionCatalogReader(variable -> null).parse("""
            connections:
              - name: narrow
                kind: webhook
                url: http://narrow.example.com/hook
                concurrency: 2
              - name: wide
                kind: webhook
                url: http://wide.example.com/hook
                concurrency: 32
              - name: metered
                kind: webhook
                url: http://metered.example.com/hook
                concurrency: 32
                rateLimit: {requests: 10, per: 1s}
            """, "test.yaml", Path.of("."));

    private final AtomicLong now = new AtomicLong(Duration.ofHours(1).toNanos());
    private final Map<String, Integer> breakerAllows = new HashMap<>();

    private DispatchCapacity capacity(int concurrency, Map<String, Integer> lanes) {
        return new DispatchCapacity(CATALOG.connections(),
                (connection, nanos) -> breakerAllows.getOrDefault(connection, Integer.MAX_VALUE),
                new Workers(concurrency, 512, lanes, 1024), now::get);
    }

    /**
     * Each connection's room is its bulkhead: its concurrency in flight, as many again in its
     * queue. A claim holds half of it while it is out, intake the other half; a rate-limited
     * connection's permits all go to claims (intake leaves it to them).
     */
    @Test
    void eachConnectionIsOfferedHalfItsFreeBulkheadAndTheRateLimitsPermits() {
        DispatchCapacity capacity = capacity(1024, Map.of());

        DispatchCapacity.Reservation reservation = capacity.reserve().orElseThrow();

        assertThat(reservation.limits().connections()).containsOnly(
                Map.entry("narrow", 2), Map.entry("wide", 32), Map.entry("metered", 10));
        assertThat(reservation.limits().total()).isEqualTo(44);
    }

    @Test
    void twoClaimsInFlightAreNeverOfferedMoreThanAConnectionHasRoomFor() {
        DispatchCapacity capacity = capacity(1024, Map.of());

        DispatchCapacity.Reservation first = capacity.reserve().orElseThrow();
        Optional<DispatchCapacity.Reservation> second = capacity.reserve();

        assertThat(first.limits().connections()).containsEntry("narrow", 2);
        assertThat(second).as("all that claims may hold is set aside for the first").isEmpty();

        capacity.settle(first, claim(first, "narrow", 2));
        capacity.outboxChanged();
        DispatchCapacity.Reservation third = capacity.reserve().orElseThrow();
        assertThat(third.limits().connections()).as("narrow sends 2 of its 4").containsEntry("narrow", 2);
        capacity.settle(third, claim(third, "narrow", 1));
        capacity.outboxChanged();
        DispatchCapacity.Reservation fourth = capacity.reserve().orElseThrow();
        assertThat(fourth.limits().connections()).as("narrow sends 3 of its 4").containsEntry("narrow", 1);
    }

    @Test
    void aClaimInFlightHoldsHalfAConnectionsRoomAndIntakeIsHandedTheRest() {
        DispatchCapacity capacity = capacity(1024, Map.of());
        DispatchCapacity.Reservation out = capacity.reserve().orElseThrow();

        assertThat(capacity.reserveAtIntake(planned("wide", null, 64)))
                .as("32 of 64 held for the claim, which may find rows due").hasSize(32);

        capacity.settle(out, claim(out, "wide", 32));
        capacity.outboxChanged();
        assertThat(capacity.reserve().orElseThrow().limits().connections())
                .as("64 sending: 32 claimed, 32 handed over at intake").doesNotContainKey("wide");
    }

    /** Two claims in turn, each taking half, fill the connection. */
    private List<ClaimedDelivery> fill(DispatchCapacity capacity, String connection) {
        List<ClaimedDelivery> sending = new ArrayList<>();
        for (int half = 0; half < 2; half++) {
            capacity.outboxChanged();
            DispatchCapacity.Reservation reservation = capacity.reserve().orElseThrow();
            sending.addAll(settled(capacity, reservation,
                    claim(reservation, connection, reservation.limits().connections().get(connection))));
        }
        capacity.outboxChanged();
        return sending;
    }

    @Test
    void aConnectionAtItsLimitIsNotClaimedForUntilAnAttemptIsOver() {
        DispatchCapacity capacity = capacity(1024, Map.of());
        List<ClaimedDelivery> sending = fill(capacity, "narrow");
        assertThat(sending).hasSize(4);

        assertThat(capacity.reserve().orElseThrow().limits().connections()).doesNotContainKey("narrow");

        capacity.attemptDone(sending.get(0));
        capacity.attemptDone(sending.get(1));
        capacity.outboxChanged();
        assertThat(capacity.reserve().orElseThrow().limits().connections()).containsEntry("narrow", 2);
    }

    @Test
    void aBusyConnectionWithLessThanHalfItsRoomFreeIsNotWorthAClaim() {
        CATALOG.connections().forEach(c -> breakerAllows.put(c.name(), c.name().equals("narrow") ? Integer.MAX_VALUE : 0));
        DispatchCapacity capacity = capacity(1024, Map.of());
        List<ClaimedDelivery> sending = fill(capacity, "narrow");

        capacity.attemptDone(sending.get(0));
        assertThat(capacity.reserve()).as("1 of 4 free while 3 are sending").isEmpty();

        capacity.attemptDone(sending.get(1));
        assertThat(capacity.reserve()).as("half free").isPresent();
    }

    @Test
    void aConnectionWhoseBreakerLetsNothingThroughIsNotClaimedFor() {
        breakerAllows.put("narrow", 0);
        breakerAllows.put("wide", 1);

        DispatchCapacity.Reservation reservation = capacity(1024, Map.of()).reserve().orElseThrow();

        assertThat(reservation.limits().connections()).doesNotContainKey("narrow").containsEntry("wide", 1);
    }

    @Test
    void rateLimitPermitsAClaimDidNotUseAreGivenBackAndANewWindowStartsFull() {
        DispatchCapacity capacity = capacity(1024, Map.of());
        DispatchCapacity.Reservation first = capacity.reserve().orElseThrow();
        List<ClaimedDelivery> sending = settled(capacity, first, claim(first, "metered", 6));
        sending.forEach(capacity::attemptDone);
        capacity.outboxChanged();

        assertThat(capacity.reserve().orElseThrow().limits().connections()).as("6 of 10 used in this window")
                .containsEntry("metered", 4);

        DispatchCapacity fresh = capacity(1024, Map.of());
        DispatchCapacity.Reservation all = fresh.reserve().orElseThrow();
        settled(fresh, all, claim(all, "metered", 10)).forEach(fresh::attemptDone);
        fresh.outboxChanged();
        assertThat(fresh.reserve().orElseThrow().limits().connections()).doesNotContainKey("metered");
        now.addAndGet(Duration.ofSeconds(1).toNanos());
        assertThat(fresh.reserve().orElseThrow().limits().connections()).containsEntry("metered", 10);
    }

    @Test
    void aRateLimitedConnectionHasOneClaimAtATimeAndItsSendsCountInTheWindowTheyStartIn() {
        DispatchCapacity capacity = capacity(1024, Map.of());
        DispatchCapacity.Reservation slow = capacity.reserve().orElseThrow();
        now.addAndGet(Duration.ofSeconds(1).toNanos());
        capacity.outboxChanged();

        assertThat(capacity.reserve()).as("metered waits for its claim; the others are set aside").isEmpty();

        List<ClaimedDelivery> sending = settled(capacity, slow, claim(slow, "metered", 10));
        sending.forEach(capacity::attemptDone);
        capacity.outboxChanged();
        assertThat(capacity.reserve().orElseThrow().limits().connections())
                .as("its 10 sends started in the new window").doesNotContainKey("metered");
    }

    @Test
    void twoClaimsInFlightTogetherNeverOfferALaneMoreThanItsLimit() {
        DispatchCapacity capacity = capacity(1024, Map.of("two-at-a-time", 2));

        DispatchCapacity.Reservation first = capacity.reserve().orElseThrow();
        List<ClaimedDelivery> sending = settled(capacity, first, claim(first, "wide", 32));
        capacity.outboxChanged();
        sending.forEach(capacity::attemptDone);
        breakerAllows.put("wide", 16); // half-open: the second claim holds 16 of wide's 32
        DispatchCapacity.Reservation second = capacity.reserve().orElseThrow();
        breakerAllows.remove("wide");
        DispatchCapacity.Reservation third = capacity.reserve().orElseThrow();

        assertThat(first.limits().lanes()).containsEntry("two-at-a-time", 2);
        assertThat(second.limits().lanes()).containsEntry("two-at-a-time", 2);
        assertThat(third.limits().lanes()).as("set aside for the claim in flight").containsEntry("two-at-a-time", 0);
        assertThat(third.limits().connections()).containsEntry("wide", 16);
    }

    @Test
    void aLaneAtItsLimitIsOfferedNothingUntilOneOfItsAttemptsIsOver() {
        DispatchCapacity capacity = capacity(1024, Map.of("two-at-a-time", 2));
        DispatchCapacity.Reservation first = capacity.reserve().orElseThrow();
        List<ClaimedDelivery> sending = settled(capacity, first, claim(first, "wide", 2, "two-at-a-time"));
        capacity.outboxChanged();

        DispatchCapacity.Reservation full = capacity.reserve().orElseThrow();
        assertThat(full.limits().lanes()).containsEntry("two-at-a-time", 0);
        capacity.release(full);

        capacity.attemptDone(sending.get(0));
        capacity.outboxChanged();
        assertThat(capacity.reserve().orElseThrow().limits().lanes()).containsEntry("two-at-a-time", 1);
    }

    @Test
    void theReplicasConcurrencyCapsTheClaimAndFreesOnlyWhenOutcomesAreRecorded() {
        DispatchCapacity capacity = capacity(8, Map.of());

        DispatchCapacity.Reservation first = capacity.reserve().orElseThrow();
        assertThat(first.limits().total()).isEqualTo(8);
        List<ClaimedDelivery> sending = settled(capacity, first, claim(first, "wide", 8));
        sending.forEach(capacity::attemptDone);
        capacity.outboxChanged();
        assertThat(capacity.reserve()).as("attempts over, outcomes not yet recorded").isEmpty();

        sending.forEach(delivery -> capacity.recorded());
        assertThat(capacity.reserve()).isPresent();
    }

    @Test
    void aConnectionThatHadNothingDueIsNotAskedAgainUntilTheOutboxChanges() {
        DispatchCapacity capacity = capacity(1024, Map.of());
        DispatchCapacity.Reservation first = capacity.reserve().orElseThrow();
        capacity.settle(first, claim(first, "wide", 0));

        assertThat(capacity.reserve()).as("nothing was due anywhere").isEmpty();

        capacity.outboxChanged();
        assertThat(capacity.reserve()).isPresent();
    }

    @Test
    void aFailedClaimGivesBackEverythingItSetAside() {
        DispatchCapacity capacity = capacity(1024, Map.of("two-at-a-time", 2));
        DispatchCapacity.Reservation first = capacity.reserve().orElseThrow();

        capacity.release(first);

        assertThat(capacity.reserve().orElseThrow().limits()).isEqualTo(first.limits());
        assertThat(capacity.inflight()).isZero();
    }

    /** Settles the claim as the claim loop does; what it took is now being sent. */
    static List<ClaimedDelivery> settled(DispatchCapacity capacity, DispatchCapacity.Reservation reservation, Claim claim) {
        capacity.settle(reservation, claim);
        return claim.claimed();
    }

    /** A claim that took {@code rows} of the connection's due deliveries, in the default lane. */
    static Claim claim(DispatchCapacity.Reservation reservation, String connection, int rows) {
        return claim(reservation, connection, rows, "");
    }

    static Claim claim(DispatchCapacity.Reservation reservation, String connection, int rows, String lane) {
        assertThat(rows).isLessThanOrEqualTo(reservation.limits().connections().getOrDefault(connection, 0));
        List<ClaimedDelivery> claimed = new ArrayList<>();
        for (int i = 0; i < rows; i++) {
            DeliveryRef ref = new DeliveryRef(UUID.randomUUID(), "evt-" + i, "run-" + i, "train", "acme/vision",
                    "webhook", connection, "succeeded");
            claimed.add(new ClaimedDelivery(ref, lane, 1, new StoredRequest("POST", Map.of(), "{}"), null));
        }
        return new Claim(claimed, List.of());
    }

    /** A claim that found nothing due for any connection: each is known drained. */
    private static void drainAll(DispatchCapacity capacity) {
        DispatchCapacity.Reservation reservation = capacity.reserve().orElseThrow();
        capacity.settle(reservation, new Claim(List.of(), List.of()));
    }

    private static List<PlannedDelivery> planned(String connection, String lane, int count) {
        List<PlannedDelivery> planned = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            DeliveryRef ref = new DeliveryRef(UUID.randomUUID(), "evt-" + i, "run-" + i, "train", "acme/vision",
                    "webhook", connection, "succeeded");
            planned.add(new PlannedDelivery(ref, 0, "event", lane, DeliveryState.PENDING, null,
                    new StoredRequest("POST", Map.of(), "{}")));
        }
        return planned;
    }

    /** Sends {@code count} deliveries of {@code connection} a second, one claim each, for a second of the fake clock. */
    private void sendOverASecond(DispatchCapacity capacity, String connection, int count) {
        for (int i = 0; i <= count; i++) {
            capacity.outboxChanged();
            DispatchCapacity.Reservation reservation = capacity.reserve().orElseThrow();
            List<ClaimedDelivery> sending = settled(capacity, reservation, claim(reservation, connection, 1));
            now.addAndGet(Duration.ofSeconds(1).toNanos() / count + 1);
            capacity.attemptDone(sending.get(0));
            capacity.recorded();
        }
    }

    @Test
    void aConnectionThatSendsFastIsGivenRoomForAQuarterSecondOfSendsWaitingAndASlowOneOnlyItsConcurrency() {
        DispatchCapacity capacity = capacity(100_000, Map.of());
        assertThat(roomAtIntake(capacity, "wide")).as("at first: 32 sending, 32 waiting").isEqualTo(64);
        capacity = capacity(100_000, Map.of());

        sendOverASecond(capacity, "wide", 600);
        sendOverASecond(capacity, "narrow", 4);

        assertThat(roomAtIntake(capacity, "wide")).as("32 sending, 150 waiting (600/s for 0.25 s)").isEqualTo(182);
        assertThat(roomAtIntake(capacity, "narrow")).as("2 sending, 2 waiting: 4/s is 1 in 0.25 s").isEqualTo(4);
    }

    /** A connection's whole room, as intake is handed it once a claim found the outbox drained. */
    private static int roomAtIntake(DispatchCapacity capacity, String connection) {
        capacity.outboxChanged();
        drainAll(capacity);
        List<PlannedDelivery> granted = capacity.reserveAtIntake(planned(connection, null, 1000));
        capacity.releaseAtIntake(granted);
        return granted.size();
    }

    @Test
    void theRoomOfAFastConnectionIsNeverMoreThanItsBulkheadHolds() {
        DispatchCapacity capacity = capacity(100_000, Map.of());

        sendOverASecond(capacity, "narrow", 2000);

        assertThat(roomAtIntake(capacity, "narrow")).as("2 sending, 8 times as many waiting").isEqualTo(18);
    }

    @Test
    void aConnectionThatMayHaveRowsDueGivesIntakeAtMostHalfItsRoomSoAClaimAlwaysHasTheOtherHalf() {
        DispatchCapacity capacity = capacity(1024, Map.of());

        assertThat(capacity.reserveAtIntake(planned("wide", null, 64)))
                .as("no claim has looked yet: 32 of 64").hasSize(32);
        assertThat(capacity.reserve().orElseThrow().limits().connections()).containsEntry("wide", 32);
    }

    @Test
    void aConnectionAClaimFoundDrainedGivesIntakeAllItsRoomUntilRowsAreWrittenDueOrComeDue() {
        DispatchCapacity capacity = capacity(1024, Map.of());
        drainAll(capacity);
        List<PlannedDelivery> drained = capacity.reserveAtIntake(planned("wide", null, 40));
        capacity.releaseAtIntake(drained);

        capacity.outboxChanged();
        List<PlannedDelivery> writtenDue = capacity.reserveAtIntake(planned("wide", null, 40));
        capacity.releaseAtIntake(writtenDue);

        drainAll(capacity);
        capacity.polled();
        List<PlannedDelivery> polled = capacity.reserveAtIntake(planned("wide", null, 40));

        assertThat(drained).hasSize(40);
        assertThat(writtenDue).as("rows were written due since").hasSize(32);
        assertThat(polled).as("retries may have come due").hasSize(32);
    }

    @Test
    void intakeIsHandedNoMoreThanTheConnectionsRoomAndRateLimitedOnesNone() {
        DispatchCapacity capacity = capacity(1024, Map.of());
        drainAll(capacity);

        assertThat(capacity.reserveAtIntake(planned("narrow", null, 10))).as("concurrency 2, queue 2").hasSize(4);
        assertThat(capacity.reserveAtIntake(planned("narrow", null, 1))).isEmpty();
        assertThat(capacity.reserveAtIntake(planned("metered", null, 3)))
                .as("rate-limited connections are left to claims, which count permits").isEmpty();
        assertThat(capacity.reserve().map(r -> r.limits().connections()).orElse(Map.of()))
                .as("a claim is offered no room that intake holds").doesNotContainKey("narrow");
    }

    @Test
    void intakeIsHandedNoMoreThanALanesOrTheReplicasRoom() {
        DispatchCapacity lanes = capacity(1024, Map.of("gpu", 2));
        drainAll(lanes);
        assertThat(lanes.reserveAtIntake(planned("wide", "gpu", 5))).hasSize(2);

        DispatchCapacity replica = capacity(3, Map.of());
        drainAll(replica);
        assertThat(replica.reserveAtIntake(planned("wide", null, 5))).hasSize(3);
    }

    @Test
    void roomReservedAtIntakeForDeliveriesNotWrittenIsGivenBack() {
        DispatchCapacity capacity = capacity(1024, Map.of());
        drainAll(capacity);
        List<PlannedDelivery> first = capacity.reserveAtIntake(planned("narrow", null, 4));

        capacity.releaseAtIntake(first.subList(0, 2));
        capacity.handedOver(2);

        assertThat(capacity.reserveAtIntake(planned("narrow", null, 4))).hasSize(2);
        assertThat(capacity.inflight()).isEqualTo(2);
    }

    private record Workers(int concurrency, int claimBatch, Map<String, Integer> lanes, int defaultLane)
            implements DispatchConfig.Workers {
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
        public Duration lease() {
            return Duration.ofSeconds(60);
        }

        @Override
        public Duration pollInterval() {
            return Duration.ofMillis(200);
        }

        @Override
        public boolean handoffAtIntake() {
            return true;
        }
    }
}
