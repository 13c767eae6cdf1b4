package io.hookline.testing;

import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedKeyManager;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.Key;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.Principal;
import java.security.PrivateKey;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * A certificate authority for agents, a server certificate it signs for localhost, and client
 * certificates, made with the JDK's keytool as an operator would: PEM files (certificate chain,
 * PKCS#8 key) as cert-manager writes them. A second CA, which the server does not trust, signs
 * the certificates of {@link #untrusted}.
 */
public final class TestCertificates {

    private static final String PASSWORD = "test-only";

    private final Path dir;

    /** A PEM certificate chain (the certificate, then its CA's) and its PEM private key. */
    public record Identity(Path chain, Path key) {

        private static final String ALIAS = "identity";

        /**
         * A key manager that presents this certificate whatever CAs the server says it accepts, as
         * OpenSSL clients (curl, Python's and Node's gRPC) do. The JDK's own presents only a
         * certificate from a CA the server names, so a Java client never shows the server a
         * certificate from another CA, and a test of one would test nothing.
         */
        public KeyManager keyManager() throws IOException {
            try {
                String pem = Files.readString(key).replaceAll("-----[A-Z ]+-----|\\s", "");
                PrivateKey privateKey = KeyFactory.getInstance("EC")
                        .generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(pem)));
                X509Certificate[] certificates;
                try (InputStream in = Files.newInputStream(chain)) {
                    certificates = CertificateFactory.getInstance("X.509").generateCertificates(in).stream()
                            .map(X509Certificate.class::cast).toArray(X509Certificate[]::new);
                }
                return new X509ExtendedKeyManager() {
                    @Override
                    public String chooseEngineClientAlias(String[] keyTypes, Principal[] issuers, SSLEngine engine) {
                        return ALIAS;
                    }

                    @Override
                    public String chooseClientAlias(String[] keyTypes, Principal[] issuers, Socket socket) {
                        return ALIAS;
                    }

                    @Override
                    public X509Certificate[] getCertificateChain(String alias) {
                        return certificates.clone();
                    }

                    @Override
                    public PrivateKey getPrivateKey(String alias) {
                        return privateKey;
                    }

                    @Override
                    public String[] getClientAliases(String keyType, Principal[] issuers) {
                        return new String[] {ALIAS};
                    }

                    @Override
                    public String[] getServerAliases(String keyType, Principal[] issuers) {
                        return new String[0];
                    }

                    @Override
                    public String chooseServerAlias(String keyType, Principal[] issuers, Socket socket) {
                        return null;
                    }
                };
            } catch (GeneralSecurityException unreadable) {
                throw new IOException("reading " + chain + " and " + key, unreadable);
            }
        }
    }

    private TestCertificates(Path dir) {
        this.dir = dir;
    }

    /** Makes both CAs and the server's certificate in {@code dir}. */
    public static TestCertificates create(Path dir) throws IOException, InterruptedException {
        Files.createDirectories(dir);
        TestCertificates certificates = new TestCertificates(dir.toAbsolutePath());
        certificates.authority("agents-ca", "CN=Hookline test agents CA");
        certificates.authority("other-ca", "CN=Someone else's CA");
        certificates.sign("agents-ca", "server", "CN=localhost", "SAN=dns:localhost,ip:127.0.0.1", "EKU=serverAuth");
        return certificates;
    }

    /** The CA certificate the server trusts (its {@code quarkus.tls.trust-store.pem.certs}). */
    public Path authority() {
        return dir.resolve("agents-ca.crt");
    }

    public Identity server() {
        return identity("server");
    }

    /** A client certificate signed by the trusted CA, naming these projects as {@code hookline:project:} URIs. */
    public Identity agent(String name, String... projects) throws IOException, InterruptedException {
        return client("agents-ca", name, projects);
    }

    /** A client certificate like {@link #agent}, signed by a CA the server does not trust. */
    public Identity untrusted(String name, String... projects) throws IOException, InterruptedException {
        return client("other-ca", name, projects);
    }

    private Identity client(String ca, String name, String... projects) throws IOException, InterruptedException {
        List<String> extensions = new ArrayList<>(List.of("EKU=clientAuth"));
        if (projects.length > 0) {
            extensions.add("SAN=" + Stream.of(projects).map(project -> "uri:hookline:project:" + project)
                    .collect(Collectors.joining(",")));
        }
        sign(ca, name, "CN=" + name + ",O=Hookline tests", extensions.toArray(String[]::new));
        return identity(name);
    }

    private void authority(String name, String subject) throws IOException, InterruptedException {
        keytool("-genkeypair", "-alias", name, "-keyalg", "EC", "-groupname", "secp256r1", "-dname", subject,
                "-ext", "bc:c", "-validity", "2", "-keystore", name + ".p12");
        keytool("-exportcert", "-rfc", "-alias", name, "-keystore", name + ".p12", "-file", name + ".crt");
    }

    private void sign(String ca, String name, String subject, String... extensions) throws IOException, InterruptedException {
        keytool("-genkeypair", "-alias", name, "-keyalg", "EC", "-groupname", "secp256r1", "-dname", subject,
                "-validity", "2", "-keystore", name + ".p12");
        keytool("-certreq", "-alias", name, "-keystore", name + ".p12", "-file", name + ".csr");
        List<String> gencert = new ArrayList<>(List.of("-gencert", "-rfc", "-alias", ca, "-keystore", ca + ".p12",
                "-infile", name + ".csr", "-outfile", name + ".leaf.crt", "-validity", "2"));
        for (String extension : extensions) {
            gencert.addAll(List.of("-ext", extension));
        }
        keytool(gencert.toArray(String[]::new));
        Files.writeString(dir.resolve(name + ".crt"),
                Files.readString(dir.resolve(name + ".leaf.crt")) + Files.readString(dir.resolve(ca + ".crt")));
        writeKey(name);
    }

    /** keytool cannot export a private key; the PKCS#8 bytes of the PKCS12 entry are the PEM key. */
    private void writeKey(String name) throws IOException {
        try (InputStream in = Files.newInputStream(dir.resolve(name + ".p12"))) {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(in, PASSWORD.toCharArray());
            Key key = store.getKey(name, PASSWORD.toCharArray());
            Files.writeString(dir.resolve(name + ".key"), "-----BEGIN PRIVATE KEY-----\n"
                    + Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(key.getEncoded())
                    + "\n-----END PRIVATE KEY-----\n");
        } catch (GeneralSecurityException unreadable) {
            throw new IOException("reading the key of " + name, unreadable);
        }
    }

    private Identity identity(String name) {
        return new Identity(dir.resolve(name + ".crt"), dir.resolve(name + ".key"));
    }

    private void keytool(String... arguments) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "keytool").toString()));
        command.addAll(List.of(arguments));
        command.addAll(List.of("-storetype", "PKCS12", "-storepass", PASSWORD, "-keypass", PASSWORD, "-noprompt"));
        Process keytool = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
        String output = new String(keytool.getInputStream().readAllBytes());
        if (keytool.waitFor() != 0) {
            throw new IOException("keytool " + String.join(" ", arguments) + " failed:\n" + output);
        }
    }
}
