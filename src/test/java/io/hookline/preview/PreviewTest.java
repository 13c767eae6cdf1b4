package io.hookline.preview;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.hookline.api.v1.HookPreview;
import io.hookline.api.v1.HookService;
import io.hookline.api.v1.PreviewResponse;
import io.hookline.api.v1.RunCompletion;
import io.quarkus.grpc.GrpcClient;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.UUID;

import static io.hookline.testing.Events.finished;
import static org.assertj.core.api.Assertions.assertThat;

@QuarkusTest
class PreviewTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    /** A polyaxonfile as a Polyaxon user writes it, pasted whole. */
    private static final String POLYAXONFILE = """
            version: 1.1
            kind: component
            name: train-resnet
            tags: [vision]
            inputs:
              - {name: lr, type: float, value: 0.01, isOptional: true}
            hooks:
              - trigger: failed
                hubRef: slack
                connection: slack-notification
                params:
                  message: {value: "Training crashed, see the logs"}
              - trigger: succeeded
                hubRef: slack
                connection: slack-notification
              - hubRef: pagerduty
                connection: pagerduty-oncall
                conditions: '{{ loss > 0.9 }}'
            run:
              kind: job
              container:
                image: python:3.11
                command: [python, train.py]
            """;

    @GrpcClient("hook")
    HookService hooks;

    @Inject
    Pool pool;

    @Test
    void previewOfAPolyaxonfileShowsTheSlackPayloadItWouldSendAndStoresNothing() throws Exception {
        RunCompletion event = finished("preview-" + UUID.randomUUID(), "failed").toBuilder()
                .setHooksYaml(POLYAXONFILE).build();

        PreviewResponse preview = hooks.preview(event).await().atMost(TIMEOUT);

        assertThat(preview.hasError()).isFalse();
        assertThat(preview.getHooksList()).extracting(HookPreview::getHubRef, HookPreview::getFires)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("polyaxon/slack:latest", true),
                        org.assertj.core.groups.Tuple.tuple("polyaxon/slack:latest", false),
                        org.assertj.core.groups.Tuple.tuple("polyaxon/pagerduty:latest", false));
        HookPreview slack = preview.getHooks(0);
        assertThat(slack.getRequest().getMethod()).isEqualTo("POST");
        assertThat(slack.getRequest().getUrl()).isEqualTo("http://127.0.0.1:18181/****");
        JsonNode body = new ObjectMapper().readTree(slack.getRequest().getBody());
        assertThat(body.get("text").asText()).contains("train-resnet").contains("failed");
        assertThat(body.get("channel").asText()).isEqualTo("#ml-alerts");
        assertThat(body.get("blocks").toString()).contains("Training crashed, see the logs");
        assertThat(preview.getHooks(1).getReason()).contains("trigger `succeeded` does not match status `failed`");
        assertThat(preview.getHooks(2).getReason()).contains("loss > 0.9").contains("false");
        assertThat(pool.preparedQuery("SELECT count(*) FROM run_events WHERE event_id = $1")
                .execute(Tuple.of(event.getEventId())).await().atMost(TIMEOUT).iterator().next().getLong(0)).isZero();
    }

    @Test
    void previewMasksTheRoutingKeyThatPagerDutyNeedsInItsBody() throws Exception {
        RunCompletion event = finished("preview-" + UUID.randomUUID(), "failed").toBuilder()
                .setHooksYaml("- {hubRef: pagerduty, connection: pagerduty-oncall}").build();

        PreviewResponse preview = hooks.preview(event).await().atMost(TIMEOUT);

        JsonNode body = new ObjectMapper().readTree(preview.getHooks(0).getRequest().getBody());
        assertThat(body.get("routing_key").asText()).isEqualTo("****");
        assertThat(body.get("event_action").asText()).isEqualTo("trigger");
        assertThat(body.get("dedup_key").asText()).contains("acme/vision").contains("train-resnet");
    }

    @Test
    void previewOfAnInvalidEventSaysWhatIsWrong() {
        PreviewResponse preview = hooks.preview(finished("preview-" + UUID.randomUUID(), "running"))
                .await().atMost(TIMEOUT);

        assertThat(preview.getError().getViolations(0).getField()).isEqualTo("run.status");
        assertThat(preview.getHooksList()).isEmpty();
    }

    @Test
    void previewOfARunWithoutAProjectNamesRunProject() {
        RunCompletion event = finished("preview-" + UUID.randomUUID(), "failed");
        PreviewResponse preview = hooks.preview(event.toBuilder().setRun(event.getRun().toBuilder().setProject("")).build())
                .await().atMost(TIMEOUT);

        assertThat(preview.getError().getViolationsList()).extracting(v -> v.getField()).contains("run.project");
        assertThat(preview.getHooksList()).isEmpty();
    }
}
