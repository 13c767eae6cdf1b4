package io.hookline.definition;

import io.hookline.definition.yaml.Documents;
import io.hookline.definition.yaml.FieldPath;
import io.hookline.definition.yaml.LocatedMapping;
import io.hookline.definition.yaml.LocatedNode;
import io.hookline.definition.yaml.ParseFindings;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads Polyaxon {@code hooks:} from YAML or JSON text: a bare list of hooks, a pasted
 * polyaxonfile/operation (a mapping with a {@code hooks} key; its other keys are not Hookline's
 * business and are ignored), or one hook under {@code hook:}, read as a list of that hook. Every violation carries its path and line/column in the text.
 */
public final class HookParser {

    private HookParser() {
    }

    /**
     * @param pathPrefix the path of the hook list in violations: {@code hooks} gives
     *                   {@code hooks[2].trigger}, {@code hooks_yaml} gives {@code hooks_yaml[2].trigger}
     */
    public static ParseResult<List<HookSpec>> parse(String text, String pathPrefix) {
        ParseFindings findings = new ParseFindings();
        LocatedNode root = Documents.read(text, pathPrefix, findings);
        if (root == null || root.isNull()) {
            return findings.result(List.of());
        }
        LocatedNode list = root;
        if (root.isMapping()) {
            list = root.entries.get("hooks");
            LocatedNode single = root.entries.get("hook");
            if (single != null) {
                return findings.result(readSingleHook(single, list, pathPrefix, findings));
            }
            if (list == null) {
                boolean singleHook = root.entries.keySet().stream().anyMatch(HookSpec.FIELDS::contains);
                findings.add(pathPrefix, singleHook
                        ? pathPrefix + " must be a list of hooks; this is a single hook — write it as a list item"
                                + " (`- hubRef: ...`) or under `hooks:`"
                        : pathPrefix + " must be a list of hooks, or a polyaxonfile/operation with a `hooks:` list;"
                                + " found a mapping without `hooks`", root.position);
                return findings.result(List.of());
            }
            if (list.isNull()) {
                return findings.result(List.of());
            }
        }
        if (!list.isSequence()) {
            findings.add(pathPrefix, pathPrefix + " must be a list of hooks, found " + LocatedMapping.describe(list),
                    list.position);
            return findings.result(List.of());
        }
        return findings.result(readHooks(list, pathPrefix, findings));
    }

    /**
     * The "YAML usage" of Polyaxon's V1Hook docs: one hook under {@code hook:}, read as a list of
     * that hook, so its paths ({@code hooks[0].trigger}) are those of the same hook in a list.
     */
    private static List<HookSpec> readSingleHook(LocatedNode single, LocatedNode list, String pathPrefix,
            ParseFindings findings) {
        String path = FieldPath.child(pathPrefix, "hook");
        if (list != null) {
            findings.add(path, "`hook` and `hooks` are both set; write one hook under `hook:` or a list under `hooks:`,"
                    + " not both", single.position);
            return List.of();
        }
        if (!single.isMapping()) {
            findings.add(path, "hook must be one hook, a mapping with at least `hubRef` (e.g. `hook: {hubRef: slack}`),"
                    + " found " + LocatedMapping.describe(single), single.position);
            return List.of();
        }
        return readHooks(LocatedNode.listOf(single), pathPrefix, findings);
    }

    /** The hooks of a YAML list at {@code listPath}, with the structural and {@link HookRules} violations. */
    static List<HookSpec> readHooks(LocatedNode list, String listPath, ParseFindings findings) {
        findings.positions.record(listPath, list.position);
        List<HookSpec> hooks = new ArrayList<>();
        for (int i = 0; i < list.items.size(); i++) {
            LocatedNode item = list.items.get(i);
            String path = FieldPath.item(listPath, i);
            if (item.isMapping()) {
                hooks.add(readHook(item, path, findings));
            } else {
                findings.add(path, "a hook must be a mapping with at least `hubRef` (e.g. `- hubRef: slack`), found "
                        + LocatedMapping.describe(item), item.position);
                // Kept so that the list indexes of later hooks stay those of the text.
                hooks.add(new HookSpec(null, null, null, null, null, null, null, null, null, null));
            }
        }
        findings.addRuleViolations(HookRules.check(hooks, listPath));
        return hooks;
    }

    private static HookSpec readHook(LocatedNode node, String path, ParseFindings findings) {
        LocatedMapping hook = LocatedMapping.open(node, path, "a hook", HookSpec.FIELDS, findings);
        // Read in the order of HookSpec.FIELDS, so violations come out in a predictable order.
        String trigger = hook.string("trigger");
        String connection = hook.string("connection");
        String hubRef = hook.string("hubRef");
        String conditions = hook.string("conditions");
        String queue = hook.string("queue");
        String namespace = hook.string("namespace");
        List<String> presets = hook.strings("presets");
        Boolean disableDefaults = null;
        String disableDefaultsExpr = null;
        LocatedNode disable = hook.node("disableDefaults");
        if (disable != null && !disable.isNull()) {
            if (disable.scalar instanceof Boolean b && disable.unquotedTemplate == null) {
                disableDefaults = b;
            } else if (disable.scalar instanceof String) {
                disableDefaultsExpr = hook.string("disableDefaults");
            } else {
                findings.add(hook.path("disableDefaults"), "disableDefaults must be true, false or a '{{ ... }}'"
                        + " expression, found " + LocatedMapping.describe(disable), disable.position);
            }
        }
        return new HookSpec(trigger, connection, hubRef, conditions, queue, namespace, presets, disableDefaults,
                disableDefaultsExpr, readParams(hook, findings));
    }

    private static Map<String, ParamSpec> readParams(LocatedMapping hook, ParseFindings findings) {
        LocatedNode node = hook.node("params");
        Map<String, ParamSpec> params = new LinkedHashMap<>();
        if (node == null || node.isNull()) {
            return params;
        }
        String path = hook.path("params");
        if (!node.isMapping()) {
            // Polyaxon also accepts a `{{ ... }}` string for the whole params; Hookline needs the
            // params by name to check them against the component before the run ends.
            String why = node.scalar instanceof String
                    ? "; a single '{{ ... }}' for all params is not supported — list each param by name"
                    : ", found " + LocatedMapping.describe(node);
            findings.add(path, "params must be a mapping of param name to value (e.g. `params: {channel: alerts}`)" + why,
                    node.position);
            return params;
        }
        Documents.entries(node, path, findings).forEach((name, value) ->
                params.put(name, readParam(value, FieldPath.child(path, name), findings)));
        return params;
    }

    /**
     * Polyaxon's short form ({@code is_short_form_param}): anything but a mapping with at least one
     * V1Param key is the value itself. An empty mapping is the full form with no value.
     */
    private static ParamSpec readParam(LocatedNode node, String path, ParseFindings findings) {
        boolean fullForm = node.isMapping() && (node.entries.isEmpty()
                || node.entries.keySet().stream().map(LocatedMapping::camelCase).anyMatch(ParamSpec.FIELDS::contains));
        if (!fullForm) {
            findings.positions.record(path, node.position);
            return ParamSpec.of(LocatedMapping.plain(node, path, findings));
        }
        LocatedMapping param = LocatedMapping.open(node, path, "a param", ParamSpec.FIELDS, findings);
        return new ParamSpec(param.plain("value"), param.string("ref"), Boolean.TRUE.equals(param.bool("contextOnly")),
                param.string("connection"), Boolean.TRUE.equals(param.bool("toInit")), param.string("toEnv"));
    }
}
