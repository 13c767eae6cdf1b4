package io.hookline.intake;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;

/** How events are taken in: limits and group-commit sizing. */
@ConfigMapping(prefix = "hookline.intake")
public interface IntakeConfig {

    /** Largest serialized RunCompletion accepted; a larger one is REJECTED naming its largest field. */
    @WithDefault("262144")
    int maxEventBytes();

    /**
     * Most hooks one event may plan: its own hooks, hooks_yaml and presets together with the
     * project's stored hooks; a larger event is REJECTED ({@code TOO_MANY_HOOKS}).
     */
    @WithDefault("64")
    int maxHooksPerEvent();

    /** Most events written in one group commit (one transaction). */
    @WithDefault("512")
    int maxBatch();

    /** Group commits in flight at once; more events wait and join the next batch. */
    @WithDefault("8")
    int maxInflightBatches();

    /**
     * Fewest waiting events that start a group commit while another is in flight; fewer wait for
     * one in flight to finish and are written together (with none in flight, an event is written
     * at once). 1 starts a commit for every event that finds a free slot.
     */
    @WithDefault("8")
    int minBatchWhileCommitting();

    /**
     * Bytes of events (weighed by their serialized size) waiting for or in a group commit, across
     * all streams and Notify calls; past it an event is answered RESOURCE_EXHAUSTED at once.
     * Sized for the README's heap of 160 MiB: held as objects, queued events take more than
     * their serialized size, beside the 35-90 MiB the server keeps live under load.
     */
    @WithDefault("33554432")
    long maxQueuedBytes();

    /** Events of one Report stream being committed at once before the stream stops reading. */
    @WithDefault("1024")
    int maxInflightPerStream();

    /**
     * Bytes of one Report stream's events read but not yet acknowledged; past it the stream is
     * not read until acks go out (one event more than this is never read).
     */
    @WithDefault("8388608")
    long maxInflightBytesPerStream();

    /**
     * At shutdown, how long the events already being committed may take to be acknowledged
     * before the database is let go; streams stop reading at once.
     */
    @WithDefault("10s")
    Duration drainOnShutdown();
}
