package io.hookline.definition;

/**
 * One problem with one field of a definition or event.
 *
 * @param field       path of the field, e.g. {@code hooks[2].params.loss.value} or {@code run.uuid}
 * @param description what is wrong and, where possible, what would be right; never a secret
 * @param line        1-based line in YAML/JSON text, 0 when the field did not come from text
 * @param column      1-based column in YAML/JSON text, 0 when the field did not come from text
 */
public record Violation(String field, String description, int line, int column) {

    public static Violation of(String field, String description) {
        return new Violation(field, description, 0, 0);
    }

    /** {@code field: description (line L, column C)} as shown to users. */
    @Override
    public String toString() {
        return line > 0
                ? field + ": " + description + " (line " + line + ", column " + column + ")"
                : field + ": " + description;
    }
}
