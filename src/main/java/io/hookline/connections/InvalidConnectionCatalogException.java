package io.hookline.connections;

import io.hookline.definition.Violation;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The connection catalog cannot be used: every problem found, each naming the entry and field.
 * Messages never contain a secret or a URL, only where they were to come from.
 */
public final class InvalidConnectionCatalogException extends RuntimeException {

    private final List<Violation> violations;

    public InvalidConnectionCatalogException(String origin, List<Violation> violations) {
        super("Invalid connection catalog " + origin + ":\n" + violations.stream()
                .map(violation -> "  " + violation)
                .collect(Collectors.joining("\n")));
        this.violations = List.copyOf(violations);
    }

    public List<Violation> violations() {
        return violations;
    }
}
