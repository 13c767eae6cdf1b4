package io.hookline.admin;

import io.hookline.definition.ComponentParser;
import io.hookline.definition.ComponentSpec;
import io.hookline.definition.HubRef;
import io.hookline.definition.IoSpec;
import io.hookline.definition.ParseResult;
import io.hookline.definition.Violation;
import io.hookline.definition.yaml.FieldPath;
import io.hookline.error.Refusal;
import io.hookline.store.ComponentEntity;
import io.hookline.store.DefinitionCache;
import io.hookline.store.DefinitionsConfig;
import io.quarkus.panache.common.Sort;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.OffsetDateTime;
import java.util.ArrayList;
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
    private final DefinitionsConfig limits;

    ComponentKind(DefinitionCache cache, DefinitionsConfig limits) {
        this.cache = cache;
        this.limits = limits;
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
        DefinitionKind.refuseAny(parsed.positions().locate(longRegexes(parsed.value())));
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

    private List<Violation> longRegexes(ComponentSpec component) {
        List<Violation> violations = new ArrayList<>();
        for (String field : List.of("inputs", "outputs")) {
            List<IoSpec> ios = field.equals("inputs") ? component.inputs() : component.outputs();
            for (int i = 0; i < ios.size(); i++) {
                String regex = ios.get(i).validation() == null ? null : ios.get(i).validation().regex();
                if (regex != null && regex.length() > limits.maxRegexLength()) {
                    violations.add(Violation.of(FieldPath.child(FieldPath.item(FieldPath.child("definition", field), i),
                            "validation.regex"), String.format("is %,d characters, over the limit of %,d"
                            + " (hookline.definitions.max-regex-length)", regex.length(), limits.maxRegexLength())));
                }
            }
        }
        return violations;
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
