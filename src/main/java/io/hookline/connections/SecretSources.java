package io.hookline.connections;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.function.Function;

/**
 * Where the catalog's credentials come from: an environment variable or a file, never the catalog
 * itself. Messages name the variable or file, never the value.
 */
final class SecretSources {

    private final Function<String, String> environment;
    private final Path baseFolder;
    private final CatalogProblems problems;
    private final CatalogShape shape;

    /**
     * @param environment looks up an environment variable; null when it is not set
     * @param baseFolder  where relative {@code fromFile} paths start
     */
    SecretSources(Function<String, String> environment, Path baseFolder, CatalogProblems problems, CatalogShape shape) {
        this.environment = environment;
        this.baseFolder = baseFolder == null ? Path.of("") : baseFolder;
        this.problems = problems;
        this.shape = shape;
    }

    /** A {@code {fromEnv: VARIABLE}} or {@code {fromFile: /path}} mapping; {@code what} names it in messages. */
    Optional<Secret> source(JsonNode node, String path, String what) {
        if (node.isTextual() || node.isNumber() || node.isBoolean()) {
            problems.add(path, "an inline " + what + " is refused, it would sit in plain text in the catalog;"
                    + " use {fromEnv: VARIABLE} or {fromFile: /path/to/file}");
            return Optional.empty();
        }
        if (!node.isObject()) {
            problems.add(path, "must be {fromEnv: VARIABLE} or {fromFile: /path/to/file}");
            return Optional.empty();
        }
        shape.checkKeys((ObjectNode) node, path + ".", CatalogShape.SECRET_SOURCE_KEYS);
        boolean env = node.hasNonNull("fromEnv");
        boolean file = node.hasNonNull("fromFile");
        if (env == file) {
            problems.add(path, "set exactly one of fromEnv or fromFile");
            return Optional.empty();
        }
        return env ? fromEnv(node.get("fromEnv").asText(), path + ".fromEnv")
                : fromFile(node.get("fromFile").asText(), path + ".fromFile");
    }

    Optional<Secret> fromEnv(String variable, String path) {
        String value = environment.apply(variable);
        if (value == null) {
            problems.add(path, "environment variable " + variable + " is not set");
            return Optional.empty();
        }
        if (value.isBlank()) {
            problems.add(path, "environment variable " + variable + " is empty");
            return Optional.empty();
        }
        return Optional.of(Secret.of(value.strip(), "env " + variable));
    }

    /** A {@code {fromFile: /path}} source whose value is re-read when the file changes (a rotated token). */
    Optional<Secret> followedFile(JsonNode node, String path, String what) {
        Optional<Secret> read = source(node, path, what);
        if (read.isEmpty() || !node.hasNonNull("fromFile")) {
            return read;
        }
        Path file = baseFolder.resolve(node.get("fromFile").asText());
        try {
            return Optional.of(Secret.following(file, "file " + file));
        } catch (IOException e) {
            problems.add(path + ".fromFile", "cannot read " + file + " (" + e.getClass().getSimpleName() + ")");
            return Optional.empty();
        }
    }

    Optional<Secret> fromFile(String location, String path) {
        Path file = baseFolder.resolve(location);
        String value;
        try {
            value = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            problems.add(path, "cannot read " + file + " (" + e.getClass().getSimpleName() + ")");
            return Optional.empty();
        }
        // Mounted Secrets and `echo x > file` end with a newline that is not part of the value.
        if (value.isBlank()) {
            problems.add(path, "file " + file + " is empty");
            return Optional.empty();
        }
        return Optional.of(Secret.of(value.strip(), "file " + file));
    }
}
