package io.hookline.auth;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/** What a token may do; see docs/security.md. */
public enum Scope {
    /** Report, Notify, Preview, Subscribe and reading deliveries, for the projects the token names. */
    AGENT,
    /** Everything, for every project. */
    ADMIN;

    /** The name in the API and the database. */
    public String apiName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<Scope> fromApiName(String name) {
        return Arrays.stream(values()).filter(scope -> scope.apiName().equals(name)).findFirst();
    }
}
