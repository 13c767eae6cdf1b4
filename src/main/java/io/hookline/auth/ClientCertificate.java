package io.hookline.auth;

import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLSession;
import java.net.URI;
import java.net.URISyntaxException;
import java.security.cert.Certificate;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The verified client certificate of a connection: its subject, and the projects it names as
 * subject alternative names of the form {@code URI:hookline:project:<project>} (percent-encoded
 * where a URI needs it). A certificate that names projects narrows an agent token to those of its
 * projects the certificate names too; one that names none leaves the token as it is.
 */
public record ClientCertificate(String subject, Set<String> projects) {

    static final String PROJECT_URI = "hookline:project:";
    /** {@link X509Certificate#getSubjectAlternativeNames()}: the type of a uniformResourceIdentifier. */
    private static final int URI_NAME = 6;

    public ClientCertificate {
        projects = Set.copyOf(projects);
    }

    /**
     * The certificate the TLS handshake verified (against the trust store), or empty when the
     * connection is not TLS or the client presented none.
     */
    public static Optional<ClientCertificate> of(SSLSession session) {
        if (session == null) {
            return Optional.empty();
        }
        try {
            Certificate[] chain = session.getPeerCertificates();
            return chain.length > 0 && chain[0] instanceof X509Certificate leaf ? Optional.of(of(leaf)) : Optional.empty();
        } catch (SSLPeerUnverifiedException noCertificate) {
            return Optional.empty();
        }
    }

    static ClientCertificate of(X509Certificate certificate) {
        return new ClientCertificate(certificate.getSubjectX500Principal().getName(), projects(certificate));
    }

    /** With no projects named, the token's projects apply; otherwise only those the certificate names. */
    public boolean allows(String project) {
        return projects.isEmpty() || projects.contains(project);
    }

    private static Set<String> projects(X509Certificate certificate) {
        Collection<List<?>> names;
        try {
            names = certificate.getSubjectAlternativeNames();
        } catch (CertificateParsingException unreadable) {
            // The handshake verified the chain; an extension the JDK cannot read names no project.
            return Set.of();
        }
        Set<String> projects = new HashSet<>();
        if (names != null) {
            for (List<?> name : names) {
                if (((Integer) name.get(0)) == URI_NAME && name.get(1) instanceof String uri) {
                    project(uri).ifPresent(projects::add);
                }
            }
        }
        return projects;
    }

    private static Optional<String> project(String uri) {
        if (!uri.startsWith(PROJECT_URI)) {
            return Optional.empty();
        }
        try {
            // The scheme-specific part is "project:<project>", percent-decoded.
            String project = new URI(uri).getSchemeSpecificPart().substring("project:".length());
            return project.isEmpty() ? Optional.empty() : Optional.of(project);
        } catch (URISyntaxException | IndexOutOfBoundsException malformed) {
            return Optional.empty();
        }
    }
}
