package io.hookline.outbox;

import java.time.OffsetDateTime;

/**
 * The result of one attempt and the state it leads to.
 *
 * @param nextAttemptAt when the next attempt is due (RETRY_SCHEDULED only)
 * @param reason        why it failed or will be retried; never holds a secret
 * @param attempted     false when nothing was sent because this replica held it back (the
 *                      connection's bulkhead or rate limit was full): no attempt row is written
 *                      and the claim's attempt is given back, so backpressure never uses up
 *                      a delivery's retries
 * @param remoteRun     the job a runner connection started (DELIVERED to a runner only), else null
 */
public record AttemptRecord(
        ClaimedDelivery delivery,
        OffsetDateTime startedAt,
        long latencyMs,
        int httpStatus,
        String responseBody,
        String error,
        DeliveryState newState,
        OffsetDateTime nextAttemptAt,
        String reason,
        boolean attempted,
        RemoteRun remoteRun) {

    public AttemptRecord(ClaimedDelivery delivery, OffsetDateTime startedAt, long latencyMs, int httpStatus,
                         String responseBody, String error, DeliveryState newState, OffsetDateTime nextAttemptAt,
                         String reason, boolean attempted) {
        this(delivery, startedAt, latencyMs, httpStatus, responseBody, error, newState, nextAttemptAt, reason,
                attempted, null);
    }

    public AttemptRecord withRemoteRun(RemoteRun run) {
        return new AttemptRecord(delivery, startedAt, latencyMs, httpStatus, responseBody, error, newState,
                nextAttemptAt, reason, attempted, run);
    }
}
