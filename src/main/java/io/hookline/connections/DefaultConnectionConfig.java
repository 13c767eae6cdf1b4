package io.hookline.connections;

import io.smallrye.config.ConfigMapping;
import java.util.Optional;

/** The connection hooks that name none go to, when the catalog's own defaults are not what is wanted. */
@ConfigMapping(prefix = "hookline.hooks")
public interface DefaultConnectionConfig {

    /**
     * A catalog connection that becomes the default of its kind, as if marked {@code default:
     * true}: the Polyaxon that Polyaxon's guide example ({@code hubRef: tensorboard}, no
     * {@code connection}) runs on. A name not in the catalog stops the start.
     */
    Optional<String> defaultConnection();
}
