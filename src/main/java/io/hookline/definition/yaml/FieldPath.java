package io.hookline.definition.yaml;

/**
 * Builds the field paths that violations carry ({@code hooks[2].params.loss.value}), so every
 * parser and validator spells them the same way. An empty parent means the document root.
 */
public final class FieldPath {

    private FieldPath() {
    }

    public static String child(String parent, String key) {
        return parent.isEmpty() ? key : parent + "." + key;
    }

    public static String item(String parent, int index) {
        return parent + "[" + index + "]";
    }

    /** The enclosing path, or empty when {@code path} is a top-level field. */
    public static String parent(String path) {
        if (path.endsWith("]")) {
            return path.substring(0, path.lastIndexOf('['));
        }
        int dot = path.lastIndexOf('.');
        return dot < 0 ? "" : path.substring(0, dot);
    }

    /** The last key or index of a path, as a user would name the field: {@code value}, {@code presets[0]}. */
    public static String lastSegment(String path) {
        int dot = path.lastIndexOf('.');
        return dot < 0 ? path : path.substring(dot + 1);
    }
}
