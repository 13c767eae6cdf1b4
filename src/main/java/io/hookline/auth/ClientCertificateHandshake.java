package io.hookline.auth;

import io.hookline.auth.AuthConfig.ClientCertificates;
import io.quarkus.tls.TlsConfiguration;
import io.quarkus.tls.TlsConfigurationRegistry;
import io.quarkus.vertx.http.security.HttpSecurity;
import io.vertx.core.http.ClientAuth;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.eclipse.microprofile.config.ConfigProvider;

import java.util.Optional;

/**
 * Sets the HTTP server's TLS client authentication from {@code hookline.auth.client-certificates}
 * when the server starts. Quarkus fixes {@code quarkus.http.ssl.client-auth} at build time (a
 * value given to the packaged jar is ignored with a warning), so the run-time choice goes through
 * Quarkus's programmatic {@link HttpSecurity}, which it reads before the server binds.
 */
@ApplicationScoped
public class ClientCertificateHandshake {

    private final AuthConfig config;
    private final TlsConfigurationRegistry tls;

    ClientCertificateHandshake(AuthConfig config, TlsConfigurationRegistry tls) {
        this.config = config;
        this.tls = tls;
    }

    void configure(@Observes HttpSecurity http) {
        ClientCertificates mode = config.clientCertificates();
        if (!mode.required()) {
            return;
        }
        requireTrustStore(mode);
        http.mTLS(mode == ClientCertificates.REQUIRED ? ClientAuth.REQUIRED : ClientAuth.REQUEST);
    }

    /**
     * Without a trust store of its own the server would check client certificates against the
     * JVM's public CAs, and any certificate a public CA signed would pass: refuse to start instead.
     */
    private void requireTrustStore(ClientCertificates mode) {
        Optional<String> name = ConfigProvider.getConfig().getOptionalValue("quarkus.http.tls-configuration-name", String.class);
        Optional<TlsConfiguration> server = name.isPresent() ? TlsConfiguration.from(tls, name) : tls.getDefault();
        String key = mode.setting();
        if (server.isEmpty() || server.get().getKeyStore() == null) {
            throw new IllegalStateException(key + " needs TLS: set the server's certificate and key"
                    + " (quarkus.tls.key-store.pem.0.cert and .key), see docs/security.md");
        }
        if (server.get().getTrustStore() == null || server.get().isTrustAll()) {
            throw new IllegalStateException(key + " needs the CAs that sign agents' certificates as the"
                    + " server's trust store (quarkus.tls.trust-store.pem.certs), see docs/security.md");
        }
    }

    /** Why a call without a client certificate is refused. */
    public static String missing(AuthConfig config) {
        return "a client certificate is required (" + config.clientCertificates().setting()
                + "): connect with TLS and the agent's certificate";
    }
}
