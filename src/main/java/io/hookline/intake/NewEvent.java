package io.hookline.intake;

import io.hookline.resolve.RunFacts;
import io.hookline.resolve.SourcedHook;
import io.hookline.tracing.EventTrace;

import java.util.List;

/**
 * A validated RunCompletion, ready to be planned and committed.
 *
 * @param payload the RunCompletion as received, kept for audit and replay
 * @param hooks   every hook that applies to the run, in resolution order
 * @param trace   the event's trace, which its planning and its deliveries' attempts join
 */
public record NewEvent(String eventId, RunFacts run, byte[] payload, List<SourcedHook> hooks, EventTrace trace) {
}
