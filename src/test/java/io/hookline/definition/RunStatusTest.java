package io.hookline.definition;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class RunStatusTest {

    @Test
    void finalStatusesAreListedInPolyaxonsOrderForMessages() {
        assertThat(RunStatus.finalStatuses())
                .containsExactly("succeeded", "failed", "stopped", "skipped", "upstream_failed");
    }

    @Test
    void aHookMayTriggerOnEveryFinalStatusOrOnDone() {
        assertThat(RunStatus.hookTriggers())
                .containsExactly("succeeded", "failed", "stopped", "skipped", "upstream_failed", "done");
    }

    @Test
    void theStatusesBeforeARunIsDoneAreKnownByName() {
        assertThat(RunStatus.nonFinalStatuses()).containsExactlyInAnyOrder("created", "resuming", "on_schedule",
                "compiled", "queued", "scheduled", "starting", "initializing", "running", "processing", "stopping",
                "warning", "unschedulable", "retrying", "approved");
    }
}
