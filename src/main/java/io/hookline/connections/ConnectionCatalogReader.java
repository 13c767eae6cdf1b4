package io.hookline.connections;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.hookline.definition.Suggestions;
import io.hookline.definition.Violation;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the connection catalog YAML and checks all of it before anything starts, reporting every
 * problem with the entry and field it is in. URLs, secrets and secret headers are read from the
 * environment or files here, once; no message ever contains one of their values.
 */
public final class ConnectionCatalogReader {

    private static final List<String> TOP_LEVEL_KEYS = List.of("connections");
    private static final List<String> CONNECTION_KEYS = List.of("name", "kind", "description", "url",
            "urlFromEnv", "urlFromFile", "secret", "method", "headers", "settings", "timeout",
            "concurrency", "breaker", "rateLimit");
    private static final List<String> SECRET_SOURCE_KEYS = List.of("fromEnv", "fromFile");
    private static final List<String> BREAKER_KEYS = List.of("failureRatio", "requestVolume", "delay",
            "successThreshold");
    private static final List<String> RATE_LIMIT_KEYS = List.of("requests", "per");
    private static final List<String> METHODS = List.of("POST", "GET");

    private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9._-]*");
    private static final Pattern HEADER_NAME = Pattern.compile("[!#$%&'*+.^_`|~0-9A-Za-z-]+");
    private static final Pattern SHORT_DURATION = Pattern.compile("(\\d+)(ms|s|m|h|d)");
    private static final String DURATION_HINT = "use e.g. 10s, 500ms, 1m";

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory()
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION));

    private final Function<String, String> environment;

    /** @param environment looks up an environment variable; null when it is not set */
    public ConnectionCatalogReader(Function<String, String> environment) {
        this.environment = environment;
    }

    public static ConnectionCatalogReader ofSystemEnvironment() {
        return new ConnectionCatalogReader(System::getenv);
    }

    /**
     * Reads the catalog file; {@code fromFile} paths that are relative resolve against its folder.
     *
     * @throws InvalidConnectionCatalogException when the file is missing, unreadable or invalid
     */
    public ConnectionCatalog read(Path file) {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new InvalidConnectionCatalogException(file.toString(), List.of(Violation.of("file",
                    "cannot read " + file.toAbsolutePath() + " (" + e.getClass().getSimpleName()
                            + "); set hookline.connections.file to an existing file, or unset it for no connections")));
        }
        Path folder = file.toAbsolutePath().getParent();
        return parse(text, file.toString(), folder);
    }

    /**
     * Parses catalog text.
     *
     * @param origin     names the text in messages (usually the file path)
     * @param baseFolder where relative {@code fromFile} paths start
     * @throws InvalidConnectionCatalogException listing every problem found
     */
    public ConnectionCatalog parse(String yaml, String origin, Path baseFolder) {
        JsonNode root;
        try {
            root = YAML.readTree(yaml);
        } catch (JsonProcessingException e) {
            // Never the parser's message: it quotes the offending line, which may hold a URL.
            JsonLocation location = e.getLocation();
            int line = location == null ? 0 : location.getLineNr();
            int column = location == null ? 0 : location.getColumnNr();
            throw new InvalidConnectionCatalogException(origin,
                    List.of(new Violation("(document)", "not valid YAML", Math.max(line, 0), Math.max(column, 0))));
        }
        Reading reading = new Reading(baseFolder);
        List<Connection> connections = reading.catalog(root);
        if (!reading.violations.isEmpty()) {
            throw new InvalidConnectionCatalogException(origin, reading.violations);
        }
        return ConnectionCatalog.of(connections);
    }

    /** The state of one parse: the problems found so far. */
    private final class Reading {
        private final Path baseFolder;
        private final List<Violation> violations = new ArrayList<>();

        Reading(Path baseFolder) {
            this.baseFolder = baseFolder == null ? Path.of("") : baseFolder;
        }

        List<Connection> catalog(JsonNode root) {
            if (root == null || root.isMissingNode() || root.isNull()) {
                return List.of();
            }
            if (!root.isObject()) {
                problem("(document)", "must be a mapping with a connections list");
                return List.of();
            }
            checkKeys((ObjectNode) root, "", TOP_LEVEL_KEYS);
            JsonNode list = root.get("connections");
            if (list == null || list.isNull()) {
                return List.of();
            }
            if (!list.isArray()) {
                problem("connections", "must be a list of connections");
                return List.of();
            }
            List<Connection> connections = new ArrayList<>();
            Map<String, Integer> firstIndexByName = new HashMap<>();
            for (int i = 0; i < list.size(); i++) {
                String path = "connections[" + i + "]";
                JsonNode entry = list.get(i);
                if (!entry.isObject()) {
                    problem(path, "must be a mapping with at least name, kind and url");
                    continue;
                }
                Optional<String> name = name((ObjectNode) entry, path);
                if (name.isPresent()) {
                    Integer first = firstIndexByName.putIfAbsent(name.get(), i);
                    if (first != null) {
                        problem(path + ".name", "\"" + name.get() + "\" is already used by connections[" + first + "]");
                    }
                }
                connection((ObjectNode) entry, path, name.orElse(null)).ifPresent(connections::add);
            }
            return connections;
        }

        private Optional<String> name(ObjectNode entry, String path) {
            JsonNode node = entry.get("name");
            if (node == null || node.isNull()) {
                problem(path + ".name", "is required");
                return Optional.empty();
            }
            if (!node.isTextual() || !NAME.matcher(node.asText()).matches()) {
                problem(path + ".name", "\"" + node.asText() + "\" is not a connection name; use lower-case letters,"
                        + " digits, '.', '_' and '-', starting with a letter or digit");
                return Optional.empty();
            }
            return Optional.of(node.asText());
        }

        private Optional<Connection> connection(ObjectNode entry, String path, String name) {
            int before = violations.size();
            checkKeys(entry, path + ".", CONNECTION_KEYS);
            Optional<ConnectionKind> kind = kind(entry, path);
            String description = optionalText(entry, path, "description").orElse("");
            Optional<Secret> url = url(entry, path);
            Optional<Secret> secret = Optional.ofNullable(entry.get("secret"))
                    .filter(node -> !node.isNull())
                    .flatMap(node -> secretSource(node, path + ".secret", "secret"));
            if (secret.isPresent() && kind.orElse(null) == ConnectionKind.WEBHOOK) {
                checkSigningKeys(secret.get(), path + ".secret");
            }
            String method = optionalText(entry, path, "method").orElse("POST");
            if (!METHODS.contains(method)) {
                problem(path + ".method", "\"" + method + "\" is not supported; use POST or GET");
            }
            Map<String, HeaderValue> headers = headers(entry.get("headers"), path + ".headers");
            Map<String, String> settings = settings(entry.get("settings"), path + ".settings");
            Duration timeout = optionalDuration(entry.get("timeout"), path + ".timeout").orElse(Connection.DEFAULT_TIMEOUT);
            int concurrency = optionalInt(entry.get("concurrency"), path + ".concurrency", 1, 10_000)
                    .orElse(Connection.DEFAULT_CONCURRENCY);
            Connection.Breaker breaker = breaker(entry.get("breaker"), path + ".breaker");
            Optional<Connection.RateLimit> rateLimit = rateLimit(entry.get("rateLimit"), path + ".rateLimit");
            if (violations.size() > before || name == null || kind.isEmpty() || url.isEmpty()) {
                return Optional.empty();
            }
            return Optional.of(new Connection(name, kind.get(), description, url.get(), hostOf(url.get()), secret,
                    method, headers, settings, timeout, concurrency, breaker, rateLimit));
        }

        private Optional<ConnectionKind> kind(ObjectNode entry, String path) {
            JsonNode node = entry.get("kind");
            if (node == null || node.isNull()) {
                problem(path + ".kind", "is required; one of " + String.join(", ", ConnectionKind.yamlNames()));
                return Optional.empty();
            }
            Optional<ConnectionKind> kind = ConnectionKind.fromYamlName(node.asText());
            if (kind.isEmpty()) {
                problem(path + ".kind", "\"" + node.asText() + "\" is not a kind"
                        + suggestion(node.asText(), ConnectionKind.yamlNames())
                        + "; one of " + String.join(", ", ConnectionKind.yamlNames()));
            }
            return kind;
        }

        private Optional<Secret> url(ObjectNode entry, String path) {
            List<String> given = new ArrayList<>();
            for (String key : List.of("url", "urlFromEnv", "urlFromFile")) {
                if (entry.hasNonNull(key)) {
                    given.add(key);
                }
            }
            if (given.isEmpty()) {
                problem(path + ".url", "is required; set url, urlFromEnv or urlFromFile");
                return Optional.empty();
            }
            if (given.size() > 1) {
                problem(path + ".url", "set only one of url, urlFromEnv, urlFromFile (found " + String.join(", ", given) + ")");
                return Optional.empty();
            }
            String key = given.get(0);
            JsonNode node = entry.get(key);
            if (!node.isTextual()) {
                problem(path + "." + key, "must be text");
                return Optional.empty();
            }
            Optional<Secret> url = switch (key) {
                case "urlFromEnv" -> fromEnv(node.asText(), path + ".urlFromEnv");
                case "urlFromFile" -> fromFile(node.asText(), path + ".urlFromFile");
                default -> Optional.of(Secret.of(node.asText().strip(), "url in the catalog"));
            };
            url.ifPresent(value -> checkUrl(value, path + "." + key));
            return url.filter(value -> parseUrl(value.reveal()).isPresent());
        }

        private void checkUrl(Secret url, String path) {
            if (parseUrl(url.reveal()).isEmpty()) {
                problem(path, "the URL from " + url.origin() + " is not an absolute http:// or https:// URL"
                        + " (value not shown: connection URLs are credentials)");
            }
        }

        private Optional<Secret> secretSource(JsonNode node, String path, String what) {
            if (node.isTextual() || node.isNumber() || node.isBoolean()) {
                problem(path, "an inline " + what + " is refused, it would sit in plain text in the catalog;"
                        + " use {fromEnv: VARIABLE} or {fromFile: /path/to/file}");
                return Optional.empty();
            }
            if (!node.isObject()) {
                problem(path, "must be {fromEnv: VARIABLE} or {fromFile: /path/to/file}");
                return Optional.empty();
            }
            checkKeys((ObjectNode) node, path + ".", SECRET_SOURCE_KEYS);
            boolean env = node.hasNonNull("fromEnv");
            boolean file = node.hasNonNull("fromFile");
            if (env == file) {
                problem(path, "set exactly one of fromEnv or fromFile");
                return Optional.empty();
            }
            return env ? fromEnv(node.get("fromEnv").asText(), path + ".fromEnv")
                    : fromFile(node.get("fromFile").asText(), path + ".fromFile");
        }

        private Optional<Secret> fromEnv(String variable, String path) {
            String value = environment.apply(variable);
            if (value == null) {
                problem(path, "environment variable " + variable + " is not set");
                return Optional.empty();
            }
            if (value.isBlank()) {
                problem(path, "environment variable " + variable + " is empty");
                return Optional.empty();
            }
            return Optional.of(Secret.of(value.strip(), "env " + variable));
        }

        private Optional<Secret> fromFile(String location, String path) {
            Path file = baseFolder.resolve(location);
            String value;
            try {
                value = Files.readString(file, StandardCharsets.UTF_8);
            } catch (IOException e) {
                problem(path, "cannot read " + file + " (" + e.getClass().getSimpleName() + ")");
                return Optional.empty();
            }
            // Mounted Secrets and `echo x > file` end with a newline that is not part of the value.
            if (value.isBlank()) {
                problem(path, "file " + file + " is empty");
                return Optional.empty();
            }
            return Optional.of(Secret.of(value.strip(), "file " + file));
        }

        private void checkSigningKeys(Secret secret, String path) {
            List<String> keys = SigningKey.keysOf(secret.reveal());
            for (int i = 0; i < keys.size(); i++) {
                String which = keys.size() == 1 ? "the key" : "key " + (i + 1) + " of " + keys.size();
                try {
                    if (SigningKey.decode(keys.get(i)).length < 16) {
                        problem(path, which + " from " + secret.origin() + " is shorter than 16 bytes");
                    }
                } catch (SigningKey.Malformed malformed) {
                    problem(path, which + " from " + secret.origin() + (malformed.prefixed()
                            ? " is not valid base64 after whsec_ (value not shown)"
                            : " is not a Standard Webhooks key; expected whsec_ followed by base64 (value not shown)"));
                }
            }
        }

        private Map<String, HeaderValue> headers(JsonNode node, String path) {
            Map<String, HeaderValue> headers = new LinkedHashMap<>();
            if (node == null || node.isNull()) {
                return headers;
            }
            if (!node.isObject()) {
                problem(path, "must be a mapping of header name to value");
                return headers;
            }
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> header = it.next();
                String headerPath = path + "." + header.getKey();
                if (!HEADER_NAME.matcher(header.getKey()).matches()) {
                    problem(headerPath, "is not a valid header name");
                    continue;
                }
                JsonNode value = header.getValue();
                if (value.isObject()) {
                    secretSource(value, headerPath, "header").ifPresent(secret -> {
                        if (HeaderValue.hasLineBreak(secret.reveal())) {
                            problem(headerPath, "the value from " + secret.origin() + " contains a line break");
                        } else {
                            headers.put(header.getKey(), new HeaderValue.Hidden(secret));
                        }
                    });
                } else if (value.isValueNode() && !value.isNull()) {
                    if (HeaderValue.hasLineBreak(value.asText())) {
                        problem(headerPath, "contains a line break");
                    } else {
                        headers.put(header.getKey(), new HeaderValue.Plain(value.asText()));
                    }
                } else {
                    problem(headerPath, "must be text, {fromEnv: VARIABLE} or {fromFile: /path}");
                }
            }
            return headers;
        }

        private Map<String, String> settings(JsonNode node, String path) {
            Map<String, String> settings = new LinkedHashMap<>();
            if (node == null || node.isNull()) {
                return settings;
            }
            if (!node.isObject()) {
                problem(path, "must be a mapping of setting name to value");
                return settings;
            }
            node.fields().forEachRemaining(setting -> {
                if (setting.getValue().isValueNode() && !setting.getValue().isNull()) {
                    settings.put(setting.getKey(), setting.getValue().asText());
                } else {
                    problem(path + "." + setting.getKey(), "must be text, a number or true/false");
                }
            });
            return settings;
        }

        private Connection.Breaker breaker(JsonNode node, String path) {
            Connection.Breaker defaults = Connection.Breaker.DEFAULT;
            if (node == null || node.isNull()) {
                return defaults;
            }
            if (!node.isObject()) {
                problem(path, "must be a mapping with failureRatio, requestVolume, delay, successThreshold");
                return defaults;
            }
            checkKeys((ObjectNode) node, path + ".", BREAKER_KEYS);
            double failureRatio = defaults.failureRatio();
            JsonNode ratio = node.get("failureRatio");
            if (ratio != null && !ratio.isNull()) {
                if (ratio.isNumber() && ratio.asDouble() > 0 && ratio.asDouble() <= 1) {
                    failureRatio = ratio.asDouble();
                } else {
                    problem(path + ".failureRatio", "\"" + ratio.asText() + "\" is not a ratio; use a number above 0 and at most 1, e.g. 0.5");
                }
            }
            return new Connection.Breaker(failureRatio,
                    optionalInt(node.get("requestVolume"), path + ".requestVolume", 1, 10_000).orElse(defaults.requestVolume()),
                    optionalDuration(node.get("delay"), path + ".delay").orElse(defaults.delay()),
                    optionalInt(node.get("successThreshold"), path + ".successThreshold", 1, 10_000)
                            .orElse(defaults.successThreshold()));
        }

        private Optional<Connection.RateLimit> rateLimit(JsonNode node, String path) {
            if (node == null || node.isNull()) {
                return Optional.empty();
            }
            if (!node.isObject()) {
                problem(path, "must be a mapping with requests and per, e.g. {requests: 50, per: 1s}");
                return Optional.empty();
            }
            checkKeys((ObjectNode) node, path + ".", RATE_LIMIT_KEYS);
            Optional<Integer> requests = optionalInt(node.get("requests"), path + ".requests", 1, 1_000_000);
            Optional<Duration> per = optionalDuration(node.get("per"), path + ".per");
            if (!node.hasNonNull("requests")) {
                problem(path + ".requests", "is required");
            }
            if (!node.hasNonNull("per")) {
                problem(path + ".per", "is required; " + DURATION_HINT);
            }
            return requests.isPresent() && per.isPresent()
                    ? Optional.of(new Connection.RateLimit(requests.get(), per.get()))
                    : Optional.empty();
        }

        private Optional<String> optionalText(ObjectNode entry, String path, String key) {
            JsonNode node = entry.get(key);
            if (node == null || node.isNull()) {
                return Optional.empty();
            }
            if (!node.isValueNode()) {
                problem(path + "." + key, "must be text");
                return Optional.empty();
            }
            return Optional.of(node.asText());
        }

        private Optional<Integer> optionalInt(JsonNode node, String path, int min, int max) {
            if (node == null || node.isNull()) {
                return Optional.empty();
            }
            if (!node.isIntegralNumber() || node.asLong() < min || node.asLong() > max) {
                problem(path, "\"" + node.asText() + "\" is not a whole number from " + min + " to " + max);
                return Optional.empty();
            }
            return Optional.of(node.asInt());
        }

        private Optional<Duration> optionalDuration(JsonNode node, String path) {
            if (node == null || node.isNull()) {
                return Optional.empty();
            }
            Optional<Duration> duration = node.isTextual() ? parseDuration(node.asText()) : Optional.empty();
            if (duration.isEmpty() || duration.get().isZero() || duration.get().isNegative()) {
                problem(path, "\"" + node.asText() + "\" is not a duration; " + DURATION_HINT);
                return Optional.empty();
            }
            return duration;
        }

        private void checkKeys(ObjectNode node, String pathPrefix, List<String> known) {
            node.fieldNames().forEachRemaining(key -> {
                if (!known.contains(key)) {
                    String hint = suggestion(key, known);
                    problem(pathPrefix + key, "unknown key" + (hint.isEmpty()
                            ? "; known keys: " + String.join(", ", known) : hint));
                }
            });
        }

        private void problem(String field, String description) {
            violations.add(Violation.of(field, description));
        }
    }

    /** {@code 10s}, {@code 500ms}, {@code 1m}, {@code 2h}, {@code 1d}, or ISO-8601 {@code PT10S}. */
    static Optional<Duration> parseDuration(String text) {
        String trimmed = text.strip();
        Matcher matcher = SHORT_DURATION.matcher(trimmed);
        if (matcher.matches()) {
            long amount;
            try {
                amount = Long.parseLong(matcher.group(1));
            } catch (NumberFormatException tooLarge) {
                return Optional.empty();
            }
            return Optional.of(switch (matcher.group(2)) {
                case "ms" -> Duration.ofMillis(amount);
                case "s" -> Duration.ofSeconds(amount);
                case "m" -> Duration.ofMinutes(amount);
                case "h" -> Duration.ofHours(amount);
                default -> Duration.ofDays(amount);
            });
        }
        if (trimmed.toUpperCase(Locale.ROOT).startsWith("P")) {
            try {
                return Optional.of(Duration.parse(trimmed));
            } catch (DateTimeParseException notIso) {
                return Optional.empty();
            }
        }
        return Optional.empty();
    }

    /** {@code "; did you mean X?"} for the closest known word, else empty. */
    static String suggestion(String given, List<String> known) {
        return Suggestions.closestWithinAQuarter(given, known).map(word -> "; did you mean " + word + "?").orElse("");
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

    private static String hostOf(Secret url) {
        URI uri = parseUrl(url.reveal()).orElseThrow();
        return uri.getScheme().toLowerCase(Locale.ROOT) + "://" + uri.getHost()
                + (uri.getPort() == -1 ? "" : ":" + uri.getPort());
    }
}
