package io.hookline.definition;

import java.util.Collection;
import java.util.Locale;
import java.util.Optional;

/** The valid name a misspelt one most likely meant (Levenshtein distance), for "did you mean" hints. */
public final class ClosestName {

    private ClosestName() {
    }

    public static Optional<String> to(String given, Collection<String> names) {
        String needle = given.toLowerCase(Locale.ROOT);
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (String name : names) {
            int distance = distance(needle, name.toLowerCase(Locale.ROOT));
            if (distance < bestDistance) {
                best = name;
                bestDistance = distance;
            }
        }
        // Beyond a third of the word, a "suggestion" is noise rather than a likely typo.
        int tolerance = Math.max(2, needle.length() / 3);
        return bestDistance <= tolerance ? Optional.ofNullable(best) : Optional.empty();
    }

    /** ", did you mean `x`?" or nothing, ready to append to a message. */
    static String hint(String given, Collection<String> names) {
        return to(given, names).map(name -> "; did you mean `" + name + "`?").orElse("");
    }

    /** Levenshtein distance: the one implementation every "did you mean" in Hookline uses. */
    public static int distance(String a, String b) {
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int substitution = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                current[j] = Math.min(substitution, Math.min(previous[j], current[j - 1]) + 1);
            }
            int[] swap = previous;
            previous = current;
            current = swap;
        }
        return previous[b.length()];
    }
}
