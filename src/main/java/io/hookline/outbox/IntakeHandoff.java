package io.hookline.outbox;

import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * Deliveries planned at intake that this replica's dispatcher can send now are written already
 * leased to it, and handed to it in memory once their event's commit is durable: no claim has to
 * find them, so a delivery costs one write fewer and starts as soon as its event is acked. What
 * the dispatcher has no room for is written due, for a claim (of any replica) to take later.
 */
public interface IntakeHandoff {

    /**
     * Sets aside room for those of {@code pending} that can be sent now; never waits. Each lease
     * taken must end in {@link #handOver} or {@link #release}.
     */
    Lease offer(List<PlannedDelivery> pending);

    /** The commit is durable: the leased deliveries in {@code stored} are sent now, the others' room given back. */
    void handOver(Lease lease, Set<UUID> stored);

    /** The commit failed: nothing leased was written, all of its room is given back. */
    void release(Lease lease);

    /**
     * Deliveries written leased to {@code owner} (state DELIVERING, attempt 1, due again when
     * {@code leaseSeconds} pass, as a claim would leave them).
     */
    final class Lease {

        public static final Lease NONE = new Lease("", 0, List.of());

        private final String owner;
        private final double leaseSeconds;
        private final List<PlannedDelivery> deliveries;
        private final Set<UUID> ids;

        public Lease(String owner, double leaseSeconds, List<PlannedDelivery> deliveries) {
            this.owner = owner;
            this.leaseSeconds = leaseSeconds;
            this.deliveries = List.copyOf(deliveries);
            this.ids = deliveries.stream().map(d -> d.ref().id()).collect(Collectors.toUnmodifiableSet());
        }

        public String owner() {
            return owner;
        }

        public double leaseSeconds() {
            return leaseSeconds;
        }

        public List<PlannedDelivery> deliveries() {
            return deliveries;
        }

        public boolean covers(UUID delivery) {
            return ids.contains(delivery);
        }
    }

    /** A replica that does not dispatch takes nothing: every delivery waits for a claim. */
    IntakeHandoff NONE = new IntakeHandoff() {
        @Override
        public Lease offer(List<PlannedDelivery> pending) {
            return Lease.NONE;
        }

        @Override
        public void handOver(Lease lease, Set<UUID> stored) {
        }

        @Override
        public void release(Lease lease) {
        }
    };
}
