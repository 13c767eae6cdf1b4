package io.hookline.definition.yaml;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.math.BigInteger;

/**
 * Reads a JSON document token by token with Jackson. SnakeYAML reads YAML 1.1, which is not quite
 * a superset of JSON: it refuses a tab between tokens ({@code {"a":\t1}}: "found character '\t'
 * that cannot start any token") and the {@code \/} escape ("found unknown escape character /"),
 * both valid JSON that Hookline has always accepted.
 */
final class JsonTreeReader {

    private static final JsonFactory JSON = new JsonFactory();

    private final JsonParser parser;

    private JsonTreeReader(JsonParser parser) {
        this.parser = parser;
    }

    /** The document, or null when the text is not JSON. */
    static LocatedNode read(String text) {
        try (JsonParser parser = JSON.createParser(text)) {
            return parser.nextToken() == null ? null : new JsonTreeReader(parser).value();
        } catch (IOException notJson) {
            return null;
        }
    }

    private LocatedNode value() throws IOException {
        SourcePosition position = position(parser.currentTokenLocation());
        JsonToken token = parser.currentToken();
        return switch (token) {
            case START_OBJECT -> {
                LocatedNode node = LocatedNode.mapping(position);
                while (parser.nextToken() == JsonToken.FIELD_NAME) {
                    LocatedNode.Key key = new LocatedNode.Key(parser.currentName(), position(parser.currentTokenLocation()));
                    parser.nextToken();
                    node.put(key, value());
                }
                yield node;
            }
            case START_ARRAY -> {
                LocatedNode node = LocatedNode.sequence(position);
                while (parser.nextToken() != JsonToken.END_ARRAY) {
                    node.items.add(value());
                }
                yield node;
            }
            case VALUE_STRING -> LocatedNode.scalar(position, parser.getText());
            case VALUE_NUMBER_INT -> {
                Number number = parser.getNumberValue();
                yield LocatedNode.scalar(position,
                        number instanceof BigInteger big && big.bitLength() >= 64 ? big : number.longValue());
            }
            case VALUE_NUMBER_FLOAT -> LocatedNode.scalar(position, parser.getDoubleValue());
            case VALUE_TRUE, VALUE_FALSE -> LocatedNode.scalar(position, token == JsonToken.VALUE_TRUE);
            default -> LocatedNode.scalar(position, null);
        };
    }

    private static SourcePosition position(JsonLocation location) {
        return new SourcePosition(location.getLineNr(), location.getColumnNr());
    }
}
