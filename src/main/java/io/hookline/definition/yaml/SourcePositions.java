package io.hookline.definition.yaml;

import io.hookline.definition.Violation;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Where each field of a parsed document sits in its text. Validators work on plain specs and report
 * violations without positions; this fills in the line and column of the field, or of the nearest
 * enclosing field that was in the text (a missing {@code hubRef} points at its hook).
 */
public final class SourcePositions {

    /** For specs that did not come from text (gRPC messages): violations keep line and column 0. */
    public static final SourcePositions NONE = new SourcePositions();

    private final Map<String, SourcePosition> byPath = new HashMap<>();

    public void record(String path, SourcePosition position) {
        if (this != NONE) {
            byPath.putIfAbsent(path, position);
        }
    }

    public SourcePosition of(String path) {
        for (String p = path; ; p = FieldPath.parent(p)) {
            SourcePosition found = byPath.get(p);
            if (found != null) {
                return found;
            }
            if (p.isEmpty()) {
                return SourcePosition.NONE;
            }
        }
    }

    /** The violation with the position of its field, unless it already has one. */
    public Violation locate(Violation violation) {
        if (violation.line() > 0) {
            return violation;
        }
        SourcePosition position = of(violation.field());
        return new Violation(violation.field(), violation.description(), position.line(), position.column());
    }

    public List<Violation> locate(List<Violation> violations) {
        return violations.stream().map(this::locate).toList();
    }
}
