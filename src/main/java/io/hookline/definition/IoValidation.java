package io.hookline.definition;

import com.google.re2j.Pattern;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Polyaxon's V1Validation: predicates a param value must satisfy. Polyaxon also accepts
 * {@code minDigits}, {@code maxDigits} and {@code decimalPlaces}; Hookline reads them but does not
 * enforce them (they are about formatting numbers for a CLI, not about a hook's payload).
 *
 * @param delay when true, Polyaxon validates only at run time; Hookline then skips these checks
 */
public record IoValidation(Boolean delay, Number gt, Number ge, Number lt, Number le, Number multipleOf,
        Integer minDigits, Integer maxDigits, Integer decimalPlaces, String regex, Integer minLength,
        Integer maxLength, Object contains, Object excludes, List<Object> options, Integer minItems,
        Integer maxItems, List<String> keys, List<String> containsKeys, List<String> excludesKeys) {

    public static final List<String> FIELDS = List.of("delay", "gt", "ge", "lt", "le", "multipleOf", "minDigits",
            "maxDigits", "decimalPlaces", "regex", "minLength", "maxLength", "contains", "excludes", "options",
            "minItems", "maxItems", "keys", "containsKeys", "excludesKeys");

    /**
     * Why {@code value} (already read as its IO type) breaks a predicate, or empty. As in Polyaxon's
     * {@code run_validation}, a list is checked item by item, then as a whole for minItems/maxItems.
     */
    public Optional<String> problemWith(Object value) {
        if (Boolean.TRUE.equals(delay) || value == null) {
            return Optional.empty();
        }
        if (value instanceof List<?> list) {
            for (Object item : list) {
                Optional<String> problem = itemProblem(item);
                if (problem.isPresent()) {
                    return problem;
                }
            }
            if (minItems != null && list.size() < minItems) {
                return fail(value, "must have at least `" + minItems + "` items");
            }
            if (maxItems != null && list.size() > maxItems) {
                return fail(value, "must have at most `" + maxItems + "` items");
            }
            return Optional.empty();
        }
        if (value instanceof Map<?, ?> map) {
            if (keys != null && !map.keySet().equals(Set.copyOf(keys))) {
                return fail(value, "must have exactly the keys `" + keys + "`");
            }
            if (containsKeys != null && !map.keySet().containsAll(containsKeys)) {
                return fail(value, "must contain all the keys `" + containsKeys + "`");
            }
            if (excludesKeys != null && excludesKeys.stream().anyMatch(map::containsKey)) {
                return fail(value, "must not contain any of the keys `" + excludesKeys + "`");
            }
            return Optional.empty();
        }
        return itemProblem(value);
    }

    private Optional<String> itemProblem(Object value) {
        if (value instanceof Number number) {
            double d = number.doubleValue();
            if (gt != null && !(d > gt.doubleValue())) {
                return fail(value, "must be greater than `" + gt + "`");
            }
            if (ge != null && !(d >= ge.doubleValue())) {
                return fail(value, "must be greater than or equal to `" + ge + "`");
            }
            if (lt != null && !(d < lt.doubleValue())) {
                return fail(value, "must be less than `" + lt + "`");
            }
            if (le != null && !(d <= le.doubleValue())) {
                return fail(value, "must be less than or equal to `" + le + "`");
            }
            if (multipleOf != null && multipleOf.doubleValue() != 0 && d % multipleOf.doubleValue() != 0) {
                return fail(value, "must be a multiple of `" + multipleOf + "`");
            }
        }
        if (value instanceof String text) {
            // RE2/J, not java.util.regex: its time is linear in the text, so a pattern like (.*a){12}x
            // cannot backtrack for minutes on a 40-character value (and hold the thread that checks it).
            // lookingAt, like Python's re.match: anchored at the start only.
            if (regex != null && !Pattern.compile(regex).matcher(text).lookingAt()) {
                return fail(value, "must match the regex `" + regex + "`");
            }
            if (minLength != null && text.length() < minLength) {
                return fail(value, "must have at least `" + minLength + "` characters");
            }
            if (maxLength != null && text.length() > maxLength) {
                return fail(value, "must have at most `" + maxLength + "` characters");
            }
            if (contains != null && !text.contains(String.valueOf(contains))) {
                return fail(value, "must contain `" + contains + "`");
            }
            if (excludes != null && text.contains(String.valueOf(excludes))) {
                return fail(value, "must not contain `" + excludes + "`");
            }
        }
        if (options != null && options.stream().noneMatch(option -> sameValue(option, value))) {
            return fail(value, "must be one of `" + options + "`");
        }
        return Optional.empty();
    }

    /** Numbers compare by value across Long/Double, as in Python where 1 == 1.0. */
    private static boolean sameValue(Object option, Object value) {
        if (option instanceof Number a && value instanceof Number b) {
            return a.doubleValue() == b.doubleValue();
        }
        return option != null && option.equals(value);
    }

    private static Optional<String> fail(Object value, String rule) {
        return Optional.of("value `" + value + "` " + rule);
    }
}
