package io.hookline.definition;

import java.util.Optional;

/** Finds the component a hook's hubRef names (built-in hub or stored with HookAdmin). */
@FunctionalInterface
public interface ComponentLookup {

    Optional<ComponentSpec> find(HubRef hubRef);
}
