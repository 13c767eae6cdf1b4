package io.hookline.auth;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/** A token as stored: everything but the secret, which only its creator ever saw. */
public record StoredToken(UUID id, String name, Scope scope, List<String> projects, Instant createdAt,
                          Optional<Instant> expiresAt, Optional<Instant> revokedAt) {

    public StoredToken {
        projects = List.copyOf(projects);
    }

    public Caller caller() {
        return new Caller(id.toString(), name, scope, Set.copyOf(projects));
    }
}
