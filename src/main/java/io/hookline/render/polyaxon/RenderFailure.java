package io.hookline.render.polyaxon;

import io.hookline.render.RenderError;

/**
 * Carries a {@link RenderError} out of the depths of translation (a missing name, a type
 * mismatch) to {@link TemplateStrings}, which returns it as a result; it never leaves this package.
 */
final class RenderFailure extends RuntimeException {

    private final RenderError error;

    RenderFailure(RenderError error) {
        super(error.reason(), null, false, false);
        this.error = error;
    }

    static RenderFailure of(RenderError.Kind kind, String reason) {
        return new RenderFailure(new RenderError(kind, reason));
    }

    RenderError error() {
        return error;
    }
}
