package io.hookline.definition;

import io.hookline.definition.yaml.SourcePositions;
import java.util.List;

/**
 * What a parser made of a document: the value (possibly partial, or null when the document was
 * unusable), every violation found, and where each field sat in the text so that later semantic
 * violations can be located too ({@code result.positions().locate(HookValidator.validate(...))}).
 */
public record ParseResult<T>(T value, List<Violation> violations, SourcePositions positions) {

    public ParseResult {
        violations = List.copyOf(violations);
    }

    public boolean valid() {
        return violations.isEmpty();
    }
}
