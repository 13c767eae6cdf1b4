package io.hookline.definition.yaml;

import io.hookline.definition.Suggestions;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One YAML/JSON mapping being read into a spec with a fixed set of fields. Reading a field checks
 * its type and reports a precise violation (path, what was found, what would be right); unknown and
 * duplicate keys are reported once, when the mapping is opened.
 *
 * <p>Polyaxon's schemas accept both the camelCase wire names and the snake_case attribute names
 * ({@code toInit} and {@code to_init} are both in its {@code V1_PARAM_KEYS}), so a snake_case key is
 * read as its camelCase field.
 */
public final class LocatedMapping {

    private final LocatedNode node;
    private final String path;
    private final ParseFindings findings;
    private final Map<String, LocatedNode> fields = new LinkedHashMap<>();

    private LocatedMapping(LocatedNode node, String path, ParseFindings findings) {
        this.node = node;
        this.path = path;
        this.findings = findings;
    }

    /**
     * Opens {@code node} as a mapping of the given fields, reporting unknown and repeated keys.
     *
     * @param what how the user calls the thing, for messages: "a hook", "a param"
     */
    public static LocatedMapping open(LocatedNode node, String path, String what, List<String> knownFields,
            ParseFindings findings) {
        LocatedMapping mapping = new LocatedMapping(node, path, findings);
        findings.positions.record(path, node.position);
        Documents.reportRepeatedKeys(node, path, findings);
        node.entries.forEach((key, value) -> {
            String field = knownFields.contains(key) ? key : camelCase(key);
            SourcePosition keyPosition = node.keyPositions.get(key);
            if (!knownFields.contains(field)) {
                String hint = Suggestions.closest(key, knownFields).map(name -> "; did you mean `" + name + "`?")
                        .orElse("; " + what + " has " + String.join(", ", knownFields));
                findings.add(FieldPath.child(path, key), "unknown field `" + key + "`" + hint, keyPosition);
            } else if (mapping.fields.containsKey(field)) {
                findings.add(FieldPath.child(path, key), "`" + key + "` repeats `" + field
                        + "` (the same field in snake_case); keep one", keyPosition);
            } else {
                mapping.fields.put(field, value);
                findings.positions.record(FieldPath.child(path, field), value.position);
            }
        });
        return mapping;
    }

    public static String camelCase(String key) {
        StringBuilder camel = new StringBuilder();
        boolean upper = false;
        for (char c : key.toCharArray()) {
            if (c == '_') {
                upper = camel.length() > 0;
            } else {
                camel.append(upper ? Character.toUpperCase(c) : c);
                upper = false;
            }
        }
        return camel.toString();
    }

    public String path() {
        return path;
    }

    public SourcePosition position() {
        return node.position;
    }

    public String path(String field) {
        return FieldPath.child(path, field);
    }

    public boolean has(String field) {
        return fields.containsKey(field);
    }

    /** The field's node, or null when absent. */
    public LocatedNode node(String field) {
        return fields.get(field);
    }

    /** Null when absent or null; a wrong type is reported and read as null. */
    public String string(String field) {
        LocatedNode value = present(field);
        return value == null ? null : LocatedMapping.string(value, path(field), findings);
    }

    public static String string(LocatedNode value, String path, ParseFindings findings) {
        if (value.unquotedTemplate != null) {
            reportUnquotedTemplate(value, path, findings, " must be a string;");
            return value.unquotedTemplate;
        }
        if (value.scalar instanceof String text) {
            return text;
        }
        if (value.isNull()) {
            return null;
        }
        String name = FieldPath.lastSegment(path);
        String fix = value.kind == LocatedNode.Kind.SCALAR ? " (quote it: " + name + ": '" + value.scalar + "')" : "";
        findings.add(path, name + " must be a string, found " + describe(value) + fix, value.position);
        return null;
    }

    public Boolean bool(String field) {
        LocatedNode value = present(field);
        if (value == null) {
            return null;
        }
        if (value.scalar instanceof Boolean b) {
            return b;
        }
        wrongType(field, value, "true or false");
        return null;
    }

    public Number number(String field) {
        LocatedNode value = present(field);
        if (value == null) {
            return null;
        }
        if (value.scalar instanceof Number n) {
            return n;
        }
        wrongType(field, value, "a number");
        return null;
    }

    public Integer count(String field) {
        LocatedNode value = present(field);
        if (value == null) {
            return null;
        }
        if (value.scalar instanceof Long n && n >= 0 && n <= Integer.MAX_VALUE) {
            return n.intValue();
        }
        wrongType(field, value, "a whole number, 0 or more");
        return null;
    }

    /** A list of strings; empty when absent. */
    public List<String> strings(String field) {
        LocatedNode value = present(field);
        if (value == null) {
            return List.of();
        }
        if (!value.isSequence()) {
            String example = value.scalar instanceof String text ? " (write " + field + ": [" + text + "])" : "";
            wrongType(field, value, "a list of strings" + example);
            return List.of();
        }
        List<String> strings = new ArrayList<>();
        for (int i = 0; i < value.items.size(); i++) {
            String item = string(value.items.get(i), FieldPath.item(path(field), i), findings);
            if (item != null) {
                strings.add(item);
            }
        }
        return List.copyOf(strings);
    }

    /** The items of a list field; empty when absent or not a list (reported). */
    public List<LocatedNode> list(String field, String expected) {
        LocatedNode value = present(field);
        if (value == null) {
            return List.of();
        }
        if (!value.isSequence()) {
            wrongType(field, value, expected);
            return List.of();
        }
        return value.items;
    }

    /** The field as a mapping; null when absent or not a mapping (reported). */
    public LocatedNode mapping(String field, String expected) {
        LocatedNode value = present(field);
        if (value == null) {
            return null;
        }
        if (!value.isMapping()) {
            wrongType(field, value, expected);
            return null;
        }
        return value;
    }

    /** Any value as plain Java (see {@link LocatedNode#toPlain()}), reporting unquoted templates inside. */
    public Object plain(String field) {
        LocatedNode value = fields.get(field);
        return value == null ? null : plain(value, path(field), findings);
    }

    public static Object plain(LocatedNode value, String path, ParseFindings findings) {
        reportUnquotedTemplates(value, path, findings);
        return value.toPlain();
    }

    private static void reportUnquotedTemplates(LocatedNode value, String path, ParseFindings findings) {
        if (value.unquotedTemplate != null) {
            reportUnquotedTemplate(value, path, findings, ":");
        }
        value.entries.forEach((key, child) -> reportUnquotedTemplates(child, FieldPath.child(path, key), findings));
        for (int i = 0; i < value.items.size(); i++) {
            reportUnquotedTemplates(value.items.get(i), FieldPath.item(path, i), findings);
        }
    }

    private static void reportUnquotedTemplate(LocatedNode value, String path, ParseFindings findings, String lead) {
        String name = FieldPath.lastSegment(path);
        String quote = value.unquotedTemplate.contains("'")
                ? "\"" + value.unquotedTemplate.replace("\"", "\\\"") + "\""
                : "'" + value.unquotedTemplate + "'";
        findings.add(path, name + lead + " an unquoted {{ ... }} is read by YAML as a mapping — quote it: "
                + name + ": " + quote, value.position);
    }

    /** The field's node unless absent or null; a value that is an unquoted template is not null. */
    private LocatedNode present(String field) {
        LocatedNode value = fields.get(field);
        return value == null || value.isNull() && value.unquotedTemplate == null ? null : value;
    }

    private void wrongType(String field, LocatedNode value, String expected) {
        if (value.unquotedTemplate != null) {
            reportUnquotedTemplate(value, path(field), findings, ":");
            return;
        }
        findings.add(path(field), field + " must be " + expected + ", found " + describe(value), value.position);
    }

    public static String describe(LocatedNode value) {
        return switch (value.kind) {
            case MAPPING -> "a mapping";
            case SEQUENCE -> "a list";
            case SCALAR -> describe(value.scalar);
        };
    }

    public static String describe(Object plain) {
        if (plain == null) {
            return "nothing (null)";
        }
        if (plain instanceof Map<?, ?>) {
            return "a mapping";
        }
        if (plain instanceof List<?>) {
            return "a list";
        }
        if (plain instanceof Boolean) {
            return "the boolean " + plain;
        }
        if (plain instanceof Number) {
            return "the number " + plain;
        }
        return "the string `" + plain + "`";
    }
}
