package io.hookline.dispatch;

import io.hookline.connections.ConnectionCatalog;
import io.hookline.connections.ConnectionKind;
import io.hookline.logging.FieldLogger;
import io.hookline.logging.LogFields;
import io.hookline.outbox.AttemptRecord;
import io.hookline.outbox.ClaimedDelivery;
import io.hookline.outbox.DeliveryState;
import io.hookline.outbox.DisabledTargets;
import io.hookline.outbox.DeliveryRef;
import io.hookline.outbox.StoredRequest;
import io.hookline.tracing.AttemptSpans;
import io.hookline.tracing.AttemptTrace;
import io.hookline.tracing.TraceParent;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/** Makes one attempt of a claimed delivery: sends it (unless its connection is disabled) and says what it means. */
@ApplicationScoped
public class DeliveryAttempts {

    private static final FieldLogger LOG = FieldLogger.of(DeliveryAttempts.class);

    private final HttpSender sender;
    private final AttemptClassifier classifier;
    private final AttemptOutcomes outcomes;
    private final DisabledTargets disabledTargets;
    private final MeterRegistry metrics;
    private final ConnectionCatalog catalog;
    private final AttemptSpans spans;

    DeliveryAttempts(HttpSender sender, AttemptClassifier classifier, AttemptOutcomes outcomes,
                     DisabledTargets disabledTargets, MeterRegistry metrics, ConnectionCatalog catalog,
                     AttemptSpans spans) {
        this.catalog = catalog;
        this.spans = spans;
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
        AttemptTrace trace = spans.start(delivery.request() == null ? "" : delivery.request().traceParent(),
                delivery.ref().id(), delivery.ref().connection(), delivery.attempt());
        return send(delivery, trace)
                .onFailure().recoverWithItem(e -> AttemptResult.failed(AttemptError.Kind.INVALID_REQUEST,
                        e.getClass().getSimpleName(), Duration.ZERO))
                .map(result -> {
                    Classification classification = classifier.classify(result, kindOf(delivery));
                    AttemptRecord record = withRemoteRun(outcomes.of(delivery, startedAt, result, classification),
                            result);
                    trace.ended(result.status(),
                            record.attempted() ? classification.outcome().name().toLowerCase() : "not_sent",
                            result.error().map(error -> error.kind().name()).orElse(null));
                    count(record, classification, result.latency());
                    log(record);
                    return record;
                });
    }

    /** Every failed attempt is logged: a retry at INFO (it is routine), a delivery that failed for good at WARN. */
    private static void log(AttemptRecord record) {
        if (!record.attempted() || record.newState() == DeliveryState.DELIVERED) {
            return;
        }
        DeliveryRef ref = record.delivery().ref();
        LogFields fields = LogFields.delivery(ref.id(), ref.eventId(), ref.runUuid(), ref.connection());
        if (record.newState() == DeliveryState.RETRY_SCHEDULED) {
            LOG.infof(fields, "Attempt %d of delivery %s failed, retry at %s: %s", record.delivery().attempt(), ref.id(),
                    record.nextAttemptAt(), record.reason());
        } else {
            LOG.warnf(fields, "Delivery %s is %s after attempt %d: %s", ref.id(), record.newState(),
                    record.delivery().attempt(), record.reason());
        }
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

    private Uni<AttemptResult> send(ClaimedDelivery delivery, AttemptTrace trace) {
        StoredRequest request = delivery.request();
        if (request == null) {
            return Uni.createFrom().item(AttemptResult.failed(AttemptError.Kind.INVALID_REQUEST,
                    delivery.unreadable(), Duration.ZERO));
        }
        return Uni.createFrom().deferred(() -> sender.send(delivery.ref().connection(), new OutboundRequest(
                delivery.ref().id().toString(), Optional.of(request.method()), withTraceParent(request, trace),
                request.body(), request.path())));
    }

    /** The receiver joins the event's trace under this attempt's span (W3C Trace Context). */
    private static Map<String, String> withTraceParent(StoredRequest request, AttemptTrace trace) {
        if (trace.traceParent().isEmpty()) {
            return request.headers();
        }
        Map<String, String> headers = new HashMap<>(request.headers());
        headers.put(TraceParent.HEADER, trace.traceParent());
        return headers;
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
