package io.hookline.render.polyaxon;

import java.util.List;

/**
 * A Polyaxon string field split into literal text and {@code {{ ... }}} expressions, e.g.
 * {@code "{{ globals.project_name }}-slack"} is an expression followed by the text {@code -slack}.
 */
record PolyaxonTemplate(List<Segment> segments) {

    sealed interface Segment {
    }

    record Text(String text) implements Segment {
    }

    record Expression(PolyaxonExpression expression) implements Segment {
    }

    boolean hasExpressions() {
        return segments.stream().anyMatch(Expression.class::isInstance);
    }
}
