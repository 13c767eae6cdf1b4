package io.hookline.preview;

import static io.hookline.testing.Events.finished;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.protobuf.ListValue;
import com.google.protobuf.Struct;
import com.google.protobuf.Value;
import io.hookline.api.v1.HookAdmin;
import io.hookline.api.v1.HookPreview;
import io.hookline.api.v1.HookService;
import io.hookline.api.v1.PreviewResponse;
import io.hookline.api.v1.PutComponentRequest;
import io.hookline.api.v1.RunCompletion;
import io.quarkus.grpc.GrpcClient;
import io.quarkus.test.junit.QuarkusTest;
import java.time.Duration;
import java.util.UUID;
import org.assertj.core.groups.Tuple;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Params as Polyaxon reads them, seen through Preview: rendered templates read as literals (also
 * inside mappings and lists), refs read from the run or refused naming the ref, and run links.
 */
@QuarkusTest
class PolyaxonParamsPreviewTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    private static final ObjectMapper JSON = new ObjectMapper();

    /** Sends each param back as JSON, so a test sees the type every value arrived with. */
    private static final String ECHO = """
            kind: component
            name: params-echo
            owner: acme
            tag: v1
            connectionKinds: [webhook]
            inputs:
              - {name: loss, type: float, value: 0.0}
              - {name: tags, type: list, value: []}
              - {name: config, type: dict, value: {}}
              - {name: note, type: str, value: ""}
              - {name: epochs, type: int, value: 0}
              - {name: flag, type: bool, value: false}
            request:
              headers: {Content-Type: application/json}
              body: >-
                {"loss": {loss.json}, "tags": {tags.json}, "config": {config.json}, "note": {note.json},
                "epochs": {epochs.json}, "flag": {flag.json}}
            """;

    @GrpcClient("hook")
    HookService hooks;

    @GrpcClient("admin")
    HookAdmin admin;

    @BeforeEach
    void storeTheEchoComponent() {
        admin.putComponent(PutComponentRequest.newBuilder().setDefinition(ECHO).build()).await().atMost(TIMEOUT);
    }

    @Test
    void templatedParamsAreReadAsTheLiteralsTheyRenderAndTextInputsKeepTheText() throws Exception {
        RunCompletion event = withOutputs(finished("params-" + UUID.randomUUID(), "succeeded"), Struct.newBuilder()
                .putFields("loss", number(1.7))
                .putFields("epochs_done", number(12))
                .putFields("labels", Value.newBuilder().setListValue(ListValue.newBuilder()
                        .addValues(text("vision")).addValues(text("resnet"))).build())
                .build())
                .toBuilder().setHooksYaml("""
                        - hubRef: acme/params-echo:v1
                          connection: team-webhook
                          params:
                            loss: '{{ loss }}'
                            tags: '{{ labels }}'
                            epochs: '{{ epochs_done }}'
                            flag: '{{ loss > 1 }}'
                            note: '{{ loss }}'
                        """).build();

        JsonNode body = sentBody(event);

        assertThat(body.get("loss").isDouble()).isTrue();
        assertThat(body.get("loss").asDouble()).isEqualTo(1.7);
        assertThat(body.get("tags").toString()).isEqualTo("[\"vision\",\"resnet\"]");
        assertThat(body.get("epochs").isIntegralNumber()).isTrue();
        assertThat(body.get("epochs").asLong()).isEqualTo(12);
        assertThat(body.get("flag").isBoolean()).isTrue();
        assertThat(body.get("flag").asBoolean()).isTrue();
        assertThat(body.get("note").isTextual()).isTrue();
        assertThat(body.get("note").asText()).isEqualTo("1.7");
    }

    @Test
    void templatesInsideMappingAndListParamsAreRenderedAndReadAsLiterals() throws Exception {
        RunCompletion base = finished("params-" + UUID.randomUUID(), "succeeded");
        RunCompletion event = base.toBuilder().setHooksYaml("""
                - hubRef: acme/params-echo:v1
                  connection: team-webhook
                  params:
                    config:
                      lr: '{{ loss }}'
                      layers: ['{{ loss > 0.4 }}', 64]
                      name: 'run {{ globals.uuid }}'
                    tags: ['{{ globals.project_name }}', "{{ '[1, 2]' }}"]
                """).build();

        JsonNode body = sentBody(event);

        assertThat(body.get("config").toString()).isEqualTo(
                "{\"lr\":0.42,\"layers\":[true,64],\"name\":\"run " + base.getRun().getUuid() + "\"}");
        assertThat(body.get("tags").toString()).isEqualTo("[\"vision\",[1,2]]");
    }

    @Test
    void aRenderedValueThatDoesNotFitTheInputsTypeFailsTheHookNamingTheParam() {
        RunCompletion event = finished("params-" + UUID.randomUUID(), "succeeded").toBuilder().setHooksYaml("""
                - hubRef: acme/params-echo:v1
                  connection: team-webhook
                  params:
                    epochs: '{{ globals.project_name }}'
                """).build();

        HookPreview hook = previewOne(event);

        assertThat(hook.getFires()).isFalse();
        assertThat(hook.getReason()).contains("hook[0].params.epochs.value").contains("must be an integer")
                .contains("vision");
    }

    @Test
    void aRefToTheReportedRunReadsItsOutput() throws Exception {
        RunCompletion base = finished("params-" + UUID.randomUUID(), "succeeded");
        RunCompletion event = base.toBuilder().setHooksYaml("""
                - hubRef: acme/params-echo:v1
                  connection: team-webhook
                  params:
                    loss: {ref: 'runs.%s', value: outputs.loss}
                """.formatted(base.getRun().getUuid())).build();

        assertThat(sentBody(event).get("loss").asDouble()).isEqualTo(0.42);
    }

    @Test
    void aRefToAPipelineOperationIsRefusedNamingTheRefNotPassedOnAsText() {
        RunCompletion event = finished("params-" + UUID.randomUUID(), "succeeded").toBuilder().setHooksYaml("""
                - hubRef: acme/params-echo:v1
                  connection: team-webhook
                  params:
                    note: {ref: ops.train, value: outputs.loss}
                """).build();

        HookPreview hook = previewOne(event);

        assertThat(hook.getFires()).isFalse();
        assertThat(hook.getRequest().getBody()).isEmpty();
        assertThat(hook.getReason()).startsWith("params.note.ref: `ops.train` cannot be resolved")
                .contains("pipeline");
    }

    @Test
    void aRefToAnOutputTheRunDoesNotHaveIsRefusedNamingTheValueAndTheOutputsItHas() {
        RunCompletion base = finished("params-" + UUID.randomUUID(), "succeeded");
        RunCompletion event = base.toBuilder().setHooksYaml("""
                - hubRef: acme/params-echo:v1
                  connection: team-webhook
                  params:
                    loss: {ref: 'runs.%s', value: outputs.accuracy}
                """.formatted(base.getRun().getUuid())).build();

        assertThat(previewOne(event).getReason()).isEqualTo("params.loss.value: run `" + base.getRun().getUuid()
                + "` has no outputs value `accuracy`; its outputs: loss");
    }

    @Test
    void aRefToAnotherRunIsRefusedNamingTheRef() {
        RunCompletion event = finished("params-" + UUID.randomUUID(), "succeeded").toBuilder().setHooksYaml("""
                - hubRef: acme/params-echo:v1
                  connection: team-webhook
                  params:
                    loss: {ref: runs.0123456789abcdef0123456789abcdef, value: outputs.loss}
                """).build();

        assertThat(previewOne(event).getReason())
                .startsWith("params.loss.ref: `runs.0123456789abcdef0123456789abcdef` cannot be resolved: no run"
                        + " `0123456789abcdef0123456789abcdef` is stored in project `acme/vision`");
    }

    @Test
    void theRunUrlTheAgentSendsIsTheViewRunLinkOfTheSlackMessage() throws Exception {
        RunCompletion base = finished("params-" + UUID.randomUUID(), "failed");
        String url = "https://polyaxon.example.com/ui/acme/vision/runs/" + base.getRun().getUuid();
        RunCompletion event = base.toBuilder().setRun(base.getRun().toBuilder().setUrl(url))
                .setHooksYaml("- {hubRef: slack, connection: slack-notification}").build();

        JsonNode body = sentBody(event);

        JsonNode actions = body.get("blocks").get(body.get("blocks").size() - 1);
        assertThat(actions.get("type").asText()).isEqualTo("actions");
        assertThat(actions.get("elements").get(0).get("url").asText()).isEqualTo(url);
    }

    @Test
    void aRunUrlThatIsNotAnHttpUrlIsRefusedNamingTheField() {
        RunCompletion base = finished("params-" + UUID.randomUUID(), "failed");
        RunCompletion event = base.toBuilder().setRun(base.getRun().toBuilder().setUrl("javascript:alert(1)"))
                .setHooksYaml("- {hubRef: slack, connection: slack-notification}").build();

        PreviewResponse preview = hooks.preview(event).await().atMost(TIMEOUT);

        assertThat(preview.getError().getViolationsList()).singleElement().satisfies(violation -> {
            assertThat(violation.getField()).isEqualTo("run.url");
            assertThat(violation.getDescription()).startsWith("must be an absolute http or https URL");
        });
    }

    @Test
    void polyaxonsYamlUsageOfOneHookUnderHookPreviewsItsSlackMessage() throws Exception {
        RunCompletion event = finished("params-" + UUID.randomUUID(), "failed").toBuilder().setHooksYaml("""
                hook:
                  trigger: failed
                  connection: slack-notification
                  hubRef: slack
                """).build();

        assertThat(sentBody(event).get("text").asText()).contains("train-resnet").contains("failed");
    }

    @Test
    void aliasesAndMergeKeysOfAQuickStartHooksSectionPreviewAsWrittenOut() {
        RunCompletion event = finished("params-" + UUID.randomUUID(), "succeeded").toBuilder().setHooksYaml("""
                notify: &notify
                  hubRef: slack
                  connection: slack-notification
                hooks:
                  - <<: *notify
                    trigger: done
                  - <<: *notify
                    trigger: succeeded
                    params: {channel: '#ml-results'}
                  - <<: *notify
                    trigger: failed
                """).build();

        PreviewResponse preview = hooks.preview(event).await().atMost(TIMEOUT);

        assertThat(preview.hasError()).isFalse();
        assertThat(preview.getHooksList()).extracting(HookPreview::getConnection, HookPreview::getFires).containsExactly(
                Tuple.tuple("slack-notification", true),
                Tuple.tuple("slack-notification", true),
                Tuple.tuple("slack-notification", false));
        assertThat(preview.getHooks(1).getRequest().getBody()).contains("\"channel\": \"#ml-results\"");
    }

    private HookPreview previewOne(RunCompletion event) {
        PreviewResponse preview = hooks.preview(event).await().atMost(TIMEOUT);
        assertThat(preview.hasError()).as(preview.getError().toString()).isFalse();
        assertThat(preview.getHooksList()).hasSize(1);
        return preview.getHooks(0);
    }

    private JsonNode sentBody(RunCompletion event) throws Exception {
        HookPreview hook = previewOne(event);
        assertThat(hook.getFires()).as(hook.getReason()).isTrue();
        return JSON.readTree(hook.getRequest().getBody());
    }

    private static RunCompletion withOutputs(RunCompletion event, Struct outputs) {
        return event.toBuilder().setRun(event.getRun().toBuilder().setOutputs(outputs)).build();
    }

    private static Value number(double value) {
        return Value.newBuilder().setNumberValue(value).build();
    }

    private static Value text(String value) {
        return Value.newBuilder().setStringValue(value).build();
    }
}
