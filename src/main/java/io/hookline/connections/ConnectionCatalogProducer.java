package io.hookline.connections;

import io.quarkus.runtime.Startup;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.jboss.logging.Logger;

/** Loads the connection catalog once, at start, so a bad file stops the start instead of a delivery. */
@ApplicationScoped
public class ConnectionCatalogProducer {

    private static final Logger LOG = Logger.getLogger(ConnectionCatalogProducer.class);

    @Produces
    @Singleton
    @Startup
    ConnectionCatalog connectionCatalog(ConnectionsConfig config, DefaultConnectionConfig defaults) {
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
        ConnectionCatalog read = ConnectionCatalogReader.ofSystemEnvironment().read(config.file().get());
        Map<String, List<String>> byNamespace = new TreeMap<>();
        defaults.namespaceDefaults().forEach((namespace, entry) -> byNamespace.put(namespace, entry.connections()));
        ConnectionCatalog catalog = defaults.defaultConnection().map(read::withDefault).orElse(read)
                .withNamespaceDefaults(byNamespace);
        LOG.infof("Loaded %d connection(s) from %s: %s", catalog.names().size(), config.file().get(),
                String.join(", ", catalog.names()));
        catalog.warnings().forEach(warning -> LOG.warnf("Connection catalog %s: %s", config.file().get(), warning));
        return catalog;
    }

    @Produces
    @Singleton
    SecretMasker secretMasker(ConnectionCatalog catalog) {
        return catalog.masker();
    }
}
