package io.hookline.status;

import io.hookline.outbox.DeliveryState;

import java.time.OffsetDateTime;
import java.util.UUID;

/** One change of a delivery's state, as appended to the status log. */
public record StateChange(
        UUID deliveryId,
        String eventId,
        String runUuid,
        String runName,
        String project,
        String hubRef,
        String connection,
        String trigger,
        DeliveryState state,
        int attempt,
        int httpStatus,
        String error,
        OffsetDateTime nextAttemptAt) {
}
