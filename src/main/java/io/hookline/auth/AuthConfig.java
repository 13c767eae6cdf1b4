package io.hookline.auth;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;
import java.util.Locale;
import java.util.Optional;

/** Bearer tokens and client certificates for the API: see docs/security.md. */
@ConfigMapping(prefix = "hookline.auth")
public interface AuthConfig {

    /** Off answers every call without a token (and logs a warning at every start). */
    @WithDefault("true")
    boolean enabled();

    /**
     * An admin token to accept, set by whoever deploys (HOOKLINE_AUTH_BOOTSTRAP_TOKEN). When it
     * and {@link #bootstrapTokenFile()} are unset, the first start makes one and writes it to
     * {@link #adminTokenFile()}.
     */
    Optional<String> bootstrapToken();

    /** A file holding the admin token to accept (a mounted secret). */
    Optional<String> bootstrapTokenFile();

    /** Where a start with no bootstrap token writes the one it makes (mode 0600), and reads it again. */
    @WithDefault("hookline-data/admin-token")
    String adminTokenFile();

    /**
     * How often each replica reloads the token table; a token created or revoked on another
     * replica takes effect here within this time (on this replica, at once).
     */
    @WithDefault("5s")
    Duration refreshInterval();

    /**
     * Events (Report and Notify) one agent token may send per second, on average; past it an
     * event is answered RESOURCE_EXHAUSTED. Admin tokens are not limited. Per replica.
     */
    @WithDefault("5000")
    double ratePerToken();

    /** Events one agent token may send at once above its rate (the token bucket's size); a new token starts with all of them. */
    @WithDefault("10000")
    int rateBurst();

    /** True serves /q/metrics without a token, for scrapers that cannot send one. */
    @WithDefault("false")
    boolean publicMetrics();

    /**
     * Whether callers need a client certificate signed by a CA of the HTTP server's trust store
     * ({@code quarkus.tls.trust-store.*}); with one, an agent token acts only on the projects the
     * certificate names too ({@link ClientCertificate}).
     */
    @WithDefault("none")
    ClientCertificates clientCertificates();

    enum ClientCertificates {
        /** The TLS handshake asks for no certificate. */
        NONE,
        /** The TLS handshake fails without one, probes included: nothing reaches Hookline. */
        REQUIRED,
        /**
         * The TLS handshake asks for one and goes on without it, so that probes (which present
         * none) reach health; every other call without one is refused (UNAUTHENTICATED, 401).
         */
        REQUIRED_EXCEPT_HEALTH;

        public boolean required() {
            return this != NONE;
        }

        /** As it is written in the configuration, for messages. */
        public String setting() {
            return "hookline.auth.client-certificates=" + name().toLowerCase(Locale.ROOT).replace('_', '-');
        }
    }
}
