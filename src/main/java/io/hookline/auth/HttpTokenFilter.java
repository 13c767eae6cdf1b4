package io.hookline.auth;

import io.quarkus.vertx.http.runtime.filters.Filters;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/**
 * The bearer-token check of the HTTP endpoints that are not gRPC: health stays open (probes send
 * no token), /q/metrics takes a token of either scope (so a scraper needs no admin token) unless
 * {@code hookline.auth.public-metrics}, anything else an admin token; all but health need a client
 * certificate when {@code hookline.auth.client-certificates} requires one. gRPC requests share the port
 * and are left to the gRPC interceptor, which knows the method.
 */
@ApplicationScoped
public class HttpTokenFilter {

    /** Before every route, including the management endpoints Quarkus adds. */
    private static final int PRIORITY = 1000;

    private final AuthConfig config;
    private final TokenDirectory directory;

    HttpTokenFilter(AuthConfig config, TokenDirectory directory) {
        this.config = config;
        this.directory = directory;
    }

    void register(@Observes Filters filters) {
        if (config.enabled()) {
            filters.register(this::check, PRIORITY);
        }
    }

    private void check(RoutingContext request) {
        String contentType = request.request().getHeader(HttpHeaders.CONTENT_TYPE);
        String path = request.normalizedPath();
        boolean metrics = path.equals("/q/metrics") || path.startsWith("/q/metrics/");
        if ((contentType != null && contentType.startsWith("application/grpc"))
                || path.equals("/q/health") || path.startsWith("/q/health/")) {
            request.next();
            return;
        }
        if (config.clientCertificates().required() && ClientCertificate.of(request.request().sslSession()).isEmpty()) {
            request.response().setStatusCode(401).putHeader(HttpHeaders.CONTENT_TYPE, "text/plain; charset=utf-8")
                    .end(ClientCertificateHandshake.missing(config) + "\n");
            return;
        }
        if (metrics && config.publicMetrics()) {
            request.next();
            return;
        }
        TokenCheck check = directory.check(request.request().getHeader(HttpHeaders.AUTHORIZATION));
        if (check.caller().isEmpty()) {
            request.response().setStatusCode(401).putHeader("WWW-Authenticate", "Bearer realm=\"hookline\"")
                    .putHeader(HttpHeaders.CONTENT_TYPE, "text/plain; charset=utf-8").end(check.problem() + "\n");
            return;
        }
        Caller caller = check.caller().get();
        if (!metrics && !caller.isAdmin()) {
            request.response().setStatusCode(403).putHeader(HttpHeaders.CONTENT_TYPE, "text/plain; charset=utf-8")
                    .end("the token `" + caller.tokenName() + "` has scope agent; " + path + " needs an admin token\n");
            return;
        }
        request.next();
    }
}
