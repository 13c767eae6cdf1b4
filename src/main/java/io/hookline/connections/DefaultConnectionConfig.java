package io.hookline.connections;

import io.smallrye.config.ConfigMapping;
import java.util.List;
import java.util.Map;
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

    /**
     * Defaults of one namespace, keyed by a project ({@code "acme/vision"}) or an owner
     * ({@code "acme"}): {@code hookline.hooks.namespace-defaults."acme".connections=polyaxon-acme,slack-acme}.
     * For a run of that namespace each connection is the default of its kind, over the global one;
     * a project's over its owner's. A name not in the catalog, or two of one kind, stops the start.
     */
    Map<String, NamespaceDefaults> namespaceDefaults();

    interface NamespaceDefaults {

        /** Catalog connections, at most one of each kind. */
        List<String> connections();
    }
}
