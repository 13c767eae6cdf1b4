package io.hookline.connections;

import io.smallrye.config.ConfigMapping;
import java.nio.file.Path;
import java.util.Optional;

/** Where the deploy-time connection catalog comes from. */
@ConfigMapping(prefix = "hookline.connections")
public interface ConnectionsConfig {

    /**
     * The catalog YAML file, in Kubernetes usually a mounted Secret. Unset: no connections.
     * Set to a file that does not exist: the start fails.
     */
    Optional<Path> file();
}
