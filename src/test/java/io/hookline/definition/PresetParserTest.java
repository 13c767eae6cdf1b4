package io.hookline.definition;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PresetParserTest {

    @Test
    void presetWithHooksAndOtherFieldsIsRead() {
        ParseResult<PresetSpec> parsed = PresetParser.parse("notify-failures", """
                isPreset: true
                patchStrategy: pre_merge
                queue: agent-a/gpu
                hooks:
                  - trigger: failed
                    hubRef: slack
                    connection: slack-notification
                """, "definition");

        PresetSpec preset = parsed.value();
        assertThat(parsed.violations()).isEmpty();
        assertThat(preset.name()).isEqualTo("notify-failures");
        assertThat(preset.patchStrategy()).isEqualTo(PatchStrategy.PRE_MERGE);
        assertThat(preset.hooks()).singleElement().extracting(HookSpec::trigger).isEqualTo("failed");
        assertThat(preset.otherFields()).containsOnlyKeys("queue").containsEntry("queue", "agent-a/gpu");
    }

    @Test
    void patchStrategyDefaultsToPostMerge() {
        ParseResult<PresetSpec> parsed = PresetParser.parse("p", "hooks: []\n", "definition");

        assertThat(parsed.value().patchStrategy()).isEqualTo(PatchStrategy.POST_MERGE);
    }

    @Test
    void unknownPatchStrategyBadNameAndHookErrorsAreReported() {
        ParseResult<PresetSpec> parsed = PresetParser.parse("bad name", """
                isPreset: false
                patchStrategy: post-merge
                hooks:
                  - trigger: finished
                    hubRef: slack
                """, "definition");

        assertThat(parsed.violations()).map(Violation::toString).containsExactly(
                "name: a preset name must be 1 to 100 characters of letters, digits, `.`, `_` and `-`, not `bad name`",
                "definition.isPreset: isPreset must be true for a preset (or left out), found the boolean false (line 1, column 11)",
                "definition.patchStrategy: patchStrategy must be one of replace, isnull, post_merge, pre_merge (default post_merge), not `post-merge`; did you mean `post_merge`? (line 2, column 16)",
                "definition.hooks[0].trigger: trigger must be one of succeeded, failed, stopped, skipped, upstream_failed, done (done = any final status), not `finished` (line 4, column 14)");
    }

    @Test
    void presetWithOneHookUnderHookReadsItAsItsHookList() {
        ParseResult<PresetSpec> parsed = PresetParser.parse("notify-failures", """
                isPreset: true
                hook:
                  trigger: faild
                  hubRef: slack
                  connection: slack-notification
                """, "definition");

        assertThat(parsed.value().hooks()).singleElement().extracting(HookSpec::hubRef).isEqualTo("slack");
        assertThat(parsed.violations()).map(Violation::toString).containsExactly(
                "definition.hooks[0].trigger: trigger must be one of succeeded, failed, stopped, skipped, upstream_failed, done (done = any final status), not `faild`; did you mean `failed`? (line 3, column 12)");
    }
}
