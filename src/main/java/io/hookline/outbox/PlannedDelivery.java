package io.hookline.outbox;

import java.util.UUID;

/**
 * One hook of one event as decided at intake, before it is stored.
 *
 * @param id          the delivery id, also its idempotency id ({@code webhook-id}) on every attempt
 * @param hookIndex   position of the hook in the run's resolved hooks
 * @param source      where the hook came from: {@code event}, {@code event_yaml}, {@code project},
 *                    {@code preset:<name>}
 * @param state       PENDING, SKIPPED (condition false or not evaluable) or FAILED (render error)
 * @param reason      why it is SKIPPED or FAILED; null when PENDING
 * @param requestJson the rendered request without secrets, as JSON; null unless PENDING
 */
public record PlannedDelivery(
        UUID id,
        int hookIndex,
        String source,
        String hubRef,
        String connection,
        String trigger,
        String queue,
        DeliveryState state,
        String reason,
        String requestJson) {
}
