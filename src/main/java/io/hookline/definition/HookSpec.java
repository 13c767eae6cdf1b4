package io.hookline.definition;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A hook, Polyaxon's V1Hook, as written (string fields may still hold {@code {{ ... }}} templates).
 * Built by {@link HookParser} from YAML/JSON or by the gRPC mapper; both go through {@link HookRules}.
 *
 * @param trigger             the final status that fires it, or null for any ({@code done})
 * @param hubRef              the component reference as written; see {@link HubRef#parse}
 * @param disableDefaults     true/false, or null when not set or given as an expression
 * @param disableDefaultsExpr a {@code {{ ... }}} expression deciding disableDefaults at run time, or null
 * @param presets             never null
 * @param params              never null; in the order written
 */
public record HookSpec(String trigger, String connection, String hubRef, String conditions, String queue,
        String namespace, List<String> presets, Boolean disableDefaults, String disableDefaultsExpr,
        Map<String, ParamSpec> params) {

    /** What {@code trigger} may name; see {@link RunStatus#hookTriggers()}. */
    public static final List<String> TRIGGERS = RunStatus.hookTriggers();
    /** Wire names of the fields, in Polyaxon's order; used for unknown-key suggestions. */
    public static final List<String> FIELDS = List.of("trigger", "connection", "hubRef", "conditions", "queue",
            "namespace", "presets", "disableDefaults", "params");

    public HookSpec {
        presets = presets == null ? List.of() : List.copyOf(presets);
        params = params == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(params));
    }

    /** True when a string field holds a template, resolved only when the run's context is known. */
    public static boolean isTemplate(String value) {
        return value != null && value.contains("{{");
    }
}
