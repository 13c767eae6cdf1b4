package io.hookline.render.polyaxon;

import io.hookline.render.RenderError;

/**
 * The truth of a hook's {@code conditions}: it holds, it does not, or it could not be decided.
 * An undecidable condition is never "false": Hookline records the reason on the skipped delivery
 * instead of silently dropping the hook as Polyaxon does for an undefined name with {@code ==}.
 */
public sealed interface ConditionResult {

    ConditionResult TRUE = new True();
    ConditionResult FALSE = new False();

    static ConditionResult of(boolean holds) {
        return holds ? TRUE : FALSE;
    }

    record True() implements ConditionResult {
    }

    record False() implements ConditionResult {
    }

    record Failed(RenderError error) implements ConditionResult {
    }
}
