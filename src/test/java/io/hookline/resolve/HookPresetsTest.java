package io.hookline.resolve;

import io.hookline.definition.HookSpec;
import io.hookline.definition.ParamSpec;
import io.hookline.definition.PatchStrategy;
import io.hookline.definition.PresetSpec;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

class HookPresetsTest {

    private static HookSpec hook(String queue, Map<String, ParamSpec> params, String... presets) {
        return new HookSpec("failed", "slack-notification", "slack", null, queue, null, List.of(presets), null, null,
                params);
    }

    private static PresetSpec preset(PatchStrategy strategy) {
        return new PresetSpec("lane", strategy, List.of(), Map.of(
                "queue", "agent/gpu",
                "params", Map.of("message", Map.of("value", "from preset"), "channel", "#preset")));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            post_merge | agent/gpu | from preset | #preset
            pre_merge  | own-lane  | own message | #preset
            replace    | agent/gpu | from preset | #preset
            isnull     | own-lane  | own message | <none>
            """)
    void aHooksOwnPresetPatchesQueueAndParamsWithItsStrategy(String strategy, String queue, String message,
                                                              String channel) {
        HookSpec own = hook("own-lane", Map.of("message", ParamSpec.of("own message")), "lane");
        PresetSpec lane = preset(PatchStrategy.named(strategy).orElseThrow());

        HookSpec patched = HookPresets.apply(own, name -> Optional.of(lane)).hook();

        assertThat(patched.queue()).isEqualTo(queue);
        assertThat(patched.params().get("message").value()).isEqualTo(message);
        assertThat(patched.params().containsKey("channel") ? patched.params().get("channel").value() : "<none>")
                .isEqualTo(channel);
    }

    @Test
    void aHookWithoutQueueTakesThePresetsEvenWhenThePresetOnlyFillsGaps() {
        HookSpec own = hook(null, Map.of(), "lane");

        HookSpec patched = HookPresets.apply(own, name -> Optional.of(preset(PatchStrategy.ISNULL))).hook();

        assertThat(patched.queue()).isEqualTo("agent/gpu");
        assertThat(patched.params()).containsKeys("message", "channel");
    }

    @Test
    void aPresetThatDoesNotExistIsNamed() {
        HookPresets.Applied applied = HookPresets.apply(hook(null, Map.of(), "nope"), name -> Optional.empty());

        assertThat(applied.missingPreset()).contains("nope");
    }
}
