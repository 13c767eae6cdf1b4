package io.hookline.dispatch;

import io.hookline.connections.CatalogChange;
import io.hookline.connections.ConnectionCatalog;
import io.hookline.lifecycle.ShutdownOrder;
import io.hookline.outbox.AttemptRecord;
import io.hookline.outbox.ClaimedDelivery;
import io.hookline.outbox.DeliveryState;
import io.hookline.outbox.IntakeHandoff;
import io.hookline.outbox.PlannedDelivery;
import io.hookline.outbox.OutboxChanged;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.Vertx;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BooleanSupplier;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Sends what intake planned: claims due deliveries from the outbox as capacity frees up, only as
 * many as each connection and queue lane can send now ({@link DispatchCapacity}), makes their
 * attempts and hands the outcomes to the recorder. Any number of replicas can run one: claims
 * skip rows another holds, and a dead replica's claims come due again when their lease runs out.
 */
@ApplicationScoped
public class ClaimLoop implements IntakeHandoff {

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
    /** Claimed by this replica and not yet recorded, by delivery id. */
    private final Map<UUID, ClaimedDelivery> unrecorded = new ConcurrentHashMap<>();
    /** Given back at shutdown while still being sent: a late outcome of theirs is not recorded. */
    private final Set<UUID> givenBack = ConcurrentHashMap.newKeySet();
    private volatile boolean running;
    private final List<Long> timers = new ArrayList<>();
    private final Timer claimTime;
    private final DistributionSummary claimRows;
    private final Counter handedOver;

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
        this.handedOver = Counter.builder("hookline.dispatch.handed_over")
                .description("deliveries written leased at intake and sent without a claim").register(metrics);
        this.capacity = new DispatchCapacity(catalog.connections(), guards::sendsAllowed, config.workers(), System::nanoTime);
    }

    void start(@Observes StartupEvent event) {
        if (!config.enabled()) {
            LOG.info("Dispatch is disabled on this replica (hookline.dispatch.workers.enabled=false)");
            return;
        }
        running = true;
        Gauge.builder("hookline.dispatch.inflight", capacity, DispatchCapacity::inflight)
                .description("deliveries this replica is sending or recording now").register(metrics);
        findUnknownConnections();
        timers.add(vertx.setPeriodic(config.pollInterval().toMillis(), id -> {
            capacity.polled();
            wake();
        }));
        timers.add(vertx.setPeriodic(UNKNOWN_CONNECTIONS_EVERY.toMillis(), id -> findUnknownConnections()));
    }

    /**
     * Stops claiming, waits for the claims being committed, gives the sends in flight
     * {@code drain-on-shutdown} to finish and be recorded, and gives back the ones still going
     * (due again at once, the attempt not counted), so that a rolling restart leaves nothing
     * claimed by a replica that is gone: no delivery waits out a lease.
     */
    void stop(@Observes @Priority(ShutdownOrder.DISPATCH) ShutdownEvent event) {
        running = false;
        timers.forEach(vertx::cancelTimer);
        long deadline = System.nanoTime() + config.drainOnShutdown().toNanos();
        awaitUntil(() -> claimsInFlight.get() == 0 && unrecorded.isEmpty(), deadline);
        // A claim that did not answer by the drain deadline is left to its lease.
        awaitUntil(() -> claimsInFlight.get() == 0, System.nanoTime() + config.lease().toNanos());
        List<ClaimedDelivery> stillSending = List.copyOf(unrecorded.values());
        if (stillSending.isEmpty()) {
            return;
        }
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
        List<CompletableFuture<Boolean>> givenBackRecorded = new ArrayList<>();
        for (ClaimedDelivery delivery : stillSending) {
            givenBack.add(delivery.ref().id());
            givenBackRecorded.add(recorder.submit(new AttemptRecord(delivery, now, 0, 0, null, null,
                    delivery.attempt() > 1 ? DeliveryState.RETRY_SCHEDULED : DeliveryState.PENDING, now,
                    "given back at shutdown while being sent; attempt " + delivery.attempt()
                            + " is not counted and is made again", false)).toCompletableFuture());
        }
        try {
            CompletableFuture.allOf(givenBackRecorded.toArray(CompletableFuture[]::new))
                    .get(config.lease().toMillis(), TimeUnit.MILLISECONDS);
            LOG.infof("Gave back %d deliveries still being sent at shutdown; they are due again now",
                    stillSending.size());
        } catch (ExecutionException | TimeoutException e) {
            LOG.infof("%d deliveries still being sent at shutdown could not be given back (%s); they are sent"
                    + " again after their lease", stillSending.size(), e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void awaitUntil(BooleanSupplier done, long deadline) {
        while (!done.getAsBoolean() && System.nanoTime() < deadline) {
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    /**
     * Intake wrote deliveries due, or the API redelivered one: every connection may have due rows
     * again, so claim now rather than at the next poll.
     */
    void outboxChanged(@Observes OutboxChanged change) {
        capacity.outboxChanged();
        wake();
    }

    /** The catalog file changed: claims are sized by the new connections from now on. */
    void catalogChanged(@Observes CatalogChange change) {
        capacity.catalogChanged(change.after().connections());
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

    @Override
    public Lease offer(List<PlannedDelivery> pending) {
        if (!running || !config.handoffAtIntake() || pending.isEmpty()) {
            return Lease.NONE;
        }
        List<PlannedDelivery> granted = capacity.reserveAtIntake(pending);
        return granted.isEmpty() ? Lease.NONE : new Lease(owner, config.lease().toMillis() / 1000.0, granted);
    }

    @Override
    public void handOver(Lease lease, Set<UUID> stored) {
        if (lease.deliveries().isEmpty()) {
            return;
        }
        List<PlannedDelivery> notWritten = new ArrayList<>();
        List<ClaimedDelivery> toSend = new ArrayList<>();
        for (PlannedDelivery d : lease.deliveries()) {
            if (stored.contains(d.ref().id())) {
                toSend.add(new ClaimedDelivery(d.ref(), d.queue(), 1, d.request(), null));
            } else {
                notWritten.add(d);
            }
        }
        capacity.releaseAtIntake(notWritten);
        capacity.handedOver(toSend.size());
        handedOver.increment(toSend.size());
        toSend.forEach(this::send);
        if (!notWritten.isEmpty()) {
            wake();
        }
    }

    @Override
    public void release(Lease lease) {
        if (!lease.deliveries().isEmpty()) {
            capacity.releaseAtIntake(lease.deliveries());
            wake();
        }
    }

    /** Counts the delivery against its connection until its attempt is over, and against the replica until it is recorded. */
    private void send(ClaimedDelivery delivery) {
        unrecorded.put(delivery.ref().id(), delivery);
        record(delivery, Uni.createFrom().deferred(() -> attempts.attempt(delivery))
                .invoke(record -> {
                    capacity.attemptDone(delivery);
                    wake();
                })
                .onFailure().invoke(failure -> capacity.attemptDone(delivery)));
    }

    private void record(ClaimedDelivery delivery, Uni<AttemptRecord> attempt) {
        attempt.chain(record -> givenBack.contains(delivery.ref().id())
                        ? Uni.createFrom().item(false)
                        : Uni.createFrom().completionStage(() -> recorder.submit(record)))
                .subscribe().with(applied -> recorded(delivery), failure -> {
                    // The lease will make the delivery due again; at-least-once, same webhook-id.
                    LOG.warnf("Could not record attempt %d of delivery %s: %s", delivery.attempt(),
                            delivery.ref().id(), failure.getMessage());
                    recorded(delivery);
                });
    }

    /** Deliveries being sent by this replica now: the {@code hookline.dispatch.inflight} gauge. */
    int sending() {
        return capacity.inflight();
    }

    private void recorded(ClaimedDelivery delivery) {
        unrecorded.remove(delivery.ref().id());
        capacity.recorded();
        wake();
    }
}
