package io.hookline.connections;

import io.hookline.definition.Violation;
import java.util.ArrayList;
import java.util.List;

/** The problems found so far in one catalog, in the order they were found, to report all at once. */
final class CatalogProblems {

    private final List<Violation> violations = new ArrayList<>();

    void add(String field, String description) {
        violations.add(Violation.of(field, description));
    }

    int count() {
        return violations.size();
    }

    List<Violation> all() {
        return List.copyOf(violations);
    }
}
