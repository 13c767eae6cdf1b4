package io.hookline.render.polyaxon;

import java.math.BigDecimal;
import java.util.List;

/**
 * One parsed {@code {{ ... }}} expression of Polyaxon's Jinja-like syntax, reduced to what hooks
 * use: names, literals, comparisons and {@code and/or/not}. {@code column} is 1-based in the text
 * the user wrote, so every message can point at it.
 */
sealed interface PolyaxonExpression {

    int column();

    /** {@code true} when the expression yields a boolean (a comparison or logic), not a value. */
    default boolean isLogical() {
        return !(this instanceof Name || this instanceof Literal);
    }

    /** A dotted name such as {@code globals.project_name} or {@code some-io-param}. */
    record Name(List<String> path, int column) implements PolyaxonExpression {
        String dotted() {
            return String.join(".", path);
        }
    }

    /** A string, a number ({@link BigDecimal}), a boolean or none ({@code null}). */
    record Literal(Object value, int column) implements PolyaxonExpression {
    }

    record Not(PolyaxonExpression operand, int column) implements PolyaxonExpression {
    }

    record And(PolyaxonExpression left, PolyaxonExpression right, int column) implements PolyaxonExpression {
    }

    record Or(PolyaxonExpression left, PolyaxonExpression right, int column) implements PolyaxonExpression {
    }

    /** {@code source} is the comparison as the user wrote it, for type-mismatch messages. */
    record Comparison(PolyaxonExpression left, String operator, PolyaxonExpression right, String source, int column)
            implements PolyaxonExpression {
    }
}
