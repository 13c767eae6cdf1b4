package io.hookline.definition;

import io.hookline.definition.yaml.FieldPath;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Checks hooks against what they refer to: the component named by hubRef (its inputs/outputs and
 * connection kinds), the deploy-time connections, and whether conditions parse. Run after
 * {@link HookParser} or {@link HookRules}; violations carry no position (locate them with
 * {@link ParseResult#positions()}).
 *
 * <p>String fields holding {@code {{ ... }}} are rendered against the run's context before the hook
 * is resolved (as Polyaxon does), so a templated hubRef or connection, and a templated param value,
 * are checked only then.
 */
public final class HookValidator {

    /** The connection kind that runs a hubRef Hookline has no component for. */
    public static final String POLYAXON = "polyaxon";

    private HookValidator() {
    }

    public static List<Violation> validate(List<HookSpec> hooks, String pathPrefix, ComponentLookup components,
            ConnectionLookup connections, ConditionChecker conditions) {
        List<Violation> violations = new ArrayList<>();
        for (int i = 0; i < hooks.size(); i++) {
            validate(hooks.get(i), FieldPath.item(pathPrefix, i), components, connections, conditions, violations);
        }
        return violations;
    }

    private static void validate(HookSpec hook, String path, ComponentLookup components, ConnectionLookup connections,
            ConditionChecker conditions, List<Violation> violations) {
        checkCondition(hook.conditions(), FieldPath.child(path, "conditions"), conditions, violations);
        checkCondition(hook.disableDefaultsExpr(), FieldPath.child(path, "disableDefaults"), conditions, violations);
        String connectionPath = FieldPath.child(path, "connection");
        Optional<String> connectionKind = Optional.empty();
        if (hook.connection() != null && !HookSpec.isTemplate(hook.connection())) {
            connectionKind = connections.kind(hook.connection());
            if (connectionKind.isEmpty()) {
                violations.add(Violation.of(connectionPath, "connection `" + hook.connection() + "` is not configured"
                        + hintOrStop(hook.connection(), connections.names()) + configured(connections)));
            }
        }
        if (hook.hubRef() == null || HookSpec.isTemplate(hook.hubRef()) || HubRef.problem(hook.hubRef()).isPresent()) {
            return;
        }
        HubRef ref = HubRef.parse(hook.hubRef());
        Optional<ComponentSpec> found = components.find(ref);
        if (found.isEmpty()) {
            if (isPolyaxonOperation(hook, connectionKind, connections)) {
                // Polyaxon runs it and checks its params against the component it knows.
                return;
            }
            violations.add(Violation.of(FieldPath.child(path, "hubRef"), "hubRef `" + hook.hubRef() + "` names no known"
                    + " component (looked for `" + ref + "`); add it with HookAdmin or fix the name"
                    + (hook.connection() == null ? ", or configure a connection of kind " + POLYAXON
                            + " to run it there as an operation" : "")));
            return;
        }
        ComponentSpec component = found.get();
        List<String> kinds = component.connectionKinds();
        if (!kinds.isEmpty()) {
            String sentThrough = "component `" + ref + "` is sent through a connection of kind " + String.join(" or ", kinds);
            boolean hasDefault = kinds.stream().anyMatch(kind -> connections.defaultFor(kind).isPresent());
            if (hook.connection() == null && !hasDefault) {
                violations.add(Violation.of(connectionPath, "connection is required: " + sentThrough
                        + ", and none of that kind is marked `default: true`." + configured(connections)));
            } else if (connectionKind.isPresent() && !kinds.contains(connectionKind.get())) {
                violations.add(Violation.of(connectionPath, "connection `" + hook.connection() + "` is of kind `"
                        + connectionKind.get() + "`, but " + sentThrough));
            }
        }
        checkParams(hook, path, component, violations);
    }

    /**
     * A hubRef Hookline does not know goes to Polyaxon as an operation, as Polyaxon's own hooks do
     * ({@code hubRef: tensorboard}): through the hook's connection when it is a {@code polyaxon}
     * one, else through the default {@code polyaxon} connection.
     */
    public static boolean isPolyaxonOperation(HookSpec hook, Optional<String> connectionKind,
            ConnectionLookup connections) {
        return hook.connection() == null ? connections.defaultFor(POLYAXON).isPresent()
                : connectionKind.filter(POLYAXON::equals).isPresent();
    }

    private static void checkParams(HookSpec hook, String path, ComponentSpec component, List<Violation> violations) {
        String paramsPath = FieldPath.child(path, "params");
        List<String> ioNames = Stream.concat(component.inputs().stream(), component.outputs().stream())
                .map(IoSpec::name).toList();
        for (Map.Entry<String, ParamSpec> entry : hook.params().entrySet()) {
            String name = entry.getKey();
            ParamSpec param = entry.getValue();
            String paramPath = FieldPath.child(paramsPath, name);
            Optional<IoSpec> io = component.io(name);
            // Polyaxon: contextOnly params are not validated; other unknown ones are "unexpected params".
            if (param.contextOnly()) {
                continue;
            }
            if (io.isEmpty()) {
                String known = ioNames.isEmpty() ? "It has none" : "Its inputs and outputs: " + String.join(", ", ioNames);
                violations.add(Violation.of(paramPath, "unexpected param `" + name + "`: component `"
                        + component.hubRef() + "` has no input or output of that name" + hintOrStop(name, ioNames)
                        + " " + known + ". Set contextOnly: true to pass it to templates only"));
                continue;
            }
            boolean resolvedLater = param.ref() != null
                    || param.value() instanceof String text && HookSpec.isTemplate(text);
            if (!resolvedLater) {
                io.get().problemWith(param.value()).ifPresent(problem -> violations.add(Violation.of(
                        FieldPath.child(paramPath, "value"), "param `" + name + "` " + problem)));
            }
        }
        for (IoSpec input : component.inputs()) {
            if (!input.optional() && !hook.params().containsKey(input.name())) {
                // Polyaxon: "Input {name} is required, no param was passed."
                violations.add(Violation.of(paramsPath, "input `" + input.name() + "` of component `"
                        + component.hubRef() + "` is required, no param was passed; add params: {" + input.name()
                        + ": ...}"));
            }
        }
    }

    private static void checkCondition(String expression, String path, ConditionChecker conditions,
            List<Violation> violations) {
        if (expression == null || expression.isBlank()) {
            return;
        }
        conditions.problem(expression).ifPresent(problem -> violations.add(Violation.of(path,
                FieldPath.lastSegment(path) + " `" + expression + "` cannot be evaluated: " + problem)));
    }

    /** "; did you mean `x`?" or "." — the end of a sentence that may be followed by another. */
    private static String hintOrStop(String given, Collection<String> names) {
        String hint = Suggestions.hint(given, names);
        return hint.isEmpty() ? "." : hint;
    }

    /** A sentence naming the configured connections; names only, never URLs or secrets. */
    private static String configured(ConnectionLookup connections) {
        return connections.names().isEmpty()
                ? " No connections are configured."
                : " Configured connections: " + String.join(", ", connections.names()) + ".";
    }
}
