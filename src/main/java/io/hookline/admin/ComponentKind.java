package io.hookline.admin;

import io.hookline.definition.ComponentParser;
import io.hookline.definition.ComponentSpec;
import io.hookline.definition.HubRef;
import io.hookline.definition.ParseResult;
import io.hookline.error.Refusal;
import io.hookline.store.ComponentEntity;
import io.hookline.store.DefinitionCache;
import io.quarkus.panache.common.Sort;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;

/**
 * Hub components, keyed by their normalised {@code owner/name:tag}. The definition names itself;
 * a hub ref given beside it must agree. Templates are compiled when the component is put.
 */
@ApplicationScoped
public class ComponentKind implements DefinitionKind<ComponentEntity> {

    private static final String HUB_REF = "hub_ref";

    private final DefinitionCache cache;

    ComponentKind(DefinitionCache cache) {
        this.cache = cache;
    }

    @Override
    public String noun() {
        return "component";
    }

    @Override
    public String key(String requested) {
        return hubRef(requested).toString();
    }

    @Override
    public Accepted<ComponentEntity> accept(String requested, String definition) {
        ParseResult<ComponentSpec> parsed = ComponentParser.parse(definition, "definition", cache.templateChecker());
        DefinitionKind.refuseAny(parsed.violations());
        HubRef ref = parsed.value().hubRef();
        HubRef given = requested.isEmpty() ? ref : hubRef(requested);
        if (!given.equals(ref)) {
            throw Refusal.invalid(HUB_REF, "`" + given + "` does not match the definition's owner, name and tag `"
                    + ref + "`");
        }
        return new Accepted<>(ref.toString(), entity -> {
            entity.hubRef = ref.toString();
            entity.owner = ref.owner();
            entity.name = ref.name();
            entity.tag = ref.tag();
            entity.definition = definition;
            entity.builtin = false;
            entity.updatedAt = OffsetDateTime.now();
        });
    }

    @Override
    public Uni<ComponentEntity> find(String key) {
        return ComponentEntity.findById(key);
    }

    @Override
    public Uni<List<ComponentEntity>> all() {
        return ComponentEntity.listAll(Sort.by("hubRef"));
    }

    @Override
    public ComponentEntity create() {
        return new ComponentEntity();
    }

    @Override
    public boolean builtIn(ComponentEntity entity) {
        return entity.builtin;
    }

    private static HubRef hubRef(String requested) {
        Optional<String> problem = HubRef.problem(requested);
        if (problem.isPresent()) {
            throw Refusal.invalid(HUB_REF, problem.get());
        }
        return HubRef.parse(requested);
    }

    @Override
    public StoredDefinition stored(ComponentEntity entity) {
        return new StoredDefinition(entity.hubRef, entity.definition, entity.builtin, 0,
                Optional.of(entity.updatedAt));
    }
}
