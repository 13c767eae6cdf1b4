package io.hookline.store;

import java.time.Instant;

/** A row of {@code run_events} to insert. */
public record EventRow(
        String eventId,
        String runUuid,
        String runName,
        String runKind,
        String project,
        String status,
        String previousStatus,
        Instant startedAt,
        Instant finishedAt,
        byte[] payload) {
}
