package io.hookline.resolve;

import io.hookline.store.Definitions;
import io.hookline.connections.ConnectionCatalog;
import io.hookline.render.polyaxon.ConditionEvaluator;
import io.hookline.definition.ConnectionLookup;
import io.hookline.definition.HookSpec;
import io.hookline.definition.HookValidator;
import io.hookline.definition.Violation;
import jakarta.enterprise.context.ApplicationScoped;

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

    HookValidation(Definitions definitions, ConnectionCatalog connections, ConditionEvaluator conditions) {
        this.definitions = definitions;
        this.connections = connections;
        this.conditions = conditions;
    }

    /** The catalog's names and kinds now: it follows its file. */
    private ConnectionLookup connectionLookup() {
        ConnectionCatalog now = connections.snapshot();
        Map<String, String> kinds = new LinkedHashMap<>();
        Map<String, String> defaults = new LinkedHashMap<>();
        now.connections().forEach(c -> {
            kinds.put(c.name(), c.kind().yamlName());
            now.defaultFor(c.kind()).ifPresent(d -> defaults.put(c.kind().yamlName(), d.name()));
        });
        return ConnectionLookup.of(kinds, defaults);
    }

    /**
     * Checks each hook as it will be planned: with its own presets applied first, so params a
     * preset supplies count (a preset that does not exist is reported by the caller).
     */
    public List<Violation> check(List<HookSpec> hooks, String path) {
        List<HookSpec> asPlanned = hooks.stream()
                .map(hook -> HookPresets.apply(hook, definitions::preset).hook())
                .toList();
        return HookValidator.validate(asPlanned, path, definitions, connectionLookup(), conditions);
    }
}
