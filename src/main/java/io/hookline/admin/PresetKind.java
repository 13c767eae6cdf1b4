package io.hookline.admin;

import io.hookline.definition.ParseResult;
import io.hookline.definition.PresetParser;
import io.hookline.definition.PresetSpec;
import io.hookline.error.Refusal;
import io.hookline.resolve.HookValidation;
import io.hookline.store.PresetEntity;
import io.quarkus.panache.common.Sort;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;

/** Presets (Polyaxon partial operations), keyed by the name an event or hook asks for them by. */
@ApplicationScoped
public class PresetKind implements DefinitionKind<PresetEntity> {

    private final HookValidation validation;

    PresetKind(HookValidation validation) {
        this.validation = validation;
    }

    @Override
    public String noun() {
        return "preset";
    }

    @Override
    public Accepted<PresetEntity> accept(String name, String definition) {
        if (!PresetParser.isName(name)) {
            throw Refusal.invalid("name", "must be 1 to 100 characters of letters, digits and . _ -");
        }
        ParseResult<PresetSpec> parsed = PresetParser.parse(name, definition, "definition");
        DefinitionKind.refuseAny(parsed.violations());
        DefinitionKind.refuseAny(parsed.positions().locate(validation.check(parsed.value().hooks(), "definition.hooks")));
        return new Accepted<>(name, entity -> {
            entity.name = name;
            entity.definition = definition;
            entity.updatedAt = OffsetDateTime.now();
        });
    }

    @Override
    public Uni<PresetEntity> find(String key) {
        return PresetEntity.findById(key);
    }

    @Override
    public Uni<List<PresetEntity>> all() {
        return PresetEntity.listAll(Sort.by("name"));
    }

    @Override
    public PresetEntity create() {
        return new PresetEntity();
    }

    @Override
    public StoredDefinition stored(PresetEntity entity) {
        return new StoredDefinition(entity.name, entity.definition, false, 0, Optional.of(entity.updatedAt));
    }
}
