package io.hookline.intake;

import io.hookline.outbox.PlannedDelivery;

import java.util.List;

/**
 * The outcome of committing one event.
 *
 * @param sequence   the event's position in the event log, the same for every duplicate of it
 * @param duplicate  true when the event_id had been committed before (by any stream or replica)
 * @param deliveries the deliveries of the event as first committed
 * @param leftDue    some of its deliveries were written due, for a claim to take (the others,
 *                   if any, were handed to this replica's dispatcher at the commit)
 */
public record EventCommit(String eventId, long sequence, boolean duplicate, List<PlannedDelivery> deliveries,
                          boolean leftDue) {
}
