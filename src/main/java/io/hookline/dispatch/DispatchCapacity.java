package io.hookline.dispatch;

import io.hookline.connections.Connection;
import io.hookline.outbox.ClaimLimits;
import io.hookline.outbox.ClaimedDelivery;
import io.hookline.outbox.Claim;
import io.hookline.outbox.PlannedDelivery;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * What this replica can send now, so that a claim takes only that: each connection's free
 * bulkhead ({@link ConnectionGuards#bulkheadCapacity}), rate-limit permits and what its breaker
 * lets through, each queue lane's free
 * concurrency, and the replica's own {@code concurrency}. A delivery is counted against its
 * connection and lane from its claim until its attempt is over, and against the replica until its
 * outcome is recorded; what a claim in flight may take is set aside until it answers, so two
 * claims in flight never take more than there is room for together. Claims in flight hold at most
 * half of a connection's room (one without a rate limit), so intake can hand deliveries straight
 * to the sender while a claim is out.
 *
 * <p>Nothing is claimed only to be held back: a connection at its limit gets no rows, so its
 * waiting deliveries stay as they are in the outbox (no attempt, no status row) until it has room.
 * A connection that had no due rows at the last claim is not asked again until the outbox changes
 * ({@link #outboxChanged}): finished sends do not turn into empty claims.
 */
final class DispatchCapacity {

    /** Sends at once for a connection that is no longer in the catalog: its deliveries fail fast. */
    static final int UNKNOWN_CONNECTION_LIMIT = 16;

    private final int concurrency;
    private final int claimBatch;
    private final Map<String, Integer> laneLimits;
    private final int defaultLane;
    private final Breakers breakers;
    private final LongSupplier nanoTime;
    private final Map<String, Slot> connections = new LinkedHashMap<>();
    /** Per lane: deliveries being sent plus rows set aside for claims in flight. */
    private final Map<String, Integer> laneBusy = new HashMap<>();
    private int inflight;
    private int reserved;
    private int otherLanesReserved;
    /** Moves on whenever the outbox may have new due rows. */
    private long outboxEpoch;

    /** How many sends a connection's breaker lets through now ({@link ConnectionGuards#sendsAllowed}). */
    interface Breakers {
        int sendsAllowed(String connection, long nowNanos);
    }

    DispatchCapacity(Collection<Connection> catalog, Breakers breakers, DispatchConfig.Workers config,
                     LongSupplier nanoTime) {
        this.concurrency = config.concurrency();
        this.claimBatch = config.claimBatch();
        this.laneLimits = Map.copyOf(config.lanes());
        this.defaultLane = config.defaultLane();
        this.breakers = breakers;
        this.nanoTime = nanoTime;
        for (Connection connection : catalog) {
            connections.put(connection.name(), new Slot(connection.concurrency(),
                    ConnectionGuards.bulkheadCapacity(connection), connection.rateLimit().map(RateWindow::new).orElse(null)));
        }
    }

    /** A claim's share of the capacity, set aside until {@link #settle} or {@link #release}. */
    record Reservation(ClaimLimits limits, Map<String, Long> rateWindows, long outboxEpoch) {
    }

    /**
     * Sets aside what a claim may take now; empty when there is nothing worth a claim (a commit):
     * the replica is (nearly) full, or no connection with room may have due rows, or every
     * connection that may has less than half its room free while it is still sending.
     */
    synchronized Optional<Reservation> reserve() {
        int busy = inflight + reserved;
        int free = concurrency - busy;
        if (free <= 0 || (busy > 0 && free < Math.min(claimBatch, concurrency) / 2)) {
            return Optional.empty();
        }
        long now = nanoTime.getAsLong();
        Map<String, Integer> offers = new LinkedHashMap<>();
        boolean worthAClaim = false;
        int offered = 0;
        for (Map.Entry<String, Slot> entry : connections.entrySet()) {
            Slot slot = entry.getValue();
            if (slot.drainedAt == outboxEpoch || slot.claimInFlight) {
                continue;
            }
            int room = Math.min(slot.limit, breakers.sendsAllowed(entry.getKey(), now)) - slot.busy;
            if (slot.rate != null) {
                room = Math.min(room, slot.rate.available(now));
            }
            // Worth a claim by what is free, not by the claim's share of it (at most half).
            boolean worthIt = slot.busy == 0 || room >= Math.max(1, slot.mostAtOnce() / 2);
            if (slot.rate == null) {
                room = Math.min(room, slot.claimShare());
            }
            if (room <= 0) {
                continue;
            }
            worthAClaim |= worthIt;
            offers.put(entry.getKey(), room);
            offered += room;
        }
        if (!worthAClaim) {
            return Optional.empty();
        }
        // A claim sets aside room for every connection that may have rows due (all of them after
        // each poll), far more than it usually gets; while anything is busy it sets aside at most
        // half of what is free, so a second claim in flight still leaves intake room to hand over
        // (each connection's share is halved the same way, Slot.claimShare).
        int claimable = busy == 0 ? free : Math.max(1, free / 2);
        int total = Math.min(Math.min(claimable, claimBatch), offered);
        Map<String, Long> windows = new HashMap<>();
        offers.forEach((name, room) -> {
            Slot slot = connections.get(name);
            slot.busy += room;
            if (slot.rate != null) {
                windows.put(name, slot.rate.take(room, now));
                slot.claimInFlight = true;
            } else {
                slot.claimHeld += room;
            }
        });
        Map<String, Integer> lanes = new HashMap<>();
        for (String lane : knownLanes()) {
            int room = Math.min(total, Math.max(0, laneLimit(lane) - laneBusy.getOrDefault(lane, 0)));
            lanes.put(lane, room);
            laneBusy.merge(lane, room, Integer::sum);
        }
        int otherLanes = Math.min(total, Math.max(0, defaultLane - otherLanesReserved));
        otherLanesReserved += otherLanes;
        reserved += total;
        return Optional.of(new Reservation(new ClaimLimits(offers, lanes, otherLanes, total), windows, outboxEpoch));
    }

    /** The claim answered: its set-aside is given back, and what it took is counted as sending. */
    synchronized void settle(Reservation reservation, Claim claim) {
        long now = nanoTime.getAsLong();
        Map<String, Integer> taken = new HashMap<>();
        claim.spent().forEach(spent -> taken.merge(spent.ref().connection(), 1, Integer::sum));
        Map<String, Integer> sending = new HashMap<>();
        for (ClaimedDelivery delivery : claim.claimed()) {
            sending.merge(delivery.ref().connection(), 1, Integer::sum);
            taken.merge(delivery.ref().connection(), 1, Integer::sum);
        }
        boolean allDueTaken = claim.rows() < reservation.limits().total();
        reservation.limits().connections().forEach((name, room) -> {
            Slot slot = connections.get(name);
            int sends = sending.getOrDefault(name, 0);
            slot.busy += sends - room;
            slot.claimHeld -= reservation.rateWindows().containsKey(name) ? 0 : room;
            Long window = reservation.rateWindows().get(name);
            if (window != null && slot.rate != null) {
                // Counted in the window the sends start in, which has all the permits they
                // need: no other claim for this connection ran since the reservation.
                slot.rate.giveBack(room, window);
                slot.rate.spend(sends, now);
                slot.claimInFlight = false;
            }
            // Fewer rows than it could take, and not because the claim's total ran out: nothing
            // more of it was due when the claim ran.
            if (allDueTaken && taken.getOrDefault(name, 0) < room && reservation.outboxEpoch() == outboxEpoch) {
                slot.drainedAt = outboxEpoch;
            }
        });
        releaseLanesAndTotal(reservation);
        for (ClaimedDelivery delivery : claim.claimed()) {
            inflight++;
            laneBusy.merge(lane(delivery), 1, Integer::sum);
        }
    }

    /** The claim failed or never answered: nothing was taken. */
    synchronized void release(Reservation reservation) {
        reservation.limits().connections().forEach((name, room) -> {
            Slot slot = connections.get(name);
            slot.busy -= room;
            slot.claimHeld -= reservation.rateWindows().containsKey(name) ? 0 : room;
            Long window = reservation.rateWindows().get(name);
            if (window != null && slot.rate != null) {
                slot.rate.giveBack(room, window);
                slot.claimInFlight = false;
            }
        });
        releaseLanesAndTotal(reservation);
    }

    private void releaseLanesAndTotal(Reservation reservation) {
        reservation.limits().lanes().forEach((lane, room) -> laneBusy.merge(lane, -room, Integer::sum));
        laneBusy.values().removeIf(count -> count == 0);
        otherLanesReserved -= reservation.limits().otherLanes();
        reserved -= reservation.limits().total();
    }

    /**
     * Sets aside room for deliveries planned at intake, in their order, and returns those that
     * got it. A connection that a claim found drained, with nothing written or come due since,
     * gives intake all its room. One that may have rows due in the outbox (a backlog, retries come
     * due) gives intake at most half of it, not counting what claims in flight hold (at most the
     * other half, {@link Slot#claimShare}): the backlog is worked off while fresh deliveries go out
     * without waiting behind it, and a claim in flight never sends intake's deliveries to the
     * outbox. Rate-limited connections are left to claims, which count their permits.
     */
    synchronized List<PlannedDelivery> reserveAtIntake(List<PlannedDelivery> pending) {
        List<PlannedDelivery> granted = new ArrayList<>();
        long now = nanoTime.getAsLong();
        Map<String, Integer> allowedNow = new HashMap<>();
        for (PlannedDelivery delivery : pending) {
            if (inflight + reserved >= concurrency) {
                break;
            }
            Slot slot = delivery.ref().connection() == null ? null : connections.get(delivery.ref().connection());
            if (slot == null || slot.rate != null
                    || (slot.drainedAt != outboxEpoch && slot.busy - slot.claimHeld >= slot.limit / 2)) {
                continue;
            }
            int allowed = allowedNow.computeIfAbsent(delivery.ref().connection(),
                    name -> Math.min(slot.limit, breakers.sendsAllowed(name, now)));
            String lane = delivery.queue() == null ? ClaimLoop.DEFAULT_LANE : delivery.queue();
            if (slot.busy >= allowed || laneBusy.getOrDefault(lane, 0) >= laneLimit(lane)) {
                continue;
            }
            slot.busy++;
            laneBusy.merge(lane, 1, Integer::sum);
            reserved++;
            granted.add(delivery);
        }
        return granted;
    }

    /** Deliveries reserved at intake whose commit is durable: they are sending now. */
    synchronized void handedOver(int deliveries) {
        reserved -= deliveries;
        inflight += deliveries;
    }

    /** Deliveries reserved at intake that were not written (their event failed or was a duplicate). */
    synchronized void releaseAtIntake(List<PlannedDelivery> deliveries) {
        for (PlannedDelivery delivery : deliveries) {
            Slot slot = connections.get(delivery.ref().connection());
            if (slot != null) {
                slot.busy--;
            }
            laneBusy.merge(delivery.queue() == null ? ClaimLoop.DEFAULT_LANE : delivery.queue(), -1, Integer::sum);
            reserved--;
        }
        laneBusy.values().removeIf(count -> count == 0);
    }

    /** The delivery's attempt is over (answered, failed or not sent): its connection and lane have room again. */
    synchronized void attemptDone(ClaimedDelivery delivery) {
        Slot slot = connections.get(delivery.ref().connection());
        if (slot != null) {
            slot.busy--;
            slot.sent(nanoTime.getAsLong());
        }
        laneBusy.merge(lane(delivery), -1, Integer::sum);
        laneBusy.values().removeIf(count -> count == 0);
    }

    /** The delivery's outcome is recorded (or recording it failed): the replica has room again. */
    synchronized void recorded() {
        inflight--;
    }

    /** Rows were written due (intake planned some it could not hand over, a redelivery): every connection is asked again. */
    synchronized void outboxChanged() {
        outboxEpoch++;
    }

    /** Retries may have come due with time, or another replica's rows: every connection is asked again. */
    synchronized void polled() {
        outboxEpoch++;
    }

    /** Connections with due deliveries that are not in the catalog (it changed since they were planned). */
    synchronized void addUnknown(Collection<String> names) {
        names.forEach(name -> connections.putIfAbsent(name,
                new Slot(UNKNOWN_CONNECTION_LIMIT / 2, UNKNOWN_CONNECTION_LIMIT, null)));
    }

    /**
     * The catalog changed: a connection added or with new limits gets them (a new rate window),
     * still counting what it has in flight; one removed is sized as unknown, so its deliveries fail
     * fast; one that stayed as it was keeps its slot, rate window and all.
     */
    synchronized void catalogChanged(Collection<Connection> catalog) {
        Map<String, Slot> next = new LinkedHashMap<>();
        for (Connection connection : catalog) {
            int most = ConnectionGuards.bulkheadCapacity(connection);
            Slot current = connections.get(connection.name());
            boolean same = current != null && current.most == most && current.concurrency == connection.concurrency()
                    && (current.rate == null
                    ? connection.rateLimit().isEmpty()
                    : connection.rateLimit().filter(current.rate::enforces).isPresent());
            next.put(connection.name(), same ? current
                    : carryOver(current, new Slot(connection.concurrency(), most,
                            connection.rateLimit().map(RateWindow::new).orElse(null))));
        }
        connections.forEach((name, slot) -> next.computeIfAbsent(name, removed ->
                carryOver(slot, new Slot(UNKNOWN_CONNECTION_LIMIT / 2, UNKNOWN_CONNECTION_LIMIT, null))));
        connections.clear();
        connections.putAll(next);
    }

    /** {@code next} counting what {@code current} has in flight, and asked for due rows again. */
    private static Slot carryOver(Slot current, Slot next) {
        if (current != null) {
            next.busy = current.busy;
            next.claimHeld = current.claimHeld;
            // A claim in flight gives its permits back to the new window only if it has one.
            next.claimInFlight = current.claimInFlight && next.rate != null;
        }
        return next;
    }

    synchronized Collection<String> connectionNames() {
        return List.copyOf(connections.keySet());
    }

    /** Deliveries being sent or waiting for their outcome to be recorded. */
    synchronized int inflight() {
        return inflight;
    }

    private Collection<String> knownLanes() {
        Set<String> lanes = new HashSet<>(laneLimits.keySet());
        lanes.addAll(laneBusy.keySet());
        return lanes;
    }

    private int laneLimit(String lane) {
        return laneLimits.getOrDefault(lane, defaultLane);
    }

    private static String lane(ClaimedDelivery delivery) {
        return delivery.queue() == null ? ClaimLoop.DEFAULT_LANE : delivery.queue();
    }

    private static final class Slot {
        /** How long a claim's rows may wait in the bulkhead at the connection's recent send rate. */
        private static final double CLAIM_AHEAD_SECONDS = 0.25;
        private static final long RATE_WINDOW_NANOS = TimeUnit.SECONDS.toNanos(1);

        final int concurrency;
        final int most;
        final RateWindow rate;
        /**
         * Deliveries it may have sending and waiting in its bulkhead: its concurrency, plus as
         * many waiting as it sends in {@link #CLAIM_AHEAD_SECONDS} (at least its concurrency, at
         * most what the bulkhead holds). A fast receiver gets claims large enough to cover a claim's
         * own latency; a slow one never has more waiting than it sends in a moment, well inside a
         * lease.
         */
        int limit;
        /** Deliveries being sent plus rows set aside for claims in flight. */
        int busy;
        /**
         * Of {@link #busy}, rows set aside for claims in flight (connections without a rate limit;
         * a rate-limited one has {@link #claimInFlight}).
         */
        int claimHeld;
        /**
         * A claim for this rate-limited connection has not answered yet; none other is made until
         * it has, so when its sends start, in whatever window, that window has their permits.
         */
        boolean claimInFlight;
        /** The outbox epoch at which a claim found nothing more due; never when it differs from the current one. */
        long drainedAt = -1;
        private long windowStart = Long.MIN_VALUE;
        private int windowSends;

        Slot(int concurrency, int most, RateWindow rate) {
            this.concurrency = concurrency;
            this.most = most;
            this.rate = rate;
            this.limit = Math.min(most, 2 * concurrency);
        }

        /** An attempt is over: the send rate, and so the room, is measured over windows of a second. */
        void sent(long now) {
            if (windowStart == Long.MIN_VALUE) {
                windowStart = now;
            }
            windowSends++;
            long elapsed = now - windowStart;
            if (elapsed >= RATE_WINDOW_NANOS) {
                double perSecond = windowSends * 1e9 / elapsed;
                int waiting = (int) Math.max(concurrency, perSecond * CLAIM_AHEAD_SECONDS);
                limit = Math.min(most, concurrency + waiting);
                windowStart = now;
                windowSends = 0;
            }
        }

        /**
         * What claims in flight may hold together: half its room (at least one), the other half
         * left to intake. After each poll every connection may have rows due and a claim sets
         * aside room for all of them, far more than it usually takes: were that the whole room,
         * each delivery planned while a claim is out would go to the outbox and wait for the next
         * claim, which the rows it wrote make sure comes, and under load intake would hand over
         * almost nothing.
         */
        int claimShare() {
            return Math.max(1, (limit + 1) / 2) - claimHeld;
        }

        /** The most it can ever be sent at once: its concurrency, or its rate limit's permits if fewer. */
        int mostAtOnce() {
            return rate == null ? limit : Math.min(limit, rate.requests());
        }
    }
}
