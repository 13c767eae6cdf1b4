package io.hookline.store.embedded;

import io.quarkus.runtime.ShutdownEvent;
import io.hookline.lifecycle.ShutdownOrder;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/** Stops the embedded Postgres (if this JVM started one) after everything else has shut down. */
@ApplicationScoped
class EmbeddedPostgresLifecycle {

    void onStop(@Observes @Priority(ShutdownOrder.DATABASE) ShutdownEvent event) {
        EmbeddedPostgresServer.stopCurrent();
    }
}
