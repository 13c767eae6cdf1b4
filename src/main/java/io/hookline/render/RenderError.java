package io.hookline.render;

/**
 * Why a condition, a templated hook field or a request could not be rendered. The reason is shown
 * to users on the delivery (Hookline records it; Polyaxon swallowed it), so it never holds a secret.
 *
 * @param kind   what went wrong, for callers that react differently (a syntax error is a
 *               validation error at intake, a missing name skips the hook)
 * @param reason a sentence for the user: what went wrong, where, and what would be right
 */
public record RenderError(Kind kind, String reason) {

    public enum Kind {
        /** The expression or template does not parse. */
        SYNTAX,
        /** A name the expression or template uses is not in the data. */
        MISSING_NAME,
        /** A comparison of values that cannot be compared, e.g. a string with a number. */
        TYPE_MISMATCH,
        /** A condition rendered something that is not one of Polyaxon's boolean words. */
        NOT_A_BOOLEAN,
        /** The output is larger than the configured bound. */
        TOO_LARGE,
        /** Any other rendering problem, e.g. a header with a line break or a body that is not JSON. */
        INVALID_OUTPUT
    }

    @Override
    public String toString() {
        return reason;
    }
}
