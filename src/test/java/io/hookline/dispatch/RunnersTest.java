package io.hookline.dispatch;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.hookline.api.v1.Delivery;
import io.hookline.api.v1.DeliveryEvent;
import io.hookline.api.v1.DeliveryState;
import io.hookline.api.v1.HookService;
import io.hookline.api.v1.ReportAck;
import io.hookline.api.v1.ReportResult;
import io.hookline.api.v1.RunCompletion;
import io.hookline.api.v1.SubscribeRequest;
import io.hookline.testing.Deliveries;
import io.hookline.testing.Sink;
import io.quarkus.grpc.GrpcClient;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Duration;
import java.util.List;
import java.util.UUID;

import static io.hookline.testing.Events.finished;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Hooks that start jobs: each runner gets exactly the request its public API documents (method,
 * path, auth header, body), from the connections of src/test/resources/connections (answered by
 * {@link Sink} as each API answers), and each documented error answer ends in the right state.
 */
@QuarkusTest
public class RunnersTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    private static final ObjectMapper JSON = new ObjectMapper();

    @GrpcClient("hook")
    HookService hooks;

    static Sink sink;

    @BeforeAll
    static void startSink() throws Exception {
        sink = Sink.start();
    }

    @Test
    void polyaxonsGuideExampleWithoutAConnectionCreatesATensorboardRunInTheRunsProject() throws Exception {
        RunCompletion event = event("acme/vision", """
                - trigger: succeeded
                  hubRef: tensorboard
                  disableDefaults: true
                  params:
                    uuid: {value: '{{ globals.uuid }}'}
                """);

        Delivery delivery = deliver(event, DeliveryState.DELIVERY_STATE_DELIVERED);

        assertThat(delivery.getConnection()).isEqualTo("polyaxon-main");
        assertThat(delivery.getRemoteRunId()).isEqualTo(Sink.POLYAXON_RUN_UUID);
        assertThat(delivery.getRemoteRunUrl())
                .isEqualTo("http://127.0.0.1:18181/ui/acme/vision/runs/" + Sink.POLYAXON_RUN_UUID);
        Sink.Received request = only(delivery);
        assertThat(request.method()).isEqualTo("POST");
        assertThat(request.path()).isEqualTo("/runners/polyaxon/api/v1/acme/vision/runs");
        assertThat(request.headers()).containsEntry("authorization", "token polyaxon-api-t0ken-5e1f")
                .containsEntry("content-type", "application/json");
        JsonNode body = JSON.readTree(request.body());
        assertThat(body.get("is_managed").asBoolean()).isTrue();
        assertThat(body.at("/meta_info/hookline_delivery_id").asText()).as("what finds the run a lost answer started")
                .isEqualTo(delivery.getDeliveryId());
        JsonNode operation = JSON.readTree(body.get("content").asText());
        assertThat(operation.get("kind").asText()).isEqualTo("operation");
        assertThat(operation.get("hubRef").asText()).isEqualTo("tensorboard");
        assertThat(operation.get("params").size()).isEqualTo(1);
        assertThat(operation.at("/params/uuid/value").asText()).isEqualTo(event.getRun().getUuid());
        List<DeliveryEvent> delivered = hooks.subscribe(SubscribeRequest.newBuilder()
                        .setRunUuid(event.getRun().getUuid()).setReplayOnly(true)
                        .addStates(DeliveryState.DELIVERY_STATE_DELIVERED).build())
                .collect().asList().await().atMost(TIMEOUT);
        assertThat(delivered).as("Subscribe shows the run Polyaxon started").singleElement().satisfies(change -> {
            assertThat(change.getRemoteRunId()).isEqualTo(Sink.POLYAXON_RUN_UUID);
            assertThat(change.getRemoteRunUrl()).isEqualTo(delivery.getRemoteRunUrl());
        });
    }

    @Test
    void polyaxonsQuickStartHooksFanOutToATensorboardRunAndToSlackOnDoneAndOnSucceeded() throws Exception {
        RunCompletion event = event("acme/vision", """
                hooks:
                  - trigger: succeeded
                    hubRef: tensorboard
                    disableDefaults: true
                    params:
                      uuid: {value: '{{ globals.uuid }}'}
                  - trigger: done
                    connection: slack-notification
                    hubRef: slack
                  - trigger: succeeded
                    connection: slack-notification
                    hubRef: slack
                  - trigger: failed
                    connection: slack-notification
                    hubRef: slack
                """);

        ReportAck ack = hooks.notify(event).await().atMost(TIMEOUT);

        // As in Polyaxon, a hook whose trigger does not match the run's status plans nothing.
        assertThat(ack.getDeliveriesList()).extracting(d -> d.getHubRef() + " " + d.getTrigger() + " " + d.getState())
                .containsExactly("polyaxon/tensorboard:latest succeeded DELIVERY_STATE_PENDING",
                        "polyaxon/slack:latest done DELIVERY_STATE_PENDING",
                        "polyaxon/slack:latest succeeded DELIVERY_STATE_PENDING");
        Delivery tensorboard = Deliveries.awaitState(hooks, ack.getDeliveries(0).getDeliveryId(),
                DeliveryState.DELIVERY_STATE_DELIVERED);
        assertThat(only(tensorboard).path()).isEqualTo("/runners/polyaxon/api/v1/acme/vision/runs");
        for (int slack = 1; slack <= 2; slack++) {
            Delivery message = Deliveries.awaitState(hooks, ack.getDeliveries(slack).getDeliveryId(),
                    DeliveryState.DELIVERY_STATE_DELIVERED);
            JsonNode body = JSON.readTree(only(message).body());
            assertThat(body.get("channel").asText()).isEqualTo("#ml-alerts");
            assertThat(body.get("text").asText()).contains(event.getRun().getUuid(), "succeeded");
        }
    }

    @Test
    void aCustomHubRefKeepsItsSpellingAndGetsTheRunsDefaultsAsContextOnlyParams() throws Exception {
        RunCompletion event = event("acme/vision", """
                - hubRef: my-eval:dev
                  connection: polyaxon-main
                  params:
                    threshold: {value: 0.9}
                """);

        Delivery delivery = deliver(event, DeliveryState.DELIVERY_STATE_DELIVERED);

        JsonNode operation = JSON.readTree(JSON.readTree(only(delivery).body()).get("content").asText());
        assertThat(operation.get("hubRef").asText()).isEqualTo("my-eval:dev");
        assertThat(operation.at("/params/threshold/value").asDouble()).isEqualTo(0.9);
        assertThat(operation.at("/params/threshold/contextOnly").isMissingNode()).isTrue();
        assertThat(operation.at("/params/uuid/value").asText()).isEqualTo(event.getRun().getUuid());
        assertThat(operation.at("/params/uuid/contextOnly").asBoolean()).isTrue();
        assertThat(operation.at("/params/status/value").asText()).isEqualTo("succeeded");
    }

    @Test
    void aKubernetesJobIsCreatedInTheConnectionsNamespaceNamedAfterTheDelivery() throws Exception {
        RunCompletion event = event("acme/vision", """
                - hubRef: kubernetes-job
                  params:
                    image: {value: ghcr.io/acme/eval:1.4}
                    command: {value: [python, eval.py]}
                    args: {value: ['--run', 'nightly']}
                    env: {value: {LOSS: 0.42, MODE: full}}
                """);

        Delivery delivery = deliver(event, DeliveryState.DELIVERY_STATE_DELIVERED);

        Sink.Received request = only(delivery);
        assertThat(request.method()).isEqualTo("POST");
        assertThat(request.path()).isEqualTo("/runners/kubernetes/apis/batch/v1/namespaces/ml-jobs/jobs");
        assertThat(request.headers()).containsEntry("authorization", "Bearer eyJhbGciOiJSUzI1NiJ9.k8s-serviceaccount-t0ken");
        assertThat(delivery.getRemoteRunId()).isEqualTo("ml-jobs/hookline-" + delivery.getDeliveryId());
        JsonNode job = JSON.readTree(request.body());
        assertThat(job.get("apiVersion").asText()).isEqualTo("batch/v1");
        assertThat(job.get("kind").asText()).isEqualTo("Job");
        assertThat(job.at("/metadata/name").asText()).isEqualTo("hookline-" + delivery.getDeliveryId());
        assertThat(job.at("/spec/backoffLimit").asInt()).isZero();
        assertThat(job.at("/spec/template/spec/restartPolicy").asText()).isEqualTo("Never");
        JsonNode container = job.at("/spec/template/spec/containers/0");
        assertThat(container.get("image").asText()).isEqualTo("ghcr.io/acme/eval:1.4");
        assertThat(container.get("command").toString()).isEqualTo("[\"python\",\"eval.py\"]");
        assertThat(container.get("args").toString()).isEqualTo("[\"--run\",\"nightly\"]");
        assertThat(container.get("env").toString())
                .isEqualTo("[{\"name\":\"LOSS\",\"value\":\"0.42\"},{\"name\":\"MODE\",\"value\":\"full\"}]");
    }

    @Test
    void aKubernetesJobThatAlreadyExistsCountsAsDoneAfterOneAttempt() {
        Delivery delivery = deliver(event("acme/vision", """
                - hubRef: kubernetes-job
                  params:
                    image: {value: busybox}
                    namespace: {value: answer-409}
                """), DeliveryState.DELIVERY_STATE_DELIVERED);

        assertThat(delivery.getAttemptCount()).isEqualTo(1);
        assertThat(only(delivery).path()).isEqualTo("/runners/kubernetes/apis/batch/v1/namespaces/answer-409/jobs");
    }

    @Test
    void anArgoWorkflowTemplateIsSubmittedWithItsParametersAsNameValuePairs() throws Exception {
        Delivery delivery = deliver(event("acme/vision", """
                - hubRef: argo-workflow
                  params:
                    template: {value: evaluate-model}
                    parameters: {value: {model: resnet, loss: 0.42}}
                """), DeliveryState.DELIVERY_STATE_DELIVERED);

        Sink.Received request = only(delivery);
        assertThat(request.method()).isEqualTo("POST");
        assertThat(request.path()).isEqualTo("/runners/argo/api/v1/workflows/argo/submit");
        assertThat(request.headers()).containsEntry("authorization", "Bearer argo-server-t0ken-77aa");
        JsonNode body = JSON.readTree(request.body());
        assertThat(body.get("namespace").asText()).isEqualTo("argo");
        assertThat(body.get("resourceKind").asText()).isEqualTo("WorkflowTemplate");
        assertThat(delivery.getRemoteRunUrl())
                .isEqualTo("http://127.0.0.1:18181/workflows/argo/hookline-" + delivery.getDeliveryId());
        assertThat(body.get("resourceName").asText()).isEqualTo("evaluate-model");
        assertThat(body.at("/submitOptions/name").asText()).isEqualTo("hookline-" + delivery.getDeliveryId());
        assertThat(body.at("/submitOptions/parameters").toString()).isEqualTo("[\"model=resnet\",\"loss=0.42\"]");
    }

    @Test
    void anAirflowDagRunIsTriggeredWithTheParamsAsConfAndARunIdFromTheDelivery() throws Exception {
        Delivery delivery = deliver(event("acme/vision", """
                - hubRef: airflow-dag-run
                  params:
                    dag_id: {value: retrain}
                    conf: {value: {model: resnet, epochs: 3}}
                """), DeliveryState.DELIVERY_STATE_DELIVERED);

        Sink.Received request = only(delivery);
        assertThat(request.method()).isEqualTo("POST");
        assertThat(request.path()).isEqualTo("/runners/airflow/api/v1/dags/retrain/dagRuns");
        assertThat(request.headers()).containsEntry("authorization", "Basic aG9va2xpbmU6YWlyZmxvdy1wYXNzd29yZA==");
        JsonNode body = JSON.readTree(request.body());
        assertThat(body.get("dag_run_id").asText()).isEqualTo("hookline-" + delivery.getDeliveryId());
        assertThat(delivery.getRemoteRunId()).isEqualTo("retrain/hookline-" + delivery.getDeliveryId());
        assertThat(delivery.getRemoteRunUrl()).isEqualTo("http://127.0.0.1:18181/dags/retrain/grid?dag_run_id=hookline-"
                + delivery.getDeliveryId());
        assertThat(body.at("/conf/model").asText()).isEqualTo("resnet");
        assertThat(body.at("/conf/epochs").asInt()).isEqualTo(3);
    }

    @Test
    void anAirflowDagRunThatAlreadyExistsCountsAsDone() {
        Delivery delivery = deliver(event("acme/vision", """
                - hubRef: airflow-dag-run
                  params:
                    dag_id: {value: answer-409}
                """), DeliveryState.DELIVERY_STATE_DELIVERED);

        assertThat(delivery.getAttemptCount()).isEqualTo(1);
    }

    @Test
    void aGithubWorkflowIsDispatchedOnItsRefWithInputsAsStrings() throws Exception {
        Delivery delivery = deliver(event("acme/vision", """
                - hubRef: github-workflow
                  params:
                    repository: {value: acme/vision}
                    workflow: {value: evaluate.yml}
                    ref: {value: release}
                    inputs: {value: {loss: 0.42, full: true}}
                """), DeliveryState.DELIVERY_STATE_DELIVERED);

        Sink.Received request = only(delivery);
        assertThat(request.method()).isEqualTo("POST");
        assertThat(request.path()).isEqualTo("/runners/github/repos/acme/vision/actions/workflows/evaluate.yml/dispatches");
        assertThat(request.headers()).containsEntry("authorization", "Bearer github_pat_11AAAA-hookline-t0ken")
                .containsEntry("accept", "application/vnd.github+json")
                .containsEntry("x-github-api-version", "2022-11-28");
        JsonNode body = JSON.readTree(request.body());
        assertThat(body.get("ref").asText()).isEqualTo("release");
        assertThat(body.get("inputs").toString()).isEqualTo("{\"loss\":\"0.42\",\"full\":\"true\"}");
    }

    @ParameterizedTest
    @ValueSource(ints = {401, 403, 404, 422})
    void aRunnerRefusingTheRequestFailsItAfterOneAttempt(int status) {
        Delivery delivery = deliver(event("acme/answer-" + status, "- {hubRef: tensorboard}"),
                DeliveryState.DELIVERY_STATE_FAILED);

        assertThat(delivery.getAttemptCount()).isEqualTo(1);
        assertThat(delivery.getReason()).startsWith("HTTP " + status);
    }

    @Test
    void aRateLimitedRunnerIsAskedAgainAndThenDelivered() {
        Delivery delivery = deliver(event("acme/answer-429-once", "- {hubRef: tensorboard}"),
                DeliveryState.DELIVERY_STATE_DELIVERED);

        assertThat(delivery.getAttemptCount()).isEqualTo(2);
    }

    @Test
    void aHubRefHooklineDoesNotKnowIsRefusedWhenItsConnectionIsNotPolyaxon() {
        ReportAck ack = hooks.notify(event("acme/vision", "- {hubRef: tensorboard, connection: k8s-jobs}"))
                .await().atMost(TIMEOUT);

        assertThat(ack.getResult()).isEqualTo(ReportResult.REPORT_RESULT_REJECTED);
        assertThat(ack.getError().getViolations(0).getField()).isEqualTo("hooks_yaml[0].hubRef");
        assertThat(ack.getError().getViolations(0).getDescription())
                .startsWith("hubRef `tensorboard` names no known component");
    }

    private static RunCompletion event(String project, String hooksYaml) {
        RunCompletion event = finished("runners-" + UUID.randomUUID(), "succeeded");
        return event.toBuilder().setRun(event.getRun().toBuilder().setProject(project)).setHooksYaml(hooksYaml).build();
    }

    private Delivery deliver(RunCompletion event, DeliveryState state) {
        ReportAck ack = hooks.notify(event).await().atMost(TIMEOUT);
        assertThat(ack.getDeliveriesList()).as("ack %s", ack).hasSize(1);
        return Deliveries.awaitState(hooks, ack.getDeliveries(0).getDeliveryId(), state);
    }

    private static Sink.Received only(Delivery delivery) {
        List<Sink.Received> received = sink.forDelivery(delivery.getDeliveryId());
        assertThat(received).as("requests of delivery %s", delivery.getDeliveryId()).hasSize(1);
        return received.get(0);
    }
}
