package io.hookline.connections;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/** Where the deploy-time connection catalog comes from. */
@ConfigMapping(prefix = "hookline.connections")
public interface ConnectionsConfig {

    /**
     * The catalog YAML file, in Kubernetes usually a mounted Secret. Unset: no connections.
     * Set to a file that does not exist: the start fails.
     */
    Optional<Path> file();

    /**
     * How often the file's content is compared with the catalog in use; a valid change takes
     * effect, an invalid one is refused and reported. {@code 0s}: read at start only.
     */
    @WithDefault("5s")
    Duration pollInterval();
}
