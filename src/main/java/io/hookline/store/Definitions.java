package io.hookline.store;

import io.hookline.definition.ComponentLookup;
import io.hookline.definition.HookSpec;
import io.hookline.definition.PresetSpec;

import java.util.List;
import java.util.Optional;

/**
 * The stored definitions resolution reads, already parsed and validated, in memory: components
 * (built-in and custom), presets and project hooks. Implemented by the admin stage's cache, which
 * keeps it current with Postgres.
 */
public interface Definitions extends ComponentLookup {

    Optional<PresetSpec> preset(String name);

    /** The project's stored hooks; empty when it has none. */
    List<HookSpec> projectHooks(String project);

    /**
     * Changes whenever a stored definition changes, so checks made against the definitions (is
     * this component known?) can be cached until then.
     */
    long version();
}
