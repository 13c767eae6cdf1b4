package io.hookline.intake;

import io.hookline.batch.BatchFailures;
import io.hookline.batch.GroupCommit;
import io.hookline.batch.ItemFaultException;
import io.hookline.batch.QueueFullException;
import io.hookline.definition.Violation;
import io.hookline.outbox.OutboxChanged;
import io.hookline.error.Refusal;
import io.hookline.lifecycle.ShutdownOrder;
import io.hookline.logging.FieldLogger;
import io.hookline.logging.LogFields;
import io.hookline.resolve.EventHooks;
import io.hookline.tracing.EventSpans;
import io.hookline.tracing.EventTrace;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.Logger;

import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Takes one reported event to a durable ack: validate, plan, group-commit. Never blocks: the
 * returned stage completes when the event's batch has committed.
 */
@ApplicationScoped
public class IntakeService {

    private static final Logger LOG = Logger.getLogger(IntakeService.class);
    private static final FieldLogger FIELD_LOG = FieldLogger.of(IntakeService.class);

    private final IntakeConfig config;
    private final GroupCommit<NewEvent, EventCommit> commits;

    private final EventHooks eventHooks;
    private final EventSpans spans;
    private final Event<OutboxChanged> outboxChanged;

    private final MeterRegistry metrics;
    private final Set<OrderedAcks<?, ?>> openStreams = ConcurrentHashMap.newKeySet();
    private volatile boolean stopping;

    IntakeService(IntakeConfig config, EventWriter writer, EventHooks eventHooks, EventSpans spans,
                  Event<OutboxChanged> outboxChanged, MeterRegistry metrics) {
        this.metrics = metrics;
        this.spans = spans;
        this.config = config;
        this.eventHooks = eventHooks;
        this.outboxChanged = outboxChanged;
        this.commits = new GroupCommit<>(writer::write, event -> event.payload().length, config.maxBatch(),
                config.maxInflightBatches(), config.minBatchWhileCommitting(), config.maxQueuedBytes());
    }

    /**
     * The outcome for one event. A rejected event completes normally with {@link IntakeOutcome.Rejected};
     * the stage fails (with an UNAVAILABLE {@link Refusal}) only when the database could not
     * commit, and then the event was not accepted and resending it is safe.
     */
    public CompletionStage<IntakeOutcome> submit(ReportedEvent event) {
        if (stopping) {
            return CompletableFuture.failedStage(stoppingRefusal());
        }
        ReportedRun run = event.run();
        EventTrace trace = spans.start(event.eventId(), run == null ? null : run.uuid(), run == null ? null : run.project());
        Optional<Violation> tooLarge = RunCompletionValidator.sizeProblem(event.size(), config.maxEventBytes());
        if (tooLarge.isPresent()) {
            return rejected(event, trace, "PAYLOAD_TOO_LARGE", List.of(tooLarge.get()));
        }
        List<Violation> violations = RunCompletionValidator.validate(event);
        if (!violations.isEmpty()) {
            return rejected(event, trace, "INVALID_EVENT", violations);
        }
        EventHooks.Gathered hooks = eventHooks.gather(event.hooks(), event.hooksYaml(), event.presets(),
                event.run().project());
        if (!hooks.violations().isEmpty()) {
            return rejected(event, trace, "INVALID_HOOK", hooks.violations());
        }
        Optional<Violation> tooManyHooks = RunCompletionValidator.hooksProblem(hooks.hooks().size(), config.maxHooksPerEvent());
        if (tooManyHooks.isPresent()) {
            return rejected(event, trace, "TOO_MANY_HOOKS", List.of(tooManyHooks.get()));
        }
        NewEvent accepted = new NewEvent(event.eventId(), event.run().toFacts(), event.payload(), hooks.hooks(), trace);
        return commits.submit(accepted)
                .handle((commit, failure) -> {
                    if (failure != null) {
                        return failed(event, trace, failure instanceof CompletionException ? failure.getCause() : failure);
                    }
                    String result = commit.duplicate() ? "duplicate" : "accepted";
                    trace.answered(result);
                    countEvent(result);
                    if (!commit.duplicate()) {
                        commit.deliveries().forEach(d -> Counter.builder("hookline.deliveries.planned")
                                .tag("state", d.state().name().toLowerCase())
                                .description("deliveries planned at intake (pending, skipped, failed)")
                                .register(metrics).increment());
                        if (commit.leftDue()) {
                            // This replica claims it at once; others find it on their next poll.
                            outboxChanged.fire(new OutboxChanged());
                        }
                    }
                    return (IntakeOutcome) new IntakeOutcome.Committed(commit);
                });
    }

    /** The answer for an event whose group commit failed: its own fault, a full queue, or the database. */
    private IntakeOutcome failed(ReportedEvent event, EventTrace trace, Throwable failure) {
        if (BatchFailures.isItemFault(failure)) {
            trace.answered("UNSTORABLE");
        } else {
            trace.failed(failure);
        }
        if (failure instanceof QueueFullException full) {
            countEvent("refused");
            throw Refusal.exhausted("intake is full: " + full.getMessage()
                    + " (hookline.intake.max-queued-bytes); resend the event once earlier ones are acknowledged");
        }
        if (BatchFailures.isItemFault(failure)) {
            // The batch was written without it: the event itself cannot be stored or planned.
            FIELD_LOG.warnf(LogFields.event(event.eventId(), runUuid(event)), "Event %s rejected: %s", event.eventId(),
                    BatchFailures.describe(failure));
            countEvent("rejected");
            String field = failure instanceof ItemFaultException fault && !fault.field().isEmpty() ? fault.field() : "event";
            return new IntakeOutcome.Rejected(event.eventId(), "UNSTORABLE", List.of(Violation.of(field,
                    "could not be stored: " + BatchFailures.describe(failure))));
        }
        FIELD_LOG.warnf(LogFields.event(event.eventId(), runUuid(event)), "Could not commit event %s: %s",
                event.eventId(), failure.getMessage());
        throw Refusal.unavailable("the event could not be stored; resend it (its event_id makes that safe)");
    }

    private static String runUuid(ReportedEvent event) {
        return event.run() == null ? null : event.run().uuid();
    }

    private CompletionStage<IntakeOutcome> rejected(ReportedEvent event, EventTrace trace, String code,
                                                    List<Violation> violations) {
        trace.answered(code);
        countEvent("rejected");
        return CompletableFuture.completedFuture(new IntakeOutcome.Rejected(event.eventId(), code, violations));
    }

    private void countEvent(String result) {
        Counter.builder("hookline.events").tag("result", result)
                .description("events answered by intake: accepted, duplicate, rejected, refused (intake full)")
                .register(metrics).increment();
    }

    /** Bytes of events waiting for or in a group commit now (bounded by max-queued-bytes). */
    public long queuedBytes() {
        return commits.queuedBytes();
    }

    /** The Report streams open now; shutdown stops them. */
    public Set<OrderedAcks<?, ?>> openStreams() {
        return openStreams;
    }

    /**
     * Takes no more events and ends every Report stream once the events it holds are
     * acknowledged, so a client knows exactly which ones to resend (to another replica).
     */
    void stop(@Observes @Priority(ShutdownOrder.INTAKE) ShutdownEvent event) {
        stopping = true;
        Refusal reason = stoppingRefusal();
        openStreams.forEach(stream -> stream.stop(reason));
        long deadline = System.nanoTime() + config.drainOnShutdown().toNanos();
        while ((commits.queuedBytes() > 0 || !openStreams.isEmpty()) && System.nanoTime() < deadline) {
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
        if (commits.queuedBytes() > 0) {
            LOG.infof("%d bytes of events were still being committed at shutdown; their streams were not"
                    + " acknowledged for them, and their agents resend them", commits.queuedBytes());
        }
    }

    private static Refusal stoppingRefusal() {
        return Refusal.unavailable("this Hookline replica is shutting down: every event acknowledged on this stream"
                + " is stored; resend the others (their event_id makes that safe)");
    }

    /** How many events of one Report stream are processed at once. */
    public int maxInflightPerStream() {
        return config.maxInflightPerStream();
    }
}
