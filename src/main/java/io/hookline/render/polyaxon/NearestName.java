package io.hookline.render.polyaxon;

import io.hookline.definition.ClosestName;

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
                .filter(candidate -> ClosestName.distance(normalizedWanted, normalize(candidate)) <= tolerance
                        || isPrefix(normalizedWanted, normalize(candidate)))
                .min(Comparator.comparingInt((String candidate) -> ClosestName.distance(normalizedWanted, normalize(candidate)))
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
}
