package io.hookline.dispatch;

import io.hookline.outbox.AttemptRecord;
import io.hookline.outbox.ClaimedDelivery;
import io.hookline.outbox.DeliveryState;
import io.hookline.outbox.DisabledTargets;
import io.hookline.outbox.StoredRequest;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Optional;

/** Makes one attempt of a claimed delivery: sends it (unless its connection is disabled) and says what it means. */
@ApplicationScoped
public class DeliveryAttempts {

    private final HttpSender sender;
    private final AttemptClassifier classifier;
    private final AttemptOutcomes outcomes;
    private final DisabledTargets disabledTargets;
    private final MeterRegistry metrics;

    DeliveryAttempts(HttpSender sender, AttemptClassifier classifier, AttemptOutcomes outcomes,
                     DisabledTargets disabledTargets, MeterRegistry metrics) {
        this.sender = sender;
        this.classifier = classifier;
        this.outcomes = outcomes;
        this.disabledTargets = disabledTargets;
        this.metrics = metrics;
    }

    /** The attempt to record; the Uni never fails. */
    public Uni<AttemptRecord> attempt(ClaimedDelivery delivery) {
        OffsetDateTime startedAt = OffsetDateTime.now(ZoneOffset.UTC);
        Optional<String> disabled = disabledTargets.reason(delivery.ref().connection());
        if (disabled.isPresent()) {
            return Uni.createFrom().item(outcomes.disabled(delivery, startedAt, disabled.get()));
        }
        return send(delivery)
                .onFailure().recoverWithItem(e -> AttemptResult.failed(AttemptError.Kind.INVALID_REQUEST,
                        e.getClass().getSimpleName(), Duration.ZERO))
                .map(result -> {
                    Classification classification = classifier.classify(result);
                    AttemptRecord record = outcomes.of(delivery, startedAt, result, classification);
                    count(record, classification, result.latency());
                    return record;
                });
    }

    private Uni<AttemptResult> send(ClaimedDelivery delivery) {
        StoredRequest request = delivery.request();
        if (request == null) {
            return Uni.createFrom().item(AttemptResult.failed(AttemptError.Kind.INVALID_REQUEST,
                    delivery.unreadable(), Duration.ZERO));
        }
        return Uni.createFrom().deferred(() -> sender.send(delivery.ref().connection(), new OutboundRequest(
                delivery.ref().id().toString(), Optional.of(request.method()), request.headers(), request.body())));
    }

    private void count(AttemptRecord record, Classification classification, Duration latency) {
        String connection = record.delivery().ref().connection();
        if (!record.attempted()) {
            metrics.counter("hookline.deliveries.not_sent", "connection", String.valueOf(connection)).increment();
            return;
        }
        String tag = connection == null ? "" : connection;
        Timer.builder("hookline.attempts").tag("connection", tag)
                .tag("outcome", classification.outcome().name().toLowerCase())
                .publishPercentileHistogram().register(metrics).record(latency);
        if (record.newState() != DeliveryState.RETRY_SCHEDULED) {
            metrics.counter("hookline.deliveries.finished", "connection", tag,
                    "state", record.newState().name().toLowerCase()).increment();
        }
    }
}
