package io.hookline.outbox;

/**
 * A delivery a dispatcher holds: claimed, leased, and counting this attempt.
 *
 * @param attempt    the number of the attempt being made (1 for the first)
 * @param request    the rendered request without secrets; null when it is unreadable
 * @param unreadable why the stored request could not be read (the attempt then fails without
 *                   sending); null when it was read
 */
public record ClaimedDelivery(DeliveryRef ref, String queue, int attempt, StoredRequest request, String unreadable) {
}
