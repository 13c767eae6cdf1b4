package io.hookline.render.polyaxon;

import io.hookline.definition.Suggestions;
import io.hookline.render.RenderError;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * Finds a dotted name in a run's context, or explains precisely why it is not there: which part is
 * missing, the nearest known name, and the names that do exist at that level.
 */
final class ContextLookup {

    private static final int LISTED_NAMES = 15;

    private ContextLookup() {
    }

    /**
     * @param subject what refers to the name, for the message: "condition" or "template"
     * @throws RenderFailure with {@link RenderError.Kind#MISSING_NAME}
     */
    static Object find(Map<String, ?> context, List<String> path, String subject) {
        Object current = context;
        for (int depth = 0; depth < path.size(); depth++) {
            String part = path.get(depth);
            String parent = String.join(".", path.subList(0, depth));
            if (current instanceof Map<?, ?> map) {
                if (!map.containsKey(part)) {
                    throw RenderFailure.of(RenderError.Kind.MISSING_NAME, missing(path, depth, map, subject));
                }
                current = map.get(part);
            } else if (current instanceof List<?> list && part.chars().allMatch(Character::isDigit)) {
                int index = Integer.parseInt(part);
                if (index >= list.size()) {
                    throw RenderFailure.of(RenderError.Kind.MISSING_NAME, subject + " refers to `" + String.join(".", path) + "`, but `" + parent
                            + "` has only " + list.size() + " items");
                }
                current = list.get(index);
            } else {
                throw RenderFailure.of(RenderError.Kind.MISSING_NAME, subject + " refers to `" + String.join(".", path) + "`, but `" + parent
                        + "` is " + ValueKind.of(current).describe(current) + ", which has no `" + part + "`");
            }
        }
        return current;
    }

    private static String missing(List<String> path, int depth, Map<?, ?> level, String subject) {
        TreeSet<String> known = level.keySet().stream().map(String::valueOf)
                .collect(Collectors.toCollection(TreeSet::new));
        String prefix = depth == 0 ? "" : String.join(".", path.subList(0, depth)) + ".";
        StringBuilder message = new StringBuilder(subject).append(" refers to `").append(String.join(".", path))
                .append("`, which is not in the run's context");
        Suggestions.closestOrPrefix(path.get(depth), known)
                .ifPresent(nearest -> message.append("; did you mean `").append(prefix).append(nearest).append("`?"));
        String separator = message.charAt(message.length() - 1) == '?' ? " " : "; ";
        if (known.isEmpty()) {
            message.append(separator).append(depth == 0 ? "the context is empty" : "`" + prefix.substring(0, prefix.length() - 1) + "` is empty");
        } else {
            message.append(separator).append(depth == 0 ? "known names: " : "known names under `" + prefix.substring(0, prefix.length() - 1) + "`: ")
                    .append(known.stream().limit(LISTED_NAMES).collect(Collectors.joining(", ")))
                    .append(known.size() > LISTED_NAMES ? ", ..." : "");
        }
        return message.toString();
    }
}
