package io.hookline.error;

import io.hookline.definition.Violation;

import java.util.List;

/**
 * A request Hookline refuses, with the reason a caller can act on. Stages throw it (or fail a
 * Uni with it); the gRPC edge turns each {@link Kind} into its status code in one place, and puts
 * the violations into {@code google.rpc.BadRequest} details.
 */
public class Refusal extends RuntimeException {

    /** Why the request was refused; one per status code a caller should handle differently. */
    public enum Kind {
        /** The request itself is wrong: fix it before sending it again. */
        INVALID_ARGUMENT,
        /** What the request names does not exist. */
        NOT_FOUND,
        /** The request is valid but the thing it names is not in a state that allows it. */
        FAILED_PRECONDITION,
        /** A limit was reached: the message names the limit and its configuration key. */
        RESOURCE_EXHAUSTED,
        /** Asked for something no longer kept (a cursor older than the retention). */
        OUT_OF_RANGE,
        /** The database could not be reached: the request was not carried out and is safe to retry. */
        UNAVAILABLE
    }

    private final Kind kind;
    private final List<Violation> violations;

    public Refusal(Kind kind, String message, List<Violation> violations) {
        super(message, null, false, false);
        this.kind = kind;
        this.violations = List.copyOf(violations);
    }

    /** Refuses invalid fields; the message lists each on its own line. */
    public static Refusal invalid(List<Violation> violations) {
        return new Refusal(Kind.INVALID_ARGUMENT, String.join("\n", violations.stream().map(Violation::toString).toList()),
                violations);
    }

    public static Refusal invalid(String field, String description) {
        return invalid(List.of(Violation.of(field, description)));
    }

    public static Refusal notFound(String message) {
        return new Refusal(Kind.NOT_FOUND, message, List.of());
    }

    public static Refusal failedPrecondition(String message) {
        return new Refusal(Kind.FAILED_PRECONDITION, message, List.of());
    }

    public static Refusal exhausted(String message) {
        return new Refusal(Kind.RESOURCE_EXHAUSTED, message, List.of());
    }

    public static Refusal outOfRange(String message) {
        return new Refusal(Kind.OUT_OF_RANGE, message, List.of());
    }

    public static Refusal unavailable(String message) {
        return new Refusal(Kind.UNAVAILABLE, message, List.of());
    }

    public Kind kind() {
        return kind;
    }

    public List<Violation> violations() {
        return violations;
    }
}
