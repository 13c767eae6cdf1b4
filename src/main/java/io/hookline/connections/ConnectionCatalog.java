package io.hookline.connections;

import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The connections configured at deploy time, by name, in file order. Immutable: a changed file
 * takes effect on restart (a Kubernetes Secret update rolls the Deployment).
 */
public final class ConnectionCatalog {

    private static final ConnectionCatalog EMPTY = new ConnectionCatalog(List.of(), List.of());

    private final Map<String, Connection> byName;
    private final SecretMasker masker;
    private final List<String> warnings;

    private ConnectionCatalog(List<Connection> connections, List<String> warnings) {
        this.warnings = List.copyOf(warnings);
        Map<String, Connection> map = new LinkedHashMap<>();
        for (Connection connection : connections) {
            if (map.putIfAbsent(connection.name(), connection) != null) {
                throw new IllegalArgumentException("connection " + connection.name() + " is defined twice");
            }
        }
        this.byName = Collections.unmodifiableMap(map);
        this.masker = SecretMasker.of(map.values());
    }

    public static ConnectionCatalog of(List<Connection> connections) {
        return of(connections, List.of());
    }

    /** @param warnings what loads but needs the operator's attention, each naming its entry; never a secret */
    public static ConnectionCatalog of(List<Connection> connections, List<String> warnings) {
        return connections.isEmpty() && warnings.isEmpty() ? EMPTY : new ConnectionCatalog(connections, warnings);
    }

    /** No file configured: hooks that name a connection fail to render with "unknown connection". */
    public static ConnectionCatalog empty() {
        return EMPTY;
    }

    public Optional<Connection> find(String name) {
        return Optional.ofNullable(byName.get(name));
    }

    /** Names in file order. */
    public List<String> names() {
        return List.copyOf(byName.keySet());
    }

    public Optional<ConnectionKind> kindOf(String name) {
        return find(name).map(Connection::kind);
    }

    public Collection<Connection> connections() {
        return byName.values();
    }

    public boolean isEmpty() {
        return byName.isEmpty();
    }

    /** What loaded but needs the operator's attention (a retiring Teams connector URL), in file order. */
    public List<String> warnings() {
        return warnings;
    }

    /** Masks every URL and secret of this catalog. */
    public SecretMasker masker() {
        return masker;
    }
}
