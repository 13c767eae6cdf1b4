package io.hookline.definition.yaml;

/** A 1-based line and column in YAML/JSON text; {@link #NONE} when a value did not come from text. */
public record SourcePosition(int line, int column) {

    public static final SourcePosition NONE = new SourcePosition(0, 0);
}
