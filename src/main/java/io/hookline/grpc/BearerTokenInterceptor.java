package io.hookline.grpc;

import io.grpc.Context;
import io.grpc.Contexts;
import io.grpc.Grpc;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.Status;
import io.hookline.auth.AuthConfig;
import io.hookline.auth.Caller;
import io.hookline.auth.ClientCertificate;
import io.hookline.auth.ClientCertificateHandshake;
import io.hookline.auth.TokenCheck;
import io.hookline.auth.TokenDirectory;
import io.quarkus.grpc.GlobalInterceptor;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.Optional;

/**
 * Checks the {@code authorization: Bearer} header of every call before the service sees it:
 * UNAUTHENTICATED without a valid token (or without a client certificate, when
 * {@code hookline.auth.client-certificates} requires one), PERMISSION_DENIED when the method needs
 * a wider scope. The caller carries the connection's verified certificate (from the TLS session
 * the Vert.x gRPC bridge puts in the call's attributes); the per-project checks need the request
 * and are made by the services ({@link CallerContext}).
 */
@GlobalInterceptor
@ApplicationScoped
public class BearerTokenInterceptor implements ServerInterceptor {

    static final Metadata.Key<String> AUTHORIZATION = Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER);

    private final AuthConfig config;
    private final TokenDirectory directory;

    BearerTokenInterceptor(AuthConfig config, TokenDirectory directory) {
        this.config = config;
        this.directory = directory;
    }

    @Override
    public <ReqT, RespT> ServerCall.Listener<ReqT> interceptCall(ServerCall<ReqT, RespT> call, Metadata headers,
                                                                 ServerCallHandler<ReqT, RespT> next) {
        if (!config.enabled()) {
            return Contexts.interceptCall(Context.current().withValue(CallerContext.CALLER, Caller.UNCHECKED),
                    call, headers, next);
        }
        String method = call.getMethodDescriptor().getFullMethodName();
        MethodAccess access = MethodAccess.of(method);
        if (access == MethodAccess.PUBLIC) {
            return next.startCall(call, headers);
        }
        // Read only when the handshake asked for one: a TLS session without a peer certificate throws.
        Optional<ClientCertificate> certificate = Optional.empty();
        if (config.clientCertificates().required()) {
            certificate = ClientCertificate.of(call.getAttributes().get(Grpc.TRANSPORT_ATTR_SSL_SESSION));
            if (certificate.isEmpty()) {
                return refuse(call, Status.UNAUTHENTICATED.withDescription(ClientCertificateHandshake.missing(config)));
            }
        }
        TokenCheck check = directory.check(headers.get(AUTHORIZATION));
        if (check.caller().isEmpty()) {
            return refuse(call, Status.UNAUTHENTICATED.withDescription(check.problem()));
        }
        Caller caller = certificate.map(check.caller().get()::presenting).orElse(check.caller().get());
        if (access == MethodAccess.ADMIN && !caller.isAdmin()) {
            return refuse(call, Status.PERMISSION_DENIED.withDescription("the token `" + caller.tokenName()
                    + "` has scope agent; " + method + " needs an admin token"));
        }
        return Contexts.interceptCall(Context.current().withValue(CallerContext.CALLER, caller), call, headers, next);
    }

    private static <ReqT, RespT> ServerCall.Listener<ReqT> refuse(ServerCall<ReqT, RespT> call, Status status) {
        call.close(status, new Metadata());
        return new ServerCall.Listener<>() {
        };
    }
}
