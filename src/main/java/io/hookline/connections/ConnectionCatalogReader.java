package io.hookline.connections;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.hookline.definition.Violation;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * Reads the connection catalog YAML and checks all of it before anything starts, reporting every
 * problem with the entry and field it is in. URLs, secrets and secret headers are read from the
 * environment or files here, once; no message ever contains one of their values.
 *
 * <p>It walks the catalog entry by entry, field by field, so problems are listed in the order they
 * stand in the file; {@link CatalogShape} knows the keys and value types, {@link SecretSources}
 * where credentials come from, and {@link ConnectionRules} what the values must be.
 */
public final class ConnectionCatalogReader {

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
        return read(CatalogFileText.read(file));
    }

    /**
     * Parses the text of a catalog file; {@code fromFile} paths that are relative resolve against its folder.
     *
     * @throws InvalidConnectionCatalogException listing every problem found
     */
    public ConnectionCatalog read(CatalogFileText file) {
        return parse(file.text(), file.file().toString(), file.file().toAbsolutePath().getParent());
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
        if (reading.problems.count() > 0) {
            throw new InvalidConnectionCatalogException(origin, reading.problems.all());
        }
        return ConnectionCatalog.of(connections, reading.defaultNames, reading.warnings);
    }

    /** One parse: the problems found so far, and the parts that check against them. */
    private final class Reading {
        private final CatalogProblems problems = new CatalogProblems();
        private final CatalogShape shape = new CatalogShape(problems);
        private final ConnectionRules rules = new ConnectionRules(problems, shape);
        private final SecretSources secrets;
        private final List<String> warnings = new ArrayList<>();
        private final DefaultConnections defaults = new DefaultConnections(problems);
        private final List<String> defaultNames = new ArrayList<>();

        Reading(Path baseFolder) {
            this.secrets = new SecretSources(environment, baseFolder, problems, shape);
        }

        List<Connection> catalog(JsonNode root) {
            if (root == null || root.isMissingNode() || root.isNull()) {
                return List.of();
            }
            if (!root.isObject()) {
                problems.add("(document)", "must be a mapping with a connections list");
                return List.of();
            }
            shape.checkKeys((ObjectNode) root, "", CatalogShape.TOP_LEVEL_KEYS);
            JsonNode list = root.get("connections");
            if (CatalogShape.isAbsent(list)) {
                return List.of();
            }
            if (!list.isArray()) {
                problems.add("connections", "must be a list of connections");
                return List.of();
            }
            List<Connection> connections = new ArrayList<>();
            for (int i = 0; i < list.size(); i++) {
                String path = "connections[" + i + "]";
                JsonNode entry = list.get(i);
                if (!entry.isObject()) {
                    problems.add(path, "must be a mapping with at least name, kind and url");
                    continue;
                }
                Optional<String> name = rules.name((ObjectNode) entry, path, i);
                connection((ObjectNode) entry, path, name.orElse(null)).ifPresent(connections::add);
            }
            return connections;
        }

        private Optional<Connection> connection(ObjectNode entry, String path, String name) {
            int before = problems.count();
            shape.checkKeys(entry, path + ".", CatalogShape.CONNECTION_KEYS);
            Optional<ConnectionKind> kind = shape.kind(entry, path);
            String description = shape.optionalText(entry, path, "description").orElse("");
            Optional<Secret> url = url(entry, path);
            // A ServiceAccount token is rotated by the kubelet while Hookline runs.
            boolean followsFile = kind.orElse(null) == ConnectionKind.KUBERNETES;
            Optional<Secret> secret = Optional.ofNullable(entry.get("secret"))
                    .filter(node -> !node.isNull())
                    .flatMap(node -> followsFile ? secrets.followedFile(node, path + ".secret", "secret")
                            : secrets.source(node, path + ".secret", "secret"));
            if (secret.isPresent() && kind.orElse(null) == ConnectionKind.WEBHOOK) {
                rules.checkSigningKeys(secret.get(), path + ".secret");
            }
            String method = rules.method(entry, path);
            Map<String, HeaderValue> headers = headers(entry.get("headers"), path + ".headers");
            Map<String, String> settings = shape.settings(entry.get("settings"), path + ".settings");
            Duration timeout = shape.optionalDuration(entry.get("timeout"), path + ".timeout")
                    .orElse(Connection.DEFAULT_TIMEOUT);
            int concurrency = rules.concurrency(entry.get("concurrency"), path + ".concurrency", kind);
            Connection.Breaker breaker = rules.breaker(entry.get("breaker"), path + ".breaker");
            Optional<Connection.RateLimit> rateLimit = rules.rateLimit(entry.get("rateLimit"), path + ".rateLimit", kind);
            boolean allowPrivateNetwork = shape.optionalFlag(entry, path, "allowPrivateNetwork");
            boolean markedDefault = defaults.marked(entry, path, name, kind);
            if (problems.count() > before || name == null || kind.isEmpty() || url.isEmpty()) {
                return Optional.empty();
            }
            LegacyTeamsConnector.warning(kind.get(), url.get(), path).ifPresent(warnings::add);
            if (markedDefault) {
                defaultNames.add(name);
            }
            return Optional.of(new Connection(name, kind.get(), description, url.get(), ConnectionRules.hostOf(url.get()),
                    secret, method, headers, settings, timeout, concurrency, breaker, rateLimit, allowPrivateNetwork));
        }

        private Optional<Secret> url(ObjectNode entry, String path) {
            List<String> given = new ArrayList<>();
            for (String key : List.of("url", "urlFromEnv", "urlFromFile")) {
                if (entry.hasNonNull(key)) {
                    given.add(key);
                }
            }
            if (given.isEmpty()) {
                problems.add(path + ".url", "is required; set url, urlFromEnv or urlFromFile");
                return Optional.empty();
            }
            if (given.size() > 1) {
                problems.add(path + ".url", "set only one of url, urlFromEnv, urlFromFile (found " + String.join(", ", given) + ")");
                return Optional.empty();
            }
            String key = given.get(0);
            JsonNode node = entry.get(key);
            if (!node.isTextual()) {
                problems.add(path + "." + key, "must be text");
                return Optional.empty();
            }
            Optional<Secret> url = switch (key) {
                case "urlFromEnv" -> secrets.fromEnv(node.asText(), path + ".urlFromEnv");
                case "urlFromFile" -> secrets.fromFile(node.asText(), path + ".urlFromFile");
                default -> Optional.of(Secret.of(node.asText().strip(), "url in the catalog"));
            };
            url.ifPresent(value -> rules.checkUrl(value, path + "." + key));
            return url.filter(value -> ConnectionRules.parseUrl(value.reveal()).isPresent());
        }

        private Map<String, HeaderValue> headers(JsonNode node, String path) {
            Map<String, HeaderValue> headers = new LinkedHashMap<>();
            if (CatalogShape.isAbsent(node)) {
                return headers;
            }
            if (!node.isObject()) {
                problems.add(path, "must be a mapping of header name to value");
                return headers;
            }
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> header = it.next();
                String headerPath = path + "." + header.getKey();
                if (!rules.checkHeaderName(header.getKey(), headerPath)) {
                    continue;
                }
                JsonNode value = header.getValue();
                if (value.isObject()) {
                    secrets.source(value, headerPath, "header").ifPresent(secret -> {
                        if (HeaderValue.hasLineBreak(secret.reveal())) {
                            problems.add(headerPath, "the value from " + secret.origin() + " contains a line break");
                        } else {
                            headers.put(header.getKey(), new HeaderValue.Hidden(secret));
                        }
                    });
                } else if (value.isValueNode() && !value.isNull()) {
                    if (HeaderValue.hasLineBreak(value.asText())) {
                        problems.add(headerPath, "contains a line break");
                    } else {
                        headers.put(header.getKey(), new HeaderValue.Plain(value.asText()));
                    }
                } else {
                    problems.add(headerPath, "must be text, {fromEnv: VARIABLE} or {fromFile: /path}");
                }
            }
            return headers;
        }
    }
}
