package io.hookline.auth;

import grpc.health.v1.HealthGrpc;
import grpc.health.v1.HealthOuterClass.HealthCheckRequest;
import grpc.health.v1.HealthOuterClass.HealthCheckResponse.ServingStatus;
import io.grpc.Channel;
import io.grpc.ChannelCredentials;
import io.grpc.Grpc;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.TlsChannelCredentials;
import io.grpc.stub.StreamObserver;
import io.hookline.api.v1.CreateTokenRequest;
import io.hookline.api.v1.HookAdminGrpc;
import io.hookline.api.v1.HookServiceGrpc;
import io.hookline.api.v1.ReportAck;
import io.hookline.api.v1.ReportResult;
import io.hookline.api.v1.RunCompletion;
import io.hookline.api.v1.TokenScope;
import io.hookline.testing.HooklineProcess;
import io.hookline.testing.TestCertificates;
import io.hookline.testing.TestCertificates.Identity;
import io.hookline.testing.TestToken;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;
import javax.net.ssl.TrustManagerFactory;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static io.hookline.testing.Events.finished;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * The packaged jar serving only TLS, with client certificates (docs/security.md, "mTLS for
 * agents"): the server's certificate and the agents' CA as PEM files, as cert-manager writes them,
 * and every setting given at run time, as a deployment gives them.
 */
class MutualTlsIT {

    private static final int PORT = 18_251;
    private static final String VISION = "acme/vision";
    private static final String NLP = "acme/nlp";

    private static Path dir;
    private static TestCertificates certificates;

    @BeforeAll
    static void certificates() throws Exception {
        dir = fresh(Path.of("target/it-mtls"));
        certificates = TestCertificates.create(dir.resolve("certs"));
    }

    @Nested
    @TestInstance(TestInstance.Lifecycle.PER_CLASS)
    class Required extends Deployment {

        Required() {
            super("required");
        }

        @Test
        void anAgentWithItsCertificateAndItsTokenReportsAndNotifiesAndBothEventsAreStored() throws Exception {
            Channel agent = channel(certificates.agent("vision-agent-" + suffix(), VISION), agentToken(VISION));
            RunCompletion reported = event(VISION);
            RunCompletion notified = event(VISION);

            assertThat(reportOne(agent, reported).getResult()).isEqualTo(ReportResult.REPORT_RESULT_ACCEPTED);
            assertThat(HookServiceGrpc.newBlockingStub(agent).notify(notified).getResult())
                    .isEqualTo(ReportResult.REPORT_RESULT_ACCEPTED);

            assertStored(reported);
            assertStored(notified);
        }

        @Test
        void aCallWithoutAClientCertificateFailsItsTlsHandshakeAndStoresNothing() {
            Channel anonymous = channel(null, agentToken(VISION));
            RunCompletion event = event(VISION);

            assertHandshakeFails(() -> HookServiceGrpc.newBlockingStub(anonymous).notify(event));
            assertHandshakeFails(() -> reportOne(anonymous, event));
            assertNotStored(event);
        }

        @Test
        void aCertificateFromAnotherCaFailsItsTlsHandshakeAndStoresNothing() throws Exception {
            Channel rogue = channel(certificates.untrusted("rogue-" + suffix(), VISION), agentToken(VISION));
            RunCompletion event = event(VISION);

            assertHandshakeFails(() -> HookServiceGrpc.newBlockingStub(rogue).notify(event));
            assertNotStored(event);
        }

        @Test
        void aStolenAgentTokenOnAnotherAgentsCertificateIsPermissionDeniedNamingBothAndStoresNothing() throws Exception {
            String subject = "vision-agent-" + suffix();
            // The NLP agent's token, sent by whoever holds the vision agent's certificate.
            Channel stolen = channel(certificates.agent(subject, VISION), agentToken(NLP));
            RunCompletion nlp = event(NLP);
            RunCompletion vision = event(VISION);

            StatusRuntimeException byCertificate = catchThrowableOfType(StatusRuntimeException.class,
                    () -> HookServiceGrpc.newBlockingStub(stolen).notify(nlp));
            StatusRuntimeException onItsStream = catchThrowableOfType(StatusRuntimeException.class,
                    () -> reportOne(stolen, nlp));
            StatusRuntimeException byToken = catchThrowableOfType(StatusRuntimeException.class,
                    () -> HookServiceGrpc.newBlockingStub(stolen).notify(vision));

            assertThat(byCertificate.getStatus().getCode()).isEqualTo(Status.Code.PERMISSION_DENIED);
            assertThat(byCertificate.getStatus().getDescription())
                    .contains("the client certificate `CN=" + subject + ",O=Hookline tests` may not act on this project")
                    .contains("run.project is `acme/nlp`").contains("the certificate names acme/vision");
            assertThat(onItsStream.getStatus().getCode()).isEqualTo(Status.Code.PERMISSION_DENIED);
            assertThat(byToken.getStatus().getCode()).isEqualTo(Status.Code.PERMISSION_DENIED);
            assertThat(byToken.getStatus().getDescription()).contains("run.project is `acme/vision`")
                    .contains("the token names acme/nlp");
            assertNotStored(nlp);
            assertNotStored(vision);
        }

        @Test
        void aCertificateNamingProjectsLetsATokenActOnThoseOfItsProjectsTheCertificateNames() throws Exception {
            Channel agent = channel(certificates.agent("two-projects-" + suffix(), VISION, NLP), agentToken(VISION, NLP));
            RunCompletion vision = event(VISION);
            RunCompletion nlp = event(NLP);

            assertThat(HookServiceGrpc.newBlockingStub(agent).notify(vision).getResult())
                    .isEqualTo(ReportResult.REPORT_RESULT_ACCEPTED);
            assertThat(HookServiceGrpc.newBlockingStub(agent).notify(nlp).getResult())
                    .isEqualTo(ReportResult.REPORT_RESULT_ACCEPTED);
            assertStored(vision);
            assertStored(nlp);
        }

        @Test
        void aCertificateNamingNoProjectsLeavesTheTokensProjects() throws Exception {
            Channel agent = channel(certificates.agent("no-projects-" + suffix()), agentToken(NLP));
            RunCompletion event = event(NLP);

            assertThat(HookServiceGrpc.newBlockingStub(agent).notify(event).getResult())
                    .isEqualTo(ReportResult.REPORT_RESULT_ACCEPTED);
            assertStored(event);
        }

        @Test
        void probesWithoutACertificateFailTheHandshakeToo() {
            assertHandshakeFails(() -> HealthGrpc.newBlockingStub(channel(null, null))
                    .check(HealthCheckRequest.getDefaultInstance()));
            assertThat(causes(catchThrowableOfType(IOException.class, () -> https("/q/health/ready", null))))
                    .anyMatch(SSLException.class::isInstance);
        }
    }

    @Nested
    @TestInstance(TestInstance.Lifecycle.PER_CLASS)
    class RequiredExceptHealth extends Deployment {

        RequiredExceptHealth() {
            super("required-except-health");
        }

        @Test
        void probesWithoutACertificateReachHealth() throws Exception {
            assertThat(HealthGrpc.newBlockingStub(channel(null, null)).check(HealthCheckRequest.getDefaultInstance())
                    .getStatus()).isEqualTo(ServingStatus.SERVING);
            assertThat(https("/q/health/ready", null).statusCode()).isEqualTo(200);
        }

        @Test
        void everyOtherCallWithoutACertificateIsUnauthenticatedNamingTheSettingAndStoresNothing() throws Exception {
            Channel anonymous = channel(null, HooklineProcess.TOKEN);
            RunCompletion event = event(VISION);

            StatusRuntimeException refused = catchThrowableOfType(StatusRuntimeException.class,
                    () -> HookServiceGrpc.newBlockingStub(anonymous).notify(event));
            HttpResponse<String> metrics = https("/q/metrics", HooklineProcess.TOKEN);

            assertThat(refused.getStatus().getCode()).isEqualTo(Status.Code.UNAUTHENTICATED);
            assertThat(refused.getStatus().getDescription())
                    .contains("a client certificate is required (hookline.auth.client-certificates=required-except-health)");
            assertThat(metrics.statusCode()).isEqualTo(401);
            assertThat(metrics.body()).contains("a client certificate is required");
            assertNotStored(event);
        }

        @Test
        void aCertificateFromAnotherCaStillFailsItsTlsHandshake() throws Exception {
            Channel rogue = channel(certificates.untrusted("rogue-" + suffix(), VISION), agentToken(VISION));
            RunCompletion event = event(VISION);

            assertHandshakeFails(() -> HookServiceGrpc.newBlockingStub(rogue).notify(event));
            assertNotStored(event);
        }

        @Test
        void anAgentWithItsCertificateIsAnsweredAndBoundToItsProjects() throws Exception {
            Channel agent = channel(certificates.agent("vision-agent-" + suffix(), VISION), agentToken(VISION, NLP));
            RunCompletion vision = event(VISION);
            RunCompletion nlp = event(NLP);

            assertThat(HookServiceGrpc.newBlockingStub(agent).notify(vision).getResult())
                    .isEqualTo(ReportResult.REPORT_RESULT_ACCEPTED);
            assertThat(catchThrowableOfType(StatusRuntimeException.class,
                    () -> HookServiceGrpc.newBlockingStub(agent).notify(nlp)).getStatus().getCode())
                    .isEqualTo(Status.Code.PERMISSION_DENIED);
            assertStored(vision);
            assertNotStored(nlp);
        }
    }

    @Test
    void requiringClientCertificatesWithoutATrustStoreRefusesToStart() throws Exception {
        Path run = fresh(dir.resolve("no-trust-store"));
        Identity server = certificates.server();

        Throwable refused = catchThrowable(() -> {
            try (HooklineProcess ignored = HooklineProcess.startAsGiven(PORT + 1, run.resolve("hookline.log"),
                    "hookline.embedded-postgres.data-dir=" + run.resolve("postgres"),
                    "hookline.auth.bootstrap-token=" + HooklineProcess.TOKEN,
                    "quarkus.http.ssl-port=" + PORT,
                    "quarkus.tls.key-store.pem.0.cert=" + server.chain(),
                    "quarkus.tls.key-store.pem.0.key=" + server.key(),
                    "hookline.auth.client-certificates=required")) {
                throw new AssertionError("Hookline started without a trust store for client certificates");
            }
        });

        assertThat(refused).hasMessageContaining("Hookline exited").hasMessageContaining(
                "hookline.auth.client-certificates=required needs the CAs that sign agents' certificates as the"
                        + " server's trust store (quarkus.tls.trust-store.pem.certs)");
    }

    /** One jar, started with a client-certificate setting, and the channels its tests open. */
    abstract static class Deployment {

        private final String mode;
        private final List<ManagedChannel> channels = new ArrayList<>();
        private HooklineProcess hookline;

        Deployment(String mode) {
            this.mode = mode;
        }

        @BeforeAll
        void start() throws Exception {
            Path run = fresh(dir.resolve(mode));
            Identity server = certificates.server();
            // The operator's own certificate (it names no projects) carries the admin token.
            hookline = HooklineProcess.start(builder(certificates.agent("operator-" + mode)), PORT + 1,
                    run.resolve("hookline.log"),
                    "hookline.embedded-postgres.data-dir=" + run.resolve("postgres"),
                    "quarkus.http.ssl-port=" + PORT,
                    "quarkus.http.insecure-requests=disabled",
                    "quarkus.tls.key-store.pem.0.cert=" + server.chain(),
                    "quarkus.tls.key-store.pem.0.key=" + server.key(),
                    "quarkus.tls.trust-store.pem.certs=" + certificates.authority(),
                    "hookline.auth.client-certificates=" + mode);
        }

        @AfterEach
        void closeChannels() {
            channels.forEach(ManagedChannel::shutdownNow);
            channels.clear();
        }

        @AfterAll
        void stop() throws InterruptedException {
            hookline.close();
        }

        String agentToken(String... projects) {
            return HookAdminGrpc.newBlockingStub(hookline.channel()).createToken(CreateTokenRequest.newBuilder()
                    .setName("agent-" + suffix()).setScope(TokenScope.TOKEN_SCOPE_AGENT)
                    .addAllProjects(List.of(projects)).build()).getToken();
        }

        /** A TLS channel to the jar that trusts the agents' CA, presenting {@code identity} (none when null). */
        Channel channel(Identity identity, String token) {
            ManagedChannelBuilder<?> builder = builder(identity);
            if (token != null) {
                builder.intercept(TestToken.bearer(token));
            }
            ManagedChannel channel = builder.build();
            channels.add(channel);
            return channel;
        }

        /** A resent event is DUPLICATE if the first one was stored. */
        void assertStored(RunCompletion event) {
            assertThat(HookServiceGrpc.newBlockingStub(hookline.channel()).notify(event).getResult())
                    .as("%s sent again", event.getEventId()).isEqualTo(ReportResult.REPORT_RESULT_DUPLICATE);
        }

        /** A refused event is ACCEPTED when the operator sends it: it was not stored before. */
        void assertNotStored(RunCompletion event) {
            assertThat(HookServiceGrpc.newBlockingStub(hookline.channel()).notify(event).getResult())
                    .as("%s sent again", event.getEventId()).isEqualTo(ReportResult.REPORT_RESULT_ACCEPTED);
        }
    }

    private static ManagedChannelBuilder<?> builder(Identity identity) {
        try {
            TlsChannelCredentials.Builder tls = TlsChannelCredentials.newBuilder()
                    .trustManager(certificates.authority().toFile());
            if (identity != null) {
                tls.keyManager(identity.keyManager());
            }
            ChannelCredentials credentials = tls.build();
            return Grpc.newChannelBuilderForAddress("localhost", PORT, credentials);
        } catch (IOException unreadable) {
            throw new IllegalStateException(unreadable);
        }
    }

    /**
     * The call fails at the client (UNAVAILABLE, a TLS failure): the server ended the handshake, so
     * no request reached Hookline. Health needs no token, so this is the handshake, not Hookline.
     */
    private static void assertHandshakeFails(Runnable call) {
        StatusRuntimeException failed = catchThrowableOfType(StatusRuntimeException.class, call::run);

        assertThat(failed).as("the call was answered").isNotNull();
        assertThat(failed.getStatus().getCode()).isEqualTo(Status.Code.UNAVAILABLE);
        assertThat(causes(failed)).as("the causes of %s", failed).anyMatch(SSLException.class::isInstance);
    }

    private static Stream<Throwable> causes(Throwable failure) {
        return Stream.iterate(failure, cause -> cause != null, Throwable::getCause);
    }

    private static ReportAck reportOne(Channel channel, RunCompletion event) {
        CompletableFuture<ReportAck> ack = new CompletableFuture<>();
        StreamObserver<RunCompletion> requests = HookServiceGrpc.newStub(channel).report(new StreamObserver<>() {
            @Override
            public void onNext(ReportAck value) {
                ack.complete(value);
            }

            @Override
            public void onError(Throwable failure) {
                ack.completeExceptionally(failure);
            }

            @Override
            public void onCompleted() {
                ack.completeExceptionally(new AssertionError("the stream ended without an ack"));
            }
        });
        requests.onNext(event);
        requests.onCompleted();
        try {
            return ack.get(30, TimeUnit.SECONDS);
        } catch (Exception failed) {
            throw Status.fromThrowable(failed.getCause() == null ? failed : failed.getCause()).asRuntimeException();
        }
    }

    private static HttpResponse<String> https(String path, String token) throws Exception {
        KeyStore trusted = KeyStore.getInstance("PKCS12");
        trusted.load(null, null);
        try (InputStream ca = Files.newInputStream(certificates.authority())) {
            trusted.setCertificateEntry("agents-ca", CertificateFactory.getInstance("X.509").generateCertificate(ca));
        }
        TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trust.init(trusted);
        SSLContext tls = SSLContext.getInstance("TLS");
        tls.init(null, trust.getTrustManagers(), null);
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("https://localhost:" + PORT + path));
        if (token != null) {
            request.header("authorization", "Bearer " + token);
        }
        return HttpClient.newBuilder().sslContext(tls).build().send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static RunCompletion event(String project) {
        RunCompletion event = finished("mtls-" + UUID.randomUUID(), "failed");
        return event.toBuilder().setRun(event.getRun().toBuilder().setProject(project)).build();
    }

    private static String suffix() {
        return UUID.randomUUID().toString().substring(0, 8);
    }

    private static Path fresh(Path path) throws IOException {
        if (Files.exists(path)) {
            try (Stream<Path> paths = Files.walk(path)) {
                for (Path each : paths.sorted(Comparator.reverseOrder()).toList()) {
                    Files.delete(each);
                }
            }
        }
        Files.createDirectories(path);
        return path.toAbsolutePath();
    }
}
