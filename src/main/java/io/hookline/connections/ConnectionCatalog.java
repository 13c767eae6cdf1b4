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
 * The connections configured at deploy time, by name, in file order. A catalog made by
 * {@link #of} never changes. The application's own catalog is {@link #following} its file: when
 * the file changes validly, {@link CatalogFileWatch} puts the new connections in it, so whoever
 * looks a connection up gets the current one, and a send that already has its {@link Connection}
 * finishes with it. Take a {@link #snapshot} where several reads must agree.
 */
public final class ConnectionCatalog {

    private static final ConnectionCatalog EMPTY = new ConnectionCatalog(List.of(), List.of(), List.of());

    /** One version of the catalog: replaced whole, so a reader never sees half of a change. */
    private record Contents(Map<String, Connection> byName, Map<ConnectionKind, Connection> defaults,
                            List<String> warnings, Map<String, Map<ConnectionKind, Connection>> namespaceDefaults) {
    }

    private volatile Contents contents;
    private final SecretMasker masker;
    private final boolean follows;

    private ConnectionCatalog(List<Connection> connections, List<String> markedDefault, List<String> warnings) {
        this.contents = contentsOf(connections, markedDefault, warnings);
        this.masker = SecretMasker.of(contents.byName().values());
        this.follows = false;
    }

    private ConnectionCatalog(Contents contents, SecretMasker masker, boolean follows) {
        this.contents = contents;
        this.masker = masker;
        this.follows = follows;
    }

    private static Contents contentsOf(List<Connection> connections, List<String> markedDefault, List<String> warnings) {
        Map<String, Connection> map = new LinkedHashMap<>();
        for (Connection connection : connections) {
            if (map.putIfAbsent(connection.name(), connection) != null) {
                throw new IllegalArgumentException("connection " + connection.name() + " is defined twice");
            }
        }
        return new Contents(Collections.unmodifiableMap(map), defaultsByKind(map, markedDefault), List.copyOf(warnings),
                Map.of());
    }

    /** A catalog that starts as {@code initial} and takes each valid change of its file ({@link #replaceWith}). */
    static ConnectionCatalog following(ConnectionCatalog initial) {
        return new ConnectionCatalog(initial.contents, SecretMasker.copyOf(initial.masker), true);
    }

    /**
     * Makes {@code next}'s connections this catalog's. Its masker keeps masking the secrets of the
     * catalog before too: a send still on the old settings may quote them in an error.
     *
     * @throws IllegalStateException on a catalog that is not {@link #following} its file
     */
    void replaceWith(ConnectionCatalog next) {
        if (!follows) {
            throw new IllegalStateException("only the catalog following its file changes");
        }
        masker.alsoMask(next.masker);
        contents = next.contents;
    }

    /** This catalog as it is now, never to change; cheap (its masker is this one's). */
    public ConnectionCatalog snapshot() {
        return follows ? new ConnectionCatalog(contents, masker, false) : this;
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
        return Optional.ofNullable(contents.defaults().get(kind));
    }

    /**
     * This catalog with {@code name} the default of its kind, over any connection marked so
     * ({@code hookline.hooks.default-connection}).
     *
     * @throws IllegalArgumentException when no connection has that name
     */
    public ConnectionCatalog withDefault(String name) {
        if (!contents.byName().containsKey(name)) {
            throw new IllegalArgumentException("hookline.hooks.default-connection: no connection named `" + name
                    + "` in the catalog; it has " + names());
        }
        Contents now = contents;
        List<String> marked = new ArrayList<>(now.defaults().values().stream().map(Connection::name).toList());
        marked.add(name);
        return new ConnectionCatalog(List.copyOf(now.byName().values()), marked, now.warnings());
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
                Connection connection = contents.byName().get(name);
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
        Contents now = contents;
        return new ConnectionCatalog(new Contents(now.byName(), now.defaults(), now.warnings(),
                Collections.unmodifiableMap(byNamespace)), masker, false);
    }

    /**
     * The connection a hook without {@code connection} of a run in {@code project} goes to among
     * those of {@code kind}: its project's namespace default, else its owner's, else {@link #defaultFor(ConnectionKind)}.
     */
    public Optional<Connection> defaultFor(ConnectionKind kind, String project) {
        for (String namespace : namespacesOf(project)) {
            Connection connection = contents.namespaceDefaults().getOrDefault(namespace, Map.of()).get(kind);
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
        Map<String, Map<ConnectionKind, Connection>> namespaceDefaults = contents.namespaceDefaults();
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
        Contents now = contents;
        return now.defaults().containsKey(kind) || now.namespaceDefaults().values().stream().anyMatch(d -> d.containsKey(kind));
    }

    /** No file configured: hooks that name a connection fail to render with "unknown connection". */
    public static ConnectionCatalog empty() {
        return EMPTY;
    }

    public Optional<Connection> find(String name) {
        return Optional.ofNullable(contents.byName().get(name));
    }

    /** Names in file order. */
    public List<String> names() {
        return List.copyOf(contents.byName().keySet());
    }

    public Optional<ConnectionKind> kindOf(String name) {
        return find(name).map(Connection::kind);
    }

    public Collection<Connection> connections() {
        return contents.byName().values();
    }

    public boolean isEmpty() {
        return contents.byName().isEmpty();
    }

    /** What loaded but needs the operator's attention (a retiring Teams connector URL), in file order. */
    public List<String> warnings() {
        return contents.warnings();
    }

    /** Masks every URL and secret of this catalog (of a catalog following its file: of every version it had). */
    public SecretMasker masker() {
        return masker;
    }
}
