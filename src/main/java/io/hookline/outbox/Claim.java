package io.hookline.outbox;

import java.util.List;

/**
 * What one claim took from the outbox: the deliveries to send now, and those whose lease ran out
 * after their last attempt, which the claim ended DEAD instead of sending them once more.
 */
public record Claim(List<ClaimedDelivery> claimed, List<Spent> spent) {

    public Claim {
        claimed = List.copyOf(claimed);
        spent = List.copyOf(spent);
    }

    /** Rows the claim took, of its limit. */
    public int rows() {
        return claimed.size() + spent.size();
    }

    /** A delivery ended DEAD by the claim; {@code attempts} were made, the last without a recorded outcome. */
    public record Spent(DeliveryRef ref, int attempts, String reason) {
    }
}
