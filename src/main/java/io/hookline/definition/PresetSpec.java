package io.hookline.definition;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A preset: a partial Polyaxon operation ({@code isPreset: true}) merged into runs that name it.
 * Hookline acts on its hooks; the other fields are kept as written for the merge.
 *
 * @param otherFields every field but {@code patchStrategy}, {@code isPreset} and {@code hooks}, as plain Java
 */
public record PresetSpec(String name, PatchStrategy patchStrategy, List<HookSpec> hooks,
        Map<String, Object> otherFields) {

    public PresetSpec {
        patchStrategy = patchStrategy == null ? PatchStrategy.POST_MERGE : patchStrategy;
        hooks = hooks == null ? List.of() : List.copyOf(hooks);
        otherFields = otherFields == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(otherFields));
    }
}
