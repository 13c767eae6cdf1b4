package io.hookline.outbox;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;

/** The outbox state each replica keeps in step with the database. */
@ConfigMapping(prefix = "hookline.outbox")
public interface OutboxConfig {

    /**
     * How often each replica re-reads what other replicas change: the connections a 410 Gone
     * disabled, and the outbox lag gauge.
     */
    @WithDefault("5s")
    Duration refreshInterval();
}
