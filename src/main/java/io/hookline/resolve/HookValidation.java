package io.hookline.resolve;

import io.hookline.store.Definitions;
import io.hookline.connections.ConnectionCatalog;
import io.hookline.connections.ConnectionKind;
import io.hookline.render.polyaxon.ConditionEvaluator;
import io.hookline.definition.ConnectionLookup;
import io.hookline.definition.HookSpec;
import io.hookline.definition.HookValidator;
import io.hookline.definition.Violation;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

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
    private final Map<String, String> kinds;
    private final ConnectionLookup anyNamespace;
    // One lookup per list of namespaces a project takes defaults from: as many as configured keys.
    private final Map<List<String>, ConnectionLookup> byNamespaces = new ConcurrentHashMap<>();

    HookValidation(Definitions definitions, ConnectionCatalog connections, ConditionEvaluator conditions) {
        this.definitions = definitions;
        this.connections = connections;
        this.conditions = conditions;
        // The catalog is read once at start, so its names and kinds never change while running.
        Map<String, String> kindsByName = new LinkedHashMap<>();
        Map<String, String> anyDefaults = new LinkedHashMap<>();
        connections.connections().forEach(c -> {
            kindsByName.put(c.name(), c.kind().yamlName());
            if (connections.anyDefaultFor(c.kind())) {
                anyDefaults.put(c.kind().yamlName(), connections.defaultFor(c.kind()).orElse(c).name());
            }
        });
        this.kinds = Map.copyOf(kindsByName);
        this.anyNamespace = ConnectionLookup.of(kinds, anyDefaults);
    }

    /**
     * Checks hooks that may apply to runs of any project (a preset's): a hook without
     * {@code connection} passes when some namespace has a default of its kind; a run without one
     * fails its delivery naming it.
     */
    public List<Violation> check(List<HookSpec> hooks, String path) {
        return validate(hooks, path, anyNamespace);
    }

    /** Checks hooks of runs of {@code project}, with that project's default connections. */
    public List<Violation> check(List<HookSpec> hooks, String path, String project) {
        ConnectionLookup lookup = byNamespaces.computeIfAbsent(connections.namespacesOf(project), namespaces -> {
            Map<String, String> defaults = new LinkedHashMap<>();
            for (ConnectionKind kind : ConnectionKind.values()) {
                connections.defaultFor(kind, project).ifPresent(d -> defaults.put(kind.yamlName(), d.name()));
            }
            return ConnectionLookup.of(kinds, defaults);
        });
        return validate(hooks, path, lookup);
    }

    /**
     * Checks each hook as it will be planned: with its own presets applied first, so params a
     * preset supplies count (a preset that does not exist is reported by the caller).
     */
    private List<Violation> validate(List<HookSpec> hooks, String path, ConnectionLookup lookup) {
        List<HookSpec> asPlanned = hooks.stream()
                .map(hook -> HookPresets.apply(hook, definitions::preset).hook())
                .toList();
        return HookValidator.validate(asPlanned, path, definitions, lookup, conditions);
    }
}
