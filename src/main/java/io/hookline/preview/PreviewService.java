package io.hookline.preview;

import io.hookline.connections.ConnectionCatalog;
import io.hookline.definition.Violation;
import io.hookline.intake.IntakeConfig;
import io.hookline.intake.ReportedEvent;
import io.hookline.intake.RunCompletionValidator;
import io.hookline.render.MaskedRequests;
import io.hookline.resolve.DeliveryPlanner;
import io.hookline.resolve.EventHooks;
import io.hookline.resolve.RunFacts;
import io.hookline.resolve.StoredRunLookup;
import io.hookline.resolve.StoredRuns;
import io.hookline.store.RunEventTable;
import io.hookline.store.RunEventTable.RunName;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.List;
import java.util.Optional;
import java.util.Set;

/** Preview: the intake pipeline without storing or sending, secrets masked. */
@ApplicationScoped
public class PreviewService {

    private final EventHooks eventHooks;
    private final DeliveryPlanner planner;
    private final RunEventTable events;
    private final ConnectionCatalog connections;
    private final Pool pool;
    private final IntakeConfig intake;
    private final StoredRunLookup storedRuns;

    PreviewService(EventHooks eventHooks, DeliveryPlanner planner, RunEventTable events,
                   ConnectionCatalog connections, Pool pool, IntakeConfig intake, StoredRunLookup storedRuns) {
        this.storedRuns = storedRuns;
        this.intake = intake;
        this.eventHooks = eventHooks;
        this.planner = planner;
        this.events = events;
        this.connections = connections;
        this.pool = pool;
    }

    public Uni<Preview> preview(ReportedEvent event) {
        // Preview needs no event_id: it stores nothing.
        ReportedEvent checked = event.eventId().isEmpty() ? event.withEventId("preview") : event;
        Optional<Violation> tooLarge = RunCompletionValidator.sizeProblem(event.size(), intake.maxEventBytes());
        if (tooLarge.isPresent()) {
            return Uni.createFrom().item(Preview.refused("PAYLOAD_TOO_LARGE", List.of(tooLarge.get())));
        }
        List<Violation> violations = RunCompletionValidator.validate(checked);
        if (!violations.isEmpty()) {
            return Uni.createFrom().item(Preview.refused("INVALID_EVENT", violations));
        }
        EventHooks.Gathered hooks = eventHooks.gather(checked.hooks(), checked.hooksYaml(), checked.presets(),
                checked.run().project());
        if (!hooks.violations().isEmpty()) {
            return Uni.createFrom().item(Preview.refused("INVALID_HOOK", hooks.violations()));
        }
        Optional<Violation> tooManyHooks = RunCompletionValidator.hooksProblem(hooks.hooks().size(), intake.maxHooksPerEvent());
        if (tooManyHooks.isPresent()) {
            return Uni.createFrom().item(Preview.refused("TOO_MANY_HOOKS", List.of(tooManyHooks.get())));
        }
        RunFacts run = checked.run().toFacts();
        RunName name = new RunName(run.project(), run.name());
        return events.previousStatuses(pool, Set.of(name)).chain(previous -> {
            String previousStatus = previous.get(name);
            return storedRuns.find(pool, storedRuns.lookups(run, previousStatus, hooks.hooks()))
                    .map(stored -> preview(checked, run, previousStatus, hooks, stored));
        });
    }

    private Preview preview(ReportedEvent checked, RunFacts run, String previousStatus, EventHooks.Gathered hooks,
                            StoredRuns stored) {
        List<Preview.PreviewedHook> previewed = planner.plan(checked.eventId(), run, previousStatus, hooks.hooks(),
                        stored)
                .stream()
                .map(plan -> new Preview.PreviewedHook(plan, plan.request() == null ? null
                        : MaskedRequests.of(plan.request(), plan.connection(), connections)))
                .toList();
        return new Preview(null, List.of(), previousStatus, previewed);
    }
}
