package io.hookline.render;

import java.util.Collection;
import java.util.Comparator;
import java.util.Locale;
import java.util.Optional;

/** The known name a user most likely meant when they wrote one that does not exist ({@code los} → {@code loss}). */
final class NearestName {

    private NearestName() {
    }

    static Optional<String> among(String wanted, Collection<String> known) {
        String normalizedWanted = normalize(wanted);
        int tolerance = Math.max(2, wanted.length() / 3);
        return known.stream()
                .filter(candidate -> distance(normalizedWanted, normalize(candidate)) <= tolerance
                        || isPrefix(normalizedWanted, normalize(candidate)))
                .min(Comparator.comparingInt((String candidate) -> distance(normalizedWanted, normalize(candidate)))
                        .thenComparing(Comparator.naturalOrder()));
    }

    /** {@code project} for {@code project_name}: a shortened name is a near miss whatever its length. */
    private static boolean isPrefix(String a, String b) {
        return a.length() >= 3 && b.length() >= 3 && (a.startsWith(b) || b.startsWith(a));
    }

    /** Case and {@code -}/{@code _} do not count: {@code Some-Param} is a near miss of {@code some_param}. */
    private static String normalize(String name) {
        return name.toLowerCase(Locale.ROOT).replace('-', '_');
    }

    /** Levenshtein distance. */
    private static int distance(String a, String b) {
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int substitution = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                current[j] = Math.min(substitution, Math.min(previous[j] + 1, current[j - 1] + 1));
            }
            int[] swap = previous;
            previous = current;
            current = swap;
        }
        return previous[b.length()];
    }
}
