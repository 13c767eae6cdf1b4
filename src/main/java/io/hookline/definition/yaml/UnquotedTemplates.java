package io.hookline.definition.yaml;

import java.io.StringReader;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.events.Event;
import org.yaml.snakeyaml.events.MappingEndEvent;
import org.yaml.snakeyaml.events.MappingStartEvent;

/**
 * Where a document has an unquoted {@code {{ ... }}}, which YAML reads as a flow mapping whose key
 * is a flow mapping. Positions are code point indexes, as in SnakeYAML's marks.
 *
 * <p>Most such templates compose fine and are recognised from the node ({@link #startsAt}). One
 * followed by more text ({@code connection: {{ x }}-slack}) or holding flow indicators
 * ({@code {{ a['b'] }}}) makes the document fail to compose, so there is no node to look at:
 * that template is masked, a quoted scalar of the same length put in its place so that every
 * line and column stays the same, and the document is composed again.
 */
final class UnquotedTemplates {

    /** Masked templates a document may contain before we stop composing again and report the error. */
    private static final int MAX_MASKED = 100;

    private final int[] original;
    private final int[] current;
    private final Map<Integer, String> masked = new HashMap<>();

    UnquotedTemplates(String text) {
        this.original = text.codePoints().toArray();
        this.current = original.clone();
    }

    /** The text to compose: the original, with the templates masked so far. */
    String text() {
        return new String(current, 0, current.length);
    }

    boolean startsAt(int index) {
        return index + 1 < original.length && original[index] == '{' && original[index + 1] == '{';
    }

    /** The original text of [start, end). */
    String source(int start, int end) {
        return new String(original, start, end - start);
    }

    /** The original text of the template masked at {@code index}, or null. */
    String maskedAt(int index) {
        return masked.get(index);
    }

    /**
     * Masks the template that made composing fail: one still open where the parser stopped, else
     * one that had just closed (the text after it was the problem). False when there is none, so
     * the failure is the document's own.
     */
    boolean maskCulprit(Yaml yaml) {
        if (masked.size() >= MAX_MASKED) {
            return false;
        }
        Deque<Integer> openMappings = new ArrayDeque<>();
        int justClosed = -1;
        try {
            for (Event event : yaml.parse(new StringReader(text()))) {
                int closed = -1;
                if (event instanceof MappingStartEvent) {
                    int start = event.getStartMark().getIndex();
                    openMappings.push(startsAt(start) ? start : -1);
                } else if (event instanceof MappingEndEvent) {
                    closed = openMappings.pop();
                }
                justClosed = closed;
            }
            return false;
        } catch (YAMLException stopped) {
            int culprit = openMappings.stream().filter(start -> start >= 0).reduce((inner, outer) -> outer)
                    .orElse(justClosed);
            if (culprit < 0) {
                return false;
            }
            mask(culprit);
            return true;
        }
    }

    private void mask(int start) {
        int end = scalarEnd(start);
        masked.put(start, source(start, end));
        for (int i = start; i < end; i++) {
            if (!isLineBreak(current[i])) {
                current[i] = i == start || i == end - 1 ? '\'' : 'x';
            }
        }
    }

    /**
     * End (exclusive) of the scalar the user meant, starting with a template: {@code {{ x }}-slack}
     * is one value. It stops at the end of the line, a comment, or what closes an enclosing flow
     * collection ({@code {value: {{ x }}}}).
     */
    private int scalarEnd(int start) {
        int end = templateEnd(start);
        while (end < original.length) {
            int c = original[end];
            if (isLineBreak(c) || c == ',' || c == ']' || c == '}'
                    || c == '#' && Character.isWhitespace(original[end - 1])) {
                break;
            }
            end = startsAt(end) ? templateEnd(end) : end + 1;
        }
        while (end > start && Character.isWhitespace(original[end - 1])) {
            end--;
        }
        return end;
    }

    /** End (exclusive) of the balanced {@code {{ ... }}} starting at {@code start}. */
    private int templateEnd(int start) {
        int depth = 0;
        for (int i = start; i < original.length; i++) {
            int c = original[i];
            if (c == '{') {
                depth++;
            } else if (c == '}' && --depth == 0) {
                return i + 1;
            } else if (c == '\n' && depth <= 0) {
                return i;
            }
        }
        int end = original.length;
        while (end > start && Character.isWhitespace(original[end - 1])) {
            end--;
        }
        return end;
    }

    /** YAML 1.1's line breaks, which SnakeYAML counts as new lines. */
    private static boolean isLineBreak(int c) {
        return c == '\n' || c == '\r' || c == 0x85 || c == 0x2028 || c == 0x2029;
    }
}
