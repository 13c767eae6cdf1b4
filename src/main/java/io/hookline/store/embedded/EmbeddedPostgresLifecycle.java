package io.hookline.store.embedded;

import io.quarkus.runtime.ShutdownEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.interceptor.Interceptor;

/** Stops the embedded Postgres (if this JVM started one) after everything else has shut down. */
@ApplicationScoped
class EmbeddedPostgresLifecycle {

    void onStop(@Observes @Priority(Interceptor.Priority.LIBRARY_AFTER + 1000) ShutdownEvent event) {
        EmbeddedPostgresServer.stopCurrent();
    }
}
