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

    /**
     * Largest params of one hook, in bytes of the params written as JSON, checked as written (the
     * event or definition is refused) and again as rendered (the delivery fails). Default 64 KiB.
     */
    @WithDefault("65536")
    int maxParamsBytes();
}
