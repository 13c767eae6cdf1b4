package io.hookline.dispatch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.awaitility.Awaitility.await;

import com.standardwebhooks.Webhook;
import io.hookline.connections.Connection;
import io.hookline.connections.ConnectionCatalog;
import io.hookline.connections.ConnectionCatalogReader;
import io.hookline.connections.Secret;
import io.smallrye.faulttolerance.api.CircuitBreakerState;
import io.netty.util.concurrent.EventExecutor;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Context;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.impl.VertxInternal;
import io.vertx.mutiny.core.Vertx;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Against a real HTTP server on localhost: what a receiver sees, and what the attempt records. */
class HttpSenderTest {

    static final String URL_TOKEN = "T0001/B0002/urlTOKENs3cr3t";
    static final String ROUTING_KEY = "pd\"routing\\key-s3cr3t";
    static final String BEARER = "Bearer header-s3cr3t-7f7f";
    static final String OLD_KEY = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
    static final String NEW_KEY = "whsec_dGhpcyBpcyB0aGUgbmV3IGtleSBmb3IgaG9va2xpbmU=";
    static final List<String> SECRETS = List.of(URL_TOKEN, "urlTOKENs3cr3t", "s3cr3t", "MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw",
            "dGhpcyBpcyB0aGUgbmV3IGtleSBmb3IgaG9va2xpbmU");

    static Vertx vertx;
    static HttpServer server;
    static int port;
    static int closedPort;
    /** Requests the receiver got, by path. */
    static final Map<String, List<Received>> received = new ConcurrentHashMap<>();

    record Received(String method, String uri, MultiMap headers, String body) {
    }

    /** When the trickling receiver got each request, and when its connection was closed, by webhook-id. */
    static final Map<String, Long> trickleOpened = new ConcurrentHashMap<>();
    static final Map<String, Long> trickleClosed = new ConcurrentHashMap<>();

    /** Everything logged while a test runs (Vert.x, Netty, SmallRye and ours), to check for secrets. */
    private final List<String> logged = new CopyOnWriteArrayList<>();
    private final Handler logCapture = new Handler() {
        @Override
        public void publish(LogRecord record) {
            logged.add(record.getLoggerName() + " " + record.getMessage() + " " + java.util.Arrays.toString(record.getParameters())
                    + (record.getThrown() == null ? "" : " " + record.getThrown()));
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };

    private final Map<Handler, Level> handlerLevels = new java.util.HashMap<>();
    private Level rootLevel;
    private StandaloneGuardBuilders builders;
    private ConnectionCatalog catalog;
    private ConnectionGuards guards;
    private HttpSender sender;
    private final AttemptClassifier classifier = new AttemptClassifier(Duration.ofHours(1), Clock.systemUTC());

    @BeforeAll
    static void startReceiver() {
        vertx = Vertx.vertx();
        server = vertx.getDelegate().createHttpServer().requestHandler(HttpSenderTest::answer);
        port = server.listen(0, "127.0.0.1").toCompletionStage().toCompletableFuture().join().actualPort();
        HttpServer closed = vertx.getDelegate().createHttpServer().requestHandler(request -> { });
        closedPort = closed.listen(0, "127.0.0.1").toCompletionStage().toCompletableFuture().join().actualPort();
        closed.close().toCompletionStage().toCompletableFuture().join();
    }

    @AfterAll
    static void stopReceiver() {
        vertx.closeAndAwait();
    }

    private static void answer(HttpServerRequest request) {
        request.body().onSuccess(buffer -> {
            String body = buffer.toString();
            String path = request.path();
            received.computeIfAbsent(path.split("/")[1], key -> new CopyOnWriteArrayList<>())
                    .add(new Received(request.method().name(), request.uri(), MultiMap.caseInsensitiveMultiMap()
                            .addAll(request.headers()), body));
            var response = request.response();
            switch (path.split("/")[1]) {
                case "ok" -> response.end("thanks");
                // Echoes what it got, as some receivers do in their errors.
                case "fail" -> response.setStatusCode(500).end("cannot handle " + request.uri() + " "
                        + request.getHeader("Authorization") + " " + body);
                case "busy" -> response.setStatusCode(429).putHeader("Retry-After", "30").end();
                case "gone" -> response.setStatusCode(410).end("endpoint removed");
                case "moved" -> response.setStatusCode(302).putHeader("Location", "/ok/elsewhere").end();
                case "big" -> response.end("x".repeat(100_000));
                case "binary" -> response.end(Buffer.buffer(new byte[] {'o', 'k', 0, (byte) 0xFF, '!'}));
                case "trickle" -> trickle(request);
                case "hang" -> { }
                default -> response.setStatusCode(404).end();
            }
        });
    }

    /** Answers one byte every 200 ms, for 5 s: never idle for long, never done soon. */
    private static void trickle(HttpServerRequest request) {
        String id = request.getHeader("webhook-id");
        trickleOpened.put(id, System.nanoTime());
        request.connection().closeHandler(closed -> trickleClosed.put(id, System.nanoTime()));
        var response = request.response().setChunked(true);
        response.write("[");
        AtomicInteger bytes = new AtomicInteger();
        vertx.getDelegate().setPeriodic(200, timer -> {
            if (response.closed() || response.ended()) {
                vertx.getDelegate().cancelTimer(timer);
            } else if (bytes.incrementAndGet() < 25) {
                response.write(" ");
            } else {
                vertx.getDelegate().cancelTimer(timer);
                response.end("]");
            }
        });
    }

    @BeforeEach
    void createSender() {
        Logger root = Logger.getLogger("");
        rootLevel = root.getLevel();
        for (Handler handler : root.getHandlers()) {
            // Capture everything, down to TRACE, without printing it all.
            handlerLevels.put(handler, handler.getLevel());
            handler.setLevel(Level.INFO);
        }
        root.addHandler(logCapture);
        root.setLevel(Level.ALL);
        received.clear();
        String base = "http://127.0.0.1:" + port;
        Map<String, String> environment = Map.of(
                "OK_URL", base + "/ok/" + URL_TOKEN,
                "FAIL_URL", base + "/fail/" + URL_TOKEN,
                "HANG_URL", base + "/hang/" + URL_TOKEN,
                "CLOSED_URL", "http://127.0.0.1:" + closedPort + "/x/" + URL_TOKEN,
                "ROUTING_KEY", ROUTING_KEY,
                "BEARER", BEARER,
                "SIGNING_KEYS", OLD_KEY + " " + NEW_KEY);
        // The receiver is on 127.0.0.1.
        String breaker = "breaker: {requestVolume: 1000}, allowPrivateNetwork: true";
        catalog = new ConnectionCatalogReader(environment::get).parse("""
                connections:
                  - {name: slack, kind: slack, urlFromEnv: OK_URL, %1$s}
                  - {name: slack-get, kind: slack, urlFromEnv: OK_URL, method: GET, %1$s}
                  - {name: failing, kind: slack, urlFromEnv: FAIL_URL, headers: {Authorization: {fromEnv: BEARER}}, %1$s}
                  - {name: pagerduty, kind: pagerduty, url: '%2$s/fail/pd', secret: {fromEnv: ROUTING_KEY}, %1$s}
                  - {name: pd-ok, kind: pagerduty, url: '%2$s/ok/key=${HOOKLINE_SECRET}', secret: {fromEnv: ROUTING_KEY},
                     headers: {X-Key: 'k ${HOOKLINE_SECRET}'}, %1$s}
                  - {name: busy, kind: webhook, url: '%2$s/busy/', %1$s}
                  - {name: gone, kind: webhook, url: '%2$s/gone/', %1$s}
                  - {name: moved, kind: webhook, url: '%2$s/moved/', %1$s}
                  - {name: big, kind: webhook, url: '%2$s/big/', %1$s}
                  - {name: binary, kind: webhook, url: '%2$s/binary/', %1$s}
                  - {name: trickling, kind: webhook, url: '%2$s/trickle/', timeout: 1s, %1$s}
                  - {name: hanging, kind: slack, urlFromEnv: HANG_URL, timeout: 300ms, %1$s}
                  - {name: unreachable, kind: slack, urlFromEnv: CLOSED_URL, %1$s}
                  - {name: metadata, kind: webhook, url: 'http://169.254.169.254/latest/meta-data/'}
                  - {name: private-ten, kind: webhook, url: 'http://10.0.0.1/hook'}
                  - {name: local-name, kind: webhook, url: 'http://localhost:%3$d/ok/local-name'}
                  - {name: local-ip, kind: webhook, url: 'http://127.0.0.1:%3$d/ok/local-ip'}
                  - {name: mapped-local, kind: webhook, url: 'http://[::ffff:127.0.0.1]:%3$d/ok/mapped'}
                  - {name: signed, kind: webhook, url: '%2$s/ok/signed', secret: {fromEnv: SIGNING_KEYS},
                     headers: {X-Team: ml}, %1$s}
                """.formatted(breaker, base, port), "test.yaml", Path.of("."));
        builders = new StandaloneGuardBuilders();
        guards = new ConnectionGuards(catalog, classifier, builders);
        sender = new HttpSender(vertx, new HttpSender.Settings(1024, 8, Duration.ofSeconds(2), "Hookline-test"),
                catalog, guards,
                new StandardWebhookSigner(Clock.systemUTC()));
    }

    @AfterEach
    void closeSender() throws InterruptedException {
        sender.close();
        builders.close();
        Logger root = Logger.getLogger("");
        root.removeHandler(logCapture);
        root.setLevel(rootLevel);
        handlerLevels.forEach(Handler::setLevel);
        assertThat(logged).as("log capture works").isNotEmpty();
        assertThat(logged).as("log lines").noneMatch(line -> SECRETS.stream().anyMatch(line::contains));
    }

    private AttemptResult send(String connection, String body) {
        return send(connection, OutboundRequest.toConnection("dlv_" + connection,
                Map.of("Content-Type", "application/json"), body));
    }

    private AttemptResult send(String connection, OutboundRequest request) {
        return send(sender, connection, request);
    }

    private AttemptResult send(HttpSender through, String connection, OutboundRequest request) {
        AttemptResult result = through.send(connection, request).await().atMost(Duration.ofSeconds(10));
        assertThat(result.toString()).as("the attempt as stored and shown").doesNotContain(SECRETS);
        assertThat(classifier.classify(result).reason()).doesNotContain(SECRETS);
        return result;
    }

    @Test
    void sendsAreSpreadOverEveryEventLoop() {
        int loops = 0;
        for (EventExecutor ignored : ((VertxInternal) vertx.getDelegate()).getEventLoopGroup()) {
            loops++;
        }
        // All sends start on one event loop, as the dispatcher's do.
        Context dispatcher = vertx.getDelegate().getOrCreateContext();
        Set<String> threads = new HashSet<>();
        for (int i = 0; i < 2 * loops; i++) {
            String id = "dlv_loop_" + i;
            AttemptResult result = Uni.createFrom().deferred(() -> sender.send("signed", OutboundRequest.toConnection(id,
                            Map.of("Content-Type", "application/json"), "{}")))
                    .runSubscriptionOn(command -> dispatcher.runOnContext(ignored -> command.run()))
                    .invoke(() -> threads.add(Thread.currentThread().getName()))
                    .await().atMost(Duration.ofSeconds(10));
            assertThat(result.status()).as("send %d: %s", i, result).isEqualTo(200);
        }

        assertThat(threads).as("threads the results arrived on").hasSize(loops)
                .allMatch(name -> name.startsWith("vert.x-eventloop-thread"));
    }

    @Test
    void acceptedRequestIsDeliveredWithStatusLatencyAndBody() {
        AttemptResult result = send("slack", "{\"text\":\"run failed\"}");

        assertThat(classifier.classify(result).outcome()).as("outcome of %s", result).isEqualTo(Outcome.DELIVERED);
        assertThat(result.status()).isEqualTo(200);
        assertThat(result.body()).isEqualTo("thanks");
        assertThat(result.latency()).isPositive();
        Received request = received.get("ok").get(0);
        assertThat(request.method()).isEqualTo("POST");
        assertThat(request.uri()).isEqualTo("/ok/" + URL_TOKEN);
        assertThat(request.body()).isEqualTo("{\"text\":\"run failed\"}");
        assertThat(request.headers().get("webhook-id")).isEqualTo("dlv_slack");
        assertThat(request.headers().get("User-Agent")).isEqualTo("Hookline-test");
    }

    @Test
    void serverErrorIsRetriedAndSecretsItEchoesAreMasked() {
        AttemptResult result = send("failing", "{\"text\":\"hi\"}");

        assertThat(classifier.classify(result).outcome()).isEqualTo(Outcome.RETRY);
        assertThat(result.status()).isEqualTo(500);
        assertThat(result.body()).isEqualTo("cannot handle **** **** {\"text\":\"hi\"}");
        assertThat(received.get("fail").get(0).headers().get("Authorization")).isEqualTo(BEARER);
    }

    @Test
    void secretMarkerInABodyIsJsonEscapedAndMaskedWhenEchoed() {
        AttemptResult result = send("pagerduty", "{\"routing_key\":\"${HOOKLINE_SECRET}\",\"event_action\":\"trigger\"}");

        assertThat(received.get("fail").get(0).body())
                .isEqualTo("{\"routing_key\":\"pd\\\"routing\\\\key-s3cr3t\",\"event_action\":\"trigger\"}");
        assertThat(result.body()).isEqualTo("cannot handle **** null {\"routing_key\":\"****\",\"event_action\":\"trigger\"}");
    }

    @Test
    void secretMarkerInUrlIsEncodedAndInHeadersIsSentAsIs() {
        AttemptResult result = send("pd-ok", "");

        assertThat(result.status()).isEqualTo(200);
        Received request = received.get("ok").get(0);
        assertThat(request.uri()).isEqualTo("/ok/key=pd%22routing%5Ckey-s3cr3t");
        assertThat(request.headers().get("X-Key")).isEqualTo("k " + ROUTING_KEY);
    }

    @Test
    void tooManyRequestsCarriesTheReceiversRetryAfter() {
        AttemptResult result = send("busy", "{}");

        Classification classification = classifier.classify(result);
        assertThat(classification.outcome()).isEqualTo(Outcome.RETRY);
        assertThat(classification.retryAfter()).contains(Duration.ofSeconds(30));
    }

    @Test
    void goneDisablesTheConnection() {
        AttemptResult result = send("gone", "{}");

        assertThat(classifier.classify(result).outcome()).isEqualTo(Outcome.DISABLE);
        assertThat(result.body()).isEqualTo("endpoint removed");
    }

    @Test
    void redirectIsNotFollowed() {
        AttemptResult result = send("moved", "{}");

        assertThat(result.status()).isEqualTo(302);
        assertThat(classifier.classify(result).outcome()).isEqualTo(Outcome.FINAL);
        assertThat(received.get("ok")).isNull();
    }

    @Test
    void hangingReceiverTimesOutWithoutQuotingItsUrl() {
        AttemptResult result = send("hanging", "{}");

        assertThat(result.error()).hasValueSatisfying(error -> assertThat(error.kind()).isEqualTo(AttemptError.Kind.TIMEOUT));
        assertThat(result.latency()).isBetween(Duration.ofMillis(250), Duration.ofSeconds(3));
        assertThat(classifier.classify(result).outcome()).isEqualTo(Outcome.RETRY);
    }

    @Test
    void unreachableReceiverIsRetriedWithoutQuotingItsUrl() {
        AttemptResult result = send("unreachable", "{}");

        assertThat(result.error()).hasValueSatisfying(error -> {
            assertThat(error.kind()).isEqualTo(AttemptError.Kind.CONNECTION_FAILED);
            assertThat(error.message()).isNotBlank();
        });
        assertThat(classifier.classify(result).outcome()).isEqualTo(Outcome.RETRY);
    }

    @Test
    void largeResponseBodyIsTruncated() {
        AttemptResult result = send("big", "{}");

        assertThat(result.body()).hasSize(1024);
        assertThat(result.bodyTruncated()).isTrue();
    }

    @Test
    void aBinaryAnswerIsStoredAsTextWithItsNulAndInvalidBytesReplaced() {
        AttemptResult result = send("binary", "{}");

        assertThat(result.status()).isEqualTo(200);
        assertThat(result.body()).isEqualTo("ok\uFFFD\uFFFD!");
    }

    @Test
    void aHeaderValueWithAControlCharacterOrAHeaderNameThatIsNoTokenIsFinalWithoutSendingOrTouchingTheBreaker() {
        AttemptResult tab = send("slack", OutboundRequest.toConnection("dlv_vt", Map.of("X-Run", "train\u000Bresnet"), "{}"));
        AttemptResult nul = send("slack", OutboundRequest.toConnection("dlv_nul", Map.of("X-Run", "a\u0000b"), "{}"));
        AttemptResult name = send("slack", OutboundRequest.toConnection("dlv_name", Map.of("X Run", "a"), "{}"));

        assertThat(List.of(tab, nul, name)).allSatisfy(result -> {
            assertThat(result.error().map(AttemptError::kind)).contains(AttemptError.Kind.INVALID_REQUEST);
            assertThat(classifier.classify(result).outcome()).isEqualTo(Outcome.FINAL);
        });
        assertThat(tab.error().map(AttemptError::message)).hasValueSatisfying(m -> assertThat(m).contains("X-Run", "U+000B"));
        assertThat(nul.error().map(AttemptError::message)).hasValueSatisfying(m -> assertThat(m).contains("X-Run", "U+0000"));
        assertThat(name.error().map(AttemptError::message)).hasValueSatisfying(m -> assertThat(m).contains("`X Run`", "token"));
        assertThat(received.get("ok")).isNull();
        assertThat(guards.breakerState("slack")).contains(CircuitBreakerState.CLOSED);
    }

    @Test
    void aReceiverTricklingItsAnswerTimesOutAtTheDeadlineAndItsConnectionIsClosedBeforeTheNextAttempt() {
        AttemptResult first = send("trickling", OutboundRequest.toConnection("dlv_trickle_1", Map.of(), "{}"));

        assertThat(first.error().map(AttemptError::kind)).contains(AttemptError.Kind.TIMEOUT);
        assertThat(first.latency()).isBetween(Duration.ofMillis(900), Duration.ofMillis(2500));
        await().atMost(Duration.ofSeconds(1)).until(() -> trickleClosed.containsKey("dlv_trickle_1"));
        assertThat(Duration.ofNanos(trickleClosed.get("dlv_trickle_1") - trickleOpened.get("dlv_trickle_1")))
                .as("the receiver saw its connection closed at the deadline").isLessThan(Duration.ofMillis(2000));

        send("trickling", OutboundRequest.toConnection("dlv_trickle_2", Map.of(), "{}"));
        assertThat(trickleOpened.get("dlv_trickle_2")).as("the next attempt starts after the first was closed")
                .isGreaterThan(trickleClosed.get("dlv_trickle_1"));
    }

    @Test
    void webhookRequestIsSignedForEveryKeyOfTheRotation() {
        String body = "{\"run\":{\"status\":\"failed\"}}";
        send("signed", body);

        Received request = received.get("ok").get(0);
        Map<String, List<String>> headers = request.headers().names().stream()
                .collect(Collectors.toMap(name -> name, name -> request.headers().getAll(name)));
        assertThat(request.headers().get("webhook-id")).isEqualTo("dlv_signed");
        assertThat(request.headers().get("X-Team")).isEqualTo("ml");
        assertThatCode(() -> new Webhook(OLD_KEY).verify(request.body(), headers)).doesNotThrowAnyException();
        assertThatCode(() -> new Webhook(NEW_KEY).verify(request.body(), headers)).doesNotThrowAnyException();
    }

    @Test
    void webhookConnectionNeverSendsItsSigningKey() {
        AttemptResult result = send("signed", "{\"key\":\"${HOOKLINE_SECRET}\"}");

        assertThat(result.error()).hasValueSatisfying(error -> {
            assertThat(error.kind()).isEqualTo(AttemptError.Kind.INVALID_REQUEST);
            assertThat(error.message()).startsWith("connection signed is a webhook: its secret is the signing key");
        });
        assertThat(received.get("ok")).isNull();
    }

    @Test
    void secretMarkerWithoutASecretIsRefused() {
        AttemptResult result = send("slack", "{\"t\":\"${HOOKLINE_SECRET}\"}");

        assertThat(result.error().map(AttemptError::message))
                .contains("the request uses ${HOOKLINE_SECRET} but connection slack has no secret");
    }

    @Test
    void unknownConnectionIsRefused() {
        AttemptResult result = send("nope", "{}");

        assertThat(classifier.classify(result).outcome()).isEqualTo(Outcome.FINAL);
        assertThat(result.error().map(AttemptError::message)).contains("unknown connection nope");
    }

    @Test
    void connectionUrlThatIsNotHttpIsRefusedWithoutQuotingIt() {
        // The catalog reader refuses such a URL at start; the sender checks again what it sends.
        Connection pdOk = catalog.find("pd-ok").orElseThrow();
        Connection ftp = new Connection(pdOk.name(), pdOk.kind(), pdOk.description(),
                Secret.of("ftp://example.com/${HOOKLINE_SECRET}", "test"), pdOk.host(), pdOk.secret(), pdOk.method(),
                pdOk.headers(), pdOk.settings(), pdOk.timeout(), pdOk.concurrency(), pdOk.breaker(), pdOk.rateLimit(), true);
        ConnectionCatalog ftpOnly = ConnectionCatalog.of(List.of(ftp));
        AttemptResult result;
        try (HttpSender ftpSender = new HttpSender(vertx, HttpSender.Settings.DEFAULTS, ftpOnly,
                new ConnectionGuards(ftpOnly, classifier, builders), new StandardWebhookSigner(Clock.systemUTC()))) {
            result = send(ftpSender, "pd-ok", OutboundRequest.toConnection("dlv_1", Map.of(), ""));
        }

        assertThat(result.error().map(AttemptError::message)).contains(
                "the URL for connection pd-ok is not an absolute http(s) URL (value not shown: URLs may hold credentials)");
    }

    @Test
    void getRequestIsSentWithoutBody() {
        AttemptResult result = send("slack-get", new OutboundRequest("dlv_2", Optional.of("GET"), Map.of(), ""));

        assertThat(result.status()).isEqualTo(200);
        assertThat(received.get("ok").get(0).method()).isEqualTo("GET");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "metadata | connection metadata: 169.254.169.254 resolves to 169.254.169.254, a link-local address",
            "private-ten | connection private-ten: 10.0.0.1 resolves to 10.0.0.1, a private address",
            "local-name | connection local-name: localhost resolves to 127.0.0.1, a loopback address",
            "local-ip | connection local-ip: 127.0.0.1 resolves to 127.0.0.1, a loopback address",
            "mapped-local | connection mapped-local: [::ffff:127.0.0.1] resolves to 127.0.0.1, a loopback address"})
    void requestToANonPublicAddressIsRefusedAndNeverSentUnlessTheConnectionAllowsIt(String connection, String reason) {
        AttemptResult result = send(connection, OutboundRequest.toConnection("dlv_ssrf", Map.of(), "{}"));

        assertThat(result.error().map(AttemptError::kind)).contains(AttemptError.Kind.INVALID_REQUEST);
        assertThat(result.error().map(AttemptError::message)).contains(reason + "; requests go to private, loopback,"
                + " link-local and metadata addresses only when the connection sets allowPrivateNetwork: true");
        assertThat(received).isEmpty();
    }

    @Test
    void componentAskingForAnotherMethodThanTheConnectionsIsRefusedAndNeverSent() {
        AttemptResult result = send("slack", new OutboundRequest("dlv_3", Optional.of("DELETE"), Map.of(), ""));

        assertThat(result.error().map(AttemptError::message)).contains("the component sends DELETE but connection slack"
                + " uses POST (its `method` setting); use a connection with method: DELETE");
        assertThat(received).isEmpty();
    }
}
