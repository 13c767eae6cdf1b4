package io.hookline.resolve;

import io.hookline.store.Definitions;
import io.hookline.connections.ConnectionCatalog;
import io.hookline.connections.ConnectionKind;
import io.hookline.render.polyaxon.ConditionEvaluator;
import io.hookline.definition.ConnectionLookup;
import io.hookline.definition.HookSpec;
import io.hookline.definition.HookValidator;
import io.hookline.definition.Violation;
import io.hookline.definition.yaml.FieldPath;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The semantic check every hook goes through wherever it comes from (an event's hooks or
 * hooks_yaml, project hooks, a preset's hooks), so the same mistake gets the same message
 * everywhere. The field rules ({@code HookRules}) already ran in the parsers and the proto mapper.
 */
@ApplicationScoped
public class HookValidation {

    private final Definitions definitions;
    private final ConnectionCatalog connections;
    private final ConditionEvaluator conditions;
    private final int maxParamsBytes;

    HookValidation(Definitions definitions, ConnectionCatalog connections, ConditionEvaluator conditions,
                   ResolveConfig config) {
        this.definitions = definitions;
        this.connections = connections;
        this.conditions = conditions;
        this.maxParamsBytes = config.maxParamsBytes();
    }

    /**
     * Checks hooks that may apply to runs of any project (a preset's): a hook without
     * {@code connection} passes when some namespace has a default of its kind; a run without one
     * fails its delivery naming it.
     */
    public List<Violation> check(List<HookSpec> hooks, String path) {
        // The catalog follows its file: each check reads one version of it.
        ConnectionCatalog now = connections.snapshot();
        Map<String, String> defaults = new LinkedHashMap<>();
        now.connections().forEach(c -> {
            if (now.anyDefaultFor(c.kind())) {
                defaults.put(c.kind().yamlName(), now.defaultFor(c.kind()).orElse(c).name());
            }
        });
        return validate(hooks, path, ConnectionLookup.of(kinds(now), defaults));
    }

    /** Checks hooks of runs of {@code project}, with that project's default connections. */
    public List<Violation> check(List<HookSpec> hooks, String path, String project) {
        ConnectionCatalog now = connections.snapshot();
        Map<String, String> defaults = new LinkedHashMap<>();
        for (ConnectionKind kind : ConnectionKind.values()) {
            now.defaultFor(kind, project).ifPresent(d -> defaults.put(kind.yamlName(), d.name()));
        }
        return validate(hooks, path, ConnectionLookup.of(kinds(now), defaults));
    }

    private static Map<String, String> kinds(ConnectionCatalog catalog) {
        Map<String, String> kinds = new LinkedHashMap<>();
        catalog.connections().forEach(c -> kinds.put(c.name(), c.kind().yamlName()));
        return kinds;
    }

    /**
     * Checks each hook as it will be planned: with its own presets applied first, so params a
     * preset supplies count (a preset that does not exist is reported by the caller).
     */
    private List<Violation> validate(List<HookSpec> hooks, String path, ConnectionLookup lookup) {
        List<HookSpec> asPlanned = hooks.stream()
                .map(hook -> HookPresets.apply(hook, definitions::preset).hook())
                .toList();
        List<Violation> violations = new ArrayList<>(
                HookValidator.validate(asPlanned, path, definitions, lookup, conditions));
        for (int i = 0; i < asPlanned.size(); i++) {
            int bytes = ParamsSize.jsonBytes(asPlanned.get(i).params());
            if (bytes > maxParamsBytes) {
                violations.add(Violation.of(FieldPath.child(FieldPath.item(path, i), "params"), String.format(
                        "the params are %,d bytes as JSON, over the limit of %,d bytes (hookline.resolve.max-params-bytes)",
                        bytes, maxParamsBytes)));
            }
        }
        return violations;
    }
}
