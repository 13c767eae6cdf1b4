package io.hookline.connections;

import io.hookline.definition.Violation;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.inject.Singleton;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * What became of the catalog file's content: which content is in use, and whether the file as it
 * is now was refused and why. Shown in {@code hookline_catalog_valid},
 * {@code hookline_catalog_reload_failures_total} and ListConnections.
 */
@Singleton
public class CatalogReloads {

    /** No content seen yet, or the file could not be read. */
    static final String NO_CONTENT = "";

    /**
     * The catalog file as an operator sees it.
     *
     * @param file      empty when no catalog is configured
     * @param valid     whether the file as it is now is the catalog in use
     * @param problems  why its content is refused, each naming the entry and field; empty when valid
     * @param refusedAt when that content was first seen and refused; empty when valid
     */
    public record Status(Optional<Path> file, boolean valid, List<Violation> problems, Optional<Instant> refusedAt) {
    }

    private record State(String inUse, String lastSeen, List<Violation> problems, Instant refusedAt) {
        boolean valid() {
            return lastSeen.equals(inUse);
        }
    }

    private final Optional<Path> file;
    private final Clock clock;
    private final Counter failures;
    private volatile State state = new State(NO_CONTENT, NO_CONTENT, List.of(), null);

    CatalogReloads(ConnectionsConfig config, MeterRegistry metrics) {
        this.file = config.file();
        this.clock = Clock.systemUTC();
        this.failures = Counter.builder("hookline.catalog.reload.failures")
                .description("changes of the connection catalog file refused as invalid (the catalog before stays in use)")
                .register(metrics);
        Gauge.builder("hookline.catalog.valid", this, reloads -> reloads.state.valid() ? 1 : 0)
                .description("1 when the connection catalog file as it is now is the catalog in use, 0 when its last change was refused")
                .strongReference(true)
                .register(metrics);
    }

    /** The content with this digest is the catalog in use (read at start, or a change that took effect). */
    synchronized void inUse(String digest) {
        state = new State(digest, digest, List.of(), null);
    }

    /** The file now holds content that cannot be used; the catalog in use stays. */
    synchronized void refused(String digest, List<Violation> problems) {
        failures.increment();
        state = new State(state.inUse(), digest, List.copyOf(problems), clock.instant());
    }

    /** The file holds the content in use again (a refused change was undone). */
    synchronized void backInUse() {
        state = new State(state.inUse(), state.inUse(), List.of(), null);
    }

    String inUseDigest() {
        return state.inUse();
    }

    String lastSeenDigest() {
        return state.lastSeen();
    }

    public Status status() {
        State now = state;
        return now.valid() ? new Status(file, true, List.of(), Optional.empty())
                : new Status(file, false, now.problems(), Optional.ofNullable(now.refusedAt()));
    }
}
