package io.hookline.definition;

import java.util.List;

/**
 * A hook param, Polyaxon's V1Param.
 *
 * @param value       any JSON value as plain Java (Map, List, String, Long, Double, Boolean) or null;
 *                    with {@code ref}, the string naming what to read
 * @param ref         where {@code value} is read from ({@code runs.<uuid>}, {@code dag}, ...), or null
 * @param contextOnly passed to templates by name only; not checked against the component's IO
 * @param connection  a connection this param refers to, or null
 * @param toInit      Polyaxon's toInit flag (kept for compatibility)
 * @param toEnv       Polyaxon's toEnv variable name (kept for compatibility), or null
 */
public record ParamSpec(Object value, String ref, boolean contextOnly, String connection, boolean toInit, String toEnv) {

    /** Polyaxon's V1_PARAM_KEYS (camelCase; snake_case spellings are read as these). */
    public static final List<String> FIELDS = List.of("value", "ref", "contextOnly", "connection", "toInit", "toEnv");

    /** The short form: {@code loss: 0.1} is {@code loss: {value: 0.1}}. */
    public static ParamSpec of(Object value) {
        return new ParamSpec(value, null, false, null, false, null);
    }
}
