package io.hookline.resolve;

import io.hookline.grpc.Acks;
import io.hookline.grpc.MaskedRequests;
import io.hookline.grpc.RunFactsMapper;
import io.hookline.intake.EventHooks;
import io.hookline.intake.RunCompletionValidator;
import io.hookline.api.v1.DeliveryState;
import io.hookline.api.v1.HookPreview;
import io.hookline.api.v1.PreviewResponse;
import io.hookline.api.v1.RunCompletion;
import io.hookline.connections.ConnectionCatalog;
import io.hookline.definition.Violation;
import io.hookline.store.RunEventTable;
import io.hookline.store.RunEventTable.RunName;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.List;
import java.util.Set;

/** Preview: the intake pipeline without storing or sending, secrets masked. */
@ApplicationScoped
public class PreviewService {

    private final EventHooks eventHooks;
    private final DeliveryPlanner planner;
    private final RunEventTable events;
    private final ConnectionCatalog connections;
    private final Pool pool;

    PreviewService(EventHooks eventHooks, DeliveryPlanner planner, RunEventTable events,
                   ConnectionCatalog connections, Pool pool) {
        this.eventHooks = eventHooks;
        this.planner = planner;
        this.events = events;
        this.connections = connections;
        this.pool = pool;
    }

    public Uni<PreviewResponse> preview(RunCompletion event) {
        // Preview needs no event_id: it stores nothing.
        RunCompletion checked = event.getEventId().isEmpty() ? event.toBuilder().setEventId("preview").build() : event;
        List<Violation> violations = RunCompletionValidator.validate(checked);
        if (!violations.isEmpty()) {
            return Uni.createFrom().item(PreviewResponse.newBuilder()
                    .setError(Acks.error("INVALID_EVENT", violations)).build());
        }
        EventHooks.Gathered hooks = eventHooks.gather(checked);
        if (!hooks.violations().isEmpty()) {
            return Uni.createFrom().item(PreviewResponse.newBuilder()
                    .setError(Acks.error("INVALID_HOOK", hooks.violations())).build());
        }
        RunFacts run = RunFactsMapper.toFacts(checked.getRun());
        RunName name = new RunName(run.project(), run.name());
        return events.previousStatuses(pool, Set.of(name)).map(previous -> {
            String previousStatus = previous.get(name);
            PreviewResponse.Builder response = PreviewResponse.newBuilder()
                    .setPreviousStatus(previousStatus == null ? "" : previousStatus);
            planner.plan(checked.getEventId(), run, previousStatus, hooks.hooks())
                    .forEach(plan -> response.addHooks(preview(plan)));
            return response.build();
        });
    }

    private HookPreview preview(HookPlan plan) {
        HookPreview.Builder preview = HookPreview.newBuilder()
                .setHookIndex(plan.index())
                .setSource(plan.source())
                .setHubRef(plan.hubRef())
                .setConnection(plan.connection())
                .setTrigger(plan.trigger())
                .setFires(plan.triggered() && plan.request() != null)
                .setReason(plan.reason() == null ? "" : plan.reason());
        if (plan.decision() != null) {
            preview.setState(initialState(plan.decision()));
        }
        if (plan.request() != null) {
            preview.setRequest(MaskedRequests.of(plan.request(), plan.connection(), connections));
        }
        return preview.build();
    }

    /** The state a delivery of this plan starts in, as intake stores it. */
    private static DeliveryState initialState(HookPlan.Decision decision) {
        return switch (decision) {
            case SEND -> DeliveryState.DELIVERY_STATE_PENDING;
            case SKIPPED -> DeliveryState.DELIVERY_STATE_SKIPPED;
            case FAILED -> DeliveryState.DELIVERY_STATE_FAILED;
        };
    }
}
