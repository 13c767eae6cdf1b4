package io.hookline.resolve;

import static io.hookline.testing.Events.finished;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.protobuf.Struct;
import com.google.protobuf.Value;
import io.hookline.api.v1.Delivery;
import io.hookline.api.v1.DeliveryState;
import io.hookline.api.v1.GetDeliveryRequest;
import io.hookline.api.v1.HookAdmin;
import io.hookline.api.v1.HookPreview;
import io.hookline.api.v1.HookService;
import io.hookline.api.v1.PreviewResponse;
import io.hookline.api.v1.PutComponentRequest;
import io.hookline.api.v1.ReportAck;
import io.hookline.api.v1.ReportResult;
import io.hookline.api.v1.RunCompletion;
import io.quarkus.grpc.GrpcClient;
import io.quarkus.test.junit.QuarkusTest;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@code ref} params that read other runs Hookline has stored: {@code runs.<uuid>}, {@code ops.<name>}
 * of the same pipeline and {@code dag}, in the run's project only, at Preview and at intake; a run
 * or operation not stored is refused naming the ref, never sent as text.
 */
@QuarkusTest
class RefsToStoredRunsTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    private static final ObjectMapper JSON = new ObjectMapper();

    /** Sends each param back as JSON, so a test sees the value and the type it arrived with. */
    private static final String ECHO = """
            kind: component
            name: refs-echo
            owner: acme
            tag: v1
            connectionKinds: [webhook]
            inputs:
              - {name: loss, type: float, value: 0.0}
              - {name: status, type: str, value: ""}
              - {name: config, type: dict, value: {}}
            request:
              headers: {Content-Type: application/json}
              body: '{"loss": {loss.json}, "status": {status.json}, "config": {config.json}}'
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
    void aRunsRefReadsTheOutputsAndStatusOfAnotherStoredRunOfTheProject() throws Exception {
        RunCompletion training = stored(run("acme/vision", "train", null, 0.17, "failed"));
        RunCompletion evaluation = withHooks(run("acme/vision", "evaluate", null, 0.9, "succeeded"), """
                - hubRef: acme/refs-echo:v1
                  connection: team-webhook
                  params:
                    loss: {ref: 'runs.%1$s', value: outputs.loss}
                    status: {ref: 'runs.%1$s', value: '{{ globals.status }}'}
                    config: {ref: 'runs.%1$s', value: outputs}
                """.formatted(training.getRun().getUuid()));

        JsonNode body = sentBody(evaluation);

        assertThat(body.get("loss").asDouble()).isEqualTo(0.17);
        assertThat(body.get("status").asText()).isEqualTo("failed");
        assertThat(body.get("config").toString()).isEqualTo("{\"loss\":0.17}");
    }

    @Test
    void aDashedUuidInARunsRefNamesTheSameStoredRun() throws Exception {
        RunCompletion training = stored(run("acme/vision", "train", null, 0.23, "succeeded"));
        String dashed = UUID.fromString(training.getRun().getUuid()
                .replaceFirst("(.{8})(.{4})(.{4})(.{4})(.{12})", "$1-$2-$3-$4-$5")).toString();
        RunCompletion evaluation = withHooks(run("acme/vision", "evaluate", null, 0.9, "succeeded"), """
                - hubRef: acme/refs-echo:v1
                  connection: team-webhook
                  params:
                    loss: {ref: 'runs.%s', value: outputs.loss}
                """.formatted(dashed));

        assertThat(sentBody(evaluation).get("loss").asDouble()).isEqualTo(0.23);
    }

    @Test
    void anOpsRefReadsTheOperationOfThatNameInTheSamePipeline() throws Exception {
        String pipeline = uuid();
        stored(run("acme/vision", "train", pipeline, 0.31, "succeeded"));
        stored(run("acme/vision", "train", uuid(), 0.99, "succeeded"));
        RunCompletion evaluation = withHooks(run("acme/vision", "evaluate", pipeline, 0.9, "succeeded"), """
                - hubRef: acme/refs-echo:v1
                  connection: team-webhook
                  params:
                    loss: {ref: ops.train, value: '{{ outputs.loss }}'}
                """);

        assertThat(sentBody(evaluation).get("loss").asDouble()).as("the train run of the same pipeline").isEqualTo(0.31);
    }

    @Test
    void aDagRefReadsTheStoredPipelineRunsInputs() throws Exception {
        String pipeline = uuid();
        RunCompletion dag = run("acme/vision", "sweep", null, 0.5, "succeeded");
        dag = dag.toBuilder().setRun(dag.getRun().toBuilder().setUuid(pipeline).setInputs(Struct.newBuilder()
                .putFields("lr", Value.newBuilder().setNumberValue(0.01).build()))).build();
        stored(dag);
        RunCompletion evaluation = withHooks(run("acme/vision", "evaluate", pipeline, 0.9, "succeeded"), """
                - hubRef: acme/refs-echo:v1
                  connection: team-webhook
                  params:
                    loss: {ref: dag, value: inputs.lr}
                """);

        assertThat(sentBody(evaluation).get("loss").asDouble()).isEqualTo(0.01);
    }

    @Test
    void aRefAtIntakeIsResolvedIntoTheStoredRequest() throws Exception {
        String pipeline = uuid();
        stored(run("acme/vision", "train", pipeline, 0.44, "succeeded"));
        RunCompletion evaluation = withHooks(run("acme/vision", "evaluate", pipeline, 0.9, "succeeded"), """
                - hubRef: acme/refs-echo:v1
                  connection: team-webhook
                  params:
                    loss: {ref: ops.train, value: outputs.loss}
                """);

        ReportAck ack = hooks.notify(evaluation).await().atMost(TIMEOUT);

        assertThat(ack.getDeliveriesList()).singleElement()
                .satisfies(d -> assertThat(d.getState()).isEqualTo(DeliveryState.DELIVERY_STATE_PENDING));
        Delivery delivery = hooks.getDelivery(GetDeliveryRequest.newBuilder()
                .setDeliveryId(ack.getDeliveries(0).getDeliveryId()).build()).await().atMost(TIMEOUT);
        assertThat(JSON.readTree(delivery.getRequest().getBody()).get("loss").asDouble()).isEqualTo(0.44);
    }

    @Test
    void anOperationNotStoredFailsTheDeliveryAtIntakeNamingTheRef() {
        String pipeline = uuid();
        RunCompletion evaluation = withHooks(run("acme/vision", "evaluate", pipeline, 0.9, "succeeded"), """
                - hubRef: acme/refs-echo:v1
                  connection: team-webhook
                  params:
                    loss: {ref: ops.train, value: outputs.loss}
                """);

        ReportAck ack = hooks.notify(evaluation).await().atMost(TIMEOUT);

        assertThat(ack.getResult()).isEqualTo(ReportResult.REPORT_RESULT_ACCEPTED);
        Delivery delivery = hooks.getDelivery(GetDeliveryRequest.newBuilder()
                .setDeliveryId(ack.getDeliveries(0).getDeliveryId()).build()).await().atMost(TIMEOUT);
        assertThat(delivery.getState()).isEqualTo(DeliveryState.DELIVERY_STATE_FAILED);
        assertThat(delivery.getRequest().getBody()).isEmpty();
        assertThat(delivery.getReason()).isEqualTo("params.loss.ref: `ops.train` cannot be resolved: no operation"
                + " `train` of pipeline `" + pipeline + "` is stored in project `acme/vision`; Hookline reads refs from"
                + " runs reported to it in the run's project");
    }

    @Test
    void aRunOfAnotherProjectIsNotFoundAndNothingOfItIsShown() {
        RunCompletion elsewhere = stored(run("globex/secret", "train", null, 0.66, "succeeded"));
        RunCompletion evaluation = withHooks(run("acme/vision", "evaluate", null, 0.9, "succeeded"), """
                - hubRef: acme/refs-echo:v1
                  connection: team-webhook
                  params:
                    loss: {ref: 'runs.%s', value: outputs.loss}
                """.formatted(elsewhere.getRun().getUuid()));

        HookPreview hook = previewOne(evaluation);

        assertThat(hook.getFires()).isFalse();
        assertThat(hook.getReason()).isEqualTo("params.loss.ref: `runs." + elsewhere.getRun().getUuid()
                + "` cannot be resolved: no run `" + elsewhere.getRun().getUuid() + "` is stored in project"
                + " `acme/vision`; Hookline reads refs from runs reported to it in the run's project")
                .doesNotContain("globex").doesNotContain("0.66");
    }

    @Test
    void aStoredRunWithoutTheOutputIsRefusedNamingTheOutputsItHas() {
        RunCompletion training = stored(run("acme/vision", "train", null, 0.17, "succeeded"));
        RunCompletion evaluation = withHooks(run("acme/vision", "evaluate", null, 0.9, "succeeded"), """
                - hubRef: acme/refs-echo:v1
                  connection: team-webhook
                  params:
                    loss: {ref: 'runs.%s', value: outputs.accuracy}
                """.formatted(training.getRun().getUuid()));

        assertThat(previewOne(evaluation).getReason()).isEqualTo("params.loss.value: run `"
                + training.getRun().getUuid() + "` has no outputs value `accuracy`; its outputs: loss");
    }

    @Test
    void aDagRefBeforeThePipelineIsStoredIsRefusedSayingWhy() {
        String pipeline = uuid();
        RunCompletion evaluation = withHooks(run("acme/vision", "evaluate", pipeline, 0.9, "succeeded"), """
                - hubRef: acme/refs-echo:v1
                  connection: team-webhook
                  params:
                    loss: {ref: dag, value: inputs.lr}
                """);

        assertThat(previewOne(evaluation).getReason()).startsWith("params.loss.ref: `dag` cannot be resolved: the"
                + " pipeline run `" + pipeline + "` is not stored in project `acme/vision` (a pipeline is reported"
                + " when it finishes, after its operations)");
    }

    @Test
    void refsThatPolyaxonCannotParseAreRefusedWhenTheEventIsAccepted() {
        RunCompletion evaluation = withHooks(run("acme/vision", "evaluate", null, 0.9, "succeeded"), """
                - hubRef: acme/refs-echo:v1
                  connection: team-webhook
                  params:
                    loss: {ref: jobs.train, value: outputs.loss}
                    status: {ref: ops.train, value: artifacts.model}
                """);

        ReportAck ack = hooks.notify(evaluation).await().atMost(TIMEOUT);

        assertThat(ack.getResult()).isEqualTo(ReportResult.REPORT_RESULT_REJECTED);
        assertThat(ack.getError().getViolationsList()).extracting(v -> v.getField() + ": " + v.getDescription())
                .containsExactly(
                        "hooks_yaml[0].params.loss.ref: `jobs.train` is not a ref Polyaxon knows: write runs.<uuid>,"
                                + " ops.<name> or dag",
                        "hooks_yaml[0].params.status.value: `artifacts.model`: Hookline keeps no artifacts of a run;"
                                + " read outputs.<name>, inputs.<name> or globals.<name>");
        assertThat(ack.getError().getViolationsList()).extracting(v -> v.getLine()).containsExactly(4, 5);
    }

    private RunCompletion stored(RunCompletion event) {
        ReportAck ack = hooks.notify(event).await().atMost(TIMEOUT);
        assertThat(ack.getResult()).isEqualTo(ReportResult.REPORT_RESULT_ACCEPTED);
        return event;
    }

    private static RunCompletion run(String project, String name, String pipeline, double loss, String status) {
        RunCompletion base = finished("refs-" + UUID.randomUUID(), status);
        return base.toBuilder().setRun(base.getRun().toBuilder()
                .setProject(project)
                .setName(name)
                .setPipelineUuid(pipeline == null ? "" : pipeline)
                .setOutputs(Struct.newBuilder().putFields("loss", Value.newBuilder().setNumberValue(loss).build())))
                .build();
    }

    private static RunCompletion withHooks(RunCompletion event, String yaml) {
        return event.toBuilder().setHooksYaml(yaml).build();
    }

    private static String uuid() {
        return UUID.randomUUID().toString().replace("-", "");
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
}
