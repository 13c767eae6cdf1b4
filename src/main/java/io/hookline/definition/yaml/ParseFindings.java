package io.hookline.definition.yaml;

import io.hookline.definition.ParseResult;
import io.hookline.definition.Violation;
import java.util.ArrayList;
import java.util.List;

/** What a parser has found so far: violations, and where each field it read sat in the text. */
public final class ParseFindings {

    public final List<Violation> violations = new ArrayList<>();
    public final SourcePositions positions = new SourcePositions();

    public void add(String path, String description, SourcePosition position) {
        violations.add(new Violation(path, description, position.line(), position.column()));
    }

    /**
     * Adds rule violations (found on the spec, without positions), except those on a field the
     * parser already reported, or inside one: a hook whose {@code hubRef} was a list is not also
     * "missing its hubRef".
     */
    public void addRuleViolations(List<Violation> ruleViolations) {
        List<String> reported = violations.stream().map(Violation::field).toList();
        for (Violation violation : ruleViolations) {
            boolean alreadyReported = reported.stream().anyMatch(field -> field.equals(violation.field())
                    || violation.field().startsWith(field + ".") || violation.field().startsWith(field + "["));
            if (!alreadyReported) {
                violations.add(positions.locate(violation));
            }
        }
    }

    public <T> ParseResult<T> result(T value) {
        return new ParseResult<>(value, violations, positions);
    }
}
