package io.hookline.resolve;

import io.hookline.definition.HookSpec;
import io.hookline.definition.ParamSpec;
import io.hookline.definition.PatchStrategy;
import io.hookline.definition.PresetSpec;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * A hook's own {@code presets}: in Polyaxon a preset is a partial operation, and the presets a
 * hook names patch the operation that runs the hook. Hookline applies the operation fields that
 * mean something for a delivery, {@code queue}, {@code namespace} and {@code params}, in the order
 * the hook names them, each with its preset's {@code patchStrategy} (Polyaxon's rules: scalars,
 * post_merge takes the preset's value and pre_merge keeps the hook's; maps merge, the later side
 * winning a name; replace takes the preset's; isnull only fills what the hook leaves unset).
 * Components have no presets of their own here, so a hook's presets are the only ones.
 */
public final class HookPresets {

    /** The patched hook, or the name of a preset that does not exist. */
    public record Applied(HookSpec hook, Optional<String> missingPreset) {
    }

    private HookPresets() {
    }

    public static Applied apply(HookSpec hook, Function<String, Optional<PresetSpec>> presets) {
        HookSpec patched = hook;
        for (String name : hook.presets()) {
            Optional<PresetSpec> preset = presets.apply(name);
            if (preset.isEmpty()) {
                return new Applied(hook, Optional.of(name));
            }
            patched = patch(patched, preset.get());
        }
        return new Applied(patched, Optional.empty());
    }

    static HookSpec patch(HookSpec hook, PresetSpec preset) {
        Map<String, Object> fields = preset.otherFields();
        PatchStrategy strategy = preset.patchStrategy();
        return new HookSpec(hook.trigger(), hook.connection(), hook.hubRef(), hook.conditions(),
                scalar(hook.queue(), text(fields.get("queue")), strategy),
                scalar(hook.namespace(), text(fields.get("namespace")), strategy),
                hook.presets(), hook.disableDefaults(), hook.disableDefaultsExpr(),
                params(hook.params(), fields.get("params"), strategy));
    }

    private static String scalar(String current, String preset, PatchStrategy strategy) {
        if (preset == null) {
            return current;
        }
        return switch (strategy) {
            case REPLACE, POST_MERGE -> preset;
            case PRE_MERGE, ISNULL -> current != null ? current : preset;
        };
    }

    private static Map<String, ParamSpec> params(Map<String, ParamSpec> current, Object raw, PatchStrategy strategy) {
        if (!(raw instanceof Map<?, ?> map) || map.isEmpty()) {
            return current;
        }
        Map<String, ParamSpec> preset = new LinkedHashMap<>();
        map.forEach((name, value) -> preset.put(String.valueOf(name), param(value)));
        Map<String, ParamSpec> merged = new LinkedHashMap<>();
        switch (strategy) {
            case REPLACE -> merged.putAll(preset);
            case ISNULL -> merged.putAll(current.isEmpty() ? preset : current);
            case POST_MERGE -> {
                merged.putAll(current);
                merged.putAll(preset);
            }
            case PRE_MERGE -> {
                merged.putAll(preset);
                merged.putAll(current);
            }
        }
        return merged;
    }

    /** Polyaxon's short form: a map with none of V1Param's keys, or any non-map, is the value. */
    private static ParamSpec param(Object raw) {
        if (raw instanceof Map<?, ?> map && map.keySet().stream().anyMatch(ParamSpec.FIELDS::contains)) {
            return new ParamSpec(map.get("value"), text(map.get("ref")), Boolean.TRUE.equals(map.get("contextOnly")),
                    text(map.get("connection")), Boolean.TRUE.equals(map.get("toInit")), text(map.get("toEnv")));
        }
        return ParamSpec.of(raw);
    }

    private static String text(Object value) {
        return value == null ? null : String.valueOf(value);
    }
}
