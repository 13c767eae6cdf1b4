package io.hookline.resolve;

import io.hookline.connections.ConnectionCatalog;
import io.hookline.store.Definitions;
import io.hookline.definition.HookRules;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.hookline.definition.HookParser;
import io.hookline.definition.HookSpec;
import io.hookline.definition.ParseResult;
import io.hookline.definition.PresetSpec;
import io.hookline.definition.Violation;
import jakarta.enterprise.context.ApplicationScoped;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

/**
 * The hooks an event brings (structured and as Polyaxon YAML/JSON) checked with the same rules as
 * stored hooks, then gathered with the project's hooks and the named presets.
 */
@ApplicationScoped
public class EventHooks {

    /** Either the run's hooks in resolution order, or why the event's hooks are invalid. */
    public record Gathered(List<SourcedHook> hooks, List<Violation> violations) {
    }

    /** An event's own hooks, parsed and checked against a version of the definitions. */
    private record Checked(List<HookSpec> structured, List<HookSpec> yaml, List<Violation> violations, int weight) {
    }

    /**
     * The hooks' texts by their SHA-256, so a key never holds the (possibly large) text itself, and
     * the namespaces whose default connections the check used.
     */
    private record Key(long definitionsVersion, String digest, List<String> namespaces) {
    }

    private final Definitions definitions;
    private final HookValidation validation;
    // Agents send the same hooks with every run of a polyaxonfile: parse and check each distinct
    // text once per version of the definitions instead of once per event. Only valid hooks are
    // kept, weighed in bytes.
    private final Cache<Key, Checked> checked;

    private final ConnectionCatalog connections;

    EventHooks(Definitions definitions, HookValidation validation, ResolveConfig config, ConnectionCatalog connections) {
        this.definitions = definitions;
        this.connections = connections;
        this.validation = validation;
        this.checked = Caffeine.newBuilder()
                .maximumWeight(config.hookCacheBytes())
                .weigher((Key key, Checked value) -> value.weight())
                .build();
    }

    /**
     * @param structured  the event's structured hooks, as read from its fields
     * @param hooksYaml   the event's Polyaxon YAML/JSON hooks, empty when none
     * @param presetNames the presets the event names
     */
    public Gathered gather(List<HookSpec> structured, String hooksYaml, List<String> presetNames, String project) {
        String structuredText = structured.toString();
        Key key = new Key(definitions.version(), digest(structuredText, hooksYaml), connections.namespacesOf(project));
        Checked own = checked.getIfPresent(key);
        if (own == null) {
            own = check(structured, hooksYaml, project, 2 * (structuredText.length() + hooksYaml.length()) + 256);
            if (own.violations().isEmpty()) {
                checked.put(key, own);
            }
        }
        List<Violation> violations = new ArrayList<>(own.violations());
        List<PresetSpec> presets = new ArrayList<>();
        for (int i = 0; i < presetNames.size(); i++) {
            String name = presetNames.get(i);
            Optional<PresetSpec> preset = definitions.preset(name);
            if (preset.isEmpty()) {
                violations.add(Violation.of("presets[" + i + "]",
                        "no preset named `" + name + "`; store it first with HookAdmin.PutPreset"));
            } else {
                presets.add(preset.get());
            }
        }
        if (!violations.isEmpty()) {
            return new Gathered(List.of(), violations);
        }
        return new Gathered(HookCollector.collect(own.structured(), own.yaml(),
                definitions.projectHooks(project), presets), List.of());
    }

    /** A hook's own presets must exist when the event is accepted, like the event's presets. */
    private List<Violation> missingPresets(List<HookSpec> hooks, String path) {
        List<Violation> violations = new ArrayList<>();
        for (int i = 0; i < hooks.size(); i++) {
            List<String> names = hooks.get(i).presets();
            for (int j = 0; j < names.size(); j++) {
                if (definitions.preset(names.get(j)).isEmpty()) {
                    violations.add(Violation.of(path + "[" + i + "].presets[" + j + "]", "no preset named `"
                            + names.get(j) + "`; store it first with HookAdmin.PutPreset"));
                }
            }
        }
        return violations;
    }

    private static String digest(String structured, String yaml) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update(structured.getBytes(StandardCharsets.UTF_8));
            sha.update((byte) 0);
            sha.update(yaml.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(sha.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }

    private Checked check(List<HookSpec> hooks, String hooksYaml, String project, int weight) {
        List<Violation> violations = new ArrayList<>();
        List<Violation> ruleViolations = HookRules.check(hooks, "hooks");
        violations.addAll(ruleViolations);
        ParseResult<List<HookSpec>> parsed = HookParser.parse(hooksYaml, "hooks_yaml");
        violations.addAll(parsed.violations());
        List<HookSpec> yaml = parsed.valid() ? parsed.value() : List.of();
        List<HookSpec> eventHooks = ruleViolations.isEmpty() ? hooks : List.of();
        if (ruleViolations.isEmpty()) {
            violations.addAll(validation.check(eventHooks, "hooks", project));
        }
        if (!yaml.isEmpty()) {
            violations.addAll(parsed.positions().locate(validation.check(yaml, "hooks_yaml", project)));
        }
        violations.addAll(missingPresets(eventHooks, "hooks"));
        violations.addAll(parsed.positions().locate(missingPresets(yaml, "hooks_yaml")));
        return new Checked(eventHooks, yaml, List.copyOf(violations), weight);
    }
}
