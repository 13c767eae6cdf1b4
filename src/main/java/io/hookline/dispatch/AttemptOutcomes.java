package io.hookline.dispatch;

import io.hookline.outbox.AttemptRecord;
import io.hookline.outbox.ClaimedDelivery;
import io.hookline.outbox.DeliveryState;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Optional;

/**
 * What an attempt means for its delivery: the attempt to record and the state it leads to. A pure
 * policy over the attempt's result, its {@link Classification} and the {@link RetrySchedule}; it
 * sends nothing and stores nothing.
 */
public final class AttemptOutcomes {

    /**
     * How soon a delivery that was claimed but not sent is due again. Claims take only what each
     * connection can send, so this is the rare race (a breaker that opened between claim and
     * send); the claim will not take it again before its connection has room.
     */
    static final Duration NOT_SENT_DELAY = Duration.ofSeconds(1);

    private final RetrySchedule retries;
    private final Clock clock;

    public AttemptOutcomes(RetrySchedule retries, Clock clock) {
        this.retries = retries;
        this.clock = clock;
    }

    public AttemptRecord of(ClaimedDelivery delivery, OffsetDateTime startedAt, AttemptResult result,
                            Classification classification) {
        String connection = delivery.ref().connection();
        if (notSent(result)) {
            // Refused by this replica (an open breaker, a full bulkhead), not answered by the
            // receiver: nothing was sent, so it is neither an attempt nor a reason to give up. The
            // delivery is as it was before the claim, due again shortly.
            return new AttemptRecord(delivery, startedAt, 0, 0, null, null,
                    delivery.attempt() > 1 ? DeliveryState.RETRY_SCHEDULED : DeliveryState.PENDING,
                    OffsetDateTime.ofInstant(clock.instant().plus(NOT_SENT_DELAY), ZoneOffset.UTC),
                    "not sent: " + result.error().map(AttemptError::message).orElse("connection " + connection
                            + " could not take it") + "; not counted as an attempt", false);
        }
        String error = result.error().map(AttemptError::message).orElse(null);
        DeliveryState state;
        OffsetDateTime next = null;
        String reason = classification.reason();
        switch (classification.outcome()) {
            case DELIVERED -> {
                state = DeliveryState.DELIVERED;
                reason = null;
            }
            case DISABLE -> state = DeliveryState.DISABLED;
            case FINAL -> state = DeliveryState.FAILED;
            default -> {
                Optional<Instant> at = retries.nextAttemptAt(delivery.attempt(), classification.retryAfter());
                if (at.isPresent()) {
                    state = DeliveryState.RETRY_SCHEDULED;
                    next = at.get().atOffset(ZoneOffset.UTC);
                } else {
                    state = DeliveryState.DEAD;
                    reason = reason + "; gave up after " + delivery.attempt() + " attempts";
                }
            }
        }
        return new AttemptRecord(delivery, startedAt, result.latency().toMillis(), result.status(), result.body(),
                error, state, next, reason, true);
    }

    /** The receiver said 410 Gone before: nothing is sent, and the delivery ends the same way. */
    public AttemptRecord disabled(ClaimedDelivery delivery, OffsetDateTime startedAt, String disabledBecause) {
        String connection = delivery.ref().connection();
        return new AttemptRecord(delivery, startedAt, 0, 0, null, "not sent: connection " + connection + " is disabled",
                DeliveryState.DISABLED, null, "connection " + connection + " is disabled: " + disabledBecause
                        + "; re-enable it with HookAdmin.EnableConnection", true);
    }

    /**
     * The outcome once more, without what the receiver or the network said (body, error), for when
     * writing it failed because of what it held: the delivery still gets its state, and a reason
     * that says the answer was not kept.
     */
    public static AttemptRecord withoutResponse(AttemptRecord outcome, String whyNotStored) {
        String reason = "the response of attempt " + outcome.delivery().attempt() + " could not be stored ("
                + StorableText.of(whyNotStored) + ")";
        return new AttemptRecord(outcome.delivery(), outcome.startedAt(), outcome.latencyMs(), outcome.httpStatus(),
                null, null, outcome.newState(), outcome.nextAttemptAt(), reason, outcome.attempted());
    }

    /**
     * The last resort when even {@link #withoutResponse} could not be written: the delivery ends
     * FAILED with the reason, rather than staying DELIVERING and being sent again after its lease.
     */
    public static AttemptRecord unrecordable(AttemptRecord outcome, String whyNotStored) {
        String reason = "the outcome of attempt " + outcome.delivery().attempt() + " could not be stored ("
                + StorableText.of(whyNotStored) + "); not retried";
        return new AttemptRecord(outcome.delivery(), outcome.startedAt(), outcome.latencyMs(), outcome.httpStatus(),
                null, null, DeliveryState.FAILED, null, reason, outcome.attempted());
    }

    /** Whether this replica refused the send itself: the breaker was open, or the bulkhead or rate limit full. */
    static boolean notSent(AttemptResult result) {
        return result.error().map(AttemptError::kind)
                .filter(kind -> kind == AttemptError.Kind.CIRCUIT_OPEN || kind == AttemptError.Kind.BULKHEAD_FULL
                        || kind == AttemptError.Kind.RATE_LIMITED)
                .isPresent();
    }
}
