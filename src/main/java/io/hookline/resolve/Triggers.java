package io.hookline.resolve;

import io.hookline.definition.RunStatus;

/** When a hook fires: Polyaxon's trigger rules. */
public final class Triggers {

    private Triggers() {
    }

    /** The trigger a hook effectively has: {@code done} when it names none. */
    public static String effective(String trigger) {
        return trigger == null || trigger.isBlank() ? RunStatus.DONE : trigger;
    }

    /**
     * No trigger or {@code done} matches any final status; otherwise the match is exact, so
     * {@code failed} does not catch {@code upstream_failed} (as in Polyaxon).
     */
    public static boolean matches(String trigger, String finalStatus) {
        String effective = effective(trigger);
        return RunStatus.DONE.equals(effective) || effective.equals(finalStatus);
    }
}
