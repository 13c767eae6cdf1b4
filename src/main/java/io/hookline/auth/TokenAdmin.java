package io.hookline.auth;

import io.hookline.definition.Violation;
import io.hookline.error.Refusal;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;

/** CreateToken, ListTokens and RevokeToken: the only way a token's secret is made or seen (once). */
@ApplicationScoped
public class TokenAdmin {

    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9._@-]{1,100}");
    private static final int MAX_PROJECTS = 1000;
    private static final int MAX_PROJECT = 256;

    /** What CreateToken asks for; an empty expiry means the token never expires. */
    public record NewToken(String name, String scope, List<String> projects, Optional<Instant> expiresAt) {
    }

    /** The created token: its secret, answered once and never stored. */
    public record CreatedToken(String token, StoredToken stored) {
    }

    private final TokenTable table;
    private final TokenDirectory directory;
    private final Pool pool;
    private final Clock clock = Clock.systemUTC();

    TokenAdmin(TokenTable table, TokenDirectory directory, Pool pool) {
        this.table = table;
        this.directory = directory;
        this.pool = pool;
    }

    public Uni<CreatedToken> create(NewToken request) {
        List<Violation> violations = new ArrayList<>();
        if (!NAME.matcher(request.name()).matches()) {
            violations.add(Violation.of("name", "must be 1 to 100 characters of letters, digits and . _ @ -"));
        }
        Optional<Scope> scope = Scope.fromApiName(request.scope());
        if (scope.isEmpty()) {
            violations.add(Violation.of("scope", "must be `agent` (Report, Notify, Preview, Subscribe and reading"
                    + " deliveries of its projects) or `admin` (everything)"));
        }
        List<String> projects = request.projects().stream().distinct().toList();
        if (projects.size() > MAX_PROJECTS) {
            violations.add(Violation.of("projects", "names more than " + MAX_PROJECTS + " projects"));
        }
        for (int i = 0; i < projects.size(); i++) {
            String project = projects.get(i);
            if (project.isBlank() || project.length() > MAX_PROJECT) {
                violations.add(Violation.of("projects[" + i + "]", "must be a project name of 1 to " + MAX_PROJECT
                        + " characters, as runs report it in run.project"));
            }
        }
        if (scope.isPresent() && scope.get() == Scope.ADMIN && !projects.isEmpty()) {
            violations.add(Violation.of("projects", "must be empty for an admin token, which may act on every project"));
        }
        if (request.expiresAt().isPresent() && !request.expiresAt().get().isAfter(clock.instant())) {
            violations.add(Violation.of("expires_at", "is in the past; leave it unset for a token that never expires"));
        }
        if (!violations.isEmpty()) {
            return Uni.createFrom().failure(Refusal.invalid(violations));
        }
        String token = TokenSecrets.newToken();
        byte[] hash = TokenSecrets.hash(token);
        return pool.withTransaction(sql -> table.insert(sql, request.name(), scope.get(), projects, hash,
                        request.expiresAt(), false))
                .invoke(stored -> directory.added(hash, stored))
                .map(stored -> new CreatedToken(token, stored));
    }

    public Uni<List<StoredToken>> list() {
        return table.all();
    }

    public Uni<StoredToken> revoke(String id) {
        UUID tokenId;
        try {
            tokenId = UUID.fromString(id);
        } catch (IllegalArgumentException notAnId) {
            return Uni.createFrom().failure(Refusal.invalid("id", "must be a token id as ListTokens answers it"));
        }
        return table.revoke(tokenId)
                .invoke(revoked -> revoked.ifPresent(token -> directory.revoked(token.id())))
                .map(revoked -> revoked.orElseThrow(() -> Refusal.notFound("no token has the id " + id)));
    }
}
