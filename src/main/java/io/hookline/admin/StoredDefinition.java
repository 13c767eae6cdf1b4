package io.hookline.admin;

import java.time.OffsetDateTime;
import java.util.Optional;

/**
 * A definition as HookAdmin keeps it: the text exactly as it was given, under its key.
 *
 * @param key       the component's normalised hub ref, the preset's name or the project
 * @param text      the definition as given (YAML or JSON)
 * @param builtin   a component shipped in {@code hub/}, which HookAdmin neither replaces nor deletes
 * @param hookCount how many hooks a project's definition holds; 0 for the other kinds
 * @param updatedAt when it was last stored; empty for a project that has no hooks stored
 */
public record StoredDefinition(String key, String text, boolean builtin, int hookCount,
                               Optional<OffsetDateTime> updatedAt) {
}
