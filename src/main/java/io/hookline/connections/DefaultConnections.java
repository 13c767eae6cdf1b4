package io.hookline.connections;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;

/**
 * Reads {@code default: true}, which makes a connection the one a hook without {@code connection}
 * uses among the connections of its kind; at most one per kind.
 */
final class DefaultConnections {

    private final CatalogProblems problems;
    private final Map<ConnectionKind, String> firstByKind = new EnumMap<>(ConnectionKind.class);

    DefaultConnections(CatalogProblems problems) {
        this.problems = problems;
    }

    /** Whether the entry says {@code default: true}; a second default of one kind is a problem. */
    boolean marked(ObjectNode entry, String path, String name, Optional<ConnectionKind> kind) {
        JsonNode node = entry.get("default");
        if (CatalogShape.isAbsent(node)) {
            return false;
        }
        if (!node.isBoolean()) {
            problems.add(path + ".default", "\"" + node.asText() + "\" is not true or false");
            return false;
        }
        if (!node.asBoolean() || kind.isEmpty()) {
            return false;
        }
        String first = firstByKind.putIfAbsent(kind.get(), name == null ? "" : name);
        if (first != null) {
            problems.add(path + ".default", "connection \"" + first + "\" is already the default "
                    + kind.get().yamlName() + " connection; mark only one of a kind");
            return false;
        }
        return true;
    }
}
