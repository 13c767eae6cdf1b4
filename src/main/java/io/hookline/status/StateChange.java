package io.hookline.status;

import io.hookline.outbox.DeliveryRef;
import io.hookline.outbox.DeliveryState;

import java.time.OffsetDateTime;

/** One change of a delivery's state, as appended to the status log. */
public record StateChange(
        DeliveryRef delivery,
        DeliveryState state,
        int attempt,
        int httpStatus,
        String error,
        OffsetDateTime nextAttemptAt) {
}
