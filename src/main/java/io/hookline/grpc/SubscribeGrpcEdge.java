package io.hookline.grpc;

import io.hookline.status.ChangeFilter;
import io.hookline.status.InvalidSubscriptionException;
import io.hookline.status.LoggedChange;
import io.hookline.status.StateChange;
import io.hookline.status.SubscribeService;
import io.hookline.status.SubscriberTooSlowException;
import io.hookline.status.SubscriptionRequest;
import com.google.protobuf.Timestamp;
import io.grpc.Status;
import io.hookline.api.v1.DeliveryEvent;
import io.hookline.api.v1.SubscribeRequest;
import io.hookline.outbox.DeliveryState;
import io.hookline.definition.HubRef;
import io.smallrye.mutiny.Multi;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.OffsetDateTime;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;

/** Subscribe in gRPC terms: the request and events converted, and domain errors given their status. */
@ApplicationScoped
public class SubscribeGrpcEdge {

    private static final String API_STATE_PREFIX = "DELIVERY_STATE_";

    private final SubscribeService subscriptions;

    SubscribeGrpcEdge(SubscribeService subscriptions) {
        this.subscriptions = subscriptions;
    }

    public Multi<DeliveryEvent> subscribe(SubscribeRequest request) {
        return Multi.createFrom().deferred(() -> subscriptions.subscribe(subscription(request),
                        SubscribeCallReadiness.current()))
                .map(SubscribeGrpcEdge::event)
                .onFailure().transform(SubscribeGrpcEdge::status);
    }

    static SubscriptionRequest subscription(SubscribeRequest request) {
        if (request.getReplayOnly() && request.getLiveOnly()) {
            throw new InvalidSubscriptionException("live_only", "cannot be combined with replay_only");
        }
        String hubRef = request.getHubRef();
        if (!hubRef.isEmpty()) {
            Optional<String> problem = HubRef.problem(hubRef);
            if (problem.isPresent()) {
                throw new InvalidSubscriptionException("hub_ref", problem.get());
            }
            hubRef = HubRef.parse(hubRef).toString();
        }
        Set<DeliveryState> states = EnumSet.noneOf(DeliveryState.class);
        for (io.hookline.api.v1.DeliveryState state : request.getStatesList()) {
            if (state == io.hookline.api.v1.DeliveryState.DELIVERY_STATE_UNSPECIFIED
                    || state == io.hookline.api.v1.DeliveryState.UNRECOGNIZED) {
                throw new InvalidSubscriptionException("states", "holds " + state + "; name delivery states only");
            }
            states.add(DeliveryState.valueOf(state.name().substring(API_STATE_PREFIX.length())));
        }
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
                .setState(io.hookline.api.v1.DeliveryState.valueOf(API_STATE_PREFIX + c.state().name()))
                .setAttempt(c.attempt())
                .setHttpStatus(c.httpStatus())
                .setError(c.error() == null ? "" : c.error())
                .setOccurredAt(timestamp(logged.occurredAt()));
        if (c.nextAttemptAt() != null) {
            event.setNextAttemptAt(timestamp(c.nextAttemptAt()));
        }
        return event.build();
    }

    private static Throwable status(Throwable failure) {
        if (failure instanceof InvalidSubscriptionException invalid) {
            return Status.INVALID_ARGUMENT.withDescription(invalid.getMessage()).asRuntimeException();
        }
        if (failure instanceof SubscriberTooSlowException tooSlow) {
            return Status.RESOURCE_EXHAUSTED.withDescription(tooSlow.getMessage()).asRuntimeException();
        }
        return failure;
    }

    private static Timestamp timestamp(OffsetDateTime time) {
        return Timestamp.newBuilder().setSeconds(time.toEpochSecond()).setNanos(time.getNano()).build();
    }
}
