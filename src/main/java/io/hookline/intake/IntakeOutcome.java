package io.hookline.intake;

import io.hookline.definition.Violation;

import java.util.List;

/** What intake answers for one event: committed (new or a duplicate), or rejected and why. */
public sealed interface IntakeOutcome {

    String eventId();

    /** Stored durably (or found stored before, when {@link EventCommit#duplicate()}). */
    record Committed(EventCommit commit) implements IntakeOutcome {
        @Override
        public String eventId() {
            return commit.eventId();
        }
    }

    /** Not stored: the event breaks the named rules; resending it unchanged is rejected again. */
    record Rejected(String eventId, String code, List<Violation> violations) implements IntakeOutcome {
    }
}
