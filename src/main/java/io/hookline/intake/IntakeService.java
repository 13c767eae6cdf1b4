package io.hookline.intake;

import io.hookline.grpc.Acks;
import io.hookline.grpc.RunFactsMapper;
import io.grpc.Status;
import io.hookline.api.v1.ReportAck;
import io.hookline.api.v1.RunCompletion;
import io.hookline.outbox.DeliveryState;
import io.hookline.outbox.OutboxChanged;
import io.hookline.batch.GroupCommit;
import io.micrometer.core.instrument.MeterRegistry;
import io.hookline.definition.Violation;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import org.jboss.logging.Logger;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Takes one RunCompletion to a durable ack: validate, plan, group-commit. Never blocks: the
 * returned stage completes when the event's batch has committed.
 */
@ApplicationScoped
public class IntakeService {

    private static final Logger LOG = Logger.getLogger(IntakeService.class);

    private final IntakeConfig config;
    private final GroupCommit<NewEvent, EventCommit> commits;

    private final EventHooks eventHooks;
    private final Event<OutboxChanged> outboxChanged;

    private final MeterRegistry metrics;

    IntakeService(IntakeConfig config, EventWriter writer, EventHooks eventHooks, Event<OutboxChanged> outboxChanged,
                  MeterRegistry metrics) {
        this.metrics = metrics;
        this.config = config;
        this.eventHooks = eventHooks;
        this.outboxChanged = outboxChanged;
        this.commits = new GroupCommit<>(writer::write, config.maxBatch(), config.maxInflightBatches());
    }

    /**
     * The ack for one event. A rejected event completes normally with a REJECTED ack; the stage
     * fails (with UNAVAILABLE) only when the database could not commit, and then the event was
     * not accepted and resending it is safe.
     */
    public CompletionStage<ReportAck> submit(RunCompletion event) {
        Optional<Violation> tooLarge = RunCompletionValidator.sizeProblem(event, config.maxEventBytes());
        if (tooLarge.isPresent()) {
            return rejected(event, "PAYLOAD_TOO_LARGE", List.of(tooLarge.get()));
        }
        List<Violation> violations = RunCompletionValidator.validate(event);
        if (!violations.isEmpty()) {
            return rejected(event, "INVALID_EVENT", violations);
        }
        EventHooks.Gathered hooks = eventHooks.gather(event);
        if (!hooks.violations().isEmpty()) {
            return rejected(event, "INVALID_HOOK", hooks.violations());
        }
        NewEvent accepted = new NewEvent(event.getEventId(), RunFactsMapper.toFacts(event.getRun()),
                event.toByteArray(), hooks.hooks());
        return commits.submit(accepted)
                .handle((commit, failure) -> {
                    if (failure != null) {
                        LOG.warnf("Could not commit event %s: %s", event.getEventId(), failure.getMessage());
                        throw Status.UNAVAILABLE
                                .withDescription("the event could not be stored; resend it (its event_id makes that safe)")
                                .asRuntimeException();
                    }
                    metrics.counter("hookline.events", "result", commit.duplicate() ? "duplicate" : "accepted")
                            .increment();
                    if (!commit.duplicate()) {
                        commit.deliveries().forEach(d -> metrics.counter("hookline.deliveries.planned",
                                "state", d.state().name().toLowerCase()).increment());
                        if (commit.deliveries().stream().anyMatch(d -> d.state() == DeliveryState.PENDING)) {
                            // This replica sends it at once; others find it on their next poll.
                            outboxChanged.fire(new OutboxChanged());
                        }
                    }
                    return Acks.committed(commit);
                });
    }

    private CompletionStage<ReportAck> rejected(RunCompletion event, String code, List<Violation> violations) {
        metrics.counter("hookline.events", "result", "rejected").increment();
        return CompletableFuture.completedFuture(Acks.rejected(event.getEventId(), code, violations));
    }

    public int maxInflightPerStream() {
        return config.maxInflightPerStream();
    }
}
