package io.hookline.render;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Optional;

/**
 * Whether a text is one JSON document, as Jackson's {@code readTree} with trailing tokens refused
 * decides it. Valid bodies, the common case, are only walked token by token: building the tree
 * cost as much as rendering the body. Anything the walk does not accept is read as a tree, so the
 * verdict and the reason are exactly the tree's.
 */
final class JsonSyntax {

    private static final ObjectMapper STRICT_JSON = new ObjectMapper()
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
    private static final JsonFactory TOKENS = STRICT_JSON.getFactory();

    private JsonSyntax() {
    }

    /** Empty when {@code text} is one JSON value; otherwise Jackson's reason with its line and column. */
    static Optional<String> problem(String text) {
        if (isOneValue(text)) {
            return Optional.empty();
        }
        try {
            STRICT_JSON.readTree(text);
            return Optional.empty();
        } catch (JsonProcessingException e) {
            return Optional.of(e.getOriginalMessage() + (e.getLocation() == null ? ""
                    : " (line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr() + ")"));
        }
    }

    private static boolean isOneValue(String text) {
        // A walk skips string values without reading them, so it cannot see one over Jackson's
        // limit; no string is over it when the whole text is not.
        if (text.length() > TOKENS.streamReadConstraints().getMaxStringLength()) {
            return false;
        }
        try (JsonParser parser = TOKENS.createParser(text)) {
            if (parser.nextToken() == null) {
                return false;
            }
            parser.skipChildren();
            return parser.nextToken() == null;
        } catch (JsonProcessingException e) {
            return false;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
