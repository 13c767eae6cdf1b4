package io.hookline.connections;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The connections configured at deploy time, by name, in file order. Immutable: a changed file
 * takes effect on restart (a Kubernetes Secret update rolls the Deployment).
 */
public final class ConnectionCatalog {

    private static final ConnectionCatalog EMPTY = new ConnectionCatalog(List.of(), List.of(), List.of());

    private final Map<String, Connection> byName;
    private final Map<ConnectionKind, Connection> defaults;
    private final Map<String, Map<ConnectionKind, Connection>> namespaceDefaults;
    private final SecretMasker masker;
    private final List<String> warnings;

    private ConnectionCatalog(List<Connection> connections, List<String> markedDefault, List<String> warnings) {
        this(connections, markedDefault, warnings, Map.of());
    }

    private ConnectionCatalog(List<Connection> connections, List<String> markedDefault, List<String> warnings,
                              Map<String, Map<ConnectionKind, Connection>> namespaceDefaults) {
        this.warnings = List.copyOf(warnings);
        this.namespaceDefaults = Map.copyOf(namespaceDefaults);
        Map<String, Connection> map = new LinkedHashMap<>();
        for (Connection connection : connections) {
            if (map.putIfAbsent(connection.name(), connection) != null) {
                throw new IllegalArgumentException("connection " + connection.name() + " is defined twice");
            }
        }
        this.byName = Collections.unmodifiableMap(map);
        this.defaults = defaultsByKind(map, markedDefault);
        this.masker = SecretMasker.of(map.values());
    }

    public static ConnectionCatalog of(List<Connection> connections) {
        return of(connections, List.of(), List.of());
    }

    /**
     * @param markedDefault names of connections marked {@code default: true}, at most one per kind
     * @param warnings      what loads but needs the operator's attention, each naming its entry; never a secret
     */
    public static ConnectionCatalog of(List<Connection> connections, List<String> markedDefault, List<String> warnings) {
        return connections.isEmpty() && warnings.isEmpty() ? EMPTY
                : new ConnectionCatalog(connections, markedDefault, warnings);
    }

    /**
     * The one marked default of each kind, else, for a job runner, the only connection of that
     * kind. A notifier needs the mark: a message sent to the only Slack channel by accident is
     * worse than a hook refused for naming none.
     */
    private static Map<ConnectionKind, Connection> defaultsByKind(Map<String, Connection> byName,
            List<String> markedDefault) {
        Map<ConnectionKind, Connection> defaults = new EnumMap<>(ConnectionKind.class);
        Map<ConnectionKind, Integer> counts = new EnumMap<>(ConnectionKind.class);
        byName.values().forEach(c -> counts.merge(c.kind(), 1, Integer::sum));
        byName.values().stream().filter(c -> c.kind().startsJobs() && counts.get(c.kind()) == 1).forEach(c -> defaults.put(c.kind(), c));
        for (String name : markedDefault) {
            Connection marked = byName.get(name);
            if (marked != null) {
                defaults.put(marked.kind(), marked);
            }
        }
        return Collections.unmodifiableMap(defaults);
    }

    /**
     * The connection a hook without {@code connection} goes to among those of {@code kind}: the one
     * marked {@code default: true}, else (for a job runner) the only one of that kind; empty
     * when there is none or several unmarked.
     */
    public Optional<Connection> defaultFor(ConnectionKind kind) {
        return Optional.ofNullable(defaults.get(kind));
    }

    /**
     * This catalog with {@code name} the default of its kind, over any connection marked so
     * ({@code hookline.hooks.default-connection}).
     *
     * @throws IllegalArgumentException when no connection has that name
     */
    public ConnectionCatalog withDefault(String name) {
        if (!byName.containsKey(name)) {
            throw new IllegalArgumentException("hookline.hooks.default-connection: no connection named `" + name
                    + "` in the catalog; it has " + names());
        }
        List<String> marked = new ArrayList<>(defaults.values().stream().map(Connection::name).toList());
        marked.add(name);
        return new ConnectionCatalog(List.copyOf(byName.values()), marked, warnings, namespaceDefaults);
    }

    /**
     * This catalog with per-namespace defaults ({@code hookline.hooks.namespace-defaults}): for a run
     * of a namespace, a project {@code owner/name} or an owner, each named connection is the default
     * of its kind.
     *
     * @throws IllegalArgumentException naming the key, when a name is not in the catalog or two share a kind
     */
    public ConnectionCatalog withNamespaceDefaults(Map<String, List<String>> connectionsByNamespace) {
        Map<String, Map<ConnectionKind, Connection>> byNamespace = new LinkedHashMap<>();
        connectionsByNamespace.forEach((namespace, names) -> {
            String key = "hookline.hooks.namespace-defaults.\"" + namespace + "\".connections";
            Map<ConnectionKind, Connection> kinds = new EnumMap<>(ConnectionKind.class);
            for (String name : names) {
                Connection connection = byName.get(name);
                if (connection == null) {
                    throw new IllegalArgumentException(key + ": no connection named `" + name + "` in the catalog; it has "
                            + names());
                }
                Connection other = kinds.putIfAbsent(connection.kind(), connection);
                if (other != null) {
                    throw new IllegalArgumentException(key + ": `" + other.name() + "` and `" + name + "` are both of kind "
                            + connection.kind().yamlName() + "; name one default of a kind per namespace");
                }
            }
            byNamespace.put(namespace, Collections.unmodifiableMap(kinds));
        });
        return new ConnectionCatalog(List.copyOf(byName.values()), defaults.values().stream().map(Connection::name)
                .toList(), warnings, byNamespace);
    }

    /**
     * The connection a hook without {@code connection} of a run in {@code project} goes to among
     * those of {@code kind}: its project's namespace default, else its owner's, else {@link #defaultFor(ConnectionKind)}.
     */
    public Optional<Connection> defaultFor(ConnectionKind kind, String project) {
        for (String namespace : namespacesOf(project)) {
            Connection connection = namespaceDefaults.getOrDefault(namespace, Map.of()).get(kind);
            if (connection != null) {
                return Optional.of(connection);
            }
        }
        return defaultFor(kind);
    }

    /**
     * The configured namespaces a project's runs take defaults from, most specific first: the
     * project, then its owner. Runs of projects with the same list have the same defaults.
     */
    public List<String> namespacesOf(String project) {
        if (namespaceDefaults.isEmpty()) {
            return List.of();
        }
        List<String> namespaces = new ArrayList<>(2);
        if (namespaceDefaults.containsKey(project)) {
            namespaces.add(project);
        }
        int slash = project.indexOf('/');
        if (slash > 0 && namespaceDefaults.containsKey(project.substring(0, slash))) {
            namespaces.add(project.substring(0, slash));
        }
        return namespaces;
    }

    /** Whether some namespace, or the catalog itself, has a default of {@code kind}. */
    public boolean anyDefaultFor(ConnectionKind kind) {
        return defaults.containsKey(kind) || namespaceDefaults.values().stream().anyMatch(d -> d.containsKey(kind));
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
