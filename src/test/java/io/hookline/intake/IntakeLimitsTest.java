package io.hookline.intake;

import com.google.protobuf.Struct;
import com.google.protobuf.Value;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.hookline.api.v1.CreateTokenRequest;
import io.hookline.api.v1.DeliveryState;
import io.hookline.api.v1.FieldViolation;
import io.hookline.api.v1.HookAdmin;
import io.hookline.api.v1.HookService;
import io.hookline.api.v1.MutinyHookServiceGrpc;
import io.hookline.api.v1.PreviewResponse;
import io.hookline.api.v1.ReportAck;
import io.hookline.api.v1.ReportResult;
import io.hookline.api.v1.RunCompletion;
import io.hookline.api.v1.TokenScope;
import io.hookline.testing.TestToken;
import io.quarkus.grpc.GrpcClient;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.mutiny.Multi;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;

import static io.hookline.testing.Events.finished;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

/**
 * The intake limits a user can hit, through the real gRPC server: hooks per event, params per
 * hook, and the per-token rate (the test profile gives agent tokens a burst of 25 and almost no
 * refill). Each answer names the limit and its key; nothing refused is stored.
 */
@QuarkusTest
class IntakeLimitsTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(60);
    private static final String NOT_TRIGGERED_HOOK = "- {hubRef: slack, connection: slack-notification, trigger: succeeded}\n";

    @GrpcClient("hook")
    HookService hooks;

    @GrpcClient("admin")
    HookAdmin admin;

    @Inject
    Pool pool;

    @ConfigProperty(name = "quarkus.http.test-port")
    int port;

    private final List<ManagedChannel> channels = new ArrayList<>();

    @AfterEach
    void closeChannels() throws InterruptedException {
        for (ManagedChannel channel : channels) {
            channel.shutdownNow().awaitTermination(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void anEventWithMoreHooksThanTheLimitIsRejectedNamingTheKeyWhileOneAtTheLimitIsAccepted() {
        String prefix = "hook-count-" + UUID.randomUUID() + "-";
        RunCompletion over = finished(prefix + "over", "failed").toBuilder()
                .setHooksYaml(NOT_TRIGGERED_HOOK.repeat(65)).build();
        RunCompletion atLimit = finished(prefix + "at-limit", "failed").toBuilder()
                .setHooksYaml(NOT_TRIGGERED_HOOK.repeat(64)).build();

        ReportAck rejected = hooks.notify(over).await().atMost(TIMEOUT);
        PreviewResponse preview = hooks.preview(over).await().atMost(TIMEOUT);
        ReportAck accepted = hooks.notify(atLimit).await().atMost(TIMEOUT);

        assertThat(rejected.getResult()).isEqualTo(ReportResult.REPORT_RESULT_REJECTED);
        assertThat(rejected.getError().getCode()).isEqualTo("TOO_MANY_HOOKS");
        assertThat(rejected.getError().getViolationsList()).extracting(FieldViolation::getField, FieldViolation::getDescription)
                .containsExactly(tuple("hooks", "the event has 65 hooks (its hooks,"
                        + " hooks_yaml and presets with the project's stored hooks), over the limit of 64"
                        + " (hookline.intake.max-hooks-per-event); report fewer, or split them over presets the run"
                        + " does not need"));
        assertThat(preview.getError().getCode()).isEqualTo("TOO_MANY_HOOKS");
        assertThat(accepted.getResult()).isEqualTo(ReportResult.REPORT_RESULT_ACCEPTED);
        assertThat(stored(prefix)).containsExactly(prefix + "at-limit");
    }

    @Test
    void aHookWhoseWrittenParamsAreOverTheLimitIsRejectedNamingTheFieldLineAndKey() {
        String eventId = "params-written-" + UUID.randomUUID();
        RunCompletion event = finished(eventId, "failed").toBuilder().setHooksYaml("""
                - hubRef: slack
                  connection: slack-notification
                  params:
                    message: {value: '%s'}
                """.formatted("x".repeat(70_000))).build();

        ReportAck rejected = hooks.notify(event).await().atMost(TIMEOUT);

        assertThat(rejected.getResult()).isEqualTo(ReportResult.REPORT_RESULT_REJECTED);
        assertThat(rejected.getError().getCode()).isEqualTo("INVALID_HOOK");
        FieldViolation violation = rejected.getError().getViolations(0);
        assertThat(violation.getField()).isEqualTo("hooks_yaml[0].params");
        assertThat(violation.getDescription()).isEqualTo("the params are 70,014 bytes as JSON, over the limit of"
                + " 65,536 bytes (hookline.resolve.max-params-bytes)");
        assertThat(violation.getLine()).isEqualTo(4);
        assertThat(stored(eventId)).isEmpty();
    }

    @Test
    void aHookWhoseParamsRenderOverTheLimitFailsItsDeliveryNamingTheKey() {
        String eventId = "params-rendered-" + UUID.randomUUID();
        RunCompletion event = finished(eventId, "failed").toBuilder()
                .setRun(finished(eventId, "failed").getRun().toBuilder().setOutputs(Struct.newBuilder()
                        .putFields("log", Value.newBuilder().setStringValue("y".repeat(70_000)).build())))
                .setHooksYaml("""
                        - hubRef: slack
                          connection: slack-notification
                          params:
                            message: {value: '{{ log }}'}
                        """).build();

        ReportAck accepted = hooks.notify(event).await().atMost(TIMEOUT);

        assertThat(accepted.getResult()).isEqualTo(ReportResult.REPORT_RESULT_ACCEPTED);
        assertThat(accepted.getDeliveriesList()).singleElement().satisfies(delivery -> {
            assertThat(delivery.getState()).isEqualTo(DeliveryState.DELIVERY_STATE_FAILED);
            assertThat(delivery.getReason()).contains("params: the params are 70,014 bytes as JSON, over the limit of"
                    + " 65,536 bytes (hookline.resolve.max-params-bytes)");
        });
        assertThat(stored(eventId)).containsExactly(eventId);
    }

    @Test
    void anAgentTokenOverItsRateGetsResourceExhaustedAcksOnAnOpenStreamAndOtherTokensGoOn() {
        String prefix = "rate-" + UUID.randomUUID() + "-";
        MutinyHookServiceGrpc.MutinyHookServiceStub agent = agent(prefix + "agent");
        List<RunCompletion> events = IntStream.range(0, 30).mapToObj(i -> finished(prefix + i, "failed")).toList();

        List<ReportAck> acks = agent.report(Multi.createFrom().iterable(events)).collect().asList().await().atMost(TIMEOUT);

        assertThat(acks).hasSize(30);
        assertThat(acks.subList(0, 25)).allSatisfy(ack -> assertThat(ack.getResult()).isEqualTo(ReportResult.REPORT_RESULT_ACCEPTED));
        assertThat(acks.subList(25, 30)).allSatisfy(ack -> {
            assertThat(ack.getResult()).isEqualTo(ReportResult.REPORT_RESULT_REJECTED);
            assertThat(ack.getError().getCode()).isEqualTo("RESOURCE_EXHAUSTED");
            assertThat(ack.getError().getMessage()).isEqualTo("the token `" + prefix + "agent` is over its rate of"
                    + " 0.01 events per second, burst 25 (hookline.auth.rate-per-token, hookline.auth.rate-burst);"
                    + " resend this event later");
        });
        assertThat(stored(prefix)).hasSize(25).doesNotContain(prefix + "25", prefix + "29");

        assertThatThrownBy(() -> agent.notify(finished(prefix + "notify", "failed")).await().atMost(TIMEOUT))
                .isInstanceOfSatisfying(StatusRuntimeException.class, refused -> {
                    assertThat(refused.getStatus().getCode()).isEqualTo(Status.Code.RESOURCE_EXHAUSTED);
                    assertThat(refused.getStatus().getDescription()).contains("(hookline.auth.rate-per-token, hookline.auth.rate-burst)");
                });
        ReportAck other = agent(prefix + "other").notify(finished(prefix + "other", "failed")).await().atMost(TIMEOUT);
        assertThat(other.getResult()).isEqualTo(ReportResult.REPORT_RESULT_ACCEPTED);
        assertThat(stored(prefix)).hasSize(26).doesNotContain(prefix + "notify");
    }

    private MutinyHookServiceGrpc.MutinyHookServiceStub agent(String name) {
        String token = admin.createToken(CreateTokenRequest.newBuilder().setName(name).setScope(TokenScope.TOKEN_SCOPE_AGENT)
                .addProjects("acme/vision").build()).await().atMost(TIMEOUT).getToken();
        ManagedChannel channel = ManagedChannelBuilder.forAddress("localhost", port).usePlaintext()
                .intercept(TestToken.bearer(token)).build();
        channels.add(channel);
        return MutinyHookServiceGrpc.newMutinyStub(channel);
    }

    private List<String> stored(String prefix) {
        return pool.preparedQuery("SELECT event_id FROM run_events WHERE event_id LIKE $1 ORDER BY event_id")
                .execute(Tuple.of(prefix + "%")).await().atMost(TIMEOUT)
                .stream().map(row -> row.getString(0)).toList();
    }
}
