package io.hookline.spec;

import java.util.ArrayList;
import java.util.List;

/** What a parser has found so far: violations, and where each field it read sat in the text. */
final class ParseFindings {

    final List<Violation> violations = new ArrayList<>();
    final SourcePositions positions = new SourcePositions();

    void add(String path, String description, SourcePosition position) {
        violations.add(new Violation(path, description, position.line(), position.column()));
    }

    /**
     * Adds rule violations (found on the spec, without positions), except those on a field the
     * parser already reported, or inside one: a hook whose {@code hubRef} was a list is not also
     * "missing its hubRef".
     */
    void addRuleViolations(List<Violation> ruleViolations) {
        List<String> reported = violations.stream().map(Violation::field).toList();
        for (Violation violation : ruleViolations) {
            boolean alreadyReported = reported.stream().anyMatch(field -> field.equals(violation.field())
                    || violation.field().startsWith(field + ".") || violation.field().startsWith(field + "["));
            if (!alreadyReported) {
                violations.add(positions.locate(violation));
            }
        }
    }

    <T> ParseResult<T> result(T value) {
        return new ParseResult<>(value, violations, positions);
    }
}
