package io.hookline.intake;

import io.grpc.Status;
import io.hookline.api.v1.ReportAck;
import io.hookline.api.v1.Run;
import io.hookline.api.v1.RunCompletion;
import io.hookline.spec.Violation;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
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

    IntakeService(IntakeConfig config, EventWriter writer) {
        this.config = config;
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
            return CompletableFuture.completedFuture(
                    Acks.rejected(event.getEventId(), "PAYLOAD_TOO_LARGE", List.of(tooLarge.get())));
        }
        List<Violation> violations = RunCompletionValidator.validate(event);
        if (!violations.isEmpty()) {
            return CompletableFuture.completedFuture(Acks.rejected(event.getEventId(), "INVALID_EVENT", violations));
        }
        return commits.submit(toNewEvent(event))
                .handle((commit, failure) -> {
                    if (failure != null) {
                        LOG.warnf("Could not commit event %s: %s", event.getEventId(), failure.getMessage());
                        throw Status.UNAVAILABLE
                                .withDescription("the event could not be stored; resend it (its event_id makes that safe)")
                                .asRuntimeException();
                    }
                    return Acks.committed(commit);
                });
    }

    int maxInflightPerStream() {
        return config.maxInflightPerStream();
    }

    private static NewEvent toNewEvent(RunCompletion event) {
        Run run = event.getRun();
        return new NewEvent(
                event.getEventId(),
                RunCompletionValidator.normalizeRunUuid(run.getUuid()),
                run.getName(),
                run.getKind(),
                run.getProject(),
                run.getStatus(),
                null,
                run.hasStartedAt() ? time(run.getStartedAt()) : null,
                run.hasFinishedAt() ? time(run.getFinishedAt()) : null,
                event.toByteArray(),
                List.of());
    }

    private static OffsetDateTime time(com.google.protobuf.Timestamp ts) {
        return OffsetDateTime.ofInstant(Instant.ofEpochSecond(ts.getSeconds(), ts.getNanos()), ZoneOffset.UTC);
    }
}
