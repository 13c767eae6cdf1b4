package io.hookline.store;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Stored definitions ({@code hookline.definitions.*}): how they are kept in step, and what HookAdmin accepts. */
@ConfigMapping(prefix = "hookline.definitions")
public interface DefinitionsConfig {

    /**
     * How often a replica re-reads components, presets and project hooks written by other replicas,
     * in milliseconds (its own writes apply at once).
     */
    @WithDefault("5000")
    long refreshMillis();

    /**
     * Longest {@code validation.regex} of a component's input or output, in characters. RE2/J
     * matches in linear time, but a pattern's compiled size grows with its text; a component
     * with a longer one is refused naming the field. Components stored before are not re-checked.
     */
    @WithDefault("1000")
    int maxRegexLength();
}
