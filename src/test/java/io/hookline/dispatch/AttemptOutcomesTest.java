package io.hookline.dispatch;

import static org.assertj.core.api.Assertions.assertThat;

import io.hookline.dispatch.DispatchConfig.Jitter;
import io.hookline.outbox.AttemptRecord;
import io.hookline.outbox.ClaimedDelivery;
import io.hookline.outbox.DeliveryRef;
import io.hookline.outbox.DeliveryState;
import io.hookline.outbox.StoredRequest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The outcome policy alone: results and classifications in, the attempt and next state out; no database. */
class AttemptOutcomesTest {

    static final Instant NOW = Instant.parse("2026-05-01T12:00:00Z");
    static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);
    static final OffsetDateTime STARTED = NOW.minusMillis(40).atOffset(ZoneOffset.UTC);
    /** 3 attempts in all: after the third failed one the delivery is DEAD. */
    static final RetryPolicy POLICY = new RetryPolicy(Duration.ofSeconds(5), 2, List.of(Duration.ofSeconds(5),
            Duration.ofMinutes(5)), Duration.ofHours(1), 3, Jitter.NONE);

    private final AttemptOutcomes outcomes = new AttemptOutcomes(new RetrySchedule(POLICY, CLOCK, new Random(1)), CLOCK);

    static ClaimedDelivery claimed(int attempt) {
        DeliveryRef ref = new DeliveryRef(UUID.fromString("7d0c5e0e-3c55-4d2e-9a55-3b9f6f1f2a01"), "evt-1", "8c2f",
                "train-resnet", "acme/vision", "polyaxon/slack:latest", "team-slack", "failed");
        return new ClaimedDelivery(ref, "", attempt, new StoredRequest("POST", Map.of(), "{}"), null);
    }

    static AttemptResult answer(int status) {
        return AttemptResult.response(status, Map.of(), Duration.ofMillis(40), "body " + status, false);
    }

    static AttemptResult error(AttemptError.Kind kind, String message) {
        return AttemptResult.failed(kind, message, Duration.ofMillis(40));
    }

    /**
     * attempt, result, classification -> new state, delay to the next attempt (null: none), reason,
     * whether it counts as an attempt.
     */
    static Stream<Arguments> table() {
        return Stream.of(
                Arguments.of("2xx is delivered, without a reason", 1, answer(204),
                        Classification.of(Outcome.DELIVERED, "HTTP 204"),
                        DeliveryState.DELIVERED, null, null, true),
                Arguments.of("a first retryable failure waits the first delay", 1, answer(503),
                        Classification.of(Outcome.RETRY, "HTTP 503: the receiver is unavailable, will retry"),
                        DeliveryState.RETRY_SCHEDULED, Duration.ofSeconds(5),
                        "HTTP 503: the receiver is unavailable, will retry", true),
                Arguments.of("a second retryable failure waits the second delay", 2, answer(500),
                        Classification.of(Outcome.RETRY, "HTTP 500: receiver error, will retry"),
                        DeliveryState.RETRY_SCHEDULED, Duration.ofMinutes(5), "HTTP 500: receiver error, will retry", true),
                Arguments.of("a Retry-After longer than the delay is honoured", 1, answer(429),
                        new Classification(Outcome.RETRY, "HTTP 429: the receiver is rate limiting, will retry",
                                Optional.of(Duration.ofSeconds(30))),
                        DeliveryState.RETRY_SCHEDULED, Duration.ofSeconds(30),
                        "HTTP 429: the receiver is rate limiting, will retry", true),
                Arguments.of("the last retryable failure is dead and says so", 3, answer(500),
                        Classification.of(Outcome.RETRY, "HTTP 500: receiver error, will retry"),
                        DeliveryState.DEAD, null, "HTTP 500: receiver error, will retry; gave up after 3 attempts", true),
                Arguments.of("a final answer fails at once", 1, answer(400),
                        Classification.of(Outcome.FINAL, "HTTP 400: the receiver refused the request"),
                        DeliveryState.FAILED, null, "HTTP 400: the receiver refused the request", true),
                Arguments.of("410 Gone disables", 1, answer(410),
                        Classification.of(Outcome.DISABLE, "HTTP 410: gone"),
                        DeliveryState.DISABLED, null, "HTTP 410: gone", true),
                Arguments.of("a timeout is retried", 1, error(AttemptError.Kind.TIMEOUT, "after 10s"),
                        Classification.of(Outcome.RETRY, "timed out: after 10s"),
                        DeliveryState.RETRY_SCHEDULED, Duration.ofSeconds(5), "timed out: after 10s", true),
                Arguments.of("an open breaker is not an attempt, even on the last one", 3,
                        error(AttemptError.Kind.CIRCUIT_OPEN, "circuit breaker of connection team-slack is open"),
                        Classification.of(Outcome.RETRY, "not sent: breaker open"),
                        DeliveryState.RETRY_SCHEDULED, AttemptOutcomes.NOT_SENT_DELAY,
                        "not sent: circuit breaker of connection team-slack is open; not counted as an attempt", false),
                Arguments.of("a first attempt refused by an open breaker is pending again", 1,
                        error(AttemptError.Kind.CIRCUIT_OPEN, "circuit breaker of connection team-slack is open"),
                        Classification.of(Outcome.RETRY, "not sent: breaker open"),
                        DeliveryState.PENDING, AttemptOutcomes.NOT_SENT_DELAY,
                        "not sent: circuit breaker of connection team-slack is open; not counted as an attempt", false),
                Arguments.of("a request that cannot be sent fails", 1,
                        error(AttemptError.Kind.INVALID_REQUEST, "stored request is unreadable: x"),
                        Classification.of(Outcome.FINAL, "not sent: stored request is unreadable: x"),
                        DeliveryState.FAILED, null, "not sent: stored request is unreadable: x", true),
                Arguments.of("a full bulkhead is not an attempt, even on the last one", 3,
                        error(AttemptError.Kind.BULKHEAD_FULL, "16 in flight"),
                        Classification.of(Outcome.RETRY, "not sent: 16 in flight"),
                        DeliveryState.RETRY_SCHEDULED, AttemptOutcomes.NOT_SENT_DELAY,
                        "not sent: 16 in flight; not counted as an attempt", false),
                Arguments.of("a used-up rate limit is not an attempt", 2,
                        error(AttemptError.Kind.RATE_LIMITED, "10 per 1s"),
                        Classification.of(Outcome.RETRY, "not sent: 10 per 1s"),
                        DeliveryState.RETRY_SCHEDULED, AttemptOutcomes.NOT_SENT_DELAY,
                        "not sent: 10 per 1s; not counted as an attempt", false));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("table")
    void eachResultLeadsToItsStateNextAttemptAndReason(String name, int attempt, AttemptResult result,
                                                       Classification classification, DeliveryState state,
                                                       Duration nextIn, String reason, boolean attempted) {
        AttemptRecord record = outcomes.of(claimed(attempt), STARTED, result, classification);

        assertThat(record.newState()).isEqualTo(state);
        assertThat(record.nextAttemptAt()).isEqualTo(nextIn == null ? null : NOW.plus(nextIn).atOffset(ZoneOffset.UTC));
        assertThat(record.reason()).isEqualTo(reason);
        assertThat(record.attempted()).isEqualTo(attempted);
        assertThat(record.delivery()).isEqualTo(claimed(attempt));
        assertThat(record.startedAt()).isEqualTo(STARTED);
    }

    @Test
    void anAnsweredAttemptKeepsItsStatusBodyAndLatency() {
        AttemptRecord record = outcomes.of(claimed(1), STARTED, answer(500),
                Classification.of(Outcome.RETRY, "HTTP 500: receiver error, will retry"));

        assertThat(record.httpStatus()).isEqualTo(500);
        assertThat(record.responseBody()).isEqualTo("body 500");
        assertThat(record.latencyMs()).isEqualTo(40);
        assertThat(record.error()).isNull();
    }

    @Test
    void anAttemptWithoutAnAnswerKeepsItsError() {
        AttemptRecord record = outcomes.of(claimed(1), STARTED,
                error(AttemptError.Kind.CONNECTION_FAILED, "ConnectException: refused"),
                Classification.of(Outcome.RETRY, "could not reach the receiver: ConnectException: refused"));

        assertThat(record.httpStatus()).isZero();
        assertThat(record.error()).isEqualTo("ConnectException: refused");
    }

    @Test
    void aSendRefusedByThisReplicaRecordsNoAnswerAndNoError() {
        AttemptRecord record = outcomes.of(claimed(1), STARTED, error(AttemptError.Kind.BULKHEAD_FULL, "16 in flight"),
                Classification.of(Outcome.RETRY, "not sent: 16 in flight"));

        assertThat(record.httpStatus()).isZero();
        assertThat(record.latencyMs()).isZero();
        assertThat(record.responseBody()).isNull();
        assertThat(record.error()).isNull();
    }

    @Test
    void aDisabledConnectionEndsTheDeliveryWithoutSendingAndSaysHowToReEnableIt() {
        AttemptRecord record = outcomes.disabled(claimed(1), STARTED, "HTTP 410: gone (disabled 2026-05-01T11:00:00Z)");

        assertThat(record.newState()).isEqualTo(DeliveryState.DISABLED);
        assertThat(record.attempted()).isTrue();
        assertThat(record.httpStatus()).isZero();
        assertThat(record.error()).isEqualTo("not sent: connection team-slack is disabled");
        assertThat(record.reason()).isEqualTo("connection team-slack is disabled: HTTP 410: gone (disabled "
                + "2026-05-01T11:00:00Z); re-enable it with HookAdmin.EnableConnection");
        assertThat(record.nextAttemptAt()).isNull();
    }
}
