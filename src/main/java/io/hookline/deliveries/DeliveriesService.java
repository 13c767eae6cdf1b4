package io.hookline.deliveries;

import io.hookline.connections.ConnectionCatalog;
import io.hookline.definition.HubRef;
import io.hookline.error.Refusal;
import io.hookline.outbox.DeliveryRecord;
import io.hookline.outbox.DeliveryState;
import io.hookline.outbox.DeliveryQueries;
import io.hookline.outbox.OutboxChanged;
import io.hookline.outbox.StoredRequest;
import io.hookline.render.MaskedRequests;
import io.hookline.render.MaskedRequests.MaskedRequest;
import io.hookline.render.RenderedRequest;
import io.hookline.status.StateChange;
import io.hookline.status.StatusLog;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.List;
import java.util.UUID;

/** GetDelivery, ListDeliveries and Redeliver: the stored deliveries as the API shows them. */
@ApplicationScoped
public class DeliveriesService {

    private static final int DEFAULT_PAGE = 50;
    private static final int MAX_PAGE = 500;

    private final Pool pool;
    private final DeliveryQueries deliveries;
    private final StatusLog statusLog;
    private final Event<OutboxChanged> outboxChanged;
    private final ConnectionCatalog connections;

    DeliveriesService(Pool pool, DeliveryQueries deliveries, StatusLog statusLog, Event<OutboxChanged> outboxChanged,
                      ConnectionCatalog connections) {
        this.pool = pool;
        this.deliveries = deliveries;
        this.statusLog = statusLog;
        this.outboxChanged = outboxChanged;
        this.connections = connections;
    }

    public Uni<DeliveryView> get(String deliveryId) {
        UUID id = deliveryId(deliveryId);
        return deliveries.find(pool, id).map(found -> view(found.orElseThrow(() -> notFound(id))));
    }

    public Uni<DeliveryView.Page> list(DeliveryQuery request) {
        if (request.pageSize() < 0 || request.pageSize() > MAX_PAGE) {
            throw Refusal.invalid("page_size", "must be between 1 and " + MAX_PAGE + " (0 means " + DEFAULT_PAGE + ")");
        }
        int size = request.pageSize() == 0 ? DEFAULT_PAGE : request.pageSize();
        String hubRef = request.hubRef();
        if (!hubRef.isEmpty()) {
            hubRef = HubRef.problem(hubRef).isPresent() ? hubRef : HubRef.parse(hubRef).toString();
        }
        DeliveryRecord.Filter filter = new DeliveryRecord.Filter(request.project(), request.runUuid(),
                request.eventId(), hubRef, request.connection(),
                request.states().stream().map(DeliveryState::name).toList(), request.createdAfter());
        DeliveryRecord.PageStart after = request.pageToken().isEmpty() ? null : pageStart(request.pageToken());
        return deliveries.list(pool, filter, after, size + 1).map(page -> new DeliveryView.Page(
                page.stream().limit(size).map(this::view).toList(),
                page.size() > size ? pageToken(page.get(size - 1)) : ""));
    }

    public Uni<DeliveryView> redeliver(String deliveryId) {
        UUID id = deliveryId(deliveryId);
        return pool.withTransaction(conn -> deliveries.redeliver(conn, id).call(redelivered -> redelivered.isEmpty()
                        ? Uni.createFrom().voidItem()
                        : statusLog.append(conn, List.of(pendingAgain(redelivered.get())))))
                .invoke(statusLog::announce)
                .chain(redelivered -> redelivered.isPresent()
                        ? Uni.createFrom().item(redelivered.get())
                        : deliveries.find(pool, id).map(found -> {
                            DeliveryRecord d = found.orElseThrow(() -> notFound(id));
                            throw Refusal.failedPrecondition("delivery " + id + " is "
                                    + d.state() + (d.request() == null ? " and has no rendered request" : "")
                                    + "; only DEAD, FAILED or DELIVERED deliveries with a request can be redelivered");
                        }))
                .invoke(() -> outboxChanged.fire(new OutboxChanged()))
                .map(this::view);
    }

    private static StateChange pendingAgain(DeliveryRecord d) {
        return new StateChange(d.ref(), DeliveryState.PENDING, d.attemptCount(), 0, "redelivery requested", null);
    }

    private DeliveryView view(DeliveryRecord d) {
        return new DeliveryView(d, d.request() == null ? null : maskedRequest(d));
    }

    private MaskedRequest maskedRequest(DeliveryRecord d) {
        StoredRequest r = d.request();
        return MaskedRequests.of(new RenderedRequest(r.method(), r.headers(), r.body(), r.path()), d.ref().connection(), connections);
    }

    private static String pageToken(DeliveryRecord last) {
        String raw = last.createdAt().toInstant().toString() + "|" + last.ref().id();
        return Base64.getUrlEncoder().withoutPadding().encodeToString(raw.getBytes(StandardCharsets.UTF_8));
    }

    private static DeliveryRecord.PageStart pageStart(String token) {
        try {
            String[] parts = new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8).split("\\|");
            return new DeliveryRecord.PageStart(OffsetDateTime.ofInstant(Instant.parse(parts[0]), ZoneOffset.UTC),
                    UUID.fromString(parts[1]));
        } catch (RuntimeException e) {
            throw Refusal.invalid("page_token", "is not a token this server returned; pass next_page_token unchanged");
        }
    }

    private static UUID deliveryId(String text) {
        try {
            return UUID.fromString(text);
        } catch (IllegalArgumentException e) {
            throw Refusal.invalid("delivery_id", "must be a delivery id as returned in a ReportAck (a UUID)");
        }
    }

    private static RuntimeException notFound(UUID id) {
        return Refusal.notFound("no delivery " + id);
    }
}
