package io.hookline.grpc;

import io.hookline.api.v1.ErrorDetail;
import io.hookline.api.v1.FieldViolation;
import io.hookline.api.v1.ReportAck;
import io.hookline.api.v1.ReportResult;
import io.hookline.definition.Violation;
import io.hookline.intake.EventCommit;
import io.hookline.intake.IntakeOutcome;
import io.hookline.outbox.PlannedDelivery;

import java.util.List;

/** Builds the API's acks from intake outcomes: the one place ReportAck is made. */
final class Acks {

    private Acks() {
    }

    static ReportAck of(IntakeOutcome outcome) {
        if (outcome instanceof IntakeOutcome.Committed committed) {
            return committed(committed.commit());
        }
        IntakeOutcome.Rejected rejected = (IntakeOutcome.Rejected) outcome;
        return ReportAck.newBuilder()
                .setEventId(rejected.eventId())
                .setResult(ReportResult.REPORT_RESULT_REJECTED)
                .setError(error(rejected.code(), rejected.violations()))
                .build();
    }

    /** An event over its token's rate: not stored, and fine to resend later (unlike a rejection of its content). */
    static ReportAck overRate(String eventId, String message) {
        return ReportAck.newBuilder()
                .setEventId(eventId)
                .setResult(ReportResult.REPORT_RESULT_REJECTED)
                .setError(ErrorDetail.newBuilder().setCode("RESOURCE_EXHAUSTED").setMessage(message))
                .build();
    }

    private static ReportAck committed(EventCommit commit) {
        ReportAck.Builder ack = ReportAck.newBuilder()
                .setEventId(commit.eventId())
                .setResult(commit.duplicate() ? ReportResult.REPORT_RESULT_DUPLICATE : ReportResult.REPORT_RESULT_ACCEPTED)
                .setSequence(commit.sequence());
        commit.deliveries().forEach(d -> ack.addDeliveries(planned(d)));
        return ack.build();
    }

    static ErrorDetail error(String code, List<Violation> violations) {
        ErrorDetail.Builder error = ErrorDetail.newBuilder()
                .setCode(code)
                .setMessage(violations.get(0).toString()
                        + (violations.size() > 1 ? " (and " + (violations.size() - 1) + " more)" : ""));
        for (Violation v : violations) {
            error.addViolations(FieldViolation.newBuilder()
                    .setField(v.field()).setDescription(v.description())
                    .setLine(v.line()).setColumn(v.column()));
        }
        return error.build();
    }

    private static io.hookline.api.v1.PlannedDelivery planned(PlannedDelivery d) {
        return io.hookline.api.v1.PlannedDelivery.newBuilder()
                .setDeliveryId(d.ref().id().toString())
                .setHubRef(d.ref().hubRef())
                .setConnection(d.ref().connection() == null ? "" : d.ref().connection())
                .setTrigger(d.ref().trigger())
                .setState(DeliveryStates.toApi(d.state()))
                .setReason(d.reason() == null ? "" : d.reason())
                .setHookIndex(d.hookIndex())
                .setSource(d.source())
                .build();
    }
}
