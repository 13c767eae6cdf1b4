package io.hookline.resolve;

import io.hookline.store.Definitions;
import io.hookline.connections.ConnectionCatalog;
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
    private final ConnectionLookup connectionLookup;
    private final ConditionEvaluator conditions;
    private final int maxParamsBytes;

    HookValidation(Definitions definitions, ConnectionCatalog connections, ConditionEvaluator conditions,
                   ResolveConfig config) {
        this.definitions = definitions;
        this.conditions = conditions;
        this.maxParamsBytes = config.maxParamsBytes();
        // The catalog is read once at start, so its names and kinds never change while running.
        Map<String, String> kinds = new LinkedHashMap<>();
        Map<String, String> defaults = new LinkedHashMap<>();
        connections.connections().forEach(c -> {
            kinds.put(c.name(), c.kind().yamlName());
            connections.defaultFor(c.kind()).ifPresent(d -> defaults.put(c.kind().yamlName(), d.name()));
        });
        this.connectionLookup = ConnectionLookup.of(kinds, defaults);
    }

    /**
     * Checks each hook as it will be planned: with its own presets applied first, so params a
     * preset supplies count (a preset that does not exist is reported by the caller).
     */
    public List<Violation> check(List<HookSpec> hooks, String path) {
        List<HookSpec> asPlanned = hooks.stream()
                .map(hook -> HookPresets.apply(hook, definitions::preset).hook())
                .toList();
        List<Violation> violations = new ArrayList<>(
                HookValidator.validate(asPlanned, path, definitions, connectionLookup, conditions));
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
