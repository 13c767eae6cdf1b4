package io.hookline.auth;

import io.hookline.testing.TestCertificates;
import io.hookline.testing.TestCertificates.Identity;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** What Hookline reads from a verified client certificate: its subject and the projects it names. */
class ClientCertificateTest {

    private static TestCertificates certificates;

    @BeforeAll
    static void certificates() throws Exception {
        certificates = TestCertificates.create(Path.of("target/client-certificate-test", UUID.randomUUID().toString()));
    }

    @Test
    void aCertificateNamesEachProjectOfItsHooklineProjectUris() throws Exception {
        ClientCertificate certificate = read(certificates.agent("two-projects", "acme/vision", "acme/nlp"));

        assertThat(certificate.subject()).isEqualTo("CN=two-projects,O=Hookline tests");
        assertThat(certificate.projects()).containsExactlyInAnyOrder("acme/vision", "acme/nlp");
        assertThat(certificate.allows("acme/nlp")).isTrue();
        assertThat(certificate.allows("acme/other")).isFalse();
    }

    @Test
    void aPercentEncodedProjectIsReadDecoded() throws Exception {
        ClientCertificate certificate = read(certificates.agent("encoded", "team%20one/vision"));

        assertThat(certificate.projects()).containsExactly("team one/vision");
    }

    @Test
    void aCertificateNamingNoProjectsAllowsEveryProjectOfItsToken() throws Exception {
        ClientCertificate certificate = read(certificates.agent("operator"));

        assertThat(certificate.projects()).isEmpty();
        assertThat(certificate.allows("acme/vision")).isTrue();
    }

    @Test
    void theServersCertificateWithOnlyDnsAndIpNamesNamesNoProjects() throws Exception {
        assertThat(read(certificates.server()).projects()).isEmpty();
    }

    private static ClientCertificate read(Identity identity) throws Exception {
        try (InputStream chain = Files.newInputStream(identity.chain())) {
            return ClientCertificate.of((X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(chain));
        }
    }
}
