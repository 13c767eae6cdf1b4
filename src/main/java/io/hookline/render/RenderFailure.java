package io.hookline.render;

/**
 * Carries a {@link RenderError} out of the depths of translation to the public entry points,
 * which return it as a result; it never leaves this package.
 */
public final class RenderFailure extends RuntimeException {

    private final RenderError error;

    RenderFailure(RenderError error) {
        super(error.reason(), null, false, false);
        this.error = error;
    }

    public static RenderFailure of(RenderError.Kind kind, String reason) {
        return new RenderFailure(new RenderError(kind, reason));
    }

    public RenderError error() {
        return error;
    }
}
