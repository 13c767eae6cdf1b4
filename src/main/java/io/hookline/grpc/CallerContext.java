package io.hookline.grpc;

import io.grpc.Context;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.hookline.auth.Caller;
import io.hookline.auth.ClientCertificate;
import io.hookline.auth.Scope;

import java.util.Set;

/**
 * The caller that {@link BearerTokenInterceptor} found for the current call, and the per-project
 * checks that need the request's content (the interceptor sees only the method and headers).
 */
final class CallerContext {

    static final Context.Key<Caller> CALLER = Context.key("hookline-caller");

    /** Stands in when no interceptor set a caller: fails closed. */
    private static final Caller NOBODY = new Caller("", "(none)", Scope.AGENT, Set.of());

    private CallerContext() {
    }

    /** The current call's caller; read it when the call starts (a later callback may run elsewhere). */
    static Caller current() {
        Caller caller = CALLER.get();
        return caller == null ? NOBODY : caller;
    }

    /**
     * Refuses a project the token does not name. An empty project is left to the request's own
     * validation (INVALID_ARGUMENT naming the field) where it is required.
     */
    static void requireProject(Caller caller, String project, String field) {
        if (!project.isEmpty() && !caller.mayUse(project)) {
            throw caller.certificateAllows(project) ? denied(caller, field + " is `" + project + "`")
                    : certificateDenied(caller, field + " is `" + project + "`");
        }
    }

    /** A read across projects: only an admin token may leave the project unset. */
    static void requireProjectFilter(Caller caller, String project, String field) {
        if (project.isEmpty() && !caller.isAdmin()) {
            throw Status.PERMISSION_DENIED.withDescription("the token `" + caller.tokenName() + "` is an agent token: set "
                    + field + " to one of its projects (" + sorted(caller.projects()) + ")").asRuntimeException();
        }
        requireProject(caller, project, field);
    }

    static StatusRuntimeException denied(Caller caller, String what) {
        return Status.PERMISSION_DENIED.withDescription("the token `" + caller.tokenName() + "` may not act on this"
                + " project: " + what + ", and the token names " + (caller.projects().isEmpty() ? "no projects"
                : sorted(caller.projects()))).asRuntimeException();
    }

    /** The token names the project, the connection's client certificate does not. */
    private static StatusRuntimeException certificateDenied(Caller caller, String what) {
        ClientCertificate certificate = caller.certificate().orElseThrow();
        return Status.PERMISSION_DENIED.withDescription("the client certificate `" + certificate.subject()
                + "` may not act on this project: " + what + ", and the certificate names " + sorted(certificate.projects())
                + " (the token `" + caller.tokenName() + "` may act only on the projects its certificate names too)")
                .asRuntimeException();
    }

    private static String sorted(Set<String> projects) {
        return String.join(", ", projects.stream().sorted().toList());
    }
}
