package io.hookline.outbox;

/**
 * A CDI event: deliveries were just made due (planned at intake, or redelivered). The dispatcher
 * of this replica observes it and claims at once; other replicas find them at their next poll.
 * Fired by the stages above dispatch, so that none of them needs a reference to it.
 */
public record OutboxChanged() {
}
