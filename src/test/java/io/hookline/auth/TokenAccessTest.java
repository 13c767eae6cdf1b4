package io.hookline.auth;

import com.google.protobuf.Timestamp;
import grpc.reflection.v1alpha.Reflection;
import io.grpc.Channel;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.reflection.v1.ServerReflectionGrpc;
import io.grpc.reflection.v1.ServerReflectionRequest;
import io.grpc.reflection.v1.ServerReflectionResponse;
import io.grpc.reflection.v1.ServiceResponse;
import io.grpc.stub.StreamObserver;
import io.hookline.api.v1.CreateTokenRequest;
import io.hookline.api.v1.CreateTokenResponse;
import io.hookline.api.v1.DeleteComponentRequest;
import io.hookline.api.v1.DeletePresetRequest;
import io.hookline.api.v1.DeleteProjectHooksRequest;
import io.hookline.api.v1.DeliveryState;
import io.hookline.api.v1.EnableConnectionRequest;
import io.hookline.api.v1.GetComponentRequest;
import io.hookline.api.v1.GetDeliveryRequest;
import io.hookline.api.v1.GetPresetRequest;
import io.hookline.api.v1.GetProjectHooksRequest;
import io.hookline.api.v1.HookAdmin;
import io.hookline.api.v1.HookAdminGrpc;
import io.hookline.api.v1.HookService;
import io.hookline.api.v1.HookServiceGrpc;
import io.hookline.api.v1.ListComponentsRequest;
import io.hookline.api.v1.ListConnectionsRequest;
import io.hookline.api.v1.ListDeliveriesRequest;
import io.hookline.api.v1.ListPresetsRequest;
import io.hookline.api.v1.ListProjectHooksRequest;
import io.hookline.api.v1.ListTokensRequest;
import io.hookline.api.v1.PutComponentRequest;
import io.hookline.api.v1.PutPresetRequest;
import io.hookline.api.v1.PutProjectHooksRequest;
import io.hookline.api.v1.RedeliverRequest;
import io.hookline.api.v1.ReportAck;
import io.hookline.api.v1.ReportResult;
import io.hookline.api.v1.RevokeTokenRequest;
import io.hookline.api.v1.RunCompletion;
import io.hookline.api.v1.SubscribeRequest;
import io.hookline.api.v1.TokenInfo;
import io.hookline.api.v1.TokenScope;
import io.hookline.testing.Deliveries;
import io.hookline.testing.TestToken;
import io.quarkus.grpc.GrpcClient;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.stream.Stream;

import static io.hookline.testing.Events.finished;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.awaitility.Awaitility.await;

/**
 * Every RPC and HTTP endpoint without a token, with a revoked or expired one, and with a token of
 * the wrong scope or project: refused with UNAUTHENTICATED or PERMISSION_DENIED (401/403), and no
 * row changes.
 */
@QuarkusTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TokenAccessTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    private static final int PORT = 8081;
    private static final String PROJECT = "acme/vision";

    /** One RPC, called with a request that would change something (or read something) if allowed. */
    record Rpc(String name, boolean agentMay, Consumer<Channel> call) {
        @Override
        public String toString() {
            return name;
        }
    }

    @GrpcClient("admin")
    HookAdmin admin;

    @GrpcClient("hook")
    HookService hooks;

    @Inject
    Pool pool;

    private String deliveryId;
    private String agentToken;
    private String otherProjectToken;
    private String revokedToken;
    private String expiredToken;
    private String revokedTokenId;
    private final List<ManagedChannel> channels = new ArrayList<>();

    @BeforeEach
    void tokensAndADelivery() {
        if (deliveryId != null) {
            return;
        }
        ReportAck ack = hooks.notify(finished("auth-" + UUID.randomUUID(), "failed").toBuilder()
                .setHooksYaml("- {hubRef: webhook, connection: team-webhook}").build()).await().atMost(TIMEOUT);
        deliveryId = ack.getDeliveries(0).getDeliveryId();
        // Final (nothing listens for team-webhook here, so DEAD after the test retries): a refused
        // Redeliver must leave it as it is, with no dispatch changing it meanwhile.
        Deliveries.await(hooks, deliveryId, "a final state", delivery ->
                delivery.getState() == DeliveryState.DELIVERY_STATE_DEAD
                        || delivery.getState() == DeliveryState.DELIVERY_STATE_DELIVERED);
        agentToken = create("vision-agent", TokenScope.TOKEN_SCOPE_AGENT, List.of(PROJECT), null).getToken();
        otherProjectToken = create("other-agent", TokenScope.TOKEN_SCOPE_AGENT, List.of("other/project"), null).getToken();
        CreateTokenResponse revoked = create("revoked-admin", TokenScope.TOKEN_SCOPE_ADMIN, List.of(), null);
        revokedToken = revoked.getToken();
        revokedTokenId = revoked.getInfo().getId();
        admin.revokeToken(RevokeTokenRequest.newBuilder().setId(revokedTokenId).build()).await().atMost(TIMEOUT);
        expiredToken = create("expiring-admin", TokenScope.TOKEN_SCOPE_ADMIN, List.of(),
                Instant.now().plusSeconds(1)).getToken();
        await("the expiring token to expire").atMost(TIMEOUT).until(() -> code(rpcs().findFirst().orElseThrow(),
                channel(expiredToken)) == Status.Code.UNAUTHENTICATED);
    }

    @AfterAll
    void closeChannels() {
        channels.forEach(ManagedChannel::shutdownNow);
    }

    Stream<Rpc> rpcs() {
        RunCompletion event = finished("denied-" + UUID.randomUUID(), "failed").toBuilder()
                .setHooksYaml("- {hubRef: webhook, connection: team-webhook}").build();
        return Stream.of(
                new Rpc("Report", true, channel -> report(channel, event)),
                new Rpc("Notify", true, channel -> HookServiceGrpc.newBlockingStub(channel).notify(event)),
                new Rpc("Preview", true, channel -> HookServiceGrpc.newBlockingStub(channel).preview(event)),
                new Rpc("Subscribe", true, channel -> HookServiceGrpc.newBlockingStub(channel).subscribe(
                        SubscribeRequest.newBuilder().setProject(PROJECT).setReplayOnly(true).build()).hasNext()),
                new Rpc("GetDelivery", true, channel -> HookServiceGrpc.newBlockingStub(channel)
                        .getDelivery(GetDeliveryRequest.newBuilder().setDeliveryId(deliveryId).build())),
                new Rpc("ListDeliveries", true, channel -> HookServiceGrpc.newBlockingStub(channel)
                        .listDeliveries(ListDeliveriesRequest.newBuilder().setProject(PROJECT).build())),
                new Rpc("Redeliver", false, channel -> HookServiceGrpc.newBlockingStub(channel)
                        .redeliver(RedeliverRequest.newBuilder().setDeliveryId(deliveryId).build())),
                new Rpc("PutComponent", false, channel -> HookAdminGrpc.newBlockingStub(channel).putComponent(
                        PutComponentRequest.newBuilder().setDefinition("""
                                kind: component
                                name: denied
                                owner: acme
                                connectionKinds: [webhook]
                                request:
                                  body: '{"a": 1}'
                                """).build())),
                new Rpc("GetComponent", false, channel -> HookAdminGrpc.newBlockingStub(channel)
                        .getComponent(GetComponentRequest.newBuilder().setHubRef("slack").build())),
                new Rpc("ListComponents", false, channel -> HookAdminGrpc.newBlockingStub(channel)
                        .listComponents(ListComponentsRequest.getDefaultInstance())),
                new Rpc("DeleteComponent", false, channel -> HookAdminGrpc.newBlockingStub(channel)
                        .deleteComponent(DeleteComponentRequest.newBuilder().setHubRef("acme/denied").build())),
                new Rpc("PutPreset", false, channel -> HookAdminGrpc.newBlockingStub(channel).putPreset(
                        PutPresetRequest.newBuilder().setName("denied").setDefinition("isPreset: true\n").build())),
                new Rpc("GetPreset", false, channel -> HookAdminGrpc.newBlockingStub(channel)
                        .getPreset(GetPresetRequest.newBuilder().setName("denied").build())),
                new Rpc("ListPresets", false, channel -> HookAdminGrpc.newBlockingStub(channel)
                        .listPresets(ListPresetsRequest.getDefaultInstance())),
                new Rpc("DeletePreset", false, channel -> HookAdminGrpc.newBlockingStub(channel)
                        .deletePreset(DeletePresetRequest.newBuilder().setName("denied").build())),
                new Rpc("PutProjectHooks", false, channel -> HookAdminGrpc.newBlockingStub(channel).putProjectHooks(
                        PutProjectHooksRequest.newBuilder().setProject("acme/denied")
                                .setHooksYaml("- {hubRef: webhook, connection: team-webhook}").build())),
                new Rpc("GetProjectHooks", false, channel -> HookAdminGrpc.newBlockingStub(channel)
                        .getProjectHooks(GetProjectHooksRequest.newBuilder().setProject(PROJECT).build())),
                new Rpc("ListProjectHooks", false, channel -> HookAdminGrpc.newBlockingStub(channel)
                        .listProjectHooks(ListProjectHooksRequest.getDefaultInstance())),
                new Rpc("DeleteProjectHooks", false, channel -> HookAdminGrpc.newBlockingStub(channel)
                        .deleteProjectHooks(DeleteProjectHooksRequest.newBuilder().setProject(PROJECT).build())),
                new Rpc("ListConnections", false, channel -> HookAdminGrpc.newBlockingStub(channel)
                        .listConnections(ListConnectionsRequest.getDefaultInstance())),
                new Rpc("EnableConnection", false, channel -> HookAdminGrpc.newBlockingStub(channel)
                        .enableConnection(EnableConnectionRequest.newBuilder().setName("team-webhook").build())),
                new Rpc("CreateToken", false, channel -> HookAdminGrpc.newBlockingStub(channel).createToken(
                        CreateTokenRequest.newBuilder().setName("sneaky").setScope(TokenScope.TOKEN_SCOPE_ADMIN).build())),
                new Rpc("ListTokens", false, channel -> HookAdminGrpc.newBlockingStub(channel)
                        .listTokens(ListTokensRequest.getDefaultInstance())),
                new Rpc("RevokeToken", false, channel -> HookAdminGrpc.newBlockingStub(channel)
                        .revokeToken(RevokeTokenRequest.newBuilder().setId(idOf("vision-agent")).build())));
    }

    Stream<Rpc> adminRpcs() {
        return rpcs().filter(rpc -> !rpc.agentMay());
    }

    Stream<Rpc> agentRpcs() {
        return rpcs().filter(Rpc::agentMay);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rpcs")
    void everyRpcWithoutATokenIsUnauthenticatedAndChangesNothing(Rpc rpc) {
        assertRefusedUnchanged(rpc, plainChannel(), Status.Code.UNAUTHENTICATED, "bearer token is required");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rpcs")
    void everyRpcWithARevokedTokenIsUnauthenticatedAndChangesNothing(Rpc rpc) {
        assertRefusedUnchanged(rpc, channel(revokedToken), Status.Code.UNAUTHENTICATED, "not valid");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rpcs")
    void everyRpcWithAnExpiredTokenIsUnauthenticatedAndChangesNothing(Rpc rpc) {
        assertRefusedUnchanged(rpc, channel(expiredToken), Status.Code.UNAUTHENTICATED, "expired");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("adminRpcs")
    void everyAdminRpcWithAnAgentTokenIsPermissionDeniedAndChangesNothing(Rpc rpc) {
        assertRefusedUnchanged(rpc, channel(agentToken), Status.Code.PERMISSION_DENIED, "needs an admin token");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("agentRpcs")
    void everyAgentRpcWithATokenOfAnotherProjectIsPermissionDeniedAndChangesNothing(Rpc rpc) {
        assertRefusedUnchanged(rpc, channel(otherProjectToken), Status.Code.PERMISSION_DENIED, "other/project");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("agentRpcs")
    void everyAgentRpcAnswersAnAgentTokenOfTheRunsProject(Rpc rpc) {
        rpc.call().accept(channel(agentToken));
    }

    @Test
    void anAgentTokenListingOrSubscribingWithoutAProjectIsPermissionDenied() {
        Channel agent = channel(agentToken);

        StatusRuntimeException list = catchThrowableOfType(StatusRuntimeException.class, () ->
                HookServiceGrpc.newBlockingStub(agent).listDeliveries(ListDeliveriesRequest.getDefaultInstance()));
        StatusRuntimeException subscribe = catchThrowableOfType(StatusRuntimeException.class, () ->
                HookServiceGrpc.newBlockingStub(agent).subscribe(SubscribeRequest.newBuilder().setReplayOnly(true).build())
                        .hasNext());

        assertThat(list.getStatus().getCode()).isEqualTo(Status.Code.PERMISSION_DENIED);
        assertThat(list.getStatus().getDescription()).contains("set project to one of its projects (acme/vision)");
        assertThat(subscribe.getStatus().getCode()).isEqualTo(Status.Code.PERMISSION_DENIED);
    }

    @Test
    void aReportStreamEndsPermissionDeniedAtTheFirstEventOfAnotherProjectAndStoresNothingOfIt() {
        String prefix = "mixed-" + UUID.randomUUID();
        RunCompletion own = finished(prefix + "-own", "failed");
        RunCompletion foreign = finished(prefix + "-foreign", "failed").toBuilder()
                .setRun(finished("x", "failed").getRun().toBuilder().setProject("someone/else")).build();
        List<ReportAck> acks = new CopyOnWriteArrayList<>();
        CompletableFuture<Throwable> ended = new CompletableFuture<>();
        StreamObserver<RunCompletion> requests = HookServiceGrpc.newStub(channel(agentToken)).report(observer(acks, ended));
        requests.onNext(own);
        await().atMost(TIMEOUT).until(() -> acks.size() == 1);
        requests.onNext(foreign);
        requests.onCompleted();

        Throwable failure = ended.orTimeout(30, TimeUnit.SECONDS).join();
        assertThat(acks).extracting(ReportAck::getResult).containsExactly(ReportResult.REPORT_RESULT_ACCEPTED);
        assertThat(Status.fromThrowable(failure).getCode()).isEqualTo(Status.Code.PERMISSION_DENIED);
        assertThat(Status.fromThrowable(failure).getDescription()).contains("run.project is `someone/else`");
        assertThat(count("SELECT count(*) FROM run_events WHERE event_id LIKE $1", prefix + "%")).isEqualTo(1);
    }

    @Test
    void aCreatedTokenIsAnsweredOnceAndNeitherListedNorStored() {
        CreateTokenResponse created = create("ci-" + UUID.randomUUID().toString().substring(0, 8),
                TokenScope.TOKEN_SCOPE_AGENT, List.of(PROJECT), null);

        List<TokenInfo> listed = admin.listTokens(ListTokensRequest.getDefaultInstance()).await().atMost(TIMEOUT)
                .getTokensList();
        assertThat(created.getToken()).startsWith("hl_").hasSizeGreaterThan(40);
        assertThat(listed).extracting(TokenInfo::getId).contains(created.getInfo().getId());
        assertThat(listed.toString()).doesNotContain(created.getToken());
        assertThat(count("SELECT count(*) FROM api_tokens WHERE position(convert_to($1, 'UTF8') in token_hash) > 0"
                + " OR name = $1 OR array_to_string(projects, ',') LIKE '%' || $1 || '%'", created.getToken()))
                .isZero();
        assertThat(listed).filteredOn(token -> token.getId().equals(revokedTokenId))
                .singleElement().satisfies(token -> assertThat(token.hasRevokedAt()).isTrue());
    }

    @Test
    void aTokenRequestWithoutScopeOrWithAPastExpiryIsRefusedNamingTheFields() {
        StatusRuntimeException refused = catchThrowableOfType(StatusRuntimeException.class, () ->
                admin.createToken(CreateTokenRequest.newBuilder().setName("no scope")
                        .setExpiresAt(Timestamp.newBuilder().setSeconds(1_000)).build()).await().atMost(TIMEOUT));

        assertThat(refused.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
        assertThat(refused.getStatus().getDescription()).contains("name: must be").contains("scope: must be `agent`")
                .contains("expires_at: is in the past");
    }

    @Test
    void metricsNeedAValidTokenOfEitherScopeAndHealthNeedsNone() throws Exception {
        assertThat(http("/q/metrics", null).statusCode()).isEqualTo(401);
        assertThat(http("/q/metrics", null).headers().firstValue("WWW-Authenticate")).hasValueSatisfying(
                value -> assertThat(value).startsWith("Bearer"));
        assertThat(http("/q/metrics", revokedToken).statusCode()).isEqualTo(401);
        assertThat(http("/q/metrics", expiredToken).statusCode()).isEqualTo(401);
        assertThat(http("/q/metrics", "not-a-token").statusCode()).isEqualTo(401);
        assertThat(http("/q/metrics", agentToken).statusCode()).isEqualTo(200);
        assertThat(http("/q/health/ready", null).statusCode()).isEqualTo(200);
        assertThat(http("/q/health", null).statusCode()).isEqualTo(200);
    }

    @Test
    void serverReflectionNeedsAValidTokenAndShowsAnAgentTokenOnlyTheServices() {
        ServerReflectionRequest listServices = ServerReflectionRequest.newBuilder().setListServices("").build();
        Reflection.ServerReflectionRequest listServicesAlpha = Reflection.ServerReflectionRequest.newBuilder()
                .setListServices("").build();

        StatusRuntimeException anonymous = catchThrowableOfType(StatusRuntimeException.class, () -> firstAnswer(
                ServerReflectionGrpc.newStub(plainChannel())::serverReflectionInfo, listServices));
        StatusRuntimeException anonymousAlpha = catchThrowableOfType(StatusRuntimeException.class, () -> firstAnswer(
                grpc.reflection.v1alpha.ServerReflectionGrpc.newStub(plainChannel())::serverReflectionInfo, listServicesAlpha));
        StatusRuntimeException revoked = catchThrowableOfType(StatusRuntimeException.class, () -> firstAnswer(
                ServerReflectionGrpc.newStub(channel(revokedToken))::serverReflectionInfo, listServices));
        ServerReflectionResponse answer = firstAnswer(
                ServerReflectionGrpc.newStub(channel(agentToken))::serverReflectionInfo, listServices);

        assertThat(anonymous.getStatus().getCode()).isEqualTo(Status.Code.UNAUTHENTICATED);
        assertThat(anonymousAlpha.getStatus().getCode()).isEqualTo(Status.Code.UNAUTHENTICATED);
        assertThat(revoked.getStatus().getCode()).isEqualTo(Status.Code.UNAUTHENTICATED);
        // The schema of the public contract, never a token, delivery or definition.
        assertThat(answer.getListServicesResponse().getServiceList()).extracting(ServiceResponse::getName)
                .contains("hookline.v1.HookService", "hookline.v1.HookAdmin", "grpc.health.v1.Health");
    }

    @Test
    void otherHttpPathsNeedAnAdminToken() throws Exception {
        assertThat(http("/q/arc", null).statusCode()).isEqualTo(401);
        assertThat(http("/q/arc", revokedToken).statusCode()).isEqualTo(401);
        assertThat(http("/q/arc", agentToken).statusCode()).isEqualTo(403);
        assertThat(http("/q/arc", TestToken.ADMIN).statusCode()).isNotIn(401, 403);
    }

    private void assertRefusedUnchanged(Rpc rpc, Channel channel, Status.Code code, String reason) {
        String before = rows();

        StatusRuntimeException refused = catchThrowableOfType(StatusRuntimeException.class,
                () -> rpc.call().accept(channel));

        assertThat(refused).as(rpc.name() + " answered instead of refusing").isNotNull();
        assertThat(refused.getStatus().getCode()).isEqualTo(code);
        assertThat(refused.getStatus().getDescription()).contains(reason);
        assertThat(rows()).isEqualTo(before);
    }

    /** What a refused call could have changed: every definition and token table, events and the delivery. */
    private String rows() {
        Row row = pool.preparedQuery("SELECT (SELECT count(*) FROM run_events), (SELECT count(*) FROM deliveries),"
                        + " (SELECT string_agg(hub_ref || updated_at, ',' ORDER BY hub_ref) FROM components),"
                        + " (SELECT string_agg(name || updated_at, ',' ORDER BY name) FROM presets),"
                        + " (SELECT string_agg(project || updated_at, ',' ORDER BY project) FROM project_hooks),"
                        + " (SELECT string_agg(id::text || coalesce(revoked_at::text, ''), ',' ORDER BY id) FROM api_tokens),"
                        + " (SELECT count(*) FROM disabled_targets),"
                        + " (SELECT state || attempt_count FROM deliveries WHERE id = $1)")
                .execute(Tuple.of(UUID.fromString(deliveryId))).await().atMost(TIMEOUT).iterator().next();
        StringBuilder all = new StringBuilder();
        for (int i = 0; i < row.size(); i++) {
            all.append(row.getValue(i)).append(" | ");
        }
        return all.toString();
    }

    private long count(String sql, String parameter) {
        return pool.preparedQuery(sql).execute(Tuple.of(parameter)).await().atMost(TIMEOUT).iterator().next().getLong(0);
    }

    private String idOf(String name) {
        return admin.listTokens(ListTokensRequest.getDefaultInstance()).await().atMost(TIMEOUT).getTokensList().stream()
                .filter(token -> token.getName().equals(name)).findFirst().orElseThrow().getId();
    }

    private CreateTokenResponse create(String name, TokenScope scope, List<String> projects, Instant expiresAt) {
        CreateTokenRequest.Builder request = CreateTokenRequest.newBuilder().setName(name).setScope(scope)
                .addAllProjects(projects);
        if (expiresAt != null) {
            request.setExpiresAt(Timestamp.newBuilder().setSeconds(expiresAt.getEpochSecond()).setNanos(expiresAt.getNano()));
        }
        return admin.createToken(request.build()).await().atMost(TIMEOUT);
    }

    private Status.Code code(Rpc rpc, Channel channel) {
        try {
            rpc.call().accept(channel);
            return Status.Code.OK;
        } catch (StatusRuntimeException refused) {
            return refused.getStatus().getCode();
        }
    }

    private Channel plainChannel() {
        ManagedChannel channel = ManagedChannelBuilder.forAddress("localhost", PORT).usePlaintext().build();
        channels.add(channel);
        return channel;
    }

    private Channel channel(String token) {
        ManagedChannel channel = ManagedChannelBuilder.forAddress("localhost", PORT).usePlaintext()
                .intercept(TestToken.bearer(token)).build();
        channels.add(channel);
        return channel;
    }

    /** One event on a Report stream; its failure thrown as the blocking stubs throw theirs. */
    private static void report(Channel channel, RunCompletion event) {
        CompletableFuture<Throwable> ended = new CompletableFuture<>();
        StreamObserver<RunCompletion> requests = HookServiceGrpc.newStub(channel)
                .report(observer(new CopyOnWriteArrayList<>(), ended));
        requests.onNext(event);
        requests.onCompleted();
        Throwable failure = ended.orTimeout(30, TimeUnit.SECONDS).join();
        if (failure != null) {
            throw Status.fromThrowable(failure).asRuntimeException();
        }
    }

    /** Sends one request on a bidirectional stream (server reflection) and waits for its first answer. */
    private static <Q, R> R firstAnswer(Function<StreamObserver<R>, StreamObserver<Q>> call, Q request) {
        CompletableFuture<R> answer = new CompletableFuture<>();
        StreamObserver<Q> requests = call.apply(new StreamObserver<>() {
            @Override
            public void onNext(R value) {
                answer.complete(value);
            }

            @Override
            public void onError(Throwable failure) {
                answer.completeExceptionally(failure);
            }

            @Override
            public void onCompleted() {
                answer.completeExceptionally(new AssertionError("the stream ended without an answer"));
            }
        });
        requests.onNext(request);
        requests.onCompleted();
        try {
            return answer.get(30, TimeUnit.SECONDS);
        } catch (ExecutionException failed) {
            throw Status.fromThrowable(failed.getCause()).asRuntimeException();
        } catch (InterruptedException | TimeoutException notAnswered) {
            throw new AssertionError("no answer within 30 s", notAnswered);
        }
    }

    private static StreamObserver<ReportAck> observer(List<ReportAck> acks, CompletableFuture<Throwable> ended) {
        return new StreamObserver<>() {
            @Override
            public void onNext(ReportAck ack) {
                acks.add(ack);
            }

            @Override
            public void onError(Throwable failure) {
                ended.complete(failure);
            }

            @Override
            public void onCompleted() {
                ended.complete(null);
            }
        };
    }

    private static HttpResponse<String> http(String path, String token) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + PORT + path));
        if (token != null) {
            request.header("authorization", "Bearer " + token);
        }
        return HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
