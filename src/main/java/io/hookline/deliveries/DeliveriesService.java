package io.hookline.deliveries;

import io.hookline.grpc.MaskedRequests;
import com.google.protobuf.Timestamp;
import io.grpc.Status;
import io.hookline.api.v1.Delivery;
import io.hookline.api.v1.DeliveryAttempt;
import io.hookline.api.v1.GetDeliveryRequest;
import io.hookline.api.v1.ListDeliveriesRequest;
import io.hookline.api.v1.ListDeliveriesResponse;
import io.hookline.api.v1.RedeliverRequest;
import io.hookline.api.v1.RenderedRequest;
import io.hookline.connections.ConnectionCatalog;
import io.hookline.outbox.DeliveryQueries;
import io.hookline.outbox.DeliveryRecord;
import io.hookline.outbox.DeliveryState;
import io.hookline.outbox.OutboxChanged;
import io.hookline.outbox.StoredRequest;
import io.hookline.definition.HubRef;
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

    public Uni<Delivery> get(GetDeliveryRequest request) {
        UUID id = deliveryId(request.getDeliveryId());
        return deliveries.find(pool, id).map(found -> view(found.orElseThrow(() -> notFound(id))));
    }

    public Uni<ListDeliveriesResponse> list(ListDeliveriesRequest request) {
        if (request.getPageSize() < 0 || request.getPageSize() > MAX_PAGE) {
            throw invalid("page_size", "must be between 1 and " + MAX_PAGE + " (0 means " + DEFAULT_PAGE + ")");
        }
        int size = request.getPageSize() == 0 ? DEFAULT_PAGE : request.getPageSize();
        String hubRef = request.getHubRef();
        if (!hubRef.isEmpty()) {
            hubRef = HubRef.problem(hubRef).isPresent() ? hubRef : HubRef.parse(hubRef).toString();
        }
        DeliveryRecord.Filter filter = new DeliveryRecord.Filter(request.getProject(), request.getRunUuid(),
                request.getEventId(), hubRef, request.getConnection(),
                request.getStatesList().stream().map(s -> s.name().replace("DELIVERY_STATE_", "")).toList(),
                request.hasCreatedAfter() ? time(request.getCreatedAfter()) : null);
        DeliveryRecord.PageStart after = request.getPageToken().isEmpty() ? null : pageStart(request.getPageToken());
        return deliveries.list(pool, filter, after, size + 1).map(page -> {
            ListDeliveriesResponse.Builder response = ListDeliveriesResponse.newBuilder();
            page.stream().limit(size).forEach(d -> response.addDeliveries(view(d)));
            if (page.size() > size) {
                DeliveryRecord last = page.get(size - 1);
                response.setNextPageToken(pageToken(last));
            }
            return response.build();
        });
    }

    public Uni<Delivery> redeliver(RedeliverRequest request) {
        UUID id = deliveryId(request.getDeliveryId());
        return pool.withTransaction(conn -> deliveries.redeliver(conn, id).call(redelivered -> redelivered.isEmpty()
                        ? Uni.createFrom().voidItem()
                        : statusLog.append(conn, List.of(pendingAgain(redelivered.get())))))
                .chain(redelivered -> redelivered.isPresent()
                        ? Uni.createFrom().item(redelivered.get())
                        : deliveries.find(pool, id).map(found -> {
                            DeliveryRecord d = found.orElseThrow(() -> notFound(id));
                            throw Status.FAILED_PRECONDITION.withDescription("delivery " + id + " is "
                                    + d.state() + (d.request() == null ? " and has no rendered request" : "")
                                    + "; only DEAD, FAILED or DELIVERED deliveries with a request can be redelivered")
                                    .asRuntimeException();
                        }))
                .invoke(() -> outboxChanged.fire(new OutboxChanged()))
                .map(this::view);
    }

    private static StateChange pendingAgain(DeliveryRecord d) {
        return new StateChange(d.ref(), DeliveryState.PENDING, d.attemptCount(), 0, "redelivery requested", null);
    }

    private Delivery view(DeliveryRecord d) {
        Delivery.Builder view = Delivery.newBuilder()
                .setDeliveryId(d.ref().id().toString())
                .setEventId(d.ref().eventId())
                .setRunUuid(d.ref().runUuid())
                .setRunName(d.ref().runName())
                .setProject(d.ref().project())
                .setHubRef(d.ref().hubRef())
                .setConnection(d.ref().connection())
                .setTrigger(d.ref().trigger())
                .setQueue(d.queue())
                .setState(io.hookline.api.v1.DeliveryState.valueOf("DELIVERY_STATE_" + d.state().name()))
                .setReason(d.reason() == null ? "" : d.reason())
                .setAttemptCount(d.attemptCount())
                .setCreatedAt(timestamp(d.createdAt()))
                .setUpdatedAt(timestamp(d.updatedAt()));
        if (d.nextAttemptAt() != null && d.state() == DeliveryState.RETRY_SCHEDULED) {
            view.setNextAttemptAt(timestamp(d.nextAttemptAt()));
        }
        for (DeliveryRecord.Attempt a : d.attempts()) {
            view.addAttempts(DeliveryAttempt.newBuilder().setNumber(a.number()).setStartedAt(timestamp(a.startedAt()))
                    .setLatencyMs(a.latencyMs()).setHttpStatus(a.httpStatus())
                    .setResponseBody(a.responseBody() == null ? "" : a.responseBody())
                    .setError(a.error() == null ? "" : a.error()));
        }
        if (d.request() != null) {
            view.setRequest(maskedRequest(d));
        }
        return view.build();
    }

    private RenderedRequest maskedRequest(DeliveryRecord d) {
        StoredRequest r = d.request();
        return MaskedRequests.of(new io.hookline.render.RenderedRequest(r.method(), r.headers(), r.body()),
                d.ref().connection(), connections);
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
            throw invalid("page_token", "is not a token this server returned; pass next_page_token unchanged");
        }
    }

    private static UUID deliveryId(String text) {
        try {
            return UUID.fromString(text);
        } catch (IllegalArgumentException e) {
            throw invalid("delivery_id", "must be a delivery id as returned in a ReportAck (a UUID)");
        }
    }

    private static RuntimeException invalid(String field, String description) {
        return Status.INVALID_ARGUMENT.withDescription(field + ": " + description).asRuntimeException();
    }

    private static RuntimeException notFound(UUID id) {
        return Status.NOT_FOUND.withDescription("no delivery " + id).asRuntimeException();
    }

    private static OffsetDateTime time(Timestamp ts) {
        return OffsetDateTime.ofInstant(Instant.ofEpochSecond(ts.getSeconds(), ts.getNanos()), ZoneOffset.UTC);
    }

    private static Timestamp timestamp(OffsetDateTime time) {
        return Timestamp.newBuilder().setSeconds(time.toEpochSecond()).setNanos(time.getNano()).build();
    }
}
