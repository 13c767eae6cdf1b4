package io.hookline.connections;

import io.hookline.definition.Violation;
import io.hookline.lifecycle.ShutdownOrder;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import io.vertx.mutiny.core.Vertx;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Instance;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;
import org.jboss.logging.Logger;

/**
 * Compares the catalog file's content with the catalog in use every
 * {@code hookline.connections.poll-interval}. A valid change takes effect at once: its
 * connections go into the catalog, then {@link CatalogChange} is fired for the breakers and limits
 * built from the old ones. An invalid change is refused whole, logged naming each entry and field,
 * and the catalog in use stays as it was ({@link CatalogReloads}).
 *
 * <p>Polling the content rather than watching the directory: a Kubernetes Secret volume changes by
 * swapping a {@code ..data} symlink, which a {@code WatchService} on the file's folder reports as
 * events on other names, or not at all through a symlinked path; reading a small file every few
 * seconds sees every kind of change the same way.
 */
@ApplicationScoped
class CatalogFileWatch {

    private static final Logger LOG = Logger.getLogger(CatalogFileWatch.class);

    private final ConnectionsConfig config;
    private final DefaultConnectionConfig defaults;
    private final ConnectionCatalog catalog;
    private final CatalogReloads reloads;
    private final Instance<CatalogCheck> checks;
    private final Event<CatalogChange> changes;
    private final Vertx vertx;
    private final ConnectionCatalogReader reader = ConnectionCatalogReader.ofSystemEnvironment();
    private final AtomicBoolean checking = new AtomicBoolean();
    private volatile boolean stopped;
    private long timer = -1;

    CatalogFileWatch(ConnectionsConfig config, DefaultConnectionConfig defaults, ConnectionCatalog catalog,
                     CatalogReloads reloads, Instance<CatalogCheck> checks, Event<CatalogChange> changes, Vertx vertx) {
        this.config = config;
        this.defaults = defaults;
        this.catalog = catalog;
        this.reloads = reloads;
        this.checks = checks;
        this.changes = changes;
        this.vertx = vertx;
    }

    void start(@Observes StartupEvent event) {
        if (config.file().isEmpty() || config.pollInterval().isZero()) {
            return;
        }
        timer = vertx.setPeriodic(config.pollInterval().toMillis(), id -> {
            if (checking.compareAndSet(false, true)) {
                Infrastructure.getDefaultWorkerPool().execute(() -> {
                    try {
                        check(config.file().get());
                    } finally {
                        checking.set(false);
                    }
                });
            }
        });
    }

    void stop(@Observes @Priority(ShutdownOrder.BACKGROUND) ShutdownEvent event) {
        stopped = true;
        if (timer >= 0) {
            vertx.cancelTimer(timer);
        }
    }

    private void check(Path file) {
        if (stopped) {
            return;
        }
        CatalogFileText text;
        try {
            text = CatalogFileText.read(file);
        } catch (InvalidConnectionCatalogException unreadable) {
            refuse(CatalogReloads.NO_CONTENT, file, unreadable.violations());
            return;
        }
        if (text.digest().equals(reloads.lastSeenDigest())) {
            return;
        }
        if (text.digest().equals(reloads.inUseDigest())) {
            reloads.backInUse();
            LOG.infof("Connection catalog %s holds the catalog in use again", file);
            return;
        }
        ConnectionCatalog next;
        try {
            next = checked(text);
        } catch (InvalidConnectionCatalogException invalid) {
            refuse(text.digest(), file, invalid.violations());
            return;
        } catch (IllegalArgumentException refused) { // a configured default connection no longer in it
            refuse(text.digest(), file, List.of(Violation.of("connections", refused.getMessage())));
            return;
        }
        apply(file, text.digest(), next);
    }

    /** The catalog the text describes, held to every rule the start holds it to. */
    private ConnectionCatalog checked(CatalogFileText text) {
        ConnectionCatalog read = reader.read(text);
        ConnectionCatalog next = ConnectionCatalogProducer.withConfiguredDefaults(read, defaults);
        for (CatalogCheck check : checks) {
            check.check(next, text.file().toString());
        }
        return next;
    }

    private void apply(Path file, String digest, ConnectionCatalog next) {
        ConnectionCatalog before = catalog.snapshot();
        catalog.replaceWith(next);
        reloads.inUse(digest);
        CatalogChange change = new CatalogChange(before, next);
        LOG.infof("Connection catalog %s changed and is in use: added %s, changed %s, removed %s", file,
                change.added(), change.changed(), change.removed());
        next.warnings().forEach(warning -> LOG.warnf("Connection catalog %s: %s", file, warning));
        changes.fire(change);
    }

    private void refuse(String digest, Path file, List<Violation> problems) {
        if (digest.equals(reloads.lastSeenDigest()) && !reloads.status().valid()) {
            return; // reported already
        }
        reloads.refused(digest, problems);
        LOG.warnf("Connection catalog %s changed but is refused; the connections in use stay as they were (%s):%n%s",
                file, String.join(", ", catalog.names()),
                problems.stream().map(problem -> "  " + problem).collect(Collectors.joining("\n")));
    }
}
