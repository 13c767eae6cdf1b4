package io.hookline.status;

import java.time.OffsetDateTime;

/** A state change as read back from the status log, at its position. */
public record LoggedChange(long cursor, StateChange change, OffsetDateTime occurredAt) {
}
