package io.hookline.definition;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The connections configured at deploy time, by name; only names and kinds, never URLs or secrets. */
public interface ConnectionLookup {

    /** The kind ({@code slack}, {@code webhook}, ...) of the connection of that name, if configured. */
    Optional<String> kind(String name);

    /** Every configured name, for "did you mean" and "configured connections are ..." messages. */
    Collection<String> names();

    /**
     * The connection a hook that names none uses for a component sent through {@code kind}
     * ({@code default: true} in the catalog, or the only job runner of that kind), if any.
     */
    default Optional<String> defaultFor(String kind) {
        return Optional.empty();
    }

    /** A lookup over a fixed map of connection name to kind. */
    static ConnectionLookup of(Map<String, String> kindsByName) {
        return of(kindsByName, Map.of());
    }

    /** A lookup over a fixed map of connection name to kind, and kind to default connection name. */
    static ConnectionLookup of(Map<String, String> kindsByName, Map<String, String> defaultByKind) {
        Map<String, String> copy = Map.copyOf(kindsByName);
        Map<String, String> defaults = Map.copyOf(defaultByKind);
        List<String> names = copy.keySet().stream().sorted().toList();
        return new ConnectionLookup() {
            @Override
            public Optional<String> kind(String name) {
                return Optional.ofNullable(copy.get(name));
            }

            @Override
            public Collection<String> names() {
                return names;
            }

            @Override
            public Optional<String> defaultFor(String kind) {
                return Optional.ofNullable(defaults.get(kind));
            }
        };
    }
}
