package io.hookline.dispatch;

import io.hookline.connections.ConnectionCatalog;
import io.hookline.outbox.AttemptRecord;
import io.hookline.outbox.ClaimedDelivery;
import io.hookline.outbox.OutboxChanged;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Sends what intake planned: claims due deliveries from the outbox as capacity frees up, only as
 * many as each connection and queue lane can send now ({@link DispatchCapacity}), makes their
 * attempts and hands the outcomes to the recorder. Any number of replicas can run one: claims
 * skip rows another holds, and a dead replica's claims come due again when their lease runs out.
 */
@ApplicationScoped
public class ClaimLoop {

    private static final Logger LOG = Logger.getLogger(ClaimLoop.class);
    static final String DEFAULT_LANE = "";
    private static final int MAX_CLAIMS_IN_FLIGHT = 2;
    /** How often the outbox is searched for due deliveries of connections no longer in the catalog. */
    private static final Duration UNKNOWN_CONNECTIONS_EVERY = Duration.ofSeconds(30);

    private final DispatchConfig.Workers config;
    private final Vertx vertx;
    private final MeterRegistry metrics;
    private final DeliveryClaimer claimer;
    private final DeliveryAttempts attempts;
    private final OutcomeRecorder recorder;
    private final DispatchCapacity capacity;
    private final String owner = "hookline-" + UUID.randomUUID();
    private final AtomicInteger claimsInFlight = new AtomicInteger();
    private volatile boolean running;
    private final List<Long> timers = new ArrayList<>();
    private final Timer claimTime;
    private final DistributionSummary claimRows;

    ClaimLoop(DispatchConfig config, Vertx vertx, MeterRegistry metrics, DeliveryClaimer claimer,
              DeliveryAttempts attempts, OutcomeRecorder recorder, ConnectionCatalog catalog, ConnectionGuards guards) {
        this.config = config.workers();
        this.vertx = vertx;
        this.metrics = metrics;
        this.claimer = claimer;
        this.attempts = attempts;
        this.recorder = recorder;
        this.claimTime = Timer.builder("hookline.dispatch.claims").description("claims of due deliveries, each one commit")
                .register(metrics);
        this.claimRows = DistributionSummary.builder("hookline.dispatch.claimed")
                .description("deliveries a claim took").register(metrics);
        this.capacity = new DispatchCapacity(catalog.connections(), guards::sendsAllowed, config.workers(), System::nanoTime);
    }

    void start(@Observes StartupEvent event) {
        if (!config.enabled()) {
            LOG.info("Dispatch is disabled on this replica (hookline.dispatch.workers.enabled=false)");
            return;
        }
        running = true;
        metrics.gauge("hookline.dispatch.inflight", capacity, DispatchCapacity::inflight);
        findUnknownConnections();
        timers.add(vertx.setPeriodic(config.pollInterval().toMillis(), id -> outboxChanged(null)));
        timers.add(vertx.setPeriodic(UNKNOWN_CONNECTIONS_EVERY.toMillis(), id -> findUnknownConnections()));
    }

    /**
     * Stops claiming and gives the sends in flight a moment to be recorded, so a rolling restart
     * does not leave them to be sent again when their lease runs out.
     */
    void stop(@Observes ShutdownEvent event) {
        running = false;
        timers.forEach(vertx::cancelTimer);
        long deadline = System.nanoTime() + config.drainOnShutdown().toNanos();
        while (capacity.inflight() > 0 && System.nanoTime() < deadline) {
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
        if (capacity.inflight() > 0) {
            LOG.infof("%d deliveries were still being sent at shutdown; they are sent again after their lease",
                    capacity.inflight());
        }
    }

    /**
     * Intake planned deliveries, the API redelivered one, or the poll timer fired (retries come
     * due): every connection may have due rows again, so claim now rather than at the next poll.
     */
    void outboxChanged(@Observes OutboxChanged change) {
        capacity.outboxChanged();
        wake();
    }

    private void findUnknownConnections() {
        if (!running) {
            return;
        }
        claimer.unknownConnections(capacity.connectionNames()).subscribe().with(names -> {
            if (!names.isEmpty()) {
                LOG.warnf("Deliveries are waiting for connections that are not in the catalog: %s; they fail"
                        + " with \"unknown connection\"", names);
                capacity.addUnknown(names);
                wake();
            }
        }, failure -> { }); // a database that does not answer is reported by the health probe
    }

    /** Claims what can be sent now, while a claim is worth its commit (on a timer, when work was made due, when capacity frees up). */
    private void wake() {
        while (running) {
            int claims = claimsInFlight.get();
            if (claims >= MAX_CLAIMS_IN_FLIGHT) {
                return;
            }
            if (!claimsInFlight.compareAndSet(claims, claims + 1)) {
                continue;
            }
            Optional<DispatchCapacity.Reservation> reservation = capacity.reserve();
            if (reservation.isEmpty()) {
                claimsInFlight.decrementAndGet();
                return;
            }
            claim(reservation.get());
        }
    }

    // Claims use SKIP LOCKED, so two in flight take disjoint rows; while one waits for its commit,
    // the other's rows are already being sent. Nothing is counted as sending before the claim has
    // committed, and what the claim set aside is given back on every path: a claim that throws,
    // fails, never answers or fails to commit (the database restarted) leaves the capacity as it
    // was, and its rows come due again after their lease.
    private void claim(DispatchCapacity.Reservation reservation) {
        long started = System.nanoTime();
        Uni.createFrom().deferred(() -> claimer.claim(owner, reservation.limits(), config.lease()))
                .ifNoItem().after(config.lease()).fail()
                .subscribe().with(claim -> {
                    claimTime.record(System.nanoTime() - started, TimeUnit.NANOSECONDS);
                    claimRows.record(claim.rows());
                    capacity.settle(reservation, claim);
                    claimsInFlight.decrementAndGet();
                    claim.claimed().forEach(this::send);
                    wake();
                }, failure -> {
                    capacity.release(reservation);
                    claimsInFlight.decrementAndGet();
                    LOG.warnf("Could not claim deliveries: %s", failure.getMessage());
                });
    }

    /** Counts the delivery against its connection until its attempt is over, and against the replica until it is recorded. */
    private void send(ClaimedDelivery delivery) {
        record(delivery, Uni.createFrom().deferred(() -> attempts.attempt(delivery))
                .invoke(record -> {
                    capacity.attemptDone(delivery);
                    wake();
                })
                .onFailure().invoke(failure -> capacity.attemptDone(delivery)));
    }

    private void record(ClaimedDelivery delivery, Uni<AttemptRecord> attempt) {
        attempt.chain(record -> Uni.createFrom().completionStage(() -> recorder.submit(record)))
                .subscribe().with(applied -> recorded(), failure -> {
                    // The lease will make the delivery due again; at-least-once, same webhook-id.
                    LOG.warnf("Could not record attempt %d of delivery %s: %s", delivery.attempt(),
                            delivery.ref().id(), failure.getMessage());
                    recorded();
                });
    }

    /** Deliveries being sent by this replica now: the {@code hookline.dispatch.inflight} gauge. */
    int sending() {
        return capacity.inflight();
    }

    private void recorded() {
        capacity.recorded();
        wake();
    }
}
