package io.hookline.grpc;

import io.hookline.store.DefinitionCache;
import com.google.protobuf.Timestamp;
import io.grpc.Status;
import io.hookline.api.v1.ComponentDefinition;
import io.hookline.api.v1.ConnectionInfo;
import io.hookline.api.v1.DeleteComponentRequest;
import io.hookline.api.v1.DeleteComponentResponse;
import io.hookline.api.v1.DeletePresetRequest;
import io.hookline.api.v1.DeletePresetResponse;
import io.hookline.api.v1.DeleteProjectHooksRequest;
import io.hookline.api.v1.DeleteProjectHooksResponse;
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
import io.hookline.api.v1.MutinyHookAdminGrpc;
import io.hookline.api.v1.PresetDefinition;
import io.hookline.api.v1.ProjectHooksDefinition;
import io.hookline.api.v1.PutComponentRequest;
import io.hookline.api.v1.PutPresetRequest;
import io.hookline.api.v1.PutProjectHooksRequest;
import io.hookline.api.v1.EnableConnectionRequest;
import io.hookline.connections.Connection;
import io.hookline.connections.ConnectionCatalog;
import io.hookline.outbox.DisabledTargets;
import io.hookline.dispatch.ConnectionGuards;
import io.hookline.resolve.HookValidation;
import io.hookline.definition.ComponentParser;
import io.hookline.definition.ComponentSpec;
import io.hookline.definition.HookParser;
import io.hookline.definition.HookSpec;
import io.hookline.definition.HubRef;
import io.hookline.definition.ParseResult;
import io.hookline.definition.PresetParser;
import io.hookline.definition.PresetSpec;
import io.hookline.definition.Violation;
import io.hookline.store.ComponentEntity;
import io.hookline.store.PresetEntity;
import io.hookline.store.ProjectHooksEntity;
import io.quarkus.grpc.GrpcService;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.panache.common.Sort;
import io.smallrye.mutiny.Uni;

import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * HookAdmin: definitions are validated with the same rules and messages as intake; an invalid
 * one is refused with INVALID_ARGUMENT and nothing is stored.
 */
@GrpcService
public class HookAdminGrpcService extends MutinyHookAdminGrpc.HookAdminImplBase {

    private static final Pattern PRESET_NAME = Pattern.compile("[A-Za-z0-9._-]{1,100}");

    private final DefinitionCache cache;
    private final HookValidation validation;
    private final ConnectionCatalog connections;
    private final ConnectionGuards guards;
    private final DisabledTargets disabledTargets;

    HookAdminGrpcService(DefinitionCache cache, HookValidation validation, ConnectionCatalog connections,
                         ConnectionGuards guards, DisabledTargets disabledTargets) {
        this.guards = guards;
        this.disabledTargets = disabledTargets;
        this.cache = cache;
        this.validation = validation;
        this.connections = connections;
    }

    @Override
    public Uni<ComponentDefinition> putComponent(PutComponentRequest request) {
        ParseResult<ComponentSpec> parsed = ComponentParser.parse(request.getDefinition(), "definition",
                cache.templateChecker());
        refuseInvalid(parsed.violations());
        HubRef ref = parsed.value().hubRef();
        if (!request.getHubRef().isEmpty()) {
            Optional<String> problem = HubRef.problem(request.getHubRef());
            if (problem.isPresent()) {
                refuseInvalid(List.of(Violation.of("hub_ref", problem.get())));
            }
            if (!HubRef.parse(request.getHubRef()).equals(ref)) {
                refuseInvalid(List.of(Violation.of("hub_ref", "`" + HubRef.parse(request.getHubRef())
                        + "` does not match the definition's owner, name and tag `" + ref + "`")));
            }
        }
        return Panache.withTransaction(() -> ComponentEntity.<ComponentEntity>findById(ref.toString())
                        .chain(existing -> {
                            if (existing != null && existing.builtin) {
                                return Uni.createFrom().failure(Status.FAILED_PRECONDITION.withDescription(
                                        "`" + ref + "` is a built-in component; store yours under another owner or tag")
                                        .asRuntimeException());
                            }
                            ComponentEntity entity = existing == null ? new ComponentEntity() : existing;
                            entity.hubRef = ref.toString();
                            entity.owner = ref.owner();
                            entity.name = ref.name();
                            entity.tag = ref.tag();
                            entity.definition = request.getDefinition();
                            entity.builtin = false;
                            entity.updatedAt = OffsetDateTime.now();
                            return entity.<ComponentEntity>persist();
                        }))
                .call(cache::reload)
                .map(HookAdminGrpcService::component);
    }

    @Override
    public Uni<ComponentDefinition> getComponent(GetComponentRequest request) {
        String ref = normalizedHubRef(request.getHubRef(), "hub_ref");
        return Panache.withSession(() -> ComponentEntity.<ComponentEntity>findById(ref))
                .map(found -> component(orNotFound(found, "component `" + ref + "`")));
    }

    @Override
    public Uni<ListComponentsResponse> listComponents(ListComponentsRequest request) {
        return Panache.withSession(() -> ComponentEntity.<ComponentEntity>listAll(Sort.by("hubRef")))
                .map(all -> ListComponentsResponse.newBuilder()
                        .addAllComponents(all.stream().map(HookAdminGrpcService::component).toList()).build());
    }

    @Override
    public Uni<DeleteComponentResponse> deleteComponent(DeleteComponentRequest request) {
        String ref = normalizedHubRef(request.getHubRef(), "hub_ref");
        return Panache.withTransaction(() -> ComponentEntity.<ComponentEntity>findById(ref).chain(found -> {
                    if (found == null) {
                        return Uni.createFrom().item(false);
                    }
                    if (found.builtin) {
                        return Uni.createFrom().failure(Status.FAILED_PRECONDITION
                                .withDescription("`" + ref + "` is a built-in component and cannot be deleted")
                                .asRuntimeException());
                    }
                    return found.delete().replaceWith(true);
                }))
                .call(cache::reload)
                .map(deleted -> DeleteComponentResponse.newBuilder().setDeleted(deleted).build());
    }

    @Override
    public Uni<PresetDefinition> putPreset(PutPresetRequest request) {
        if (!PRESET_NAME.matcher(request.getName()).matches()) {
            refuseInvalid(List.of(Violation.of("name", "must be 1 to 100 characters of letters, digits and . _ -")));
        }
        ParseResult<PresetSpec> parsed = PresetParser.parse(request.getName(), request.getDefinition(), "definition");
        refuseInvalid(parsed.violations());
        refuseInvalid(parsed.positions().locate(validation.check(parsed.value().hooks(), "definition.hooks")));
        return Panache.withTransaction(() -> PresetEntity.<PresetEntity>findById(request.getName()).chain(existing -> {
                    PresetEntity entity = existing == null ? new PresetEntity() : existing;
                    entity.name = request.getName();
                    entity.definition = request.getDefinition();
                    entity.updatedAt = OffsetDateTime.now();
                    return entity.<PresetEntity>persist();
                }))
                .call(cache::reload)
                .map(HookAdminGrpcService::preset);
    }

    @Override
    public Uni<PresetDefinition> getPreset(GetPresetRequest request) {
        return Panache.withSession(() -> PresetEntity.<PresetEntity>findById(request.getName()))
                .map(found -> preset(orNotFound(found, "preset `" + request.getName() + "`")));
    }

    @Override
    public Uni<ListPresetsResponse> listPresets(ListPresetsRequest request) {
        return Panache.withSession(() -> PresetEntity.<PresetEntity>listAll(Sort.by("name")))
                .map(all -> ListPresetsResponse.newBuilder()
                        .addAllPresets(all.stream().map(HookAdminGrpcService::preset).toList()).build());
    }

    @Override
    public Uni<DeletePresetResponse> deletePreset(DeletePresetRequest request) {
        return Panache.withTransaction(() -> PresetEntity.deleteById(request.getName()))
                .call(cache::reload)
                .map(deleted -> DeletePresetResponse.newBuilder().setDeleted(deleted).build());
    }

    @Override
    public Uni<ProjectHooksDefinition> putProjectHooks(PutProjectHooksRequest request) {
        if (request.getProject().isBlank()) {
            refuseInvalid(List.of(Violation.of("project", "is required")));
        }
        ParseResult<List<HookSpec>> parsed = HookParser.parse(request.getHooksYaml(), "hooks_yaml");
        refuseInvalid(parsed.violations());
        refuseInvalid(parsed.positions().locate(validation.check(parsed.value(), "hooks_yaml")));
        int count = parsed.value().size();
        return Panache.withTransaction(() -> ProjectHooksEntity.<ProjectHooksEntity>findById(request.getProject())
                        .chain(existing -> {
                            ProjectHooksEntity entity = existing == null ? new ProjectHooksEntity() : existing;
                            entity.project = request.getProject();
                            entity.hooksYaml = request.getHooksYaml();
                            entity.hookCount = count;
                            entity.updatedAt = OffsetDateTime.now();
                            return entity.<ProjectHooksEntity>persist();
                        }))
                .call(cache::reload)
                .map(HookAdminGrpcService::projectHooks);
    }

    @Override
    public Uni<ProjectHooksDefinition> getProjectHooks(GetProjectHooksRequest request) {
        return Panache.withSession(() -> ProjectHooksEntity.<ProjectHooksEntity>findById(request.getProject()))
                .map(found -> found == null
                        ? ProjectHooksDefinition.newBuilder().setProject(request.getProject()).build()
                        : projectHooks(found));
    }

    @Override
    public Uni<ListProjectHooksResponse> listProjectHooks(ListProjectHooksRequest request) {
        return Panache.withSession(() -> ProjectHooksEntity.<ProjectHooksEntity>listAll(Sort.by("project")))
                .map(all -> ListProjectHooksResponse.newBuilder()
                        .addAllProjects(all.stream().map(HookAdminGrpcService::projectHooks).toList()).build());
    }

    @Override
    public Uni<DeleteProjectHooksResponse> deleteProjectHooks(DeleteProjectHooksRequest request) {
        return Panache.withTransaction(() -> ProjectHooksEntity.deleteById(request.getProject()))
                .call(cache::reload)
                .map(deleted -> DeleteProjectHooksResponse.newBuilder().setDeleted(deleted).build());
    }

    @Override
    public Uni<ListConnectionsResponse> listConnections(ListConnectionsRequest request) {
        List<ConnectionInfo> infos = new ArrayList<>();
        connections.connections().stream()
                .sorted((a, b) -> a.name().compareTo(b.name()))
                .forEach(c -> infos.add(connectionInfo(c)));
        return Uni.createFrom().item(ListConnectionsResponse.newBuilder().addAllConnections(infos).build());
    }

    @Override
    public Uni<ConnectionInfo> enableConnection(EnableConnectionRequest request) {
        Connection connection = connections.find(request.getName()).orElseThrow(() -> Status.NOT_FOUND
                .withDescription("no connection named `" + request.getName() + "`; configured: " + connections.names())
                .asRuntimeException());
        return disabledTargets.enable(connection.name()).map(ignored -> connectionInfo(connection));
    }

    private ConnectionInfo connectionInfo(Connection c) {
        Optional<String> disabled = disabledTargets.reason(c.name());
        return ConnectionInfo.newBuilder()
                .setName(c.name())
                .setKind(c.kind().yamlName())
                .setDescription(c.description() == null ? "" : c.description())
                .setHasSecret(c.secret().isPresent())
                .setHost(c.host())
                .setBreakerState(guards.breakerState(c.name()).map(state -> state.name().toLowerCase()).orElse("closed"))
                .setDisabled(disabled.isPresent())
                .setDisabledReason(disabled.orElse(""))
                .build();
    }

    private static void refuseInvalid(List<Violation> violations) {
        if (!violations.isEmpty()) {
            throw Status.INVALID_ARGUMENT.withDescription(violations.stream().map(Violation::toString)
                    .collect(Collectors.joining("\n"))).asRuntimeException();
        }
    }

    private static String normalizedHubRef(String text, String field) {
        Optional<String> problem = HubRef.problem(text);
        if (problem.isPresent()) {
            refuseInvalid(List.of(Violation.of(field, problem.get())));
        }
        return HubRef.parse(text).toString();
    }

    private static <T> T orNotFound(T found, String what) {
        if (found == null) {
            throw Status.NOT_FOUND.withDescription("no " + what).asRuntimeException();
        }
        return found;
    }

    private static Timestamp timestamp(OffsetDateTime time) {
        return Timestamp.newBuilder().setSeconds(time.toEpochSecond()).setNanos(time.getNano()).build();
    }

    private static ComponentDefinition component(ComponentEntity c) {
        return ComponentDefinition.newBuilder().setHubRef(c.hubRef).setDefinition(c.definition)
                .setBuiltin(c.builtin).setUpdatedAt(timestamp(c.updatedAt)).build();
    }

    private static PresetDefinition preset(PresetEntity p) {
        return PresetDefinition.newBuilder().setName(p.name).setDefinition(p.definition)
                .setUpdatedAt(timestamp(p.updatedAt)).build();
    }

    private static ProjectHooksDefinition projectHooks(ProjectHooksEntity p) {
        return ProjectHooksDefinition.newBuilder().setProject(p.project).setHooksYaml(p.hooksYaml)
                .setHookCount(p.hookCount).setUpdatedAt(timestamp(p.updatedAt)).build();
    }
}
