package io.hookline.dispatch;

import io.hookline.connections.Connection;
import io.hookline.connections.ConnectionCatalog;
import io.hookline.connections.ConnectionKind;
import io.hookline.connections.HeaderSyntax;
import io.hookline.connections.Secret;
import io.hookline.connections.SecretMarker;
import io.hookline.connections.SecretMasker;
import io.netty.channel.EventLoop;
import io.netty.util.concurrent.EventExecutor;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Context;
import io.vertx.core.MultiMap;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.impl.ContextInternal;
import io.vertx.core.impl.VertxInternal;
import io.vertx.core.net.SocketAddress;
import io.vertx.mutiny.core.Vertx;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.Set;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * Sends one attempt of a delivery to its connection, through the connection's guard, and says
 * what happened as an {@link AttemptResult} for {@link AttemptClassifier}. Never fails: every
 * error becomes a result, with secrets masked.
 *
 * <p>A request goes only to its connection's scheme, host and port, and to a public address unless
 * the connection allows private ones ({@link OutboundAddresses}: checked on the resolved address,
 * which is then the one connected to). Redirects are not followed (a redirect would carry a signed
 * body or a token to another place); TLS verifies certificates and host names as usual; HTTPS receivers get HTTP/2 when
 * they offer it through ALPN. Plain-HTTP receivers get HTTP/1.1, as an h2c upgrade of a POST
 * confuses some servers.
 *
 * <p>Sends are spread over the Vert.x event loops, one after the other: each loop has its own
 * clients, and a send is prepared (signed), written and read on its loop, so every core signs
 * and sends. Each loop's clients hold their share of {@code maxPoolSize}.
 */
public final class HttpSender implements AutoCloseable {

    /**
     * @param responseBodyLimit characters of a response body kept on the result
     * @param maxPoolSize       open HTTP/1.1 connections per receiver host, shared out over the event loops
     */
    public record Settings(int responseBodyLimit, int maxPoolSize, Duration connectTimeout, String userAgent) {

        public static final Settings DEFAULTS = new Settings(4096, 32, Duration.ofSeconds(5), "Hookline");

        public static Settings from(DispatchConfig.Http http) {
            return new Settings(http.responseBodyLimit(), http.maxPoolSize(), http.connectTimeout(), http.userAgent());
        }
    }

    /** One event loop's context and the clients whose connections live on it. */
    private record Loop(Context context, HttpClient plainHttp, HttpClient https) {
    }

    private final Vertx vertx;
    private final List<Loop> loops = new ArrayList<>();
    private final AtomicInteger nextLoop = new AtomicInteger();
    private final Settings settings;
    private final ConnectionCatalog catalog;
    private final ConnectionGuards guards;
    private final StandardWebhookSigner signer;
    private final SecretMasker masker;
    private final OutboundAddresses addresses;

    public HttpSender(Vertx vertx, Settings settings, ConnectionCatalog catalog, ConnectionGuards guards,
            StandardWebhookSigner signer) {
        this.settings = settings;
        this.catalog = catalog;
        this.guards = guards;
        this.signer = signer;
        this.masker = catalog.masker();
        this.vertx = vertx;
        this.addresses = new OutboundAddresses(vertx);
        List<Context> contexts = eventLoopContexts(vertx);
        int poolSize = Math.max(1, (settings.maxPoolSize() + contexts.size() - 1) / contexts.size());
        for (Context context : contexts) {
            loops.add(new Loop(context,
                    vertx.getDelegate().createHttpClient(clientOptions(settings, poolSize)
                            .setProtocolVersion(HttpVersion.HTTP_1_1)),
                    vertx.getDelegate().createHttpClient(clientOptions(settings, poolSize)
                            .setProtocolVersion(HttpVersion.HTTP_2)
                            .setUseAlpn(true))));
        }
    }

    /**
     * A context on each event loop. Vert.x gives new contexts the next loop in turn; one made
     * elsewhere at the same time can take a turn, so contexts are made until every loop has one
     * (or a few rounds have passed).
     */
    private static List<Context> eventLoopContexts(Vertx vertx) {
        VertxInternal internal = (VertxInternal) vertx.getDelegate();
        int count = 0;
        for (EventExecutor ignored : internal.getEventLoopGroup()) {
            count++;
        }
        Set<EventLoop> covered = new LinkedHashSet<>();
        List<Context> contexts = new ArrayList<>();
        for (int tries = 0; covered.size() < count && tries < 4 * count; tries++) {
            ContextInternal context = internal.createEventLoopContext();
            if (covered.add(context.nettyEventLoop())) {
                contexts.add(context);
            }
        }
        return contexts;
    }

    private static HttpClientOptions clientOptions(Settings settings, int poolSize) {
        HttpClientOptions options = new HttpClientOptions()
                .setKeepAlive(true)
                .setMaxPoolSize(poolSize)
                .setConnectTimeout((int) Math.min(Integer.MAX_VALUE, settings.connectTimeout().toMillis()));
        // Spelled out because a trust-all client is the classic webhook-sender bug.
        options.setTrustAll(false).setVerifyHost(true);
        return options;
    }

    /**
     * Sends {@code request} to connection {@code connectionName} on the next event loop; the Uni
     * never fails, and its result arrives on that loop.
     */
    public Uni<AttemptResult> send(String connectionName, OutboundRequest request) {
        Loop loop = loops.get(Math.floorMod(nextLoop.getAndIncrement(), loops.size()));
        return on(loop, () -> sendOn(loop, connectionName, request));
    }

    /** Subscribes on the loop's context, unless already on its thread. */
    private static <T> Uni<T> on(Loop loop, Supplier<Uni<? extends T>> work) {
        Uni<T> deferred = Uni.createFrom().<T>deferred(work);
        return ((ContextInternal) loop.context()).nettyEventLoop().inEventLoop()
                ? deferred
                : deferred.runSubscriptionOn(command -> loop.context().runOnContext(ignored -> command.run()));
    }

    private Uni<AttemptResult> sendOn(Loop loop, String connectionName, OutboundRequest request) {
        Optional<Connection> connection = catalog.find(connectionName);
        if (connection.isEmpty()) {
            return invalid("unknown connection " + connectionName);
        }
        Prepared prepared;
        try {
            prepared = prepare(connection.get(), request);
        } catch (InvalidRequest e) {
            return invalid(e.getMessage());
        }
        return addresses.check(connection.get(), prepared.host()).onItem().transformToUni(verdict -> {
            if (verdict instanceof OutboundAddresses.Verdict.Refused refused) {
                return invalid(refused.reason());
            }
            if (verdict instanceof OutboundAddresses.Verdict.Unresolved unresolved) {
                return Uni.createFrom().item(AttemptResult.failed(AttemptError.Kind.CONNECTION_FAILED,
                        masker.mask(unresolved.reason()), Duration.ZERO));
            }
            InetAddress address = ((OutboundAddresses.Verdict.Allowed) verdict).address();
            // The guard may start a queued attempt from another loop's callback: it goes back to its own.
            return guards.call(connectionName, () -> on(loop, () -> attempt(loop, connection.get(), prepared, address)));
        });
    }

    private static Uni<AttemptResult> invalid(String message) {
        return Uni.createFrom().item(AttemptResult.failed(AttemptError.Kind.INVALID_REQUEST, message, Duration.ZERO));
    }

    /** The request exactly as it goes on the wire. */
    private record Prepared(HttpMethod method, String url, String host, int port, boolean https,
            Map<String, String> headers, String body) {
    }

    private Prepared prepare(Connection connection, OutboundRequest request) {
        String name = connection.name();
        // The connection's method setting is what is sent, as Alertmanager's and Svix's webhooks always
        // POST: a component names the method it needs, and one that needs another is refused, not obeyed.
        String method = connection.method().toUpperCase(Locale.ROOT);
        String wanted = request.method().orElse(method).toUpperCase(Locale.ROOT);
        if (!wanted.equals(method)) {
            throw new InvalidRequest("the component sends " + wanted + " but connection " + name + " uses " + method
                    + " (its `method` setting); use a connection with method: " + wanted);
        }
        String url = withPath(connection.url().reveal(), request.path());
        Map<String, String> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        headers.putAll(request.headers());
        connection.headers().forEach((header, value) -> headers.put(header, value.resolve()));
        String body = request.body();

        boolean marked = SecretPlacement.isIn(url) || SecretPlacement.isIn(body)
                || headers.values().stream().anyMatch(SecretPlacement::isIn);
        if (marked && connection.kind() == ConnectionKind.WEBHOOK) {
            throw new InvalidRequest("connection " + name + " is a webhook: its secret is the signing key and is never sent;"
                    + " remove " + SecretMarker.TOKEN);
        }
        if (marked && connection.secret().isEmpty()) {
            throw new InvalidRequest("the request uses " + SecretMarker.TOKEN + " but connection " + name + " has no secret");
        }
        if (marked) {
            Secret secret = connection.secret().get();
            url = SecretPlacement.intoUrl(url, secret);
            body = SecretPlacement.intoBody(body, headers.get("Content-Type"), secret);
            headers.replaceAll((header, value) -> SecretPlacement.intoHeader(value, secret));
        }
        URI uri = absoluteHttpUrl(url, name);
        OutboundAddresses.sameOriginProblem(connection, uri).ifPresent(problem -> {
            throw new InvalidRequest(problem);
        });
        // Checked at render time too; here again for the catalog's headers and the secret put in.
        headers.forEach((header, value) -> HeaderSyntax.problem(header, value).ifPresent(problem -> {
            throw new InvalidRequest(problem);
        }));
        headers.put(StandardWebhookSigner.ID_HEADER, request.idempotencyId());
        if (connection.kind() == ConnectionKind.WEBHOOK && connection.secret().isPresent()) {
            headers.putAll(signer.headers(connection.secret().get(), request.idempotencyId(), body));
        }
        boolean https = uri.getScheme().equalsIgnoreCase("https");
        return new Prepared(HttpMethod.valueOf(method), url, uri.getHost(), uri.getPort() != -1 ? uri.getPort() : https ? 443 : 80,
                https, new LinkedHashMap<>(headers), body);
    }

    /** The connection's URL with a job runner's path after its own (no double slash between them). */
    private static String withPath(String url, String path) {
        if (path.isEmpty()) {
            return url;
        }
        return (url.endsWith("/") ? url.substring(0, url.length() - 1) : url) + path;
    }

    private static URI absoluteHttpUrl(String url, String connection) {
        try {
            URI uri = new URI(url);
            if (uri.getHost() != null && uri.getScheme() != null
                    && List.of("http", "https").contains(uri.getScheme().toLowerCase(Locale.ROOT))) {
                return uri;
            }
        } catch (URISyntaxException e) {
            // Not e's message: it quotes the URL.
        }
        throw new InvalidRequest("the URL for connection " + connection
                + " is not an absolute http(s) URL (value not shown: URLs may hold credentials)");
    }

    /**
     * The connection's timeout is a deadline for the whole request (connecting, sending, and
     * reading the answer to its end), not an idle timeout: a receiver trickling a byte at a time
     * cannot keep it open. When it passes, or the guard gives up on the attempt, the request is
     * reset, which closes its HTTP/1.1 connection, so that no send is still running when the
     * attempt is recorded as timed out and retried.
     */
    private Uni<AttemptResult> attempt(Loop loop, Connection connection, Prepared prepared, InetAddress address) {
        return Uni.createFrom().<AttemptResult>emitter(emitter -> {
            long start = System.nanoTime();
            // Throws IllegalArgumentException for a header the HTTP client refuses (see failed).
            RequestOptions options = requestOptions(prepared, address);
            Attempt attempt = new Attempt();
            long timeout = connection.timeout().toMillis();
            long timer = vertx.setTimer(timeout, id -> {
                if (attempt.abandon()) {
                    emitter.complete(AttemptResult.failed(AttemptError.Kind.TIMEOUT,
                            "no complete response within " + timeout + "ms", Duration.ofNanos(System.nanoTime() - start)));
                }
            });
            emitter.onTermination(() -> {
                vertx.cancelTimer(timer);
                attempt.abandon();
            });
            (prepared.https() ? loop.https() : loop.plainHttp()).request(options)
                    .compose(request -> {
                        attempt.started(request);
                        return prepared.body().isEmpty() ? request.send() : request.send(prepared.body());
                    })
                    .compose(response -> {
                        // Twice the limit, so a secret cut at the limit is still whole when masked.
                        BoundedBody body = new BoundedBody(2 * settings.responseBodyLimit());
                        response.handler(body::append);
                        return response.end().map(done -> received(response, body, Duration.ofNanos(System.nanoTime() - start)));
                    })
                    .onComplete(done -> {
                        if (attempt.finish()) {
                            emitter.complete(done.succeeded() ? done.result()
                                    : failed(done.cause(), Duration.ofNanos(System.nanoTime() - start)));
                        }
                    });
        }).onFailure().recoverWithItem(failure -> failed(failure, Duration.ZERO));
    }

    private RequestOptions requestOptions(Prepared prepared, InetAddress address) {
        MultiMap headers = HttpHeaders.headers();
        prepared.headers().forEach(headers::add);
        if (!headers.contains(HttpHeaders.USER_AGENT)) {
            headers.add(HttpHeaders.USER_AGENT, settings.userAgent());
        }
        return new RequestOptions()
                .setMethod(prepared.method())
                .setAbsoluteURI(prepared.url())
                // The address OutboundAddresses checked, not a second lookup of the name (DNS rebinding).
                .setServer(SocketAddress.inetSocketAddress(prepared.port(), address.getHostAddress()))
                .setFollowRedirects(false)
                .setHeaders(headers);
    }

    /** One request on the wire, ended exactly once: by its answer, its failure, its deadline or the guard. */
    private static final class Attempt {
        private HttpClientRequest request;
        private boolean ended;

        synchronized void started(HttpClientRequest request) {
            this.request = request;
            if (ended) {
                request.reset();
            }
        }

        /** The answer (or the failure) arrived; true when nothing ended the attempt before. */
        synchronized boolean finish() {
            boolean first = !ended;
            ended = true;
            return first;
        }

        /** Gives up on the attempt, resetting the request if it is still on the wire; true when first. */
        synchronized boolean abandon() {
            if (ended) {
                return false;
            }
            ended = true;
            if (request != null) {
                request.reset();
            }
            return true;
        }
    }

    private AttemptResult received(HttpClientResponse response, BoundedBody body, Duration latency) {
        Map<String, String> headers = new LinkedHashMap<>();
        response.headers().forEach(header -> headers.putIfAbsent(header.getKey(), masker.mask(header.getValue())));
        // Binary, gzip or UTF-16 answers are common: decoded with replacement, they are stored as readable text.
        String text = masker.mask(StorableText.decode(body.start().getBytes()));
        boolean truncated = body.truncated() || text.length() > settings.responseBodyLimit();
        text = StorableText.cut(text, settings.responseBodyLimit());
        return AttemptResult.response(response.statusCode(), headers, latency, text, truncated);
    }

    private AttemptResult failed(Throwable failure, Duration latency) {
        if (failure instanceof IllegalArgumentException) {
            // The HTTP client refused what it was given (a header, say): this request's fault, not
            // the receiver's, so neither retried nor counted by the breaker. Its message may quote a value.
            return AttemptResult.failed(AttemptError.Kind.INVALID_REQUEST, "the HTTP client refused the request", latency);
        }
        String message = masker.mask(failure.getClass().getSimpleName()
                + (failure.getMessage() == null ? "" : ": " + failure.getMessage()));
        // Netty's connect timeout is a ConnectException: the receiver is unreachable, not slow.
        AttemptError.Kind kind = failure instanceof TimeoutException
                ? AttemptError.Kind.TIMEOUT : AttemptError.Kind.CONNECTION_FAILED;
        return AttemptResult.failed(kind, message, latency);
    }

    @Override
    public void close() {
        for (Loop loop : loops) {
            loop.plainHttp().close();
            loop.https().close();
        }
    }

    /** A request that cannot be sent as it is; the message names no secret. */
    private static final class InvalidRequest extends RuntimeException {
        InvalidRequest(String message) {
            super(message, null, false, false);
        }
    }
}
