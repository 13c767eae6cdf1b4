package io.hookline.intake;

import io.hookline.batch.ItemFaultException;
import io.hookline.logging.FieldLogger;
import io.hookline.logging.LogFields;
import io.hookline.outbox.DeliveryRef;
import io.hookline.outbox.DeliveryState;
import io.hookline.outbox.PlannedDeliveries;
import io.hookline.outbox.PlannedDeliveries.NewDelivery;
import io.hookline.outbox.PlannedDelivery;
import io.hookline.outbox.StoredRequest;
import io.hookline.resolve.DeliveryPlanner;
import io.hookline.resolve.HookPlan;
import io.hookline.resolve.RunFacts;
import io.hookline.status.StateChange;
import io.hookline.status.StatusLog;
import io.hookline.store.EventRow;
import io.hookline.store.RunEventTable;
import io.hookline.store.RunEventTable.RunName;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.StatusCode;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlConnection;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Commits a batch of events with their planned deliveries and status-log rows in one
 * transaction, and tells each event whether it was new or a duplicate.
 *
 * <p>Deliveries are planned here, inside the batch, because a hook's conditions may read
 * {@code previous_status}: it is looked up for the whole batch in one query, and events of the
 * same run name within a batch see each other in arrival order.
 */
@ApplicationScoped
class EventWriter {

    private static final FieldLogger LOG = FieldLogger.of(EventWriter.class);
    private final Pool pool;
    private final RunEventTable events;
    private final PlannedDeliveries deliveries;
    private final StatusLog statusLog;
    private final DeliveryPlanner planner;

    EventWriter(Pool pool, RunEventTable events, PlannedDeliveries deliveries, StatusLog statusLog,
                DeliveryPlanner planner) {
        this.pool = pool;
        this.events = events;
        this.deliveries = deliveries;
        this.statusLog = statusLog;
        this.planner = planner;
    }

    private record Planned(EventRow row, List<PlannedDelivery> deliveries) {
    }

    private record Stored(Map<String, Planned> planned, Map<String, Long> inserted, Map<String, Long> existing,
                          Map<Long, List<PlannedDelivery>> existingDeliveries) {
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
        return events.previousStatuses(pool, names)
                .emitOn(Infrastructure.getDefaultWorkerPool())
                .map(previous -> plan(batch, new HashMap<>(previous)))
                .chain(planned -> pool.withTransaction(conn -> store(conn, planned)))
                .invoke(stored -> statusLog.announce())
                .map(stored -> answers(batch, stored));
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
                    run.project(), run.status(), null, run.startedAt(), run.finishedAt(), e.payload()), List.of()));
        }
        List<EventRow> inArrivalOrder = planned.values().stream().map(Planned::row).toList();
        return events.insertNewWithPreviousStatus(pool, inArrivalOrder).chain(inserted -> {
            List<String> seenBefore = inArrivalOrder.stream().map(EventRow::eventId)
                    .filter(id -> !inserted.containsKey(id)).toList();
            if (seenBefore.isEmpty()) {
                return Uni.createFrom().item(new Stored(planned, inserted, Map.of(), Map.of()));
            }
            // Stored before (and committed: the insert waited for any writer of the same id).
            return events.findSequences(pool, seenBefore).chain(existing -> deliveries
                    .findByEvents(pool, List.copyOf(existing.values()))
                    .map(byEvent -> new Stored(planned, inserted, existing, byEvent)));
        }).map(stored -> answers(batch, stored));
    }

    private Uni<Stored> store(SqlConnection conn, Map<String, Planned> planned) {
        // Sorted by id: concurrent batches then take row locks in the same order (no deadlock).
        List<EventRow> rows = new TreeMap<>(planned).values().stream().map(Planned::row).toList();
        return events.insertNew(conn, rows).chain(inserted -> {
            List<NewDelivery> newDeliveries = new ArrayList<>();
            List<String> seenBefore = new ArrayList<>();
            for (EventRow row : rows) {
                Long sequence = inserted.get(row.eventId());
                if (sequence == null) {
                    seenBefore.add(row.eventId());
                } else {
                    planned.get(row.eventId()).deliveries()
                            .forEach(d -> newDeliveries.add(new NewDelivery(sequence, d)));
                }
            }
            Uni<Stored> stored = seenBefore.isEmpty()
                    ? Uni.createFrom().item(new Stored(planned, inserted, Map.of(), Map.of()))
                    : events.findSequences(conn, seenBefore).chain(existing -> deliveries
                            .findByEvents(conn, List.copyOf(existing.values()))
                            .map(byEvent -> new Stored(planned, inserted, existing, byEvent)));
            // Both statements go out at once on the connection (pipelined, run in order): one
            // round trip, not two; the first one's failure is the one reported.
            return Uni.combine().all().unis(deliveries.insertPlanned(conn, newDeliveries),
                            statusLog.append(conn, newDeliveries.stream().map(EventWriter::initialState).toList()))
                    .discardItems()
                    .chain(() -> stored);
        });
    }

    /** Plans each distinct event in arrival order, chaining previous_status within the batch. */
    private Map<String, Planned> plan(List<NewEvent> batch, Map<RunName, String> previous) {
        Map<String, Planned> planned = new HashMap<>();
        for (NewEvent e : batch) {
            if (planned.containsKey(e.eventId())) {
                continue;
            }
            RunFacts run = e.run();
            RunName name = new RunName(run.project(), run.name());
            String previousStatus = previous.get(name);
            List<PlannedDelivery> plannedDeliveries = planOne(e, previousStatus);
            planned.put(e.eventId(), new Planned(new EventRow(e.eventId(), run.uuid(), run.name(), run.kind(),
                    run.project(), run.status(), previousStatus, run.startedAt(), run.finishedAt(), e.payload()),
                    plannedDeliveries));
            previous.put(name, run.status());
        }
        return planned;
    }

    /**
     * One event's deliveries. Whatever goes wrong while planning one event (a bug, a condition
     * nested deep enough to overflow the stack) is that event's fault: the group commit then
     * writes the others without it.
     */
    private List<PlannedDelivery> planOne(NewEvent e, String previousStatus) {
        Span planning = e.trace().startPlanning(e.hooks().size());
        try {
            return planner.plan(e.eventId(), e.run(), previousStatus, e.hooks())
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

    private static StateChange initialState(NewDelivery row) {
        PlannedDelivery d = row.delivery();
        return new StateChange(d.ref(), d.state(), 0, 0, d.reason(), null);
    }

    private static List<EventCommit> answers(List<NewEvent> batch, Stored stored) {
        List<EventCommit> answers = new ArrayList<>(batch.size());
        Set<String> answered = new HashSet<>();
        for (NewEvent e : batch) {
            Long inserted = stored.inserted().get(e.eventId());
            boolean first = answered.add(e.eventId());
            if (inserted != null) {
                // A second copy inside the same batch is a duplicate of the first.
                answers.add(new EventCommit(e.eventId(), inserted, !first,
                        stored.planned().get(e.eventId()).deliveries()));
                continue;
            }
            Long existing = stored.existing().get(e.eventId());
            if (existing == null) {
                throw new IllegalStateException("event " + e.eventId() + " was neither inserted nor found");
            }
            answers.add(new EventCommit(e.eventId(), existing, true,
                    stored.existingDeliveries().getOrDefault(existing, List.of())));
        }
        return answers;
    }
}
