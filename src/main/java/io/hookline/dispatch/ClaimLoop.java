package io.hookline.dispatch;

import io.hookline.outbox.ClaimedDelivery;
import io.hookline.outbox.OutboxChanged;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.Logger;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Sends what intake planned: claims due deliveries from the outbox as capacity frees up, within
 * each queue lane's limit, makes their attempts and hands the outcomes to the recorder. Any number
 * of replicas can run one: claims skip rows another holds, and a dead replica's claims come due
 * again when their lease runs out.
 */
@ApplicationScoped
public class ClaimLoop {

    private static final Logger LOG = Logger.getLogger(ClaimLoop.class);
    static final String DEFAULT_LANE = "";
    private static final int MAX_CLAIMS_IN_FLIGHT = 2;

    private final DispatchConfig.Workers config;
    private final Vertx vertx;
    private final MeterRegistry metrics;
    private final DeliveryClaimer claimer;
    private final DeliveryAttempts attempts;
    private final OutcomeRecorder recorder;
    private final String owner = "hookline-" + UUID.randomUUID();
    private final AtomicInteger inflight = new AtomicInteger();
    private final Map<String, AtomicInteger> lanes = new ConcurrentHashMap<>();
    private final AtomicInteger claimsInFlight = new AtomicInteger();
    /** Capacity set aside for claims whose rows have not come back yet. */
    private final AtomicInteger reserved = new AtomicInteger();
    private final AtomicBoolean wakeAgain = new AtomicBoolean();
    private volatile boolean running;
    private long timer = -1;

    ClaimLoop(DispatchConfig config, Vertx vertx, MeterRegistry metrics, DeliveryClaimer claimer,
              DeliveryAttempts attempts, OutcomeRecorder recorder) {
        this.config = config.workers();
        this.vertx = vertx;
        this.metrics = metrics;
        this.claimer = claimer;
        this.attempts = attempts;
        this.recorder = recorder;
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

    /** Intake planned deliveries or the API redelivered one: claim now rather than at the next poll. */
    void outboxChanged(@Observes OutboxChanged change) {
        wake();
    }

    /** Looks for due deliveries now (on a timer, when work was just made due, and when capacity frees up). */
    private void wake() {
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
            // commit, the other is already being sent. Nothing is counted as sending before the
            // claim has committed, and what the claim set aside is given back on every path: a
            // claim that throws, fails, never answers or fails to commit (the database restarted)
            // leaves the capacity as it was, and its rows come due again after their lease.
            Uni.createFrom().deferred(() -> claimer.claim(owner, limit, config.lease(), fullLanes()))
                    .ifNoItem().after(config.lease()).fail()
                    .subscribe().with(claim -> {
                        reserved.addAndGet(-limit);
                        claimsInFlight.decrementAndGet();
                        claim.claimed().forEach(this::send);
                        // A full batch means more may be due: look again without waiting for the timer.
                        if (claim.rows() == limit || wakeAgain.getAndSet(false)) {
                            wake();
                        }
                    }, failure -> {
                        reserved.addAndGet(-limit);
                        claimsInFlight.decrementAndGet();
                        LOG.warnf("Could not claim deliveries: %s", failure.getMessage());
                    });
        }
    }

    private List<String> fullLanes() {
        List<String> full = new ArrayList<>();
        lanes.forEach((lane, count) -> {
            if (count.get() >= laneLimit(lane)) {
                full.add(lane);
            }
        });
        return full;
    }

    /** Counts the delivery as sending until its outcome is recorded, or recording it failed. */
    private void send(ClaimedDelivery delivery) {
        inflight.incrementAndGet();
        lane(delivery.queue()).incrementAndGet();
        Uni.createFrom().deferred(() -> attempts.attempt(delivery))
                .chain(record -> Uni.createFrom().completionStage(() -> recorder.submit(record)))
                .subscribe().with(applied -> finished(delivery), failure -> {
                    // The lease will make the delivery due again; at-least-once, same webhook-id.
                    LOG.warnf("Could not record attempt %d of delivery %s: %s", delivery.attempt(),
                            delivery.ref().id(), failure.getMessage());
                    finished(delivery);
                });
    }

    /** Deliveries being sent by this replica now: the {@code hookline.dispatch.inflight} gauge. */
    int sending() {
        return inflight.get();
    }

    private void finished(ClaimedDelivery delivery) {
        inflight.decrementAndGet();
        lane(delivery.queue()).decrementAndGet();
        wake();
    }

    private AtomicInteger lane(String queue) {
        return lanes.computeIfAbsent(queue == null ? DEFAULT_LANE : queue, q -> new AtomicInteger());
    }

    private int laneLimit(String lane) {
        return config.lanes().getOrDefault(lane, config.defaultLane());
    }
}
