package io.hookline.dispatch;

import io.hookline.connections.Connection;
import io.hookline.connections.ConnectionCatalog;
import io.hookline.connections.ConnectionKind;
import io.hookline.error.Refusal;
import io.hookline.outbox.DisabledTargets;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * How each catalog connection stands for sending: its breaker and whether a receiver disabled it
 * with 410 Gone. Never shows a URL's path or a secret, only the host and whether a secret is set.
 */
@ApplicationScoped
public class ConnectionStatus {

    /**
     * One connection as an operator sees it.
     *
     * @param description    null when the catalog gives none
     * @param breakerState   {@code closed}, {@code open} or {@code half_open}
     * @param disabledReason why a receiver disabled it, when one did
     */
    public record Report(String name, ConnectionKind kind, String description, boolean hasSecret, String host,
                         String breakerState, Optional<String> disabledReason) {

        public boolean disabled() {
            return disabledReason.isPresent();
        }
    }

    private final ConnectionCatalog catalog;
    private final ConnectionGuards guards;
    private final DisabledTargets disabledTargets;

    ConnectionStatus(ConnectionCatalog catalog, ConnectionGuards guards, DisabledTargets disabledTargets) {
        this.catalog = catalog;
        this.guards = guards;
        this.disabledTargets = disabledTargets;
    }

    /** Every connection in the catalog, by name. */
    public List<Report> all() {
        return catalog.connections().stream()
                .sorted(Comparator.comparing(Connection::name))
                .map(this::report)
                .toList();
    }

    /** Sends to a connection a receiver disabled again; refused as not found for a name not in the catalog. */
    public Uni<Report> enable(String name) {
        Optional<Connection> connection = catalog.find(name);
        if (connection.isEmpty()) {
            return Uni.createFrom().failure(Refusal.notFound(
                    "no connection named `" + name + "`; configured: " + catalog.names()));
        }
        return disabledTargets.enable(connection.get().name()).map(ignored -> report(connection.get()));
    }

    private Report report(Connection connection) {
        return new Report(connection.name(), connection.kind(), connection.description(),
                connection.secret().isPresent(), connection.host(),
                guards.breakerState(connection.name()).map(state -> state.name().toLowerCase(Locale.ROOT))
                        .orElse("closed"),
                disabledTargets.reason(connection.name()));
    }
}
