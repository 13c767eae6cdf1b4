package io.hookline.auth;

import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.Logger;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Makes sure a fresh installation has one admin token and that whoever started it can read it:
 * the configured one (a value or a file), else the one in {@code hookline.auth.admin-token-file},
 * made on the first start. The token itself is never logged; only the file's path.
 */
@ApplicationScoped
public class BootstrapToken {

    private static final Logger LOG = Logger.getLogger(BootstrapToken.class);
    static final String NAME = "bootstrap";

    private final AuthConfig config;
    private final TokenTable table;
    private final Pool pool;

    BootstrapToken(AuthConfig config, TokenTable table, Pool pool) {
        this.config = config;
        this.table = table;
        this.pool = pool;
    }

    void start(@Observes @Priority(10) StartupEvent event) {
        if (!config.enabled()) {
            LOG.warn("Authentication is OFF (hookline.auth.enabled=false): anyone who reaches the port can report,"
                    + " read every delivery and change every definition. Turn it on outside a test machine.");
            return;
        }
        Optional<String> configured = configuredToken();
        String token = configured.orElseGet(this::tokenFromFile);
        byte[] hash = TokenSecrets.hash(token);
        // A configured token replaces the previous one. A written one does not: replicas without a
        // configured token each write their own file, and one must not revoke another's.
        pool.withTransaction(sql -> table.exists(sql, hash)
                        .chain(exists -> exists ? Uni.createFrom().voidItem()
                                : table.insert(sql, NAME, Scope.ADMIN, List.of(), hash, Optional.empty(), true).replaceWithVoid())
                        .chain(() -> configured.isPresent()
                                ? table.revokeOtherBootstrapTokens(sql, hash).replaceWithVoid()
                                : Uni.createFrom().voidItem()))
                .await().atMost(Duration.ofMinutes(1));
    }

    private Optional<String> configuredToken() {
        if (config.bootstrapToken().isPresent()) {
            return Optional.of(usable(config.bootstrapToken().get(), "hookline.auth.bootstrap-token"));
        }
        return config.bootstrapTokenFile().map(file -> usable(read(Path.of(file)), "hookline.auth.bootstrap-token-file"));
    }

    /** The token of the admin-token file, written with a new one on the first start. */
    private String tokenFromFile() {
        Path file = Path.of(config.adminTokenFile()).toAbsolutePath();
        if (Files.exists(file)) {
            LOG.infof("Admin token: %s", file);
            return usable(read(file), "hookline.auth.admin-token-file");
        }
        String token = TokenSecrets.newToken();
        write(file, token);
        LOG.infof("Created an admin token in %s (readable only by this user). Send it as"
                + " `authorization: Bearer <token>`; create narrower tokens with HookAdmin.CreateToken.", file);
        return token;
    }

    private static String usable(String token, String key) {
        String trimmed = token.trim();
        if (trimmed.length() < 16) {
            throw new IllegalStateException(key + " holds a token of " + trimmed.length()
                    + " characters; use at least 16 random characters (the tokens Hookline makes have 46)");
        }
        return trimmed;
    }

    private static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the admin token file " + file, e);
        }
    }

    /** Created with mode 0600, so there is no moment when another user could read it. */
    private static void write(Path file, String token) {
        try {
            Files.createDirectories(file.getParent());
            Files.createFile(file, PosixFilePermissions.asFileAttribute(Set.of(
                    PosixFilePermission.OWNER_READ,
                    PosixFilePermission.OWNER_WRITE)));
            Files.writeString(file, token + "\n", StandardCharsets.UTF_8, StandardOpenOption.TRUNCATE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the admin token file " + file, e);
        }
    }
}
