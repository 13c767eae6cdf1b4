package io.hookline.resolve;

import io.hookline.api.v1.DeliveryState;
import io.hookline.api.v1.HookAdmin;
import io.hookline.api.v1.HookService;
import io.hookline.api.v1.PlannedDelivery;
import io.hookline.api.v1.PutComponentRequest;
import io.hookline.api.v1.PutProjectHooksRequest;
import io.hookline.api.v1.ReportAck;
import io.hookline.api.v1.ReportResult;
import io.hookline.api.v1.RunCompletion;
import io.hookline.outbox.StoredRequest;
import io.hookline.outbox.StoredRequestCodec;
import io.quarkus.grpc.GrpcClient;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static io.hookline.testing.Events.finished;
import static org.assertj.core.api.Assertions.assertThat;

/** From a finished run to stored deliveries, through the real gRPC API and Postgres. */
@QuarkusTest
class PlannedDeliveriesTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    @GrpcClient("hook")
    HookService hooks;

    @GrpcClient("admin")
    HookAdmin admin;

    @Inject
    Pool pool;

    @Inject
    StoredRequestCodec requests;

    @Test
    void aRunWithFiveHooksGetsExactlyTheDeliveriesItsTriggersConditionsAndTemplatesCallFor() {
        // A component whose template needs a label this run does not have: a render error.
        admin.putComponent(PutComponentRequest.newBuilder().setDefinition("""
                kind: component
                name: team-router
                owner: acme
                tag: v1
                connectionKinds: [webhook]
                inputs: []
                request:
                  method: POST
                  headers: {Content-Type: application/json}
                  body: '{"team": {run.labels.team.json}}'
                """).build()).await().atMost(TIMEOUT);
        RunCompletion event = finished("five-hooks-" + UUID.randomUUID(), "failed").toBuilder().setHooksYaml("""
                hooks:
                  - trigger: failed
                    hubRef: slack
                    connection: slack-notification
                  - hubRef: webhook
                    connection: team-webhook
                  - trigger: succeeded
                    hubRef: slack
                    connection: slack-notification
                  - trigger: failed
                    hubRef: slack
                    connection: slack-notification
                    conditions: '{{ loss > 0.9 }}'
                  - trigger: failed
                    hubRef: acme/team-router:v1
                    connection: team-webhook
                """).build();

        ReportAck ack = hooks.notify(event).await().atMost(TIMEOUT);

        assertThat(ack.getResult()).isEqualTo(ReportResult.REPORT_RESULT_ACCEPTED);
        assertThat(ack.getDeliveriesList()).extracting(PlannedDelivery::getHookIndex, PlannedDelivery::getState)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple(0, DeliveryState.DELIVERY_STATE_PENDING),
                        org.assertj.core.groups.Tuple.tuple(1, DeliveryState.DELIVERY_STATE_PENDING),
                        org.assertj.core.groups.Tuple.tuple(3, DeliveryState.DELIVERY_STATE_SKIPPED),
                        org.assertj.core.groups.Tuple.tuple(4, DeliveryState.DELIVERY_STATE_FAILED));
        assertThat(ack.getDeliveries(0).getHubRef()).isEqualTo("polyaxon/slack:latest");
        assertThat(ack.getDeliveries(1).getTrigger()).isEqualTo("done");
        assertThat(ack.getDeliveries(2).getReason()).contains("loss > 0.9").contains("false");
        assertThat(ack.getDeliveries(3).getReason()).contains("team");

        // The state each delivery was planned with is its first status-log row (the dispatcher may
        // already have moved the PENDING ones on).
        List<Row> stored = rows("SELECT DISTINCT ON (d.hook_index) d.hook_index, e.state, d.reason, d.request"
                + " FROM deliveries d JOIN delivery_events e ON e.delivery_id = d.id"
                + " WHERE d.event_id = $1 ORDER BY d.hook_index, e.cursor", event.getEventId());
        assertThat(stored).extracting(r -> r.getInteger(0) + ":" + r.getString(1))
                .containsExactly("0:PENDING", "1:PENDING", "3:SKIPPED", "4:FAILED");
        StoredRequest slack = requests.read(stored.get(0).getBuffer(3));
        assertThat(slack.body()).contains("blocks").doesNotContain("SLACKSECRET");
        assertThat(slack.headers().values()).noneMatch(value -> value.contains("SLACKSECRET"));
        assertThat(stored.get(2).getBuffer(3)).isNull();
        assertThat(rows("SELECT count(*) FROM deliveries WHERE event_id = $1", event.getEventId())
                .get(0).getLong(0)).isEqualTo(4);
    }

    @Test
    void firstFailureAndRecoveryAreOneLineConditionsOverTheRunNamesHistory() {
        String project = "acme/history-" + UUID.randomUUID().toString().substring(0, 6);
        admin.putProjectHooks(PutProjectHooksRequest.newBuilder().setProject(project).setHooksYaml("""
                - trigger: failed
                  hubRef: webhook
                  connection: team-webhook
                  conditions: '{{ previous_status != "failed" }}'
                  params:
                    note: {value: first failure, contextOnly: true}
                - trigger: succeeded
                  hubRef: webhook
                  connection: team-webhook
                  conditions: '{{ previous_status == "failed" }}'
                """).build()).await().atMost(TIMEOUT);
        List<String> statuses = List.of("succeeded", "failed", "failed", "succeeded", "succeeded");

        List<String> outcomes = new ArrayList<>();
        for (String status : statuses) {
            RunCompletion event = finished("history-" + UUID.randomUUID(), status);
            event = event.toBuilder().setRun(event.getRun().toBuilder().setProject(project).setName("nightly")).build();
            ReportAck ack = hooks.notify(event).await().atMost(TIMEOUT);
            assertThat(ack.getDeliveriesList()).hasSize(1);
            outcomes.add(status + ":" + ack.getDeliveries(0).getState().name().replace("DELIVERY_STATE_", ""));
        }

        assertThat(outcomes).containsExactly(
                "succeeded:SKIPPED",   // nothing failed before: not a recovery
                "failed:PENDING",      // first failure
                "failed:SKIPPED",      // still failing: already notified
                "succeeded:PENDING",   // recovered
                "succeeded:SKIPPED");  // still fine
    }

    @Test
    void eventsWithoutHooksStoreThePreviousStatusOfTheirRunName() {
        String project = "acme/plain-" + UUID.randomUUID().toString().substring(0, 6);
        String prefix = "plain-" + UUID.randomUUID() + "-";
        List<String> names = List.of("nightly", "weekly", "nightly", "nightly", "weekly", "nightly");
        List<String> statuses = List.of("succeeded", "failed", "failed", "stopped", "succeeded", "succeeded");
        List<RunCompletion> events = new ArrayList<>();
        for (int i = 0; i < names.size(); i++) {
            // Ids sort against the order sent: the order of the runs is what counts.
            RunCompletion event = finished(prefix + (9 - i), statuses.get(i));
            events.add(event.toBuilder().setRun(event.getRun().toBuilder().setProject(project).setName(names.get(i)))
                    .build());
        }

        for (RunCompletion event : events) {
            assertThat(hooks.notify(event).await().atMost(TIMEOUT).getResult()).isEqualTo(ReportResult.REPORT_RESULT_ACCEPTED);
        }

        List<String> previous = new ArrayList<>();
        for (RunCompletion event : events) {
            previous.add(String.valueOf(rows("SELECT previous_status FROM run_events WHERE event_id = $1",
                    event.getEventId()).get(0).getString(0)));
        }
        assertThat(previous).containsExactly("null", "null", "succeeded", "failed", "failed", "stopped");
    }

    @Test
    void eventHooksThatBreakTheRulesAreRejectedWithTheirPathAndLine() {
        RunCompletion event = finished("bad-hooks-" + UUID.randomUUID(), "failed").toBuilder().setHooksYaml("""
                hooks:
                  - trigger: failed
                    hubRef: slack
                    connections: slack-notification
                """).build();

        ReportAck ack = hooks.notify(event).await().atMost(TIMEOUT);

        assertThat(ack.getResult()).isEqualTo(ReportResult.REPORT_RESULT_REJECTED);
        assertThat(ack.getError().getCode()).isEqualTo("INVALID_HOOK");
        assertThat(ack.getError().getViolationsList()).anySatisfy(v -> {
            assertThat(v.getField()).startsWith("hooks_yaml[0]");
            assertThat(v.getDescription()).contains("connection");
            assertThat(v.getLine()).isEqualTo(4);
        });
        assertThat(rows("SELECT 1 FROM run_events WHERE event_id = $1", event.getEventId())).isEmpty();
    }

    private List<Row> rows(String sql, String eventId) {
        List<Row> rows = new ArrayList<>();
        pool.preparedQuery(sql).execute(Tuple.of(eventId)).await().atMost(TIMEOUT).forEach(rows::add);
        return rows;
    }
}
