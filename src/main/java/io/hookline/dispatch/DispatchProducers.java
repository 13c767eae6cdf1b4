package io.hookline.dispatch;

import io.hookline.connections.CatalogChange;
import io.hookline.connections.CatalogCheck;
import io.hookline.connections.ConnectionCatalog;
import io.hookline.connections.ConnectionsConfig;
import io.hookline.connections.TimeoutWithinLease;
import io.quarkus.runtime.StartupEvent;
import io.vertx.mutiny.core.Vertx;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import jakarta.interceptor.Interceptor;
import java.nio.file.Path;
import java.time.Clock;
import java.util.concurrent.ThreadLocalRandom;

/** The dispatch stage's objects, built once from {@link DispatchConfig} and the connection catalog. */
@ApplicationScoped
public class DispatchProducers {

    @Produces
    @Singleton
    AttemptClassifier attemptClassifier(DispatchConfig config) {
        return new AttemptClassifier(config.retry().retryAfterMax(), Clock.systemUTC());
    }

    @Produces
    @Singleton
    RetrySchedule retrySchedule(DispatchConfig config) {
        // ThreadLocalRandom.current() is one shared instance drawing from each caller thread's own state.
        return new RetrySchedule(RetryPolicy.from(config.retry()), Clock.systemUTC(), ThreadLocalRandom.current());
    }

    @Produces
    @Singleton
    AttemptOutcomes attemptOutcomes(RetrySchedule retries) {
        return new AttemptOutcomes(retries, Clock.systemUTC());
    }

    @Produces
    @Singleton
    StandardWebhookSigner standardWebhookSigner() {
        return new StandardWebhookSigner(Clock.systemUTC());
    }

    /** Refuses to start with a connection whose timeout would outlast the claim lease. */
    void checkTimeouts(@Observes StartupEvent start, ConnectionCatalog catalog, ConnectionsConfig connections,
                       DispatchConfig config) {
        TimeoutWithinLease.check(catalog, config.workers().lease(), "hookline.dispatch.workers.lease",
                connections.file().map(Path::toString).orElse("(none)"));
    }

    /** The same rule on every change of the catalog file, before it takes effect. */
    @Produces
    @Singleton
    CatalogCheck timeoutsWithinLease(DispatchConfig config) {
        return (candidate, origin) -> TimeoutWithinLease.check(candidate, config.workers().lease(),
                "hookline.dispatch.workers.lease", origin);
    }

    /** Before the claim loop (default priority) sizes its claims by the new guards. */
    void catalogChanged(@Observes @Priority(Interceptor.Priority.LIBRARY_BEFORE) CatalogChange change,
                        ConnectionGuards guards) {
        guards.catalogChanged(change);
    }

    @Produces
    @Singleton
    ConnectionGuards connectionGuards(ConnectionCatalog catalog, AttemptClassifier classifier) {
        return new ConnectionGuards(catalog, classifier, ConnectionGuards.usingSmallRye());
    }

    @Produces
    @Singleton
    HttpSender httpSender(Vertx vertx, DispatchConfig config, ConnectionCatalog catalog, ConnectionGuards guards,
            StandardWebhookSigner signer) {
        return new HttpSender(vertx, HttpSender.Settings.from(config.http()), catalog, guards, signer);
    }

    void closeHttpSender(@Disposes HttpSender sender) {
        sender.close();
    }
}
