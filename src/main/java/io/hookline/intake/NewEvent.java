package io.hookline.intake;

import io.hookline.outbox.PlannedDelivery;

import java.time.OffsetDateTime;
import java.util.List;

/** A validated RunCompletion with its planned deliveries, ready to be committed together. */
public record NewEvent(
        String eventId,
        String runUuid,
        String runName,
        String runKind,
        String project,
        String status,
        String previousStatus,
        OffsetDateTime startedAt,
        OffsetDateTime finishedAt,
        byte[] payload,
        List<PlannedDelivery> deliveries) {
}
