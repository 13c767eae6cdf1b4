package io.hookline.definition;

import java.math.BigInteger;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Polyaxon's IO types (clipped/polyaxon {@code types.MAPPING}). Values are read the way Polyaxon's
 * {@code ConfigParser} reads them: params often arrive as strings (CLI, templates), so {@code "3"}
 * is a valid int and {@code "yes"} a valid bool. The structured types (git, file, s3, ...) are
 * accepted as a string or a mapping; their inner schema is the runner's business, not a hook's.
 */
public enum IoType {
    ANY("any", "any value"),
    INT("int", "an integer"),
    FLOAT("float", "a number"),
    BOOL("bool", "true or false"),
    STR("str", "a string"),
    DICT("dict", "a mapping"),
    DICT_OF_DICTS("dict_of_dicts", "a mapping of mappings"),
    LIST("list", "a list"),
    DATE("date", "a date (YYYY-MM-DD)"),
    DATETIME("datetime", "a date-time (ISO 8601)"),
    UUID("uuid", "a UUID"),
    METRIC("metric", "a number"),
    METADATA("metadata", "any value"),
    URI("uri", "a string or a mapping"),
    AUTH("auth", "a string or a mapping"),
    IMAGE("image", "a string"),
    PATH("path", "a string"),
    GCS("gcs", "a string or a mapping"),
    S3("s3", "a string or a mapping"),
    WASB("wasb", "a string or a mapping"),
    ARTIFACTS("artifacts", "a string or a mapping"),
    EVENT("event", "a string or a mapping"),
    DOCKERFILE("dockerfile", "a string or a mapping"),
    FILE("file", "a string or a mapping"),
    TENSORBOARD("tensorboard", "a string or a mapping"),
    GIT("git", "a string or a mapping");

    private static final Pattern INTEGER = Pattern.compile("[-+]?\\d+");
    private static final Pattern UUID_TEXT = Pattern.compile(
            "[0-9a-fA-F]{8}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{12}");
    /** Polyaxon's words for a true bool, any case, in the order its messages list them. */
    public static final List<String> TRUE_WORDS = List.of("true", "yes", "y", "t", "on", "1");
    /** Polyaxon's words for a false bool, any case, in the order its messages list them. */
    public static final List<String> FALSE_WORDS = List.of("false", "no", "n", "f", "off", "0");

    public final String wireName;
    /** What a value of this type looks like, for messages. */
    public final String expected;

    IoType(String wireName, String expected) {
        this.wireName = wireName;
        this.expected = expected;
    }

    public static Optional<IoType> named(String wireName) {
        return Arrays.stream(values()).filter(type -> type.wireName.equals(wireName)).findFirst();
    }

    public static List<String> wireNames() {
        return Arrays.stream(values()).map(type -> type.wireName).toList();
    }

    /** Types whose values are text: a string stays one whatever it spells. */
    public boolean isText() {
        return switch (this) {
            case STR, DATE, DATETIME, UUID, IMAGE, PATH -> true;
            default -> false;
        };
    }

    /** The value read as this type (a Long for "3" as int), or empty when it does not fit. */
    public Optional<Object> read(Object value) {
        return Optional.ofNullable(switch (this) {
            case ANY, METADATA -> value;
            case INT -> readInt(value);
            case FLOAT, METRIC -> readFloat(value);
            case BOOL -> readBool(value);
            case STR -> value instanceof String || value instanceof Number || value instanceof Boolean
                    ? String.valueOf(value) : null;
            case DICT -> value instanceof Map<?, ?> ? value : null;
            case DICT_OF_DICTS -> value instanceof Map<?, ?> map
                    && map.values().stream().allMatch(v -> v instanceof Map<?, ?>) ? value : null;
            case LIST -> value instanceof List<?> ? value : null;
            case DATE -> value instanceof String s && parses(() -> LocalDate.parse(s)) ? value : null;
            case DATETIME -> value instanceof String s && (parses(() -> OffsetDateTime.parse(s))
                    || parses(() -> LocalDateTime.parse(s)) || parses(() -> LocalDate.parse(s))) ? value : null;
            case UUID -> value instanceof String s && UUID_TEXT.matcher(s).matches() ? value : null;
            case IMAGE, PATH -> value instanceof String ? value : null;
            default -> value instanceof String || value instanceof Map<?, ?> ? value : null;
        });
    }

    private static Object readInt(Object value) {
        if (value instanceof Long || value instanceof BigInteger) {
            return value;
        }
        if (value instanceof Double d && d == Math.rint(d) && !d.isInfinite() && Math.abs(d) < 9.0e15) {
            return d.longValue();
        }
        if (value instanceof String s && INTEGER.matcher(s.strip()).matches()) {
            return new BigInteger(s.strip()).bitLength() < 64 ? Long.parseLong(s.strip()) : new BigInteger(s.strip());
        }
        return null;
    }

    private static Object readFloat(Object value) {
        if (value instanceof Number n) {
            return n.doubleValue();
        }
        if (value instanceof String s) {
            try {
                double d = Double.parseDouble(s.strip());
                return Double.isNaN(d) ? null : d;
            } catch (NumberFormatException e) {
                return null;
            }
        }
        return null;
    }

    private static Object readBool(Object value) {
        if (value instanceof Boolean) {
            return value;
        }
        return value instanceof String || value instanceof Long ? boolWord(String.valueOf(value)).orElse(null) : null;
    }

    /** The bool a text says with one of Polyaxon's bool words (surrounding blanks ignored), or empty. */
    public static Optional<Boolean> boolWord(String text) {
        String word = text.strip().toLowerCase(Locale.ROOT);
        return TRUE_WORDS.contains(word) ? Optional.of(Boolean.TRUE)
                : FALSE_WORDS.contains(word) ? Optional.of(Boolean.FALSE) : Optional.empty();
    }

    private static boolean parses(Runnable parse) {
        try {
            parse.run();
            return true;
        } catch (DateTimeParseException e) {
            return false;
        }
    }
}
