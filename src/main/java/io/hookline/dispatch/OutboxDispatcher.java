package io.hookline.dispatch;

import io.hookline.outbox.AttemptRecord;
import io.hookline.outbox.ClaimedDelivery;
import io.hookline.outbox.DeliveryState;
import io.hookline.outbox.OutboxClaims;
import io.hookline.outbox.StoredRequest;
import io.hookline.outbox.DisabledTargets;
import io.hookline.status.StateChange;
import io.hookline.status.StatusLog;
import io.hookline.batch.GroupCommit;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlConnection;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Sends what intake planned: claims due deliveries from the outbox, sends each through its
 * connection's guard, classifies the answer, and records the attempt and the next state (with
 * the status-log row) in group commits. Any number of replicas can run one: claims skip rows
 * another holds, and a dead replica's claims come due again when their lease runs out.
 */
@ApplicationScoped
public class OutboxDispatcher {

    private static final Logger LOG = Logger.getLogger(OutboxDispatcher.class);
    static final String DEFAULT_LANE = "";

    private final Pool pool;
    private final OutboxClaims deliveries;
    private final StatusLog statusLog;
    private final HttpSender sender;
    private final AttemptClassifier classifier;
    private final RetrySchedule retries;
    private final WorkerConfig config;
    private final Vertx vertx;
    private final MeterRegistry metrics;
    private final DisabledTargets disabledTargets;
    private final String owner = "hookline-" + UUID.randomUUID();
    private final GroupCommit<AttemptRecord, Boolean> outcomes;
    private final AtomicInteger inflight = new AtomicInteger();
    private final Map<String, AtomicInteger> lanes = new ConcurrentHashMap<>();
    private static final int MAX_CLAIMS_IN_FLIGHT = 2;
    private final AtomicInteger claimsInFlight = new AtomicInteger();
    /** Capacity set aside for claims whose rows have not come back yet. */
    private final AtomicInteger reserved = new AtomicInteger();
    private final AtomicBoolean wakeAgain = new AtomicBoolean();
    private volatile boolean running;
    private long timer = -1;

    OutboxDispatcher(Pool pool, OutboxClaims deliveries, StatusLog statusLog, HttpSender sender,
                     AttemptClassifier classifier, RetrySchedule retries, WorkerConfig config, Vertx vertx,
                     MeterRegistry metrics, DisabledTargets disabledTargets) {
        this.metrics = metrics;
        this.disabledTargets = disabledTargets;
        this.pool = pool;
        this.deliveries = deliveries;
        this.statusLog = statusLog;
        this.sender = sender;
        this.classifier = classifier;
        this.retries = retries;
        this.config = config;
        this.vertx = vertx;
        this.outcomes = new GroupCommit<>(this::record, config.outcomeBatch(), config.outcomeCommits());
    }

    void start(@Observes StartupEvent event) {
        if (!config.enabled()) {
            LOG.info("Dispatch is disabled on this replica (hookline.dispatch.workers.enabled=false)");
            return;
        }
        running = true;
        metrics.gauge("hookline.dispatch.inflight", inflight);
        timer = vertx.setPeriodic(config.pollInterval().toMillis(), id -> wake());
    }

    /**
     * Stops claiming and gives the sends in flight a moment to be recorded, so a rolling restart
     * does not leave them to be sent again when their lease runs out.
     */
    void stop(@Observes ShutdownEvent event) {
        running = false;
        if (timer >= 0) {
            vertx.cancelTimer(timer);
        }
        long deadline = System.nanoTime() + config.drainOnShutdown().toNanos();
        while (inflight.get() > 0 && System.nanoTime() < deadline) {
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
        if (inflight.get() > 0) {
            LOG.infof("%d deliveries were still being sent at shutdown; they are sent again after their lease",
                    inflight.get());
        }
    }

    /** Looks for due deliveries now (called on a timer, and when work was just planned). */
    public void wake() {
        if (!running) {
            return;
        }
        while (true) {
            int claims = claimsInFlight.get();
            if (claims >= MAX_CLAIMS_IN_FLIGHT) {
                wakeAgain.set(true);
                return;
            }
            int busy = inflight.get() + reserved.get();
            int free = config.concurrency() - busy;
            // Each claim is a committed transaction: claiming the one slot a finished send just
            // freed would turn the outbox into many tiny commits. Wait until a useful batch is free.
            if (free <= 0 || (busy > 0 && free < Math.min(config.claimBatch(), config.concurrency()) / 2)) {
                return;
            }
            if (!claimsInFlight.compareAndSet(claims, claims + 1)) {
                continue;
            }
            int limit = Math.min(free, config.claimBatch());
            reserved.addAndGet(limit);
            // Claims use SKIP LOCKED, so two in flight take disjoint rows; while one waits for its
            // commit, the other is already being sent.
            pool.withTransaction(conn -> claim(conn, limit))
                    .subscribe().with(claimed -> {
                        reserved.addAndGet(-limit);
                        claimsInFlight.decrementAndGet();
                        claimed.forEach(this::send);
                        // A full batch means more may be due: look again without waiting for the timer.
                        if (claimed.size() == limit || wakeAgain.getAndSet(false)) {
                            wake();
                        }
                    }, failure -> {
                        reserved.addAndGet(-limit);
                        claimsInFlight.decrementAndGet();
                        LOG.warnf("Could not claim deliveries: %s", failure.getMessage());
                    });
        }
    }

    /** Deliveries being sent by this replica right now. */
    public int inflight() {
        return inflight.get();
    }

    private Uni<List<ClaimedDelivery>> claim(SqlConnection conn, int limit) {
        List<String> fullLanes = new ArrayList<>();
        lanes.forEach((lane, count) -> {
            if (count.get() >= laneLimit(lane)) {
                fullLanes.add(lane);
            }
        });
        return deliveries.claim(conn, owner, limit, config.lease().toMillis() / 1000.0, fullLanes)
                .call(claimed -> statusLog.append(conn, claimed.stream()
                        .map(d -> change(d, DeliveryState.DELIVERING, 0, null, null)).toList()))
                .invoke(claimed -> claimed.forEach(d -> {
                    inflight.incrementAndGet();
                    lane(d.queue()).incrementAndGet();
                }));
    }

    private void send(ClaimedDelivery delivery) {
        OffsetDateTime startedAt = OffsetDateTime.now(ZoneOffset.UTC);
        Uni<AttemptResult> attempt;
        Optional<String> disabled = disabledTargets.reason(delivery.ref().connection());
        if (disabled.isPresent()) {
            // The receiver said 410 Gone before: do not send, end the delivery the same way.
            outcomes.submit(new AttemptRecord(delivery, startedAt, 0, 0, null,
                    "not sent: connection " + delivery.ref().connection() + " is disabled", DeliveryState.DISABLED, null,
                    "connection " + delivery.ref().connection() + " is disabled: " + disabled.get()
                            + "; re-enable it with HookAdmin.EnableConnection", true))
                    .whenComplete((applied, failure) -> finished(delivery));
            return;
        }
        StoredRequest request = delivery.request();
        if (request == null) {
            attempt = Uni.createFrom().item(AttemptResult.failed(AttemptError.Kind.INVALID_REQUEST,
                    delivery.unreadable(), Duration.ZERO));
        } else {
            attempt = sender.send(delivery.ref().connection(), new OutboundRequest(delivery.ref().id().toString(),
                    Optional.of(request.method()), Optional.empty(), request.headers(), request.body()));
        }
        attempt.onFailure().recoverWithItem(e -> AttemptResult.failed(AttemptError.Kind.INVALID_REQUEST,
                        e.getClass().getSimpleName(), Duration.ZERO))
                .map(result -> outcome(delivery, startedAt, result))
                .subscribe().with(record -> outcomes.submit(record).whenComplete((applied, failure) -> {
                    if (failure != null) {
                        // The lease will make the delivery due again; at-least-once, same webhook-id.
                        LOG.warnf("Could not record attempt %d of delivery %s: %s", delivery.attempt(),
                                delivery.ref().id(), failure.getMessage());
                    }
                    finished(delivery);
                }));
    }

    private void finished(ClaimedDelivery delivery) {
        inflight.decrementAndGet();
        lane(delivery.queue()).decrementAndGet();
        wake();
    }

    /** How soon a delivery held back by its connection's bulkhead or rate limit is tried again. */
    private static final Duration HELD_BACK_DELAY = Duration.ofMillis(250);

    private AttemptRecord outcome(ClaimedDelivery delivery, OffsetDateTime startedAt, AttemptResult result) {
        Optional<AttemptError.Kind> local = result.error().map(AttemptError::kind)
                .filter(kind -> kind == AttemptError.Kind.BULKHEAD_FULL || kind == AttemptError.Kind.RATE_LIMITED);
        if (local.isPresent()) {
            // Backpressure of this replica, not an answer of the receiver: nothing was sent, so it
            // is neither an attempt nor a reason to give up. It waits briefly and is claimed again.
            metrics.counter("hookline.deliveries.held_back", "connection", String.valueOf(delivery.ref().connection()))
                    .increment();
            return new AttemptRecord(delivery, startedAt, 0, 0, null, null, DeliveryState.RETRY_SCHEDULED,
                    OffsetDateTime.now(ZoneOffset.UTC).plus(HELD_BACK_DELAY),
                    "held back: connection " + delivery.ref().connection() + " is at its concurrency or rate limit", false);
        }
        Classification classification = classifier.classify(result);
        String error = result.error().map(AttemptError::message).orElse(null);
        DeliveryState state;
        OffsetDateTime next = null;
        String reason = classification.reason();
        switch (classification.outcome()) {
            case DELIVERED -> {
                state = DeliveryState.DELIVERED;
                reason = null;
            }
            case DISABLE -> state = DeliveryState.DISABLED;
            case FINAL -> state = DeliveryState.FAILED;
            default -> {
                Optional<Instant> at = retries.nextAttemptAt(delivery.attempt(), classification.retryAfter());
                if (at.isPresent()) {
                    state = DeliveryState.RETRY_SCHEDULED;
                    next = at.get().atOffset(ZoneOffset.UTC);
                } else {
                    state = DeliveryState.DEAD;
                    reason = reason + "; gave up after " + delivery.attempt() + " attempts";
                }
            }
        }
        String connection = delivery.ref().connection() == null ? "" : delivery.ref().connection();
        Timer.builder("hookline.attempts").tag("connection", connection)
                .tag("outcome", classification.outcome().name().toLowerCase())
                .publishPercentileHistogram().register(metrics).record(result.latency());
        if (state != DeliveryState.RETRY_SCHEDULED) {
            metrics.counter("hookline.deliveries.finished", "connection", connection,
                    "state", state.name().toLowerCase()).increment();
        }
        return new AttemptRecord(delivery, startedAt, result.latency().toMillis(), result.status(), result.body(),
                error, state, next, reason, true);
    }

    /** Writes a group of finished attempts and their new states in one transaction. */
    private Uni<List<Boolean>> record(List<AttemptRecord> attempts) {
        return pool.withTransaction(conn -> deliveries.complete(conn, attempts).call(applied -> statusLog.append(conn,
                        attempts.stream().filter(a -> applied.contains(a.delivery().ref().id()))
                                .map(a -> change(a.delivery(), a.newState(), a.httpStatus(), a.reason(), a.nextAttemptAt()))
                                .toList()))
                .call(applied -> disableGone(conn, attempts))
                .map(applied -> attempts.stream().map(a -> applied.contains(a.delivery().ref().id())).toList()));
    }

    /** A 410 Gone disables the connection for every later delivery, on every replica. */
    private Uni<Void> disableGone(SqlConnection conn, List<AttemptRecord> attempts) {
        Uni<Void> chain = Uni.createFrom().voidItem();
        for (AttemptRecord a : attempts) {
            if (a.newState() == DeliveryState.DISABLED && a.httpStatus() == 410) {
                chain = chain.chain(() -> disabledTargets.disable(conn, a.delivery().ref().connection(), a.reason()));
            }
        }
        return chain;
    }

    private static StateChange change(ClaimedDelivery d, DeliveryState state, int httpStatus, String error,
                                      OffsetDateTime next) {
        return new StateChange(d.ref(), state, d.attempt(), httpStatus, error, next);
    }

    private AtomicInteger lane(String queue) {
        return lanes.computeIfAbsent(queue == null ? DEFAULT_LANE : queue, q -> new AtomicInteger());
    }

    private int laneLimit(String lane) {
        return config.lanes().getOrDefault(lane, config.defaultLane());
    }
}
