package io.hookline.outbox;

import java.util.UUID;

/**
 * Which delivery this is: its id and what users find it by (event, run, hook, connection,
 * trigger). Every view of a delivery (planned, claimed, stored, a state change) starts with it.
 *
 * @param id         the delivery id, also its idempotency id ({@code webhook-id}) on every attempt
 * @param connection the catalog connection it is sent through; null for a hook without one
 */
public record DeliveryRef(
        UUID id,
        String eventId,
        String runUuid,
        String runName,
        String project,
        String hubRef,
        String connection,
        String trigger) {
}
