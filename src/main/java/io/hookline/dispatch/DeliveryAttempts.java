package io.hookline.dispatch;

import io.hookline.connections.ConnectionCatalog;
import io.hookline.connections.ConnectionKind;
import io.hookline.outbox.AttemptRecord;
import io.hookline.outbox.ClaimedDelivery;
import io.hookline.outbox.DeliveryState;
import io.hookline.outbox.DisabledTargets;
import io.hookline.outbox.StoredRequest;
import io.micrometer.core.instrument.Counter;
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
    private final ConnectionCatalog catalog;

    DeliveryAttempts(HttpSender sender, AttemptClassifier classifier, AttemptOutcomes outcomes,
                     DisabledTargets disabledTargets, MeterRegistry metrics, ConnectionCatalog catalog) {
        this.catalog = catalog;
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
                    Classification classification = classifier.classify(result, kindOf(delivery));
                    AttemptRecord record = withRemoteRun(outcomes.of(delivery, startedAt, result, classification),
                            result);
                    count(record, classification, result.latency());
                    return record;
                });
    }

    /** A runner that accepted the job: which job it started, for GetDelivery and ListDeliveries. */
    private AttemptRecord withRemoteRun(AttemptRecord record, AttemptResult result) {
        if (record.newState() != DeliveryState.DELIVERED || record.delivery().request() == null) {
            return record;
        }
        return catalog.find(record.delivery().ref().connection()).filter(c -> c.kind().startsJobs())
                .flatMap(connection -> RemoteRuns.of(connection, record.delivery().ref().id().toString(),
                        record.delivery().request().path(), result))
                .map(record::withRemoteRun)
                .orElse(record);
    }

    private ConnectionKind kindOf(ClaimedDelivery delivery) {
        return delivery.ref().connection() == null ? ConnectionKind.WEBHOOK
                : catalog.kindOf(delivery.ref().connection()).orElse(ConnectionKind.WEBHOOK);
    }

    private Uni<AttemptResult> send(ClaimedDelivery delivery) {
        StoredRequest request = delivery.request();
        if (request == null) {
            return Uni.createFrom().item(AttemptResult.failed(AttemptError.Kind.INVALID_REQUEST,
                    delivery.unreadable(), Duration.ZERO));
        }
        return Uni.createFrom().deferred(() -> sender.send(delivery.ref().connection(), new OutboundRequest(
                delivery.ref().id().toString(), Optional.of(request.method()), request.headers(), request.body(),
                request.path())));
    }

    private void count(AttemptRecord record, Classification classification, Duration latency) {
        String connection = record.delivery().ref().connection();
        if (!record.attempted()) {
            Counter.builder("hookline.deliveries.not_sent").tag("connection", String.valueOf(connection))
                    .description("claimed deliveries not sent (breaker open, bulkhead or rate limit full at send"
                            + " time); not attempts, due again in 1 s")
                    .register(metrics).increment();
            return;
        }
        String tag = connection == null ? "" : connection;
        Timer.builder("hookline.attempts").description("attempts to send a delivery, by connection and outcome")
                .tag("connection", tag)
                .tag("outcome", classification.outcome().name().toLowerCase())
                .publishPercentileHistogram().register(metrics).record(latency);
        if (record.newState() != DeliveryState.RETRY_SCHEDULED) {
            Counter.builder("hookline.deliveries.finished").tag("connection", tag)
                    .tag("state", record.newState().name().toLowerCase())
                    .description("deliveries that reached a final state (delivered, failed, dead, disabled)")
                    .register(metrics).increment();
        }
    }
}
