package io.hookline.admin;

import com.google.protobuf.Any;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import com.google.rpc.BadRequest;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.protobuf.StatusProto;
import io.hookline.api.v1.ConnectionInfo;
import io.hookline.api.v1.DeleteComponentRequest;
import io.hookline.api.v1.DeletePresetRequest;
import io.hookline.api.v1.DeleteProjectHooksRequest;
import io.hookline.api.v1.EnableConnectionRequest;
import io.hookline.api.v1.GetComponentRequest;
import io.hookline.api.v1.GetPresetRequest;
import io.hookline.api.v1.GetProjectHooksRequest;
import io.hookline.api.v1.HookAdmin;
import io.hookline.api.v1.HookService;
import io.hookline.api.v1.ListComponentsRequest;
import io.hookline.api.v1.ListConnectionsRequest;
import io.hookline.api.v1.ListConnectionsResponse;
import io.hookline.api.v1.ListPresetsRequest;
import io.hookline.api.v1.ListProjectHooksRequest;
import io.hookline.api.v1.PresetDefinition;
import io.hookline.api.v1.ProjectHooksDefinition;
import io.hookline.api.v1.PutComponentRequest;
import io.hookline.api.v1.PutPresetRequest;
import io.hookline.api.v1.PutProjectHooksRequest;
import io.hookline.api.v1.ReportAck;
import io.hookline.api.v1.ReportResult;
import io.hookline.api.v1.RunCompletion;
import io.quarkus.grpc.GrpcClient;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.mutiny.Uni;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.UUID;

import static io.hookline.testing.Events.finished;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

@QuarkusTest
class HookAdminTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private static final String MISSPELT_HOOKS = """
            - trigger: failed
              hubRef: slack
              connections: slack-notification
            """;

    @GrpcClient("admin")
    HookAdmin admin;

    @GrpcClient("hook")
    HookService hooks;

    @Test
    void aComponentWithAMistakeIsRefusedWithThePathAndLineAndNothingIsStored() {
        StatusRuntimeException refused = refusal(admin.putComponent(PutComponentRequest.newBuilder().setDefinition("""
                kind: component
                name: broken
                owner: acme
                request:
                  method: FETCH
                  body: '{"a": 1}'
                """).build()));

        assertThat(refused.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
        assertThat(refused.getStatus().getDescription()).contains("definition.request.method").contains("line 5");
        StatusRuntimeException missing = refusal(admin.getComponent(
                GetComponentRequest.newBuilder().setHubRef("acme/broken").build()));
        assertThat(missing.getStatus().getCode()).isEqualTo(Status.Code.NOT_FOUND);
    }

    @Test
    void aComponentWithAValidationRegexOverTheLimitIsRefusedNamingTheFieldLineAndKeyAndNothingIsStored() {
        String definition = """
                kind: component
                name: long-regex
                owner: acme
                inputs:
                  - {name: note, type: str}
                  - {name: code, type: str, validation: {regex: '%s'}}
                request:
                  body: '{"note": {note.json}}'
                """.formatted("[a-z]".repeat(201));

        StatusRuntimeException refused = refusal(admin.putComponent(PutComponentRequest.newBuilder()
                .setDefinition(definition).build()));

        assertThat(refused.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
        assertThat(refused.getStatus().getDescription()).isEqualTo("definition.inputs[1].validation.regex: is 1,005"
                + " characters, over the limit of 1,000 (hookline.definitions.max-regex-length) (line 6, column 49)");
        StatusRuntimeException missing = refusal(admin.getComponent(
                GetComponentRequest.newBuilder().setHubRef("acme/long-regex").build()));
        assertThat(missing.getStatus().getCode()).isEqualTo(Status.Code.NOT_FOUND);
    }

    @Test
    void moreProjectHooksThanAnEventMayPlanAreRefusedNamingTheKeyAndNothingIsStored() {
        String tooMany = "- {hubRef: webhook, connection: team-webhook}\n".repeat(65);

        StatusRuntimeException refused = refusal(admin.putProjectHooks(PutProjectHooksRequest.newBuilder()
                .setProject("acme/too-many").setHooksYaml(tooMany).build()));

        assertThat(refused.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
        assertThat(refused.getStatus().getDescription()).isEqualTo("hooks_yaml: holds 65 hooks, over the 64 every"
                + " event of the project may plan with its own (hookline.intake.max-hooks-per-event)");
        assertThat(admin.getProjectHooks(GetProjectHooksRequest.newBuilder().setProject("acme/too-many").build())
                .await().atMost(TIMEOUT).getHooksYaml()).isEmpty();
    }

    @Test
    void projectHooksAreRefusedWithTheSameTextAsTheSameHooksInAnEvent() {
        StatusRuntimeException refused = refusal(admin.putProjectHooks(PutProjectHooksRequest.newBuilder()
                .setProject("acme/refused").setHooksYaml(MISSPELT_HOOKS).build()));
        ReportAck rejected = hooks.notify(finished("misspelt-" + UUID.randomUUID(), "failed").toBuilder()
                .setHooksYaml(MISSPELT_HOOKS).build()).await().atMost(TIMEOUT);

        assertThat(refused.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
        assertThat(rejected.getResult()).isEqualTo(ReportResult.REPORT_RESULT_REJECTED);
        String intakeText = rejected.getError().getViolations(0).getField() + ": "
                + rejected.getError().getViolations(0).getDescription();
        assertThat(refused.getStatus().getDescription()).contains(intakeText).contains("did you mean `connection`");
    }

    @Test
    void refusedProjectHooksCarryEachViolationAsABadRequestFieldViolation() {
        StatusRuntimeException refused = refusal(admin.putProjectHooks(PutProjectHooksRequest.newBuilder()
                .setProject("acme/refused").setHooksYaml(MISSPELT_HOOKS).build()));

        com.google.rpc.Status status = StatusProto.fromThrowable(refused);
        assertThat(status).isNotNull();
        assertThat(status.getDetailsList()).hasSize(1);
        BadRequest badRequest = unpack(status.getDetails(0), BadRequest.class);
        assertThat(badRequest.getFieldViolationsList()).hasSize(1);
        BadRequest.FieldViolation violation = badRequest.getFieldViolations(0);
        assertThat(violation.getField()).isEqualTo("hooks_yaml[0].connections");
        assertThat(violation.getDescription()).contains("did you mean `connection`").endsWith(" (line 3, column 3)");
        assertThat(refused.getStatus().getDescription())
                .isEqualTo(violation.getField() + ": " + violation.getDescription());
    }

    @Test
    void aCustomComponentCanBeStoredListedUsedAndDeletedButBuiltInsCannotBeDeleted() {
        admin.putComponent(PutComponentRequest.newBuilder().setDefinition("""
                kind: component
                name: notes
                owner: acme
                tag: dev
                connectionKinds: [webhook]
                inputs:
                  - {name: note, type: str}
                request:
                  body: '{"note": {note.json}}'
                """).build()).await().atMost(TIMEOUT);

        assertThat(admin.listComponents(ListComponentsRequest.getDefaultInstance()).await().atMost(TIMEOUT)
                .getComponentsList()).extracting(c -> c.getHubRef() + (c.getBuiltin() ? " (built-in)" : ""))
                .contains("acme/notes:dev", "polyaxon/slack:latest (built-in)", "polyaxon/pagerduty:latest (built-in)");
        ReportAck used = hooks.notify(finished("notes-" + UUID.randomUUID(), "failed").toBuilder().setHooksYaml("""
                - hubRef: acme/notes:dev
                  connection: team-webhook
                  params:
                    note: {value: "{{ globals.project_name }} broke"}
                """).build()).await().atMost(TIMEOUT);
        assertThat(used.getDeliveries(0).getState().name()).isEqualTo("DELIVERY_STATE_PENDING");

        assertThat(admin.deleteComponent(DeleteComponentRequest.newBuilder().setHubRef("acme/notes:dev").build())
                .await().atMost(TIMEOUT).getDeleted()).isTrue();
        StatusRuntimeException builtin = refusal(admin.deleteComponent(
                DeleteComponentRequest.newBuilder().setHubRef("slack").build()));
        assertThat(builtin.getStatus().getCode()).isEqualTo(Status.Code.FAILED_PRECONDITION);
    }

    @Test
    void presetsAndProjectHooksCanBeReadListedAndDeletedAndAProjectWithoutHooksHasNone() {
        String name = "roundtrip-" + UUID.randomUUID().toString().substring(0, 6);
        String project = "acme/" + name;
        admin.putPreset(PutPresetRequest.newBuilder().setName(name).setDefinition("{isPreset: true}").build())
                .await().atMost(TIMEOUT);
        ProjectHooksDefinition put = admin.putProjectHooks(PutProjectHooksRequest.newBuilder().setProject(project)
                .setHooksYaml("- {hubRef: slack, connection: slack-notification}").build()).await().atMost(TIMEOUT);

        assertThat(put.getHookCount()).isEqualTo(1);
        assertThat(put.hasUpdatedAt()).isTrue();
        assertThat(admin.getPreset(GetPresetRequest.newBuilder().setName(name).build()).await().atMost(TIMEOUT)
                .getDefinition()).isEqualTo("{isPreset: true}");
        assertThat(admin.listPresets(ListPresetsRequest.getDefaultInstance()).await().atMost(TIMEOUT)
                .getPresetsList()).extracting(PresetDefinition::getName).contains(name);
        assertThat(admin.listProjectHooks(ListProjectHooksRequest.getDefaultInstance()).await().atMost(TIMEOUT)
                .getProjectsList()).extracting(ProjectHooksDefinition::getProject).contains(project);
        assertThat(admin.deletePreset(DeletePresetRequest.newBuilder().setName(name).build()).await().atMost(TIMEOUT)
                .getDeleted()).isTrue();
        assertThat(admin.deleteProjectHooks(DeleteProjectHooksRequest.newBuilder().setProject(project).build())
                .await().atMost(TIMEOUT).getDeleted()).isTrue();
        assertThat(admin.deletePreset(DeletePresetRequest.newBuilder().setName(name).build()).await().atMost(TIMEOUT)
                .getDeleted()).isFalse();
        assertThat(refusal(admin.getPreset(GetPresetRequest.newBuilder().setName(name).build())).getStatus())
                .extracting(Status::getCode, Status::getDescription)
                .containsExactly(Status.Code.NOT_FOUND, "no preset `" + name + "`");
        assertThat(admin.getProjectHooks(GetProjectHooksRequest.newBuilder().setProject(project).build())
                .await().atMost(TIMEOUT)).isEqualTo(ProjectHooksDefinition.newBuilder().setProject(project).build());
    }

    @Test
    void aBadPresetNameABuiltInComponentAndAnUnknownConnectionAreRefusedWithTheirReasons() {
        StatusRuntimeException badName = refusal(admin.putPreset(PutPresetRequest.newBuilder().setName("bad name")
                .setDefinition("{isPreset: true}").build()));
        StatusRuntimeException builtin = refusal(admin.putComponent(PutComponentRequest.newBuilder().setDefinition("""
                kind: component
                name: slack
                owner: polyaxon
                connectionKinds: [slack]
                request:
                  body: '{}'
                """).build()));
        StatusRuntimeException unknown = refusal(admin.enableConnection(
                EnableConnectionRequest.newBuilder().setName("no-such-connection").build()));

        assertThat(badName.getStatus()).extracting(Status::getCode, Status::getDescription)
                .containsExactly(Status.Code.INVALID_ARGUMENT, "name: must be 1 to 100 characters of letters, digits and . _ -");
        assertThat(builtin.getStatus()).extracting(Status::getCode, Status::getDescription)
                .containsExactly(Status.Code.FAILED_PRECONDITION,
                        "`polyaxon/slack:latest` is a built-in component; store yours under another owner or tag");
        assertThat(unknown.getStatus().getCode()).isEqualTo(Status.Code.NOT_FOUND);
        assertThat(unknown.getStatus().getDescription()).startsWith("no connection named `no-such-connection`; configured: [")
                .contains("slack-notification");
    }

    @Test
    void aPresetNamedByAnEventAddsItsHooksAndAnUnknownPresetIsRejected() {
        String name = "oncall-" + UUID.randomUUID().toString().substring(0, 6);
        admin.putPreset(PutPresetRequest.newBuilder().setName(name).setDefinition("""
                isPreset: true
                patchStrategy: post_merge
                hooks:
                  - trigger: failed
                    hubRef: pagerduty
                    connection: pagerduty-oncall
                """).build()).await().atMost(TIMEOUT);
        RunCompletion event = finished("preset-" + UUID.randomUUID(), "failed").toBuilder()
                .setHooksYaml("- {hubRef: slack, connection: slack-notification}")
                .addPresets(name).build();

        ReportAck ack = hooks.notify(event).await().atMost(TIMEOUT);
        ReportAck unknown = hooks.notify(finished("preset-" + UUID.randomUUID(), "failed").toBuilder()
                .addPresets("no-such-preset").build()).await().atMost(TIMEOUT);

        assertThat(ack.getDeliveriesList()).extracting(d -> d.getSource() + " " + d.getHubRef())
                .containsExactly("event_yaml polyaxon/slack:latest", "preset:" + name + " polyaxon/pagerduty:latest");
        assertThat(unknown.getResult()).isEqualTo(ReportResult.REPORT_RESULT_REJECTED);
        assertThat(unknown.getError().getViolations(0).getField()).isEqualTo("presets[0]");
    }

    @Test
    void aHooksOwnPresetsSetItsQueueAndParamsAndAnUnknownOneIsRejectedWithItsPath() {
        String name = "lane-" + UUID.randomUUID().toString().substring(0, 6);
        admin.putPreset(PutPresetRequest.newBuilder().setName(name).setDefinition("""
                isPreset: true
                queue: agent/gpu
                params:
                  message: {value: sent through the preset}
                """).build()).await().atMost(TIMEOUT);

        ReportAck ack = hooks.notify(finished("hook-preset-" + UUID.randomUUID(), "failed").toBuilder()
                .setHooksYaml("- {hubRef: slack, connection: slack-notification, presets: [" + name + "]}")
                .build()).await().atMost(TIMEOUT);
        ReportAck unknown = hooks.notify(finished("hook-preset-" + UUID.randomUUID(), "failed").toBuilder()
                .setHooksYaml("- {hubRef: slack, connection: slack-notification, presets: [no-such-lane]}")
                .build()).await().atMost(TIMEOUT);

        String id = ack.getDeliveries(0).getDeliveryId();
        io.hookline.api.v1.Delivery delivery = hooks.getDelivery(io.hookline.api.v1.GetDeliveryRequest.newBuilder()
                .setDeliveryId(id).build()).await().atMost(TIMEOUT);
        assertThat(delivery.getQueue()).isEqualTo("agent/gpu");
        assertThat(delivery.getRequest().getBody()).contains("sent through the preset");
        assertThat(unknown.getResult()).isEqualTo(ReportResult.REPORT_RESULT_REJECTED);
        assertThat(unknown.getError().getViolations(0).getField()).isEqualTo("hooks_yaml[0].presets[0]");
    }

    @Test
    void aRequiredInputSuppliedByTheHooksOwnPresetIsAccepted() {
        admin.putComponent(PutComponentRequest.newBuilder().setDefinition("""
                kind: component
                name: ticket
                owner: acme
                tag: v1
                connectionKinds: [webhook]
                inputs:
                  - {name: team, type: str}
                request:
                  body: '{"team": {team.json}}'
                """).build()).await().atMost(TIMEOUT);
        String name = "team-ml-" + UUID.randomUUID().toString().substring(0, 6);
        admin.putPreset(PutPresetRequest.newBuilder().setName(name)
                .setDefinition("{isPreset: true, params: {team: {value: ml-platform}}}").build()).await().atMost(TIMEOUT);

        ReportAck withPreset = hooks.notify(finished("required-" + UUID.randomUUID(), "failed").toBuilder()
                .setHooksYaml("- {hubRef: acme/ticket:v1, connection: team-webhook, presets: [" + name + "]}")
                .build()).await().atMost(TIMEOUT);
        ReportAck without = hooks.notify(finished("required-" + UUID.randomUUID(), "failed").toBuilder()
                .setHooksYaml("- {hubRef: acme/ticket:v1, connection: team-webhook}")
                .build()).await().atMost(TIMEOUT);

        assertThat(withPreset.getResult()).isEqualTo(ReportResult.REPORT_RESULT_ACCEPTED);
        assertThat(withPreset.getDeliveries(0).getState().name()).isEqualTo("DELIVERY_STATE_PENDING");
        assertThat(without.getResult()).isEqualTo(ReportResult.REPORT_RESULT_REJECTED);
        assertThat(without.getError().getViolations(0).getDescription()).contains("team");
    }

    @Test
    void listConnectionsShowsNamesKindsAndHostsButNeverSecrets() {
        ListConnectionsResponse connections = admin.listConnections(ListConnectionsRequest.getDefaultInstance())
                .await().atMost(TIMEOUT);

        assertThat(connections.getConnectionsList()).extracting(ConnectionInfo::getName, ConnectionInfo::getKind,
                        ConnectionInfo::getHasSecret)
                .contains(org.assertj.core.groups.Tuple.tuple("slack-notification", "slack", false),
                        org.assertj.core.groups.Tuple.tuple("pagerduty-oncall", "pagerduty", true));
        assertThat(connections.toString()).contains("http://127.0.0.1:18181")
                .doesNotContain("SLACKSECRET", "PDROUTINGKEYSECRET", "whsec_");
    }

    private static <T extends Message> T unpack(Any detail, Class<T> type) {
        try {
            return detail.unpack(type);
        } catch (InvalidProtocolBufferException e) {
            throw new AssertionError("detail is not a " + type.getSimpleName() + ": " + detail.getTypeUrl(), e);
        }
    }

    private static StatusRuntimeException refusal(Uni<?> call) {
        return catchThrowableOfType(StatusRuntimeException.class, () -> call.await().atMost(TIMEOUT));
    }
}
