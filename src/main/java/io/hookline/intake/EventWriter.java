package io.hookline.intake;

import io.hookline.batch.ItemFaultException;
import io.hookline.logging.FieldLogger;
import io.hookline.logging.LogFields;
import io.hookline.outbox.DeliveryRef;
import io.hookline.outbox.DeliveryState;
import io.hookline.outbox.IntakeHandoff;
import io.hookline.outbox.PlannedDeliveries;
import io.hookline.outbox.PlannedDelivery;
import io.hookline.outbox.StoredRequest;
import io.hookline.resolve.DeliveryPlanner;
import io.hookline.resolve.HookPlan;
import io.hookline.resolve.RunFacts;
import io.hookline.resolve.StoredRunLookup;
import io.hookline.resolve.StoredRuns;
import io.hookline.status.StatusLog;
import io.hookline.store.EventRow;
import io.hookline.store.RunEventTable;
import io.hookline.store.RunEventTable.RunLookup;
import io.hookline.store.RunEventTable.RunName;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.StatusCode;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * Commits a batch of events with their planned deliveries and status-log rows in one statement
 * ({@link BatchStatement}), and tells each event whether it was new or a duplicate. Deliveries the
 * dispatcher has room for are written leased to it and handed over once durable ({@link IntakeHandoff}).
 *
 * <p>Deliveries are planned here, inside the batch, because a hook's conditions may read
 * {@code previous_status} and its {@code ref} params read stored runs: both are looked up for the
 * whole batch (one query each, the second only when a ref names another run), and events within a
 * batch see each other in arrival order.
 */
@ApplicationScoped
class EventWriter {

    private static final FieldLogger LOG = FieldLogger.of(EventWriter.class);
    private final Pool pool;
    private final RunEventTable events;
    private final PlannedDeliveries deliveries;
    private final StatusLog statusLog;
    private final DeliveryPlanner planner;
    private final StoredRunLookup storedRuns;
    private final IntakeHandoff handoff;
    private final BatchStatement statement;

    EventWriter(Pool pool, RunEventTable events, PlannedDeliveries deliveries, StatusLog statusLog,
                DeliveryPlanner planner, StoredRunLookup storedRuns, IntakeHandoff handoff, BatchStatement statement) {
        this.storedRuns = storedRuns;
        this.pool = pool;
        this.events = events;
        this.deliveries = deliveries;
        this.statusLog = statusLog;
        this.planner = planner;
        this.handoff = handoff;
        this.statement = statement;
    }

    private record Planned(EventRow row, List<PlannedDelivery> deliveries) {
    }

    private record Stored(Map<String, Planned> planned, Map<String, Long> inserted, Map<String, Long> existing,
                          Map<Long, List<PlannedDelivery>> existingDeliveries, Set<UUID> written) {
    }

    /** One result per event of the batch, in batch order. */
    Uni<List<EventCommit>> write(List<NewEvent> batch) {
        if (batch.stream().allMatch(e -> e.hooks().isEmpty())) {
            return writeWithoutHooks(batch);
        }
        Set<RunName> names = new LinkedHashSet<>();
        batch.forEach(e -> names.add(new RunName(e.run().project(), e.run().name())));
        // Planning (conditions, templates, JSON) is CPU work: it runs on a worker, off the event
        // loop and outside the transaction, so batches plan in parallel and no transaction stays
        // open while they do.
        // What the dispatcher has room for is written leased to it and handed over once durable.
        return events.previousStatuses(pool, names)
                .emitOn(Infrastructure.getDefaultWorkerPool())
                .chain(previous -> storedRuns.find(pool, refLookups(batch, previous))
                        .emitOn(Infrastructure.getDefaultWorkerPool())
                        .map(stored -> plan(batch, new HashMap<>(previous), stored)))
                .chain(planned -> {
                    IntakeHandoff.Lease lease = handoff.offer(toSend(batch, planned));
                    return store(planned, lease)
                            .onFailure().invoke(failure -> handoff.release(lease))
                            .onCancellation().invoke(() -> handoff.release(lease))
                            .invoke(stored -> {
                                statusLog.announce();
                                handoff.handOver(lease, stored.written());
                            })
                            .map(stored -> answers(batch, stored, lease));
                });
    }

    /**
     * A batch with no hook to plan: one statement, committed on its own, which looks up each
     * event's previous_status itself. No lookup before it, no hop to a worker, no BEGIN and
     * COMMIT round trips: the ack waits for one durable commit, as a single insert would.
     */
    private Uni<List<EventCommit>> writeWithoutHooks(List<NewEvent> batch) {
        Map<String, Planned> planned = new LinkedHashMap<>();
        for (NewEvent e : batch) {
            RunFacts run = e.run();
            planned.putIfAbsent(e.eventId(), new Planned(new EventRow(e.eventId(), run.uuid(), run.name(), run.kind(),
                    run.project(), run.status(), null, run.startedAt(), run.finishedAt(), e.payload(), run.pipelineUuid()),
                    List.of()));
        }
        List<EventRow> inArrivalOrder = planned.values().stream().map(Planned::row).toList();
        return events.insertNewWithPreviousStatus(pool, inArrivalOrder).chain(inserted -> {
            List<String> seenBefore = inArrivalOrder.stream().map(EventRow::eventId)
                    .filter(id -> !inserted.containsKey(id)).toList();
            if (seenBefore.isEmpty()) {
                return Uni.createFrom().item(new Stored(planned, inserted, Map.of(), Map.of(), Set.of()));
            }
            // Stored before (and committed: the insert waited for any writer of the same id).
            return events.findSequences(pool, seenBefore).chain(existing -> deliveries
                    .findByEvents(pool, List.copyOf(existing.values()))
                    .map(byEvent -> new Stored(planned, inserted, existing, byEvent, Set.of())));
        }).map(stored -> answers(batch, stored, IntakeHandoff.Lease.NONE));
    }

    private Uni<Stored> store(Map<String, Planned> planned, IntakeHandoff.Lease lease) {
        List<EventRow> rows = planned.values().stream().map(Planned::row).toList();
        List<PlannedDelivery> all = planned.values().stream().flatMap(p -> p.deliveries().stream()).toList();
        return statement.write(pool, rows, all, lease).chain(inserted -> {
            Set<UUID> written = new HashSet<>();
            List<String> seenBefore = new ArrayList<>();
            for (EventRow row : rows) {
                if (inserted.containsKey(row.eventId())) {
                    planned.get(row.eventId()).deliveries().forEach(d -> written.add(d.ref().id()));
                } else {
                    seenBefore.add(row.eventId());
                }
            }
            if (seenBefore.isEmpty()) {
                return Uni.createFrom().item(new Stored(planned, inserted, Map.of(), Map.of(), written));
            }
            // Stored before (and committed: the insert waited for any writer of the same id).
            return events.findSequences(pool, seenBefore).chain(existing -> deliveries
                    .findByEvents(pool, List.copyOf(existing.values()))
                    .map(byEvent -> new Stored(planned, inserted, existing, byEvent, written)));
        });
    }

    /** The deliveries of the batch to send, in arrival order. */
    private static List<PlannedDelivery> toSend(List<NewEvent> batch, Map<String, Planned> planned) {
        List<PlannedDelivery> pending = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (NewEvent e : batch) {
            if (seen.add(e.eventId())) {
                planned.get(e.eventId()).deliveries().stream()
                        .filter(d -> d.state() == DeliveryState.PENDING).forEach(pending::add);
            }
        }
        return pending;
    }

    /** The stored runs the batch's refs name; usually none, and then no query is made. */
    private Set<RunLookup> refLookups(List<NewEvent> batch, Map<RunName, String> previous) {
        Set<RunLookup> lookups = new HashSet<>();
        for (NewEvent e : batch) {
            RunFacts run = e.run();
            lookups.addAll(storedRuns.lookups(run, previous.get(new RunName(run.project(), run.name())), e.hooks()));
        }
        return lookups;
    }

    /**
     * Plans each distinct event in arrival order, chaining previous_status within the batch; a
     * run planned is then a stored run for the refs of the events after it.
     */
    private Map<String, Planned> plan(List<NewEvent> batch, Map<RunName, String> previous, StoredRuns stored) {
        Map<String, Planned> planned = new HashMap<>();
        for (NewEvent e : batch) {
            if (planned.containsKey(e.eventId())) {
                continue;
            }
            RunFacts run = e.run();
            RunName name = new RunName(run.project(), run.name());
            String previousStatus = previous.get(name);
            List<PlannedDelivery> plannedDeliveries = planOne(e, previousStatus, stored);
            planned.put(e.eventId(), new Planned(new EventRow(e.eventId(), run.uuid(), run.name(), run.kind(),
                    run.project(), run.status(), previousStatus, run.startedAt(), run.finishedAt(), e.payload(),
                    run.pipelineUuid()),
                    plannedDeliveries));
            previous.put(name, run.status());
            stored.add(run);
        }
        return planned;
    }

    /**
     * One event's deliveries. Whatever goes wrong while planning one event (a bug, a condition
     * nested deep enough to overflow the stack) is that event's fault: the group commit then
     * writes the others without it.
     */
    private List<PlannedDelivery> planOne(NewEvent e, String previousStatus, StoredRuns stored) {
        Span planning = e.trace().startPlanning(e.hooks().size());
        try {
            return planner.plan(e.eventId(), e.run(), previousStatus, e.hooks(), stored)
                    .stream().filter(HookPlan::triggered)
                    .map(plan -> toPlannedDelivery(e.eventId(), e.run(), plan, e.trace().traceParent()))
                    .toList();
        } catch (RuntimeException | StackOverflowError failure) {
            planning.recordException(failure);
            planning.setStatus(StatusCode.ERROR, failure.getClass().getSimpleName());
            throw new ItemFaultException("hooks", "its hooks could not be planned (" + failure.getClass().getSimpleName()
                    + (failure.getMessage() == null ? "" : ": " + failure.getMessage()) + ")", failure);
        } finally {
            planning.end();
        }
    }

    private static PlannedDelivery toPlannedDelivery(String eventId, RunFacts run, HookPlan plan, String traceParent) {
        DeliveryRef ref = new DeliveryRef(plan.deliveryId(), eventId, run.uuid(), run.name(), run.project(),
                plan.hubRef(), plan.connection(), plan.trigger());
        StoredRequest request = plan.request() == null ? null
                : new StoredRequest(plan.request().method(), plan.request().headers(), plan.request().body(),
                        plan.request().path(), traceParent);
        PlannedDelivery planned = new PlannedDelivery(ref, plan.index(), plan.source(), plan.queue(),
                deliveryState(plan.decision()), plan.reason(), request);
        if (planned.state() == DeliveryState.FAILED) {
            LOG.infof(LogFields.delivery(ref.id(), eventId, run.uuid(), ref.connection()),
                    "Delivery %s of event %s failed at planning: %s", ref.id(), eventId, plan.reason());
        }
        return planned;
    }

    /** A delivery to send waits for the dispatcher; a skipped or failed one is final from the start. */
    private static DeliveryState deliveryState(HookPlan.Decision decision) {
        return switch (decision) {
            case SEND -> DeliveryState.PENDING;
            case SKIPPED -> DeliveryState.SKIPPED;
            case FAILED -> DeliveryState.FAILED;
        };
    }

    private static List<EventCommit> answers(List<NewEvent> batch, Stored stored, IntakeHandoff.Lease lease) {
        List<EventCommit> answers = new ArrayList<>(batch.size());
        Set<String> answered = new HashSet<>();
        for (NewEvent e : batch) {
            Long inserted = stored.inserted().get(e.eventId());
            boolean first = answered.add(e.eventId());
            if (inserted != null) {
                // A second copy inside the same batch is a duplicate of the first.
                List<PlannedDelivery> deliveries = stored.planned().get(e.eventId()).deliveries();
                answers.add(new EventCommit(e.eventId(), inserted, !first, deliveries, first && deliveries.stream()
                        .anyMatch(d -> d.state() == DeliveryState.PENDING && !lease.covers(d.ref().id()))));
                continue;
            }
            Long existing = stored.existing().get(e.eventId());
            if (existing == null) {
                throw new IllegalStateException("event " + e.eventId() + " was neither inserted nor found");
            }
            answers.add(new EventCommit(e.eventId(), existing, true,
                    stored.existingDeliveries().getOrDefault(existing, List.of()), false));
        }
        return answers;
    }
}
