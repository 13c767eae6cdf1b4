package io.hookline.status;

import io.hookline.outbox.RemoteRun;

import java.time.OffsetDateTime;

/**
 * A state change as read back from the status log, at its position.
 *
 * @param remoteRun the job a runner started, on the change that recorded it; null otherwise
 */
public record LoggedChange(long cursor, StateChange change, OffsetDateTime occurredAt, RemoteRun remoteRun) {
}
