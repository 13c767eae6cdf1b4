package io.hookline.definition;

import java.util.Optional;

/**
 * Checks that a request template (a component's header value or body) compiles. Implemented with
 * Qute in {@code render/}; the spec package only needs to know whether and why it fails, so a
 * broken template is refused when the component is written, not when a run ends.
 */
@FunctionalInterface
public interface TemplateChecker {

    /** Empty when {@code template} compiles; otherwise why not. */
    Optional<String> problem(String template);
}
