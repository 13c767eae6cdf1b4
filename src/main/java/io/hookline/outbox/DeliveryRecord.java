package io.hookline.outbox;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;

/**
 * A stored delivery as users see it, with its attempts when asked for one delivery.
 *
 * @param request   the rendered request without secrets; null when none was rendered
 * @param remoteRun the job a runner connection started for it; null for none
 */
public record DeliveryRecord(
        DeliveryRef ref,
        String queue,
        DeliveryState state,
        String reason,
        int attemptCount,
        OffsetDateTime nextAttemptAt,
        OffsetDateTime createdAt,
        OffsetDateTime updatedAt,
        StoredRequest request,
        List<Attempt> attempts,
        RemoteRun remoteRun) {

    public DeliveryRecord(DeliveryRef ref, String queue, DeliveryState state, String reason, int attemptCount,
                          OffsetDateTime nextAttemptAt, OffsetDateTime createdAt, OffsetDateTime updatedAt,
                          StoredRequest request, List<Attempt> attempts) {
        this(ref, queue, state, reason, attemptCount, nextAttemptAt, createdAt, updatedAt, request, attempts, null);
    }

    /** One recorded attempt. */
    public record Attempt(int number, OffsetDateTime startedAt, long latencyMs, int httpStatus, String responseBody,
                          String error) {
    }

    /** Filters of a listing; empty strings and lists mean "any". */
    public record Filter(String project, String runUuid, String eventId, String hubRef, String connection,
                         List<String> states, OffsetDateTime createdAfter) {
    }

    /** Where a page starts: after this (created_at, id), newest first. */
    public record PageStart(OffsetDateTime createdAt, UUID id) {
    }
}
