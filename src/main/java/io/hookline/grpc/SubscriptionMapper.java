package io.hookline.grpc;

import io.hookline.api.v1.DeliveryEvent;
import io.hookline.api.v1.SubscribeRequest;
import io.hookline.definition.HubRef;
import io.hookline.error.Refusal;
import io.hookline.outbox.DeliveryState;
import io.hookline.status.ChangeFilter;
import io.hookline.status.LoggedChange;
import io.hookline.status.StateChange;
import io.hookline.status.SubscriptionRequest;

import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;

/** Subscribe's request and events between the API and the status stage. */
final class SubscriptionMapper {

    private SubscriptionMapper() {
    }

    static SubscriptionRequest subscription(SubscribeRequest request) {
        if (request.getReplayOnly() && request.getLiveOnly()) {
            throw Refusal.invalid("live_only", "cannot be combined with replay_only");
        }
        String hubRef = request.getHubRef();
        if (!hubRef.isEmpty()) {
            Optional<String> problem = HubRef.problem(hubRef);
            if (problem.isPresent()) {
                throw Refusal.invalid("hub_ref", problem.get());
            }
            hubRef = HubRef.parse(hubRef).toString();
        }
        Set<DeliveryState> states = EnumSet.noneOf(DeliveryState.class);
        states.addAll(DeliveryMapper.states(request.getStatesList()));
        SubscriptionRequest.Mode mode = request.getReplayOnly() ? SubscriptionRequest.Mode.REPLAY_ONLY
                : request.getLiveOnly() ? SubscriptionRequest.Mode.LIVE_ONLY
                : SubscriptionRequest.Mode.REPLAY_THEN_LIVE;
        return new SubscriptionRequest(request.getAfterCursor(),
                new ChangeFilter(request.getProject(), request.getRunUuid(), hubRef, request.getConnection(), states),
                mode);
    }

    static DeliveryEvent event(LoggedChange logged) {
        StateChange c = logged.change();
        DeliveryEvent.Builder event = DeliveryEvent.newBuilder()
                .setCursor(logged.cursor())
                .setDeliveryId(c.delivery().id().toString())
                .setEventId(c.delivery().eventId())
                .setRunUuid(c.delivery().runUuid())
                .setRunName(c.delivery().runName())
                .setProject(c.delivery().project())
                .setHubRef(c.delivery().hubRef())
                .setConnection(c.delivery().connection())
                .setTrigger(c.delivery().trigger())
                .setState(DeliveryStates.toApi(c.state()))
                .setAttempt(c.attempt())
                .setHttpStatus(c.httpStatus())
                .setError(c.error() == null ? "" : c.error())
                .setOccurredAt(ProtoTime.timestamp(logged.occurredAt()));
        if (c.nextAttemptAt() != null) {
            event.setNextAttemptAt(ProtoTime.timestamp(c.nextAttemptAt()));
        }
        if (logged.remoteRun() != null) {
            event.setRemoteRunId(logged.remoteRun().id()).setRemoteRunUrl(logged.remoteRun().url());
        }
        return event.build();
    }
}
