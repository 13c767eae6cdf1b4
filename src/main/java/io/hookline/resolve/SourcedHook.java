package io.hookline.resolve;

import io.hookline.definition.HookSpec;

/**
 * A hook that applies to a run, with where it came from.
 *
 * @param source {@code event}, {@code event_yaml}, {@code project} or {@code preset:<name>}
 */
public record SourcedHook(HookSpec hook, String source) {
}
