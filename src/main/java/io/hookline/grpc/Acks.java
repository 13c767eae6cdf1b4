package io.hookline.grpc;

import io.hookline.intake.EventCommit;
import io.hookline.api.v1.ErrorDetail;
import io.hookline.api.v1.FieldViolation;
import io.hookline.api.v1.ReportAck;
import io.hookline.api.v1.ReportResult;
import io.hookline.outbox.PlannedDelivery;
import io.hookline.definition.Violation;

import java.util.List;

/** Builds the API's acks from intake outcomes: the one place ReportAck is made. */
public final class Acks {

    private Acks() {
    }

    public static ReportAck committed(EventCommit commit) {
        ReportAck.Builder ack = ReportAck.newBuilder()
                .setEventId(commit.eventId())
                .setResult(commit.duplicate() ? ReportResult.REPORT_RESULT_DUPLICATE : ReportResult.REPORT_RESULT_ACCEPTED)
                .setSequence(commit.sequence());
        commit.deliveries().forEach(d -> ack.addDeliveries(planned(d)));
        return ack.build();
    }

    public static ReportAck rejected(String eventId, String code, List<Violation> violations) {
        return ReportAck.newBuilder()
                .setEventId(eventId)
                .setResult(ReportResult.REPORT_RESULT_REJECTED)
                .setError(error(code, violations))
                .build();
    }

    public static ErrorDetail error(String code, List<Violation> violations) {
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

    static io.hookline.api.v1.PlannedDelivery planned(PlannedDelivery d) {
        return io.hookline.api.v1.PlannedDelivery.newBuilder()
                .setDeliveryId(d.ref().id().toString())
                .setHubRef(d.ref().hubRef())
                .setConnection(d.ref().connection() == null ? "" : d.ref().connection())
                .setTrigger(d.ref().trigger())
                .setState(io.hookline.api.v1.DeliveryState.valueOf("DELIVERY_STATE_" + d.state().name()))
                .setReason(d.reason() == null ? "" : d.reason())
                .setHookIndex(d.hookIndex())
                .setSource(d.source())
                .build();
    }
}
