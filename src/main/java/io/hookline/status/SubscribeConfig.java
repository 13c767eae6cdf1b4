package io.hookline.status;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;

/** How Subscribe follows the status log. */
@ConfigMapping(prefix = "hookline.subscribe")
public interface SubscribeConfig {

    /**
     * Changes held for one subscriber that reads slower than they happen; past this it is ended
     * with RESOURCE_EXHAUSTED and the cursor to resume from.
     */
    @WithDefault("10000")
    int buffer();

    /**
     * Subscribers one replica serves at once; one more is refused with RESOURCE_EXHAUSTED. With
     * {@link #buffer()}, this bounds what Subscribe can hold: at most buffer × max-subscribers
     * changes (a change is a few hundred bytes: its strings are ids and names of bounded length).
     */
    @WithDefault("256")
    int maxSubscribers();

    /** Rows read from the log per query, when following it and when replaying. */
    @WithDefault("1000")
    int pageSize();

    /**
     * The log is also read this often without a notification, so a notification lost with a
     * dropped connection delays changes by at most this long.
     */
    @WithDefault("1s")
    Duration pollInterval();

    /**
     * How long a read of the log waits for a transaction that drew a cursor to end before it ends
     * that transaction (see {@link StatusLog#safeEnd}). Hookline's own writes take milliseconds.
     */
    @WithDefault("30s")
    Duration writerDeadline();
}
