package io.hookline.definition;

import java.util.Collection;
import java.util.Comparator;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.function.ToIntFunction;
import org.apache.commons.text.similarity.LevenshteinDistance;

/**
 * "Did you mean": the known name a misspelt one most likely meant, by Levenshtein distance. Beyond
 * a share of the word's length (never less than two edits) a suggestion is noise rather than a
 * likely typo. The three kinds of name differ in that share and in what else counts as a near
 * miss; their messages are pinned by case tables, so each keeps its own method.
 */
public final class Suggestions {

    private static final LevenshteinDistance DISTANCE = LevenshteinDistance.getDefaultInstance();

    private Suggestions() {
    }

    /**
     * For the fields, types and triggers of definitions: case ignored, within a third of the word;
     * among equally close names, the first.
     */
    public static Optional<String> closest(String given, Collection<String> names) {
        String wanted = lowerCase(given);
        int tolerance = Math.max(2, wanted.length() / 3);
        return nearest(names, name -> within(wanted, lowerCase(name), tolerance),
                name -> DISTANCE.apply(wanted, lowerCase(name)));
    }

    /** {@code "; did you mean `x`?"} for {@link #closest}, or nothing, ready to append to a message. */
    public static String hint(String given, Collection<String> names) {
        return closest(given, names).map(name -> "; did you mean `" + name + "`?").orElse("");
    }

    /**
     * For names in a run's context: case and {@code -}/{@code _} ignored ({@code Some-Param} is a
     * near miss of {@code some_param}), within a third of the word, or one name a shortening of the
     * other whatever their lengths ({@code project} for {@code project_name}); among equally close
     * names, the first alphabetically.
     */
    public static Optional<String> closestOrPrefix(String given, Collection<String> names) {
        String wanted = snakeCase(given);
        int tolerance = Math.max(2, given.length() / 3);
        return nearest(names.stream().sorted().toList(),
                name -> within(wanted, snakeCase(name), tolerance) || isPrefix(wanted, snakeCase(name)),
                name -> DISTANCE.apply(wanted, snakeCase(name)));
    }

    /**
     * For the keys and kinds of the connection catalog: case ignored, within a quarter of the word;
     * among equally close names, the one closest with case counted, then the first.
     */
    public static Optional<String> closestWithinAQuarter(String given, Collection<String> names) {
        int tolerance = Math.max(2, given.length() / 4);
        return nearest(names,
                name -> name.equalsIgnoreCase(given) || within(lowerCase(name), lowerCase(given), tolerance),
                name -> DISTANCE.apply(name, given));
    }

    /** The first of the near names with the lowest rank. */
    private static Optional<String> nearest(Collection<String> names, Predicate<String> near, ToIntFunction<String> rank) {
        return names.stream().filter(near).min(Comparator.comparingInt(rank));
    }

    private static boolean within(String a, String b, int tolerance) {
        return new LevenshteinDistance(tolerance).apply(a, b) != -1;
    }

    private static boolean isPrefix(String a, String b) {
        return a.length() >= 3 && b.length() >= 3 && (a.startsWith(b) || b.startsWith(a));
    }

    private static String lowerCase(String name) {
        return name.toLowerCase(Locale.ROOT);
    }

    private static String snakeCase(String name) {
        return lowerCase(name).replace('-', '_');
    }
}
