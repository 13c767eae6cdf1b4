package io.hookline.connections;

import io.quarkus.runtime.Startup;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import org.jboss.logging.Logger;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Loads the connection catalog at start, so a bad file stops the start instead of a delivery;
 * later changes of the file are {@link CatalogFileWatch}'s.
 */
@ApplicationScoped
public class ConnectionCatalogProducer {

    private static final Logger LOG = Logger.getLogger(ConnectionCatalogProducer.class);

    @Produces
    @Singleton
    @Startup
    ConnectionCatalog connectionCatalog(ConnectionsConfig config, DefaultConnectionConfig defaults, CatalogReloads reloads) {
        if (config.file().isEmpty()) {
            LOG.info("No connection catalog configured (hookline.connections.file): hooks naming a connection will fail");
            defaults.defaultConnection().ifPresent(name -> {
                throw new IllegalArgumentException("hookline.hooks.default-connection names `" + name
                        + "` but no connection catalog is configured (hookline.connections.file)");
            });
            if (!defaults.namespaceDefaults().isEmpty()) {
                throw new IllegalArgumentException("hookline.hooks.namespace-defaults is set but no connection catalog"
                        + " is configured (hookline.connections.file)");
            }
            return ConnectionCatalog.empty();
        }
        CatalogFileText text = CatalogFileText.read(config.file().get());
        ConnectionCatalog read = ConnectionCatalogReader.ofSystemEnvironment().read(text);
        ConnectionCatalog catalog = withConfiguredDefaults(read, defaults);
        LOG.infof("Loaded %d connection(s) from %s: %s", catalog.names().size(), config.file().get(),
                String.join(", ", catalog.names()));
        catalog.warnings().forEach(warning -> LOG.warnf("Connection catalog %s: %s", config.file().get(), warning));
        reloads.inUse(text.digest());
        return ConnectionCatalog.following(catalog);
    }

    /**
     * The catalog read from its file with the defaults configured beside it
     * ({@code hookline.hooks.default-connection}, {@code hookline.hooks.namespace-defaults}), at
     * start and at each change of the file.
     *
     * @throws IllegalArgumentException naming the key, when a default names no connection of the catalog
     */
    static ConnectionCatalog withConfiguredDefaults(ConnectionCatalog read, DefaultConnectionConfig defaults) {
        Map<String, List<String>> byNamespace = new TreeMap<>();
        defaults.namespaceDefaults().forEach((namespace, entry) -> byNamespace.put(namespace, entry.connections()));
        return defaults.defaultConnection().map(read::withDefault).orElse(read).withNamespaceDefaults(byNamespace);
    }

    @Produces
    @Singleton
    SecretMasker secretMasker(ConnectionCatalog catalog) {
        return catalog.masker();
    }
}
