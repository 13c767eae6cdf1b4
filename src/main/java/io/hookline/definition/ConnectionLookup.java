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

    /** A lookup over a fixed map of connection name to kind. */
    static ConnectionLookup of(Map<String, String> kindsByName) {
        Map<String, String> copy = Map.copyOf(kindsByName);
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
        };
    }
}
