package io.hookline.retention;

/** What one sweep deleted, and in how many transactions. */
public record Swept(long deliveries, long statusChanges, long runEvents, int batches) {

    static final Swept NOTHING = new Swept(0, 0, 0, 0);

    Swept plus(Swept other) {
        return new Swept(deliveries + other.deliveries, statusChanges + other.statusChanges,
                runEvents + other.runEvents, batches + other.batches);
    }
}
