package io.hookline.spec;

/**
 * Builds the field paths that violations carry ({@code hooks[2].params.loss.value}), so every
 * parser and validator spells them the same way. An empty parent means the document root.
 */
final class FieldPath {

    private FieldPath() {
    }

    static String child(String parent, String key) {
        return parent.isEmpty() ? key : parent + "." + key;
    }

    static String item(String parent, int index) {
        return parent + "[" + index + "]";
    }

    /** The enclosing path, or empty when {@code path} is a top-level field. */
    static String parent(String path) {
        if (path.endsWith("]")) {
            return path.substring(0, path.lastIndexOf('['));
        }
        int dot = path.lastIndexOf('.');
        return dot < 0 ? "" : path.substring(0, dot);
    }

    /** The last key or index of a path, as a user would name the field: {@code value}, {@code presets[0]}. */
    static String lastSegment(String path) {
        int dot = path.lastIndexOf('.');
        return dot < 0 ? path : path.substring(dot + 1);
    }
}
