package io.hookline.grpc;

import io.hookline.api.v1.Delivery;
import io.hookline.api.v1.DeliveryAttempt;
import io.hookline.api.v1.ListDeliveriesRequest;
import io.hookline.api.v1.ListDeliveriesResponse;
import io.hookline.api.v1.RenderedRequest;
import io.hookline.deliveries.DeliveryQuery;
import io.hookline.deliveries.DeliveryView;
import io.hookline.error.Refusal;
import io.hookline.outbox.DeliveryRecord;
import io.hookline.outbox.DeliveryState;
import io.hookline.render.MaskedRequests.MaskedRequest;

import java.util.List;

/** Deliveries and their listing requests between the API and the deliveries stage. */
final class DeliveryMapper {

    private DeliveryMapper() {
    }

    static DeliveryQuery query(ListDeliveriesRequest request) {
        return new DeliveryQuery(request.getProject(), request.getRunUuid(), request.getEventId(),
                request.getHubRef(), request.getConnection(), states(request.getStatesList()),
                request.hasCreatedAfter() ? ProtoTime.offsetDateTime(request.getCreatedAfter()) : null,
                request.getPageSize(), request.getPageToken());
    }

    /** The states a filter names; UNSPECIFIED or an unknown value is a mistake worth saying. */
    static List<DeliveryState> states(List<io.hookline.api.v1.DeliveryState> states) {
        return states.stream().map(state -> DeliveryStates.fromApi(state).orElseThrow(() ->
                Refusal.invalid("states", "holds " + state + "; name delivery states only"))).toList();
    }

    static ListDeliveriesResponse page(DeliveryView.Page page) {
        return ListDeliveriesResponse.newBuilder()
                .addAllDeliveries(page.deliveries().stream().map(DeliveryMapper::delivery).toList())
                .setNextPageToken(page.nextPageToken())
                .build();
    }

    static Delivery delivery(DeliveryView view) {
        DeliveryRecord d = view.delivery();
        Delivery.Builder delivery = Delivery.newBuilder()
                .setDeliveryId(d.ref().id().toString())
                .setEventId(d.ref().eventId())
                .setRunUuid(d.ref().runUuid())
                .setRunName(d.ref().runName())
                .setProject(d.ref().project())
                .setHubRef(d.ref().hubRef())
                .setConnection(d.ref().connection())
                .setTrigger(d.ref().trigger())
                .setQueue(d.queue())
                .setState(DeliveryStates.toApi(d.state()))
                .setReason(d.reason() == null ? "" : d.reason())
                .setAttemptCount(d.attemptCount())
                .setCreatedAt(ProtoTime.timestamp(d.createdAt()))
                .setUpdatedAt(ProtoTime.timestamp(d.updatedAt()));
        if (d.nextAttemptAt() != null && d.state() == DeliveryState.RETRY_SCHEDULED) {
            delivery.setNextAttemptAt(ProtoTime.timestamp(d.nextAttemptAt()));
        }
        for (DeliveryRecord.Attempt a : d.attempts()) {
            delivery.addAttempts(DeliveryAttempt.newBuilder().setNumber(a.number())
                    .setStartedAt(ProtoTime.timestamp(a.startedAt()))
                    .setLatencyMs(a.latencyMs()).setHttpStatus(a.httpStatus())
                    .setResponseBody(a.responseBody() == null ? "" : a.responseBody())
                    .setError(a.error() == null ? "" : a.error()));
        }
        if (view.request() != null) {
            delivery.setRequest(request(view.request()));
        }
        if (d.remoteRun() != null) {
            delivery.setRemoteRunId(d.remoteRun().id()).setRemoteRunUrl(d.remoteRun().url());
        }
        return delivery.build();
    }

    static RenderedRequest request(MaskedRequest request) {
        return RenderedRequest.newBuilder()
                .setMethod(request.method())
                .setUrl(request.url())
                .setBody(request.body())
                .putAllHeaders(request.headers())
                .build();
    }
}
