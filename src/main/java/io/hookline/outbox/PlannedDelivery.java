package io.hookline.outbox;

/**
 * One hook of one event as decided at intake, before it is stored.
 *
 * @param hookIndex   position of the hook in the run's resolved hooks
 * @param source      where the hook came from: {@code event}, {@code event_yaml}, {@code project},
 *                    {@code preset:<name>}
 * @param state       PENDING, SKIPPED (condition false or not evaluable) or FAILED (render error)
 * @param reason      why it is SKIPPED or FAILED; null when PENDING
 * @param request     the rendered request without secrets; null unless PENDING
 */
public record PlannedDelivery(
        DeliveryRef ref,
        int hookIndex,
        String source,
        String queue,
        DeliveryState state,
        String reason,
        StoredRequest request) {
}
