package io.hookline.auth;

import java.util.Optional;
import java.util.Set;

/**
 * Who a call comes from: the token's id, name, scope and projects, and the client certificate of
 * its connection, if any. The stages ask it whether a project is theirs; {@link #UNCHECKED} stands
 * for every call when auth is off.
 *
 * @param tokenId the stored token's id (names are labels and may repeat); empty when auth is off
 */
public record Caller(String tokenId, String tokenName, Scope scope, Set<String> projects,
                     Optional<ClientCertificate> certificate) {

    public static final Caller UNCHECKED = new Caller("", "(auth disabled)", Scope.ADMIN, Set.of());

    public Caller {
        projects = Set.copyOf(projects);
    }

    public Caller(String tokenId, String tokenName, Scope scope, Set<String> projects) {
        this(tokenId, tokenName, scope, projects, Optional.empty());
    }

    /** The same token, on a connection that presented this certificate. */
    public Caller presenting(ClientCertificate certificate) {
        return new Caller(tokenId, tokenName, scope, projects, Optional.of(certificate));
    }

    public boolean isAdmin() {
        return scope == Scope.ADMIN;
    }

    /**
     * Admin tokens may act on every project; agent tokens on the ones they name, and, on a
     * connection whose certificate names projects, only on those it names too: a stolen agent
     * token is of no use without its agent's certificate.
     */
    public boolean mayUse(String project) {
        return isAdmin() || (projects.contains(project) && certificateAllows(project));
    }

    /** False only when the connection's certificate names projects and not this one. */
    public boolean certificateAllows(String project) {
        return certificate.map(presented -> presented.allows(project)).orElse(true);
    }
}
