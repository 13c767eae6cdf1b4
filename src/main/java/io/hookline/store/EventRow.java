package io.hookline.store;

import java.time.Instant;

/**
 * A row of {@code run_events} to insert.
 *
 * @param pipelineUuid the pipeline run this run is an operation of; null when none
 */
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
        byte[] payload,
        String pipelineUuid) {
}
