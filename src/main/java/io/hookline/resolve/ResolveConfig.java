package io.hookline.resolve;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** How hooks are resolved. */
@ConfigMapping(prefix = "hookline.resolve")
public interface ResolveConfig {

    /**
     * Bytes (estimated from the hooks' text) of events' own hooks kept parsed and checked, so
     * that the same polyaxonfile's hooks are checked once per version of the definitions.
     */
    @WithDefault("16777216")
    long hookCacheBytes();
}
