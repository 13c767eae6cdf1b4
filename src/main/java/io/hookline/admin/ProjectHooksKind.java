package io.hookline.admin;

import io.hookline.definition.HookParser;
import io.hookline.definition.HookSpec;
import io.hookline.definition.ParseResult;
import io.hookline.error.Refusal;
import io.hookline.intake.IntakeConfig;
import io.hookline.resolve.HookValidation;
import io.hookline.store.ProjectHooksEntity;
import io.quarkus.panache.common.Sort;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;

/** The hooks that apply to every run of a project, keyed by the project. */
@ApplicationScoped
public class ProjectHooksKind implements DefinitionKind<ProjectHooksEntity> {

    private final HookValidation validation;
    private final int maxHooksPerEvent;

    ProjectHooksKind(HookValidation validation, IntakeConfig intake) {
        this.validation = validation;
        this.maxHooksPerEvent = intake.maxHooksPerEvent();
    }

    @Override
    public String noun() {
        return "project hooks";
    }

    @Override
    public Accepted<ProjectHooksEntity> accept(String project, String hooksYaml) {
        if (project.isBlank()) {
            throw Refusal.invalid("project", "is required");
        }
        ParseResult<List<HookSpec>> parsed = HookParser.parse(hooksYaml, "hooks_yaml");
        DefinitionKind.refuseAny(parsed.violations());
        DefinitionKind.refuseAny(parsed.positions().locate(validation.check(parsed.value(), "hooks_yaml", project)));
        int count = parsed.value().size();
        // Every event of the project plans these besides its own: more than an event may plan
        // would have every one of them rejected, so they are refused here instead.
        if (count > maxHooksPerEvent) {
            throw Refusal.invalid("hooks_yaml", String.format("holds %,d hooks, over the %,d every event of the project"
                    + " may plan with its own (hookline.intake.max-hooks-per-event)", count, maxHooksPerEvent));
        }
        return new Accepted<>(project, entity -> {
            entity.project = project;
            entity.hooksYaml = hooksYaml;
            entity.hookCount = count;
            entity.updatedAt = OffsetDateTime.now();
        });
    }

    @Override
    public Uni<ProjectHooksEntity> find(String key) {
        return ProjectHooksEntity.findById(key);
    }

    @Override
    public Uni<List<ProjectHooksEntity>> all() {
        return ProjectHooksEntity.listAll(Sort.by("project"));
    }

    @Override
    public ProjectHooksEntity create() {
        return new ProjectHooksEntity();
    }

    @Override
    public StoredDefinition stored(ProjectHooksEntity entity) {
        return new StoredDefinition(entity.project, entity.hooksYaml, false, entity.hookCount,
                Optional.of(entity.updatedAt));
    }

    /** A project with no hooks stored has none: not an error. */
    @Override
    public Uni<StoredDefinition> absent(String project) {
        return Uni.createFrom().item(new StoredDefinition(project, "", false, 0, Optional.empty()));
    }
}
