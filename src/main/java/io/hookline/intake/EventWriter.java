package io.hookline.intake;

import io.hookline.outbox.DeliveryTable;
import io.hookline.outbox.DeliveryTable.NewDelivery;
import io.hookline.outbox.PlannedDelivery;
import io.hookline.status.StateChange;
import io.hookline.status.StatusLog;
import io.hookline.store.RunEventTable;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlConnection;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Commits a batch of events with their planned deliveries and status-log rows in one
 * transaction, and tells each event whether it was new or a duplicate.
 */
@ApplicationScoped
class EventWriter {

    private final Pool pool;
    private final RunEventTable events;
    private final DeliveryTable deliveries;
    private final StatusLog statusLog;

    EventWriter(Pool pool, RunEventTable events, DeliveryTable deliveries, StatusLog statusLog) {
        this.pool = pool;
        this.events = events;
        this.deliveries = deliveries;
        this.statusLog = statusLog;
    }

    private record Stored(Map<String, Long> inserted, Map<String, Long> existing,
                          Map<Long, List<PlannedDelivery>> existingDeliveries) {
    }

    /** One result per event of the batch, in batch order. */
    Uni<List<EventCommit>> write(List<NewEvent> batch) {
        // Sorted by id: concurrent batches then take row locks in the same order (no deadlock).
        Map<String, NewEvent> unique = new TreeMap<>();
        batch.forEach(e -> unique.putIfAbsent(e.eventId(), e));
        List<NewEvent> sorted = List.copyOf(unique.values());
        return pool.withTransaction(conn -> store(conn, sorted)).map(stored -> answers(batch, stored));
    }

    private Uni<Stored> store(SqlConnection conn, List<NewEvent> sorted) {
        return events.insertNew(conn, sorted).chain(inserted -> {
            List<NewDelivery> planned = new ArrayList<>();
            List<String> seenBefore = new ArrayList<>();
            for (NewEvent e : sorted) {
                Long sequence = inserted.get(e.eventId());
                if (sequence == null) {
                    seenBefore.add(e.eventId());
                } else {
                    e.deliveries().forEach(d -> planned.add(new NewDelivery(sequence, e, d)));
                }
            }
            Uni<Stored> stored = seenBefore.isEmpty()
                    ? Uni.createFrom().item(new Stored(inserted, Map.of(), Map.of()))
                    : events.findSequences(conn, seenBefore).chain(existing -> deliveries
                            .findByEvents(conn, List.copyOf(existing.values()))
                            .map(byEvent -> new Stored(inserted, existing, byEvent)));
            return deliveries.insertPlanned(conn, planned)
                    .chain(() -> statusLog.append(conn, planned.stream().map(EventWriter::initialState).toList()))
                    .chain(() -> stored);
        });
    }

    private static StateChange initialState(NewDelivery row) {
        NewEvent e = row.event();
        PlannedDelivery d = row.delivery();
        return new StateChange(d.id(), e.eventId(), e.runUuid(), e.runName(), e.project(), d.hubRef(),
                d.connection(), d.trigger(), d.state(), 0, 0, d.reason(), null);
    }

    private static List<EventCommit> answers(List<NewEvent> batch, Stored stored) {
        List<EventCommit> answers = new ArrayList<>(batch.size());
        Set<String> answered = new HashSet<>();
        for (NewEvent e : batch) {
            Long inserted = stored.inserted().get(e.eventId());
            boolean first = answered.add(e.eventId());
            if (inserted != null) {
                // A second copy inside the same batch is a duplicate of the first.
                answers.add(new EventCommit(e.eventId(), inserted, !first, e.deliveries()));
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
