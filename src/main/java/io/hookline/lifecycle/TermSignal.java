package io.hookline.lifecycle;

import io.quarkus.runtime.LaunchMode;
import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import sun.misc.Signal;

/**
 * Makes SIGTERM a normal exit (code 0) once the shutdown in {@link ShutdownOrder} is done. The
 * JVM's own handler exits with 143 however cleanly the application stopped, which process
 * supervisors and job runners report as a failure.
 */
@ApplicationScoped
class TermSignal {

    void install(@Observes StartupEvent event) {
        // Only the packaged application: in tests the JVM is the test runner's.
        if (LaunchMode.current() == LaunchMode.NORMAL) {
            Signal.handle(new Signal("TERM"), signal -> Quarkus.asyncExit(0));
        }
    }
}
