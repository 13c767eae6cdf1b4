package io.hookline.connections;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * What a connection's values must be beyond their YAML shape: unique names, absolute http(s) URLs,
 * Standard Webhooks keys, valid header names, supported methods, and the ranges of the bulkhead,
 * breaker and rate limit. Messages never quote a URL or a secret.
 */
final class ConnectionRules {

    private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9._-]*");
    private static final Pattern HEADER_NAME = Pattern.compile("[!#$%&'*+.^_`|~0-9A-Za-z-]+");
    private static final List<String> METHODS = List.of("POST", "GET");
    private static final int MAX_CONCURRENCY = 10_000;
    private static final int MAX_BREAKER_COUNT = 10_000;
    private static final int MAX_RATE_LIMIT_REQUESTS = 1_000_000;
    private static final int MIN_SIGNING_KEY_BYTES = 16;

    private final CatalogProblems problems;
    private final CatalogShape shape;
    private final Map<String, Integer> firstIndexByName = new HashMap<>();

    ConnectionRules(CatalogProblems problems, CatalogShape shape) {
        this.problems = problems;
        this.shape = shape;
    }

    /** The name of the connection at {@code index}, when it is well-formed; a repeated name is a problem. */
    Optional<String> name(ObjectNode entry, String path, int index) {
        JsonNode node = entry.get("name");
        if (CatalogShape.isAbsent(node)) {
            problems.add(path + ".name", "is required");
            return Optional.empty();
        }
        if (!node.isTextual() || !NAME.matcher(node.asText()).matches()) {
            problems.add(path + ".name", "\"" + node.asText() + "\" is not a connection name; use lower-case letters,"
                    + " digits, '.', '_' and '-', starting with a letter or digit");
            return Optional.empty();
        }
        String name = node.asText();
        Integer first = firstIndexByName.putIfAbsent(name, index);
        if (first != null) {
            problems.add(path + ".name", "\"" + name + "\" is already used by connections[" + first + "]");
        }
        return Optional.of(name);
    }

    String method(ObjectNode entry, String path) {
        String method = shape.optionalText(entry, path, "method").orElse("POST");
        if (!METHODS.contains(method)) {
            problems.add(path + ".method", "\"" + method + "\" is not supported; use POST or GET");
        }
        return method;
    }

    void checkUrl(Secret url, String path) {
        if (parseUrl(url.reveal()).isEmpty()) {
            problems.add(path, "the URL from " + url.origin() + " is not an absolute http:// or https:// URL"
                    + " (value not shown: connection URLs are credentials)");
        }
    }

    /** The URL as a URI when it is absolute http(s) with a host; the secret marker may sit in it. */
    static Optional<URI> parseUrl(String url) {
        try {
            URI uri = new URI(url.replace(SecretMarker.TOKEN, "x"));
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            if ((scheme.equals("http") || scheme.equals("https")) && uri.getHost() != null) {
                return Optional.of(uri);
            }
            return Optional.empty();
        } catch (URISyntaxException e) {
            return Optional.empty();
        }
    }

    /** {@code scheme://host[:port]} of a URL that {@link #parseUrl} accepts. */
    static String hostOf(Secret url) {
        URI uri = parseUrl(url.reveal()).orElseThrow();
        return uri.getScheme().toLowerCase(Locale.ROOT) + "://" + uri.getHost()
                + (uri.getPort() == -1 ? "" : ":" + uri.getPort());
    }

    void checkSigningKeys(Secret secret, String path) {
        List<String> keys = SigningKey.keysOf(secret.reveal());
        for (int i = 0; i < keys.size(); i++) {
            String which = keys.size() == 1 ? "the key" : "key " + (i + 1) + " of " + keys.size();
            try {
                if (SigningKey.decode(keys.get(i)).length < MIN_SIGNING_KEY_BYTES) {
                    problems.add(path, which + " from " + secret.origin() + " is shorter than "
                            + MIN_SIGNING_KEY_BYTES + " bytes");
                }
            } catch (SigningKey.Malformed malformed) {
                problems.add(path, which + " from " + secret.origin() + (malformed.prefixed()
                        ? " is not valid base64 after " + SigningKey.PREFIX + " (value not shown)"
                        : " is not a Standard Webhooks key; expected " + SigningKey.PREFIX
                                + " followed by base64 (value not shown)"));
            }
        }
    }

    boolean checkHeaderName(String name, String path) {
        if (HEADER_NAME.matcher(name).matches()) {
            return true;
        }
        problems.add(path, "is not a valid header name");
        return false;
    }

    /** The entry's {@code concurrency}, else what its kind's service allows ({@link ServiceLimits}). */
    int concurrency(JsonNode node, String path, Optional<ConnectionKind> kind) {
        return shape.optionalInt(node, path, 1, MAX_CONCURRENCY)
                .orElse(kind.map(ServiceLimits::concurrency).orElse(Connection.DEFAULT_CONCURRENCY));
    }

    Connection.Breaker breaker(JsonNode node, String path) {
        Connection.Breaker defaults = Connection.Breaker.DEFAULT;
        if (CatalogShape.isAbsent(node)) {
            return defaults;
        }
        if (!node.isObject()) {
            problems.add(path, "must be a mapping with failureRatio, requestVolume, delay, successThreshold");
            return defaults;
        }
        shape.checkKeys((ObjectNode) node, path + ".", CatalogShape.BREAKER_KEYS);
        double failureRatio = defaults.failureRatio();
        JsonNode ratio = node.get("failureRatio");
        if (!CatalogShape.isAbsent(ratio)) {
            if (ratio.isNumber() && ratio.asDouble() > 0 && ratio.asDouble() <= 1) {
                failureRatio = ratio.asDouble();
            } else {
                problems.add(path + ".failureRatio", "\"" + ratio.asText()
                        + "\" is not a ratio; use a number above 0 and at most 1, e.g. 0.5");
            }
        }
        return new Connection.Breaker(failureRatio,
                shape.optionalInt(node.get("requestVolume"), path + ".requestVolume", 1, MAX_BREAKER_COUNT)
                        .orElse(defaults.requestVolume()),
                shape.optionalDuration(node.get("delay"), path + ".delay").orElse(defaults.delay()),
                shape.optionalInt(node.get("successThreshold"), path + ".successThreshold", 1, MAX_BREAKER_COUNT)
                        .orElse(defaults.successThreshold()));
    }

    /** The entry's {@code rateLimit}, else the pace its kind's service documents ({@link ServiceLimits}). */
    Optional<Connection.RateLimit> rateLimit(JsonNode node, String path, Optional<ConnectionKind> kind) {
        if (CatalogShape.isAbsent(node)) {
            return kind.flatMap(ServiceLimits::rateLimit);
        }
        if (!node.isObject()) {
            problems.add(path, "must be a mapping with requests and per, e.g. {requests: 50, per: 1s}");
            return Optional.empty();
        }
        shape.checkKeys((ObjectNode) node, path + ".", CatalogShape.RATE_LIMIT_KEYS);
        Optional<Integer> requests = shape.optionalInt(node.get("requests"), path + ".requests", 1, MAX_RATE_LIMIT_REQUESTS);
        Optional<Duration> per = shape.optionalDuration(node.get("per"), path + ".per");
        if (!node.hasNonNull("requests")) {
            problems.add(path + ".requests", "is required");
        }
        if (!node.hasNonNull("per")) {
            problems.add(path + ".per", "is required; " + CatalogShape.DURATION_HINT);
        }
        return requests.isPresent() && per.isPresent()
                ? Optional.of(new Connection.RateLimit(requests.get(), per.get()))
                : Optional.empty();
    }
}
