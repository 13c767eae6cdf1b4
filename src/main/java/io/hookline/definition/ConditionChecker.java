package io.hookline.definition;

import java.util.Optional;

/**
 * Checks that a Polyaxon condition or {@code {{ ... }}} expression parses, so a broken one is a
 * validation error when the hook is accepted, not a surprise when a run ends. Implemented in
 * {@code render/}; spec validation only needs to know whether and why it fails.
 */
@FunctionalInterface
public interface ConditionChecker {

    /** Empty when {@code expression} parses; otherwise why not, without evaluating it. */
    Optional<String> problem(String expression);
}
