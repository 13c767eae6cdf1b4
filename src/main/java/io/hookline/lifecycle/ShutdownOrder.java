package io.hookline.lifecycle;

import jakarta.interceptor.Interceptor;

/**
 * The order in which the stages let go at shutdown, as {@code @Priority} values of their
 * {@code ShutdownEvent} observers (lower runs first). Each waits for what it has in flight before
 * the next one starts, and everything is done with the database before the embedded Postgres
 * stops: otherwise a clean stop logs failed claims and queries against a server already gone.
 */
public final class ShutdownOrder {

    /** Health NOT_SERVING, Report streams stop reading and answer what they hold, Notify refused. */
    public static final int INTAKE = Interceptor.Priority.APPLICATION;
    /** No more claims; sends in flight finish or are given back. */
    public static final int DISPATCH = INTAKE + 100;
    /** Subscribers ended with the cursor to resume from, then the status feed stops reading. */
    public static final int SUBSCRIBERS = DISPATCH + 100;
    /** Timers that read the database (health probe, gauges, caches, retention). */
    public static final int BACKGROUND = SUBSCRIBERS + 100;
    /** The embedded Postgres, after everything above. */
    public static final int DATABASE = Interceptor.Priority.LIBRARY_AFTER + 1000;

    private ShutdownOrder() {
    }
}
