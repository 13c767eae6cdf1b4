package io.hookline.render;

/**
 * Carries a {@link RenderError} out of the depths of translation to the public entry points,
 * which return it as a result; it never leaves this package.
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
