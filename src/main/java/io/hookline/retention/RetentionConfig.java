package io.hookline.retention;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;

/** What Hookline deletes, and how: see docs/reliability.md, "What is retained". */
@ConfigMapping(prefix = "hookline.retention")
public interface RetentionConfig {

    /** Off keeps everything forever, as before retention existed. */
    @WithDefault("true")
    boolean enabled();

    /** Final deliveries, and run events left without deliveries, are deleted once older than this. */
    @WithDefault("30d")
    Duration age();

    /** How often a sweep runs on each replica (one replica deletes at a time). */
    @WithDefault("10m")
    Duration interval();

    /** Rows deleted per transaction: small, so a sweep never holds many row locks or a long transaction. */
    @WithDefault("500")
    int batchSize();
}
