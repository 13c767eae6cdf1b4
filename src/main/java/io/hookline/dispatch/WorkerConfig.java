package io.hookline.dispatch;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;
import java.util.Map;

/** How this replica's dispatcher claims and sends deliveries. */
@ConfigMapping(prefix = "hookline.dispatch.workers")
public interface WorkerConfig {

    /** Most outcomes written in one commit. */
    @WithDefault("1024")
    int outcomeBatch();

    /** Outcome commits in flight at once. */
    @WithDefault("4")
    int outcomeCommits();

    /** How long shutdown waits for sends in flight to be recorded. */
    @WithDefault("5s")
    Duration drainOnShutdown();

    /** Whether this replica sends deliveries at all (intake-only replicas set false). */
    @WithDefault("true")
    boolean enabled();

    /**
     * Deliveries being sent at once by this replica, over all lanes. Each claim and each group of
     * outcomes is one durable commit (an fsync), so throughput is batch size over commit time:
     * large batches are what make dispatch fast.
     */
    @WithDefault("1024")
    int concurrency();

    /** Most deliveries claimed in one query (one commit). */
    @WithDefault("512")
    int claimBatch();

    /** How long a claim is held; a delivery whose worker died is claimed again after it. */
    @WithDefault("60s")
    Duration lease();

    /** How often the outbox is polled when nothing wakes the dispatcher sooner. */
    @WithDefault("200ms")
    Duration pollInterval();

    /** Concurrency of each named queue lane (a hook's {@code queue}); others use defaultLane. */
    Map<String, Integer> lanes();

    /** Concurrency of a lane not listed in {@code lanes}, including the default lane (no queue). */
    @WithDefault("1024")
    int defaultLane();
}
