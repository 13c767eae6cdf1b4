package io.hookline.outbox;

/**
 * The state of a delivery, as stored in {@code deliveries.state} and {@code delivery_events.state}.
 * The API's {@code hookline.v1.DeliveryState} values are these names prefixed with
 * {@code DELIVERY_STATE_}; the mapping is derived from the names, never kept by hand.
 */
public enum DeliveryState {
    PENDING, SKIPPED, DELIVERING, DELIVERED, RETRY_SCHEDULED, FAILED, DEAD, DISABLED
}
