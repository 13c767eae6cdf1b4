package io.hookline.resolve;

import io.hookline.definition.HookSpec;
import io.hookline.definition.PatchStrategy;
import io.hookline.definition.PresetSpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The merge order of docs/hooks.md ("Which hooks apply to a run"). */
class HookCollectorTest {

    private static HookSpec hook(String hubRef) {
        return new HookSpec(null, "team-webhook", hubRef, null, null, null, List.of(), null, null, Map.of());
    }

    private static PresetSpec preset(String name, PatchStrategy strategy, HookSpec... hooks) {
        return new PresetSpec(name, strategy, List.of(hooks), Map.of());
    }

    private static List<String> order(List<SourcedHook> hooks) {
        return hooks.stream().map(h -> h.source() + ":" + h.hook().hubRef()).toList();
    }

    @Test
    void eventHooksComeFirstThenYamlHooksThenProjectHooksThenPresetsInTheOrderNamed() {
        List<SourcedHook> hooks = HookCollector.collect(List.of(hook("a")), List.of(hook("b")), List.of(hook("c")),
                List.of(preset("p1", PatchStrategy.POST_MERGE, hook("d")),
                        preset("p2", PatchStrategy.POST_MERGE, hook("e"))));

        assertThat(order(hooks)).containsExactly("event:a", "event_yaml:b", "project:c", "preset:p1:d", "preset:p2:e");
    }

    @Test
    void aProjectHookEqualToOneTheEventCarriesIsNotAddedTwice() {
        List<SourcedHook> hooks = HookCollector.collect(List.of(hook("a")), List.of(), List.of(hook("a"), hook("c")),
                List.of());

        assertThat(order(hooks)).containsExactly("event:a", "project:c");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            post_merge | event:a,event:b,preset:p:c
            pre_merge  | preset:p:c,preset:p:a,event:b
            replace    | preset:p:c,preset:p:a
            isnull     | event:a,event:b
            """)
    void presetsPatchTheListWithPolyaxonsStrategies(String strategy, String expected) {
        PresetSpec preset = preset("p", PatchStrategy.named(strategy).orElseThrow(), hook("c"), hook("a"));

        List<SourcedHook> hooks = HookCollector.collect(List.of(hook("a"), hook("b")), List.of(), List.of(),
                List.of(preset));

        assertThat(order(hooks)).containsExactly(expected.split(","));
    }

    @Test
    void anIsnullPresetFillsARunWithNoHooks() {
        List<SourcedHook> hooks = HookCollector.collect(List.of(), List.of(), List.of(),
                List.of(preset("fallback", PatchStrategy.ISNULL, hook("slack"))));

        assertThat(order(hooks)).containsExactly("preset:fallback:slack");
    }

    @ParameterizedTest(name = "trigger {0} on {1} fires: {2}")
    @CsvSource(delimiter = '|', nullValues = "null", textBlock = """
            null            | succeeded       | true
            done            | failed          | true
            done            | upstream_failed | true
            failed          | failed          | true
            failed          | upstream_failed | false
            failed          | succeeded       | false
            succeeded       | succeeded       | true
            stopped         | stopped         | true
            skipped         | skipped         | true
            upstream_failed | upstream_failed | true
            upstream_failed | failed          | false
            """)
    void triggersMatchExactlyAndDoneMatchesEveryFinalStatus(String trigger, String status, boolean fires) {
        assertThat(Triggers.matches(trigger, status)).isEqualTo(fires);
    }
}
