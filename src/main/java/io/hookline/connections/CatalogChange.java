package io.hookline.connections;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The catalog following its file took a valid change of the file: fired once its new connections
 * are in place, for what was built from the old ones (breakers, bulkheads, rate windows, gauges).
 *
 * @param before the connections until now
 * @param after  the connections from now on
 */
public record CatalogChange(ConnectionCatalog before, ConnectionCatalog after) {

    /** Names in {@code after} but not in {@code before}, in file order. */
    public List<String> added() {
        return after.names().stream().filter(name -> before.find(name).isEmpty()).toList();
    }

    /** Names in {@code before} but not in {@code after}, in file order. */
    public List<String> removed() {
        return before.names().stream().filter(name -> after.find(name).isEmpty()).toList();
    }

    /** Names in both whose entry differs in anything, its URL or a secret included, in file order. */
    public List<String> changed() {
        return after.connections().stream()
                .filter(connection -> before.find(connection.name()).filter(old -> !sameEntry(old, connection)).isPresent())
                .map(Connection::name)
                .toList();
    }

    public boolean isEmpty() {
        return added().isEmpty() && removed().isEmpty() && changed().isEmpty();
    }

    /**
     * Whether two connections were read from the same entry: every field compared by value, the
     * secrets by what they hold ({@link Secret} compares by identity, being a credential).
     */
    public static boolean sameEntry(Connection a, Connection b) {
        return comparable(a).equals(comparable(b));
    }

    private static List<Object> comparable(Connection connection) {
        Map<String, String> headers = new LinkedHashMap<>();
        connection.headers().forEach((name, value) -> headers.put(name, value.getClass().getSimpleName() + ":" + value.resolve()));
        Optional<String> secret = connection.secret().map(Secret::reveal);
        return List.of(connection.name(), connection.kind(), String.valueOf(connection.description()),
                connection.url().reveal(), secret, connection.method(), headers, connection.settings(),
                connection.timeout(), connection.concurrency(), connection.breaker(), connection.rateLimit(),
                connection.allowPrivateNetwork());
    }
}
