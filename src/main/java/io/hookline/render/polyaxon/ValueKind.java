package io.hookline.render.polyaxon;

import java.util.List;
import java.util.Map;

/** The kinds of plain data a run's context holds, as Polyaxon users think of them. */
enum ValueKind {
    NONE("none"), BOOLEAN("a boolean"), NUMBER("a number"), STRING("a string"), MAP("a map"), LIST("a list");

    private static final int SHOWN_CHARACTERS = 40;

    private final String article;

    ValueKind(String article) {
        this.article = article;
    }

    static ValueKind of(Object value) {
        if (value == null) {
            return NONE;
        }
        if (value instanceof Boolean) {
            return BOOLEAN;
        }
        if (value instanceof Number) {
            return NUMBER;
        }
        if (value instanceof Map) {
            return MAP;
        }
        if (value instanceof List) {
            return LIST;
        }
        return STRING;
    }

    /** e.g. {@code a string ("high")} or {@code none}, with long values shortened. */
    String describe(Object value) {
        if (this == NONE || this == MAP || this == LIST) {
            return article;
        }
        String shown = this == STRING ? "\"" + value + "\"" : String.valueOf(value);
        if (shown.length() > SHOWN_CHARACTERS) {
            shown = shown.substring(0, SHOWN_CHARACTERS) + "...";
        }
        return article + " (" + shown + ")";
    }
}
