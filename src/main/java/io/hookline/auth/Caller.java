package io.hookline.auth;

import java.util.Set;

/**
 * Who a call comes from: the token's id, name, scope and projects. The stages ask it whether a
 * project is theirs; {@link #UNCHECKED} stands for every call when auth is off.
 *
 * @param tokenId the stored token's id (names are labels and may repeat); empty when auth is off
 */
public record Caller(String tokenId, String tokenName, Scope scope, Set<String> projects) {

    public static final Caller UNCHECKED = new Caller("", "(auth disabled)", Scope.ADMIN, Set.of());

    public Caller {
        projects = Set.copyOf(projects);
    }

    public boolean isAdmin() {
        return scope == Scope.ADMIN;
    }

    /** Admin tokens may act on every project; agent tokens on the ones they name. */
    public boolean mayUse(String project) {
        return isAdmin() || projects.contains(project);
    }
}
