package io.hookline.connections;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hookline.definition.Suggestions;
import io.quarkus.runtime.configuration.DurationConverter;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The shape of the catalog's YAML: which keys each mapping may have, and the typed values (text,
 * whole numbers, durations, kinds) its keys hold. Each problem goes to the catalog's problems.
 */
final class CatalogShape {

    static final List<String> TOP_LEVEL_KEYS = List.of("connections");
    static final List<String> CONNECTION_KEYS = List.of("name", "kind", "description", "url",
            "urlFromEnv", "urlFromFile", "secret", "method", "headers", "settings", "timeout",
            "concurrency", "breaker", "rateLimit", "allowPrivateNetwork", "default");
    static final List<String> SECRET_SOURCE_KEYS = List.of("fromEnv", "fromFile");
    static final List<String> BREAKER_KEYS = List.of("failureRatio", "requestVolume", "delay",
            "successThreshold");
    static final List<String> RATE_LIMIT_KEYS = List.of("requests", "per");

    static final String DURATION_HINT = "use e.g. 10s, 500ms, 1m";

    /**
     * What the catalog has always accepted as a duration. DurationConverter alone accepts more (a
     * bare number as seconds, signs, decimals, {@code 1h30m}, upper-case units), so only text of
     * these forms reaches it, and a catalog that was refused before is refused still.
     */
    private static final Pattern DURATION_FORM = Pattern.compile("\\d+(ms|s|m|h|d)|[Pp][0-9A-Za-z.,+-]*");

    private final CatalogProblems problems;

    CatalogShape(CatalogProblems problems) {
        this.problems = problems;
    }

    static boolean isAbsent(JsonNode node) {
        return node == null || node.isNull();
    }

    void checkKeys(ObjectNode node, String pathPrefix, List<String> known) {
        node.fieldNames().forEachRemaining(key -> {
            if (!known.contains(key)) {
                String hint = didYouMean(key, known);
                problems.add(pathPrefix + key, "unknown key" + (hint.isEmpty()
                        ? "; known keys: " + String.join(", ", known) : hint));
            }
        });
    }

    Optional<ConnectionKind> kind(ObjectNode entry, String path) {
        JsonNode node = entry.get("kind");
        if (isAbsent(node)) {
            problems.add(path + ".kind", "is required; one of " + String.join(", ", ConnectionKind.yamlNames()));
            return Optional.empty();
        }
        Optional<ConnectionKind> kind = ConnectionKind.fromYamlName(node.asText());
        if (kind.isEmpty()) {
            problems.add(path + ".kind", "\"" + node.asText() + "\" is not a kind"
                    + didYouMean(node.asText(), ConnectionKind.yamlNames())
                    + "; one of " + String.join(", ", ConnectionKind.yamlNames()));
        }
        return kind;
    }

    Optional<String> optionalText(ObjectNode entry, String path, String key) {
        JsonNode node = entry.get(key);
        if (isAbsent(node)) {
            return Optional.empty();
        }
        if (!node.isValueNode()) {
            problems.add(path + "." + key, "must be text");
            return Optional.empty();
        }
        return Optional.of(node.asText());
    }

    boolean optionalFlag(ObjectNode entry, String path, String key) {
        JsonNode node = entry.get(key);
        if (isAbsent(node)) {
            return false;
        }
        if (!node.isBoolean()) {
            problems.add(path + "." + key, "must be true or false");
            return false;
        }
        return node.booleanValue();
    }

    Optional<Integer> optionalInt(JsonNode node, String path, int min, int max) {
        if (isAbsent(node)) {
            return Optional.empty();
        }
        if (!node.isIntegralNumber() || node.asLong() < min || node.asLong() > max) {
            problems.add(path, "\"" + node.asText() + "\" is not a whole number from " + min + " to " + max);
            return Optional.empty();
        }
        return Optional.of(node.asInt());
    }

    Optional<Duration> optionalDuration(JsonNode node, String path) {
        if (isAbsent(node)) {
            return Optional.empty();
        }
        Optional<Duration> duration = node.isTextual() ? parseDuration(node.asText()) : Optional.empty();
        if (duration.isEmpty() || duration.get().isZero() || duration.get().isNegative()) {
            problems.add(path, "\"" + node.asText() + "\" is not a duration; " + DURATION_HINT);
            return Optional.empty();
        }
        return duration;
    }

    /** Non-secret notifier settings: a mapping of plain values, kept as text. */
    Map<String, String> settings(JsonNode node, String path) {
        Map<String, String> settings = new LinkedHashMap<>();
        if (isAbsent(node)) {
            return settings;
        }
        if (!node.isObject()) {
            problems.add(path, "must be a mapping of setting name to value");
            return settings;
        }
        node.fields().forEachRemaining(setting -> {
            if (setting.getValue().isValueNode() && !setting.getValue().isNull()) {
                settings.put(setting.getKey(), setting.getValue().asText());
            } else {
                problems.add(path + "." + setting.getKey(), "must be text, a number or true/false");
            }
        });
        return settings;
    }

    /** {@code 10s}, {@code 500ms}, {@code 1m}, {@code 2h}, {@code 1d}, or ISO-8601 {@code PT10S}. */
    static Optional<Duration> parseDuration(String text) {
        String trimmed = text.strip();
        if (!DURATION_FORM.matcher(trimmed).matches()) {
            return Optional.empty();
        }
        try {
            return Optional.of(DurationConverter.parseDuration(trimmed));
        } catch (IllegalArgumentException notADuration) {
            return Optional.empty();
        }
    }

    /** {@code "; did you mean X?"} for the closest known word, else empty. */
    static String didYouMean(String given, List<String> known) {
        return Suggestions.closestWithinAQuarter(given, known).map(word -> "; did you mean " + word + "?").orElse("");
    }
}
