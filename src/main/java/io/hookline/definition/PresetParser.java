package io.hookline.definition;

import io.hookline.definition.yaml.Documents;
import io.hookline.definition.yaml.FieldPath;
import io.hookline.definition.yaml.LocatedMapping;
import io.hookline.definition.yaml.LocatedNode;
import io.hookline.definition.yaml.ParseFindings;
import io.hookline.definition.yaml.SourcePosition;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Reads a preset: a Polyaxon partial operation ({@code isPreset: true}, {@code patchStrategy},
 * {@code hooks}, and any other operation fields, which are kept as written). Its hooks are read and
 * checked exactly as {@link HookParser} does.
 */
public final class PresetParser {

    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9._-]{1,100}");

    private PresetParser() {
    }

    /** The rule for a preset's name: 1 to 100 letters, digits, {@code .}, {@code _} and {@code -}. */
    public static boolean isName(String name) {
        return name != null && NAME.matcher(name).matches();
    }

    /**
     * @param name       the preset's name, given beside the text (e.g. PutPresetRequest.name); checked at {@code name}
     * @param pathPrefix path of the definition in violations ({@code definition} gives {@code definition.hooks[0].trigger})
     */
    public static ParseResult<PresetSpec> parse(String name, String text, String pathPrefix) {
        ParseFindings findings = new ParseFindings();
        if (!isName(name)) {
            findings.add("name", "a preset name must be 1 to 100 characters of letters, digits, `.`, `_` and `-`, not `"
                    + name + "`", SourcePosition.NONE);
        }
        LocatedNode root = Documents.read(text, pathPrefix, findings);
        if (root == null || root.isNull()) {
            return findings.result(new PresetSpec(name, null, null, null));
        }
        String documentName = pathPrefix.isEmpty() ? "a preset" : pathPrefix;
        if (!root.isMapping()) {
            findings.add(pathPrefix, documentName + " must be a mapping (a partial operation with `isPreset: true`), found "
                    + LocatedMapping.describe(root), root.position);
            return findings.result(null);
        }
        PatchStrategy strategy = null;
        List<HookSpec> hooks = List.of();
        Map<String, Object> otherFields = new LinkedHashMap<>();
        Map<String, LocatedNode> entries = Documents.entries(root, pathPrefix, findings);
        for (Map.Entry<String, LocatedNode> entry : entries.entrySet()) {
            String path = FieldPath.child(pathPrefix, entry.getKey());
            LocatedNode value = entry.getValue();
            switch (LocatedMapping.camelCase(entry.getKey())) {
                case "patchStrategy" -> strategy = readStrategy(value, path, findings);
                case "isPreset" -> {
                    if (!Boolean.TRUE.equals(value.scalar) && !value.isNull()) {
                        findings.add(path, "isPreset must be true for a preset (or left out), found "
                                + LocatedMapping.describe(value), value.position);
                    }
                }
                case "hook" -> {
                    // Polyaxon's "YAML usage" of one hook, as in a hook list (see HookParser).
                    if (value.isMapping()) {
                        hooks = HookParser.readHooks(LocatedNode.listOf(value), FieldPath.child(pathPrefix, "hooks"),
                                findings);
                    } else if (!value.isNull()) {
                        findings.add(path, "hook must be one hook, a mapping with at least `hubRef`, found "
                                + LocatedMapping.describe(value), value.position);
                    }
                }
                case "hooks" -> {
                    if (value.isSequence()) {
                        hooks = HookParser.readHooks(value, path, findings);
                    } else if (!value.isNull()) {
                        findings.add(path, "hooks must be a list of hooks (`- hubRef: ...`), found "
                                + LocatedMapping.describe(value), value.position);
                    }
                }
                default -> otherFields.put(entry.getKey(), LocatedMapping.plain(value, path, findings));
            }
        }
        return findings.result(new PresetSpec(name, strategy, hooks, otherFields));
    }

    private static PatchStrategy readStrategy(LocatedNode value, String path, ParseFindings findings) {
        String text = LocatedMapping.string(value, path, findings);
        if (text == null) {
            return null;
        }
        return PatchStrategy.named(text).orElseGet(() -> {
            findings.add(path, "patchStrategy must be one of " + String.join(", ", PatchStrategy.wireNames())
                    + " (default post_merge), not `" + text + "`" + Suggestions.hint(text, PatchStrategy.wireNames()),
                    value.position);
            return null;
        });
    }
}
