package io.hookline.grpc;

import io.grpc.ServerServiceDefinition;
import io.hookline.admin.ComponentKind;
import io.hookline.admin.DefinitionStore;
import io.hookline.admin.PresetKind;
import io.hookline.admin.ProjectHooksKind;
import io.hookline.admin.StoredDefinition;
import io.hookline.api.v1.CatalogFile;
import io.hookline.api.v1.ComponentDefinition;
import io.hookline.api.v1.CreateTokenRequest;
import io.hookline.api.v1.CreateTokenResponse;
import io.hookline.api.v1.ConnectionInfo;
import io.hookline.api.v1.DeleteComponentRequest;
import io.hookline.api.v1.DeleteComponentResponse;
import io.hookline.api.v1.DeletePresetRequest;
import io.hookline.api.v1.DeletePresetResponse;
import io.hookline.api.v1.DeleteProjectHooksRequest;
import io.hookline.api.v1.DeleteProjectHooksResponse;
import io.hookline.api.v1.EnableConnectionRequest;
import io.hookline.api.v1.GetComponentRequest;
import io.hookline.api.v1.GetPresetRequest;
import io.hookline.api.v1.GetProjectHooksRequest;
import io.hookline.api.v1.ListComponentsRequest;
import io.hookline.api.v1.ListComponentsResponse;
import io.hookline.api.v1.ListConnectionsRequest;
import io.hookline.api.v1.ListConnectionsResponse;
import io.hookline.api.v1.ListPresetsRequest;
import io.hookline.api.v1.ListPresetsResponse;
import io.hookline.api.v1.ListProjectHooksRequest;
import io.hookline.api.v1.ListProjectHooksResponse;
import io.hookline.api.v1.ListTokensRequest;
import io.hookline.api.v1.ListTokensResponse;
import io.hookline.api.v1.MutinyHookAdminGrpc;
import io.hookline.api.v1.PresetDefinition;
import io.hookline.api.v1.ProjectHooksDefinition;
import io.hookline.api.v1.PutComponentRequest;
import io.hookline.api.v1.PutPresetRequest;
import io.hookline.api.v1.PutProjectHooksRequest;
import io.hookline.api.v1.RevokeTokenRequest;
import io.hookline.api.v1.TokenInfo;
import io.hookline.auth.TokenAdmin;
import io.hookline.connections.CatalogReloads;
import io.hookline.definition.Violation;
import io.hookline.dispatch.ConnectionStatus;
import io.quarkus.grpc.GrpcService;
import io.smallrye.mutiny.Uni;
import java.nio.file.Path;

/**
 * HookAdmin's gRPC edge: requests to {@link DefinitionStore} and {@link ConnectionStatus} calls,
 * answers to proto views. Refusals (an invalid definition is INVALID_ARGUMENT and nothing is
 * stored) become status codes in {@link GrpcErrors}.
 */
@GrpcService
public class HookAdminGrpcService extends MutinyHookAdminGrpc.HookAdminImplBase {

    private final DefinitionStore store;
    private final ComponentKind components;
    private final PresetKind presets;
    private final ProjectHooksKind projectHooks;
    private final ConnectionStatus connections;
    private final CatalogReloads catalogReloads;
    private final TokenAdmin tokens;

    HookAdminGrpcService(DefinitionStore store, ComponentKind components, PresetKind presets,
                         ProjectHooksKind projectHooks, ConnectionStatus connections, CatalogReloads catalogReloads,
                         TokenAdmin tokens) {
        this.tokens = tokens;
        this.store = store;
        this.components = components;
        this.presets = presets;
        this.projectHooks = projectHooks;
        this.connections = connections;
        this.catalogReloads = catalogReloads;
    }

    /** Requests whose bytes do not parse end their call with INVALID_ARGUMENT ({@link UnparseableRequests}). */
    @Override
    public ServerServiceDefinition bindService() {
        return UnparseableRequests.answered(super.bindService());
    }

    @Override
    public Uni<ComponentDefinition> putComponent(PutComponentRequest request) {
        return store.put(components, request.getHubRef(), request.getDefinition()).map(HookAdminGrpcService::component);
    }

    @Override
    public Uni<ComponentDefinition> getComponent(GetComponentRequest request) {
        return store.get(components, request.getHubRef()).map(HookAdminGrpcService::component);
    }

    @Override
    public Uni<ListComponentsResponse> listComponents(ListComponentsRequest request) {
        return store.list(components).map(all -> ListComponentsResponse.newBuilder()
                .addAllComponents(all.stream().map(HookAdminGrpcService::component).toList()).build());
    }

    @Override
    public Uni<DeleteComponentResponse> deleteComponent(DeleteComponentRequest request) {
        return store.delete(components, request.getHubRef())
                .map(deleted -> DeleteComponentResponse.newBuilder().setDeleted(deleted).build());
    }

    @Override
    public Uni<PresetDefinition> putPreset(PutPresetRequest request) {
        return store.put(presets, request.getName(), request.getDefinition()).map(HookAdminGrpcService::preset);
    }

    @Override
    public Uni<PresetDefinition> getPreset(GetPresetRequest request) {
        return store.get(presets, request.getName()).map(HookAdminGrpcService::preset);
    }

    @Override
    public Uni<ListPresetsResponse> listPresets(ListPresetsRequest request) {
        return store.list(presets).map(all -> ListPresetsResponse.newBuilder()
                .addAllPresets(all.stream().map(HookAdminGrpcService::preset).toList()).build());
    }

    @Override
    public Uni<DeletePresetResponse> deletePreset(DeletePresetRequest request) {
        return store.delete(presets, request.getName())
                .map(deleted -> DeletePresetResponse.newBuilder().setDeleted(deleted).build());
    }

    @Override
    public Uni<ProjectHooksDefinition> putProjectHooks(PutProjectHooksRequest request) {
        return store.put(projectHooks, request.getProject(), request.getHooksYaml())
                .map(HookAdminGrpcService::projectHooks);
    }

    @Override
    public Uni<ProjectHooksDefinition> getProjectHooks(GetProjectHooksRequest request) {
        return store.get(projectHooks, request.getProject()).map(HookAdminGrpcService::projectHooks);
    }

    @Override
    public Uni<ListProjectHooksResponse> listProjectHooks(ListProjectHooksRequest request) {
        return store.list(projectHooks).map(all -> ListProjectHooksResponse.newBuilder()
                .addAllProjects(all.stream().map(HookAdminGrpcService::projectHooks).toList()).build());
    }

    @Override
    public Uni<DeleteProjectHooksResponse> deleteProjectHooks(DeleteProjectHooksRequest request) {
        return store.delete(projectHooks, request.getProject())
                .map(deleted -> DeleteProjectHooksResponse.newBuilder().setDeleted(deleted).build());
    }

    @Override
    public Uni<ListConnectionsResponse> listConnections(ListConnectionsRequest request) {
        return Uni.createFrom().item(() -> ListConnectionsResponse.newBuilder()
                .addAllConnections(connections.all().stream().map(HookAdminGrpcService::connectionInfo).toList())
                .setCatalogFile(catalogFile(catalogReloads.status()))
                .build());
    }

    @Override
    public Uni<ConnectionInfo> enableConnection(EnableConnectionRequest request) {
        return connections.enable(request.getName()).map(HookAdminGrpcService::connectionInfo);
    }

    @Override
    public Uni<CreateTokenResponse> createToken(CreateTokenRequest request) {
        return Uni.createFrom().deferred(() -> tokens.create(TokenMapper.newToken(request))).map(TokenMapper::created);
    }

    @Override
    public Uni<ListTokensResponse> listTokens(ListTokensRequest request) {
        return tokens.list().map(all -> ListTokensResponse.newBuilder()
                .addAllTokens(all.stream().map(TokenMapper::info).toList()).build());
    }

    @Override
    public Uni<TokenInfo> revokeToken(RevokeTokenRequest request) {
        return Uni.createFrom().deferred(() -> tokens.revoke(request.getId())).map(TokenMapper::info);
    }

    private static CatalogFile catalogFile(CatalogReloads.Status status) {
        CatalogFile.Builder file = CatalogFile.newBuilder()
                .setPath(status.file().map(Path::toString).orElse(""))
                .setValid(status.valid())
                .addAllProblems(status.problems().stream().map(Violation::toString).toList());
        status.refusedAt().ifPresent(at -> file.setRefusedAt(ProtoTime.timestamp(at)));
        return file.build();
    }

    private static ConnectionInfo connectionInfo(ConnectionStatus.Report connection) {
        return ConnectionInfo.newBuilder()
                .setName(connection.name())
                .setKind(connection.kind().yamlName())
                .setDescription(connection.description() == null ? "" : connection.description())
                .setHasSecret(connection.hasSecret())
                .setHost(connection.host())
                .setBreakerState(connection.breakerState())
                .setDisabled(connection.disabled())
                .setDisabledReason(connection.disabledReason().orElse(""))
                .build();
    }

    private static ComponentDefinition component(StoredDefinition stored) {
        ComponentDefinition.Builder view = ComponentDefinition.newBuilder().setHubRef(stored.key())
                .setDefinition(stored.text()).setBuiltin(stored.builtin());
        stored.updatedAt().map(ProtoTime::timestamp).ifPresent(view::setUpdatedAt);
        return view.build();
    }

    private static PresetDefinition preset(StoredDefinition stored) {
        PresetDefinition.Builder view = PresetDefinition.newBuilder().setName(stored.key()).setDefinition(stored.text());
        stored.updatedAt().map(ProtoTime::timestamp).ifPresent(view::setUpdatedAt);
        return view.build();
    }

    private static ProjectHooksDefinition projectHooks(StoredDefinition stored) {
        ProjectHooksDefinition.Builder view = ProjectHooksDefinition.newBuilder().setProject(stored.key())
                .setHooksYaml(stored.text()).setHookCount(stored.hookCount());
        stored.updatedAt().map(ProtoTime::timestamp).ifPresent(view::setUpdatedAt);
        return view.build();
    }
}
