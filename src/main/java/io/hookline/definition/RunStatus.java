package io.hookline.definition;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Polyaxon's run statuses (polyaxon/cli {@code V1Statuses}): the final ones a run completion
 * reports and a hook's trigger names, and the ones a run passes through before it is done.
 * Hookline knows these names in this one place.
 */
public enum RunStatus {
    // The final statuses first, in the order Polyaxon lists its DONE_VALUES (_schemas/lifecycle.py).
    SUCCEEDED(true),
    FAILED(true),
    STOPPED(true),
    SKIPPED(true),
    UPSTREAM_FAILED(true),
    CREATED(false),
    RESUMING(false),
    ON_SCHEDULE(false),
    COMPILED(false),
    QUEUED(false),
    SCHEDULED(false),
    STARTING(false),
    INITIALIZING(false),
    RUNNING(false),
    PROCESSING(false),
    STOPPING(false),
    WARNING(false),
    UNSCHEDULABLE(false),
    RETRYING(false),
    APPROVED(false);

    /** The trigger that matches every final status; Polyaxon's {@code V1Statuses.DONE}, never a run's own status. */
    public static final String DONE = "done";

    private static final List<String> FINAL = Arrays.stream(values()).filter(RunStatus::isFinal)
            .map(RunStatus::wireName).toList();
    private static final Set<String> NON_FINAL = Arrays.stream(values()).filter(status -> !status.isFinal())
            .map(RunStatus::wireName).collect(Collectors.toUnmodifiableSet());
    private static final List<String> TRIGGERS = Stream.concat(FINAL.stream(),
            Stream.of(DONE)).toList();

    private final boolean isFinal;

    RunStatus(boolean isFinal) {
        this.isFinal = isFinal;
    }

    /** The status as Polyaxon writes it: lowercase, e.g. {@code upstream_failed}. */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** True for a status a run ends in: hooks fire on these. */
    public boolean isFinal() {
        return isFinal;
    }

    /** {@code succeeded, failed, stopped, skipped, upstream_failed}: in this order, for messages. */
    public static List<String> finalStatuses() {
        return FINAL;
    }

    /** The names of the statuses a run passes through before it is done. */
    public static Set<String> nonFinalStatuses() {
        return NON_FINAL;
    }

    /**
     * What a hook's {@code trigger} may name: every final status, then {@link #DONE}; Polyaxon's
     * {@code V1Statuses.get_allowable_hook_values()} (its docs list only four of them).
     */
    public static List<String> hookTriggers() {
        return TRIGGERS;
    }
}
