package io.hookline.definition.yaml;

import java.util.Map;

/** Steps every parser shares: reading the text, and opening mappings whose keys are free names. */
public final class Documents {

    private Documents() {
    }

    /** The document's root, or null when the text is empty or not YAML/JSON (reported at {@code path}). */
    public static LocatedNode read(String text, String path, ParseFindings findings) {
        if (text == null || text.isBlank()) {
            return null;
        }
        try {
            return LocatedNode.parse(text);
        } catch (LocatedNode.SyntaxError e) {
            String name = path.isEmpty() ? "the document" : path;
            findings.add(path, name + " " + e.getMessage(), e.position);
            return null;
        }
    }

    /** A mapping of free names (params, headers), with repeated names reported and positions recorded. */
    public static Map<String, LocatedNode> entries(LocatedNode mapping, String path, ParseFindings findings) {
        findings.positions.record(path, mapping.position);
        reportRepeatedKeys(mapping, path, findings);
        mapping.entries.forEach((name, value) -> findings.positions.record(FieldPath.child(path, name), value.position));
        return mapping.entries;
    }

    public static void reportRepeatedKeys(LocatedNode mapping, String path, ParseFindings findings) {
        for (LocatedNode.Key repeated : mapping.duplicateKeys) {
            findings.add(FieldPath.child(path, repeated.name()), "`" + repeated.name()
                    + "` is set more than once; YAML keeps only the last value, so remove the other", repeated.position());
        }
    }
}
