package io.hookline.outbox;

import java.util.UUID;

/**
 * A delivery a dispatcher holds: claimed, leased, and counting this attempt.
 *
 * @param attempt     the number of the attempt being made (1 for the first)
 * @param requestJson the rendered request without secrets
 */
public record ClaimedDelivery(
        UUID id,
        String eventId,
        String runUuid,
        String runName,
        String project,
        String hubRef,
        String connection,
        String trigger,
        String queue,
        int attempt,
        String requestJson) {
}
