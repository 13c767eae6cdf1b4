package io.hookline.definition.yaml;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.yaml.snakeyaml.error.MarkedYAMLException;

/**
 * A YAML/JSON value that remembers where it was written. Jackson's tree ({@code JsonNode}) forgets
 * token locations, and every Hookline violation must point at a line and column, so documents are
 * read token by token into this small tree instead.
 */
public final class LocatedNode {

    enum Kind { MAPPING, SEQUENCE, SCALAR }

    /** A document that is not YAML or JSON at all; nothing in it can be trusted. */
    static final class SyntaxError extends Exception {
        final SourcePosition position;

        SyntaxError(String message, SourcePosition position) {
            super(message);
            this.position = position;
        }
    }

    public record Key(String name, SourcePosition position) {
    }

    private static final JsonFactory JSON = new JsonFactory();
    private static final YAMLFactory YAML = new YAMLFactory();
    /** Unquoted templates a document may contain before we stop rewriting and give up. */
    private static final int MAX_UNQUOTED_TEMPLATES = 100;

    public final Kind kind;
    public final SourcePosition position;
    public final Map<String, LocatedNode> entries;
    public final Map<String, SourcePosition> keyPositions;
    public final List<Key> duplicateKeys;
    public final List<LocatedNode> items;
    public final Object scalar;
    /**
     * The original text when YAML read an unquoted {@code {{ ... }}} as a flow mapping. Such a
     * document cannot even be parsed (Polyaxon fails on it too); the reader re-reads it with the
     * template quoted so every other problem is still reported, and marks the node here.
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
            try (JsonParser parser = JSON.createParser(text)) {
                return new TreeReader(parser, text, false, Map.of()).document();
            } catch (IOException notJson) {
                // Flow-style YAML also starts with { or [; let the YAML reader decide and report.
            }
        }
        Map<Integer, String> quotedTemplates = new HashMap<>();
        String current = text;
        while (true) {
            TreeReader reader = null;
            try (JsonParser parser = YAML.createParser(current)) {
                reader = new TreeReader(parser, current, true, quotedTemplates);
                return reader.document();
            } catch (JsonProcessingException e) {
                int templateStart = reader == null ? -1 : reader.lastObjectStart;
                if (templateStart >= 0 && current.startsWith("{{", templateStart)
                        && quotedTemplates.size() < MAX_UNQUOTED_TEMPLATES) {
                    int end = scalarEnd(current, templateStart);
                    String template = current.substring(templateStart, end);
                    quotedTemplates.put(templateStart, template);
                    current = current.substring(0, templateStart) + "'" + template.replace("'", "''") + "'"
                            + current.substring(end);
                    continue;
                }
                throw syntaxError(e);
            } catch (IOException e) {
                throw new SyntaxError("could not be read: " + e.getMessage(), SourcePosition.NONE);
            }
        }
    }

    /** Builds the tree from a token stream, recording each token's position. */
    private static final class TreeReader {
        private final JsonParser parser;
        private final String text;
        private final boolean offsetsInCodePoints;
        private final Map<Integer, String> quotedTemplates;
        /** Char offset of the last mapping opened; where an unquoted template makes YAML fail. */
        int lastObjectStart = -1;

        TreeReader(JsonParser parser, String text, boolean offsetsInCodePoints, Map<Integer, String> quotedTemplates) {
            this.parser = parser;
            this.text = text;
            // snakeyaml counts code points; Java strings and Jackson's JSON parser count UTF-16 units.
            this.offsetsInCodePoints = offsetsInCodePoints;
            this.quotedTemplates = quotedTemplates;
        }

        LocatedNode document() throws IOException {
            return parser.nextToken() == null ? null : value();
        }

        private LocatedNode value() throws IOException {
            JsonLocation location = parser.currentTokenLocation();
            SourcePosition position = new SourcePosition(location.getLineNr(), location.getColumnNr());
            JsonToken token = parser.currentToken();
            switch (token) {
                case START_OBJECT -> {
                    lastObjectStart = offset(location);
                    LocatedNode node = new LocatedNode(Kind.MAPPING, position, null, null);
                    while (parser.nextToken() == JsonToken.FIELD_NAME) {
                        JsonLocation keyLocation = parser.currentTokenLocation();
                        Key key = new Key(parser.currentName(),
                                new SourcePosition(keyLocation.getLineNr(), keyLocation.getColumnNr()));
                        parser.nextToken();
                        LocatedNode value = value();
                        if (node.entries.containsKey(key.name())) {
                            node.duplicateKeys.add(key);
                        }
                        node.entries.put(key.name(), value);
                        node.keyPositions.put(key.name(), key.position());
                    }
                    return node;
                }
                case START_ARRAY -> {
                    LocatedNode node = new LocatedNode(Kind.SEQUENCE, position, null, null);
                    while (parser.nextToken() != JsonToken.END_ARRAY) {
                        node.items.add(value());
                    }
                    return node;
                }
                case VALUE_STRING -> {
                    String template = quotedTemplates.get(offset(location));
                    return new LocatedNode(Kind.SCALAR, position, template != null ? template : parser.getText(),
                            template);
                }
                case VALUE_NUMBER_INT -> {
                    Number number = parser.getNumberValue();
                    Object value = number instanceof BigInteger big && big.bitLength() >= 64 ? big : number.longValue();
                    return new LocatedNode(Kind.SCALAR, position, value, null);
                }
                case VALUE_NUMBER_FLOAT -> {
                    return new LocatedNode(Kind.SCALAR, position, parser.getDoubleValue(), null);
                }
                case VALUE_TRUE, VALUE_FALSE -> {
                    return new LocatedNode(Kind.SCALAR, position, token == JsonToken.VALUE_TRUE, null);
                }
                default -> {
                    return new LocatedNode(Kind.SCALAR, position, null, null);
                }
            }
        }

        private int offset(JsonLocation location) {
            long raw = location.getCharOffset();
            if (raw < 0 || !offsetsInCodePoints) {
                return (int) raw;
            }
            try {
                return text.offsetByCodePoints(0, (int) raw);
            } catch (IndexOutOfBoundsException e) {
                return (int) raw;
            }
        }
    }

    /**
     * End (exclusive) of the scalar the user meant, starting with a template: {@code {{ x }}-slack}
     * is one value. It stops at the end of the line, a comment, or what closes an enclosing flow
     * collection ({@code {value: {{ x }}}}).
     */
    private static int scalarEnd(String text, int start) {
        int end = templateEnd(text, start);
        while (end < text.length()) {
            char c = text.charAt(end);
            if (c == '\n' || c == '\r' || c == ',' || c == ']' || c == '}'
                    || c == '#' && Character.isWhitespace(text.charAt(end - 1))) {
                break;
            }
            end = text.startsWith("{{", end) ? templateEnd(text, end) : end + 1;
        }
        while (end > start && Character.isWhitespace(text.charAt(end - 1))) {
            end--;
        }
        return end;
    }

    /** End (exclusive) of the balanced {@code {{ ... }}} starting at {@code start}. */
    private static int templateEnd(String text, int start) {
        int depth = 0;
        for (int i = start; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '{') {
                depth++;
            } else if (c == '}' && --depth == 0) {
                return i + 1;
            } else if (c == '\n' && depth <= 0) {
                return i;
            }
        }
        return text.stripTrailing().length();
    }

    private static SyntaxError syntaxError(JsonProcessingException e) {
        if (e.getCause() instanceof MarkedYAMLException yaml && yaml.getProblemMark() != null) {
            String context = yaml.getContext() == null ? "" : yaml.getContext() + ": ";
            return new SyntaxError("is not valid YAML: " + context + yaml.getProblem(),
                    new SourcePosition(yaml.getProblemMark().getLine() + 1, yaml.getProblemMark().getColumn() + 1));
        }
        JsonLocation location = e.getLocation();
        String message = e.getOriginalMessage().lines().findFirst().orElse("");
        return new SyntaxError("is not valid YAML or JSON: " + message,
                location == null ? SourcePosition.NONE : new SourcePosition(location.getLineNr(), location.getColumnNr()));
    }
}
