package io.hookline.definition.yaml;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A YAML/JSON value that remembers where it was written, because every Hookline violation points
 * at a line and column. YAML is read from SnakeYAML's composed nodes ({@link YamlTreeReader}),
 * JSON from Jackson's tokens ({@link JsonTreeReader}).
 */
public final class LocatedNode {

    enum Kind { MAPPING, SEQUENCE, SCALAR }

    /** A document that is not YAML or JSON at all, or that is refused; nothing in it can be trusted. */
    static final class SyntaxError extends Exception {
        final SourcePosition position;

        SyntaxError(String message, SourcePosition position) {
            super(message);
            this.position = position;
        }
    }

    public record Key(String name, SourcePosition position) {
    }

    public final Kind kind;
    public final SourcePosition position;
    public final Map<String, LocatedNode> entries;
    public final Map<String, SourcePosition> keyPositions;
    public final List<Key> duplicateKeys;
    public final List<LocatedNode> items;
    public final Object scalar;
    /**
     * The original text when YAML read an unquoted {@code {{ ... }}} as a flow mapping (Polyaxon's
     * own docstrings write {@code conditions: {{ loss > 0.9 }}}, which PyYAML cannot load either).
     * The node is then a string, so that every other problem of the document is still reported.
     */
    public final String unquotedTemplate;

    private LocatedNode(Kind kind, SourcePosition position, Object scalar, String unquotedTemplate) {
        this.kind = kind;
        this.position = position;
        this.scalar = scalar;
        this.unquotedTemplate = unquotedTemplate;
        this.entries = kind == Kind.MAPPING ? new LinkedHashMap<>() : Map.of();
        this.keyPositions = kind == Kind.MAPPING ? new HashMap<>() : Map.of();
        this.duplicateKeys = kind == Kind.MAPPING ? new ArrayList<>() : List.of();
        this.items = kind == Kind.SEQUENCE ? new ArrayList<>() : List.of();
    }

    static LocatedNode mapping(SourcePosition position) {
        return new LocatedNode(Kind.MAPPING, position, null, null);
    }

    static LocatedNode sequence(SourcePosition position) {
        return new LocatedNode(Kind.SEQUENCE, position, null, null);
    }

    /** A list of one value, written where the value is: a single hook read as a list of hooks. */
    public static LocatedNode listOf(LocatedNode item) {
        LocatedNode list = sequence(item.position);
        list.items.add(item);
        return list;
    }

    /** @param value String, Long, BigInteger, Double, Boolean or null */
    static LocatedNode scalar(SourcePosition position, Object value) {
        return new LocatedNode(Kind.SCALAR, position, value, null);
    }

    static LocatedNode unquotedTemplate(SourcePosition position, String template) {
        return new LocatedNode(Kind.SCALAR, position, template, template);
    }

    /** Adds an entry; a repeated key keeps the last value, as YAML loaders do, and is remembered. */
    void put(Key key, LocatedNode value) {
        if (entries.containsKey(key.name())) {
            duplicateKeys.add(key);
        }
        entries.put(key.name(), value);
        keyPositions.put(key.name(), key.position());
    }

    public boolean isMapping() {
        return kind == Kind.MAPPING;
    }

    public boolean isSequence() {
        return kind == Kind.SEQUENCE;
    }

    public boolean isNull() {
        return kind == Kind.SCALAR && scalar == null;
    }

    /** The value as plain Java: Map (ordered), List, String, Long/BigInteger, Double, Boolean or null. */
    public Object toPlain() {
        return switch (kind) {
            case SCALAR -> scalar;
            case SEQUENCE -> Collections.unmodifiableList(new ArrayList<>(items.stream().map(LocatedNode::toPlain).toList()));
            case MAPPING -> {
                Map<String, Object> map = new LinkedHashMap<>();
                entries.forEach((key, value) -> map.put(key, value.toPlain()));
                yield Collections.unmodifiableMap(map);
            }
        };
    }

    /** Reads the first document of {@code text}; null when the text holds no document. */
    public static LocatedNode parse(String text) throws SyntaxError {
        String trimmed = text.stripLeading();
        if (trimmed.startsWith("{") && !trimmed.startsWith("{{") || trimmed.startsWith("[")) {
            LocatedNode json = JsonTreeReader.read(text);
            if (json != null) {
                return json;
            }
            // Flow-style YAML also starts with { or [; let the YAML reader decide and report.
        }
        return YamlTreeReader.read(text);
    }
}
