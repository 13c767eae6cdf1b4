package io.hookline.resolve;

import io.hookline.definition.HookSpec;
import io.hookline.definition.PatchStrategy;
import io.hookline.definition.PresetSpec;

import java.util.ArrayList;
import java.util.List;

/**
 * Gathers the hooks that apply to a run, in the order documented in docs/hooks.md:
 * <ol>
 *   <li>the event's structured {@code hooks}, then its {@code hooks_yaml} (the run's own hooks);</li>
 *   <li>the project's stored hooks, appended (post_merge): a hook equal to one already present is
 *       not added twice;</li>
 *   <li>each preset the event names, in the order named, patched in with the preset's
 *       {@code patchStrategy} as Polyaxon patches an operation's {@code hooks} list:
 *       {@code post_merge} (default) current + new hooks not present, {@code pre_merge} new +
 *       current hooks not present, {@code replace} the preset's hooks replace the list,
 *       {@code isnull} the preset's hooks only when the list is still empty.</li>
 * </ol>
 */
public final class HookCollector {

    private HookCollector() {
    }

    public static List<SourcedHook> collect(List<HookSpec> eventHooks, List<HookSpec> yamlHooks,
                                            List<HookSpec> projectHooks, List<PresetSpec> presets) {
        List<SourcedHook> hooks = new ArrayList<>();
        eventHooks.forEach(h -> hooks.add(new SourcedHook(h, "event")));
        yamlHooks.forEach(h -> hooks.add(new SourcedHook(h, "event_yaml")));
        List<SourcedHook> merged = merge(hooks, sourced(projectHooks, "project"), PatchStrategy.POST_MERGE);
        for (PresetSpec preset : presets) {
            merged = merge(merged, sourced(preset.hooks(), "preset:" + preset.name()), preset.patchStrategy());
        }
        return merged;
    }

    static List<SourcedHook> merge(List<SourcedHook> current, List<SourcedHook> added, PatchStrategy strategy) {
        List<SourcedHook> result = new ArrayList<>();
        switch (strategy) {
            case REPLACE -> result.addAll(added.isEmpty() ? current : added);
            case ISNULL -> result.addAll(current.isEmpty() ? added : current);
            case PRE_MERGE -> {
                result.addAll(added);
                current.stream().filter(h -> !containsHook(added, h)).forEach(result::add);
            }
            case POST_MERGE -> {
                result.addAll(current);
                added.stream().filter(h -> !containsHook(current, h)).forEach(result::add);
            }
        }
        return result;
    }

    private static boolean containsHook(List<SourcedHook> hooks, SourcedHook candidate) {
        return hooks.stream().anyMatch(h -> h.hook().equals(candidate.hook()));
    }

    private static List<SourcedHook> sourced(List<HookSpec> hooks, String source) {
        return hooks.stream().map(h -> new SourcedHook(h, source)).toList();
    }
}
