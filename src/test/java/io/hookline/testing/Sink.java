package io.hookline.testing;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonObject;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * A real HTTP receiver on 127.0.0.1:18181 for every test that sends deliveries, one per JVM:
 * {@code /status/<code>} answers that code, {@code /hang} never answers, {@code /throttled-once}
 * answers 429 with {@code Retry-After: 1} to the first request of each webhook-id and 200 after,
 * {@code /binary} answers 200 with {@link #BINARY_BODY} (NUL bytes and invalid UTF-8, as a gzip or
 * protobuf answer has), {@code /slow/<ms>[/...]} answers 200 after that many milliseconds,
 * {@code /runners/<kind>/...} answers as that job runner's API does (see {@link #answerAsRunner}),
 * anything else answers 200. Every request is recorded, and so is the most requests each path had
 * unanswered at once.
 */
public final class Sink {

    public static final int PORT = 18_181;
    public static final byte[] BINARY_BODY = {'b', 'i', 'n', 0, (byte) 0xC3, '(', 0x1F, (byte) 0x8B, 0, 'e', 'n', 'd'};

    public record Received(String path, Map<String, String> headers, String body, Instant at, String method,
                           String query) {
        public String webhookId() {
            return headers.get("webhook-id");
        }
    }

    private static Sink instance;

    private final List<Received> received = new CopyOnWriteArrayList<>();
    private final Set<String> throttled = ConcurrentHashMap.newKeySet();
    private final Map<String, AtomicInteger> open = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> mostOpen = new ConcurrentHashMap<>();
    private Vertx vertx;

    private Sink() {
    }

    /**
     * A test profile restarts Quarkus with a fresh class loader, and with it a fresh {@code Sink}
     * class whose {@link #instance} is empty while the previous loader's sink still holds the
     * port. Its first start then asks that sink to close ({@link #CLOSE_PATH}) and binds again.
     */
    private static final String CLOSE_PATH = "/_test-sink/close";

    public static synchronized Sink start() throws Exception {
        if (instance == null) {
            Sink sink = new Sink();
            sink.vertx = Vertx.vertx();
            try {
                sink.listen();
            } catch (ExecutionException taken) {
                closePreviousLoadersSink();
                for (int tries = 1; ; tries++) { // it answers before its server has let go of the port
                    try {
                        sink.listen();
                        break;
                    } catch (ExecutionException stillTaken) {
                        if (tries == 50) {
                            throw stillTaken;
                        }
                        Thread.sleep(100);
                    }
                }
            }
            instance = sink;
        }
        return instance;
    }

    private void listen() throws Exception {
        HttpServer server = vertx.createHttpServer().requestHandler(this::handle);
        server.listen(PORT, "127.0.0.1").toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    private static void closePreviousLoadersSink() throws Exception {
        HttpResponse<Void> closed = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build().send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + PORT + CLOSE_PATH))
                        .POST(HttpRequest.BodyPublishers.noBody()).build(),
                HttpResponse.BodyHandlers.discarding());
        if (closed.statusCode() != 200) {
            throw new IllegalStateException("Port " + PORT + " is taken by something other than a test sink");
        }
    }

    private void handle(HttpServerRequest request) {
        if (request.path().equals(CLOSE_PATH)) {
            request.response().setStatusCode(200).end().onComplete(sent -> vertx.close());
            return;
        }
        request.body().onSuccess(body -> {
            Map<String, String> headers = request.headers().entries().stream()
                    .collect(Collectors.toMap(e -> e.getKey().toLowerCase(), Map.Entry::getValue, (a, b) -> a));
            received.add(new Received(request.path(), headers, body.toString(), Instant.now(), request.method().name(),
                    request.query()));
            String path = request.path();
            if (path.startsWith("/runners/")) {
                answerAsRunner(request, headers, body.toString());
                return;
            }
            int nowOpen = open.computeIfAbsent(path, p -> new AtomicInteger()).incrementAndGet();
            mostOpen.computeIfAbsent(path, p -> new AtomicInteger()).accumulateAndGet(nowOpen, Math::max);
            request.response().endHandler(done -> open.get(path).decrementAndGet());
            if (path.startsWith("/slow/")) {
                long millis = Long.parseLong(path.split("/")[2]);
                vertx.setTimer(millis, id -> request.response().setStatusCode(200).end("ok"));
                return;
            }
            if (path.equals("/hang")) {
                return; // never answers
            }
            if (path.startsWith("/status/")) {
                request.response().setStatusCode(Integer.parseInt(path.substring("/status/".length())))
                        .end("{\"error\":\"as asked\"}");
                return;
            }
            if (path.equals("/binary")) {
                request.response().setStatusCode(200).putHeader("Content-Type", "application/octet-stream")
                        .end(Buffer.buffer(BINARY_BODY));
                return;
            }
            if (path.equals("/throttled-once") && throttled.add(headers.get("webhook-id"))) {
                request.response().setStatusCode(429).putHeader("Retry-After", "1").end();
                return;
            }
            request.response().setStatusCode(200).end("ok");
        });
    }

    /**
     * A job runner's answer. A path segment {@code answer-<status>} (a namespace, project or DAG
     * the test chose) answers that status with an error body as the runner writes it;
     * {@code answer-429-once} answers 429 with {@code Retry-After: 1} to the first attempt of each
     * delivery, then succeeds. Otherwise the runner's success: Polyaxon the created run, Kubernetes
     * and Airflow the created object (the request's body, as they echo it), Argo the submitted
     * workflow, GitHub 204 No Content.
     */
    private void answerAsRunner(HttpServerRequest request, Map<String, String> headers, String body) {
        String path = request.path();
        Matcher asked = ANSWER.matcher(path);
        if (asked.find()) {
            int status = Integer.parseInt(asked.group(1));
            if (asked.group(2) == null || throttled.add(headers.get("webhook-id"))) {
                request.response().setStatusCode(status).putHeader("Content-Type", "application/json")
                        .putHeader("Retry-After", "1").end("{\"message\": \"as asked\", \"status\": " + status + "}");
                return;
            }
        }
        String kind = path.split("/")[2];
        var response = request.response().putHeader("Content-Type", "application/json");
        switch (kind) {
            case "polyaxon" -> response.setStatusCode(200).end(new JsonObject().put("uuid", POLYAXON_RUN_UUID)
                    .put("name", "tensorboard").encode());
            case "argo" -> {
                JsonObject submitted = new JsonObject(body);
                response.setStatusCode(200).end(new JsonObject().put("metadata", new JsonObject()
                        .put("name", submitted.getJsonObject("submitOptions").getString("name"))
                        .put("namespace", submitted.getString("namespace"))).encode());
            }
            case "github" -> response.setStatusCode(204).end();
            default -> response.setStatusCode(kind.equals("kubernetes") ? 201 : 200).end(body);
        }
    }

    /** The uuid of the run Polyaxon answers that it created. */
    public static final String POLYAXON_RUN_UUID = "f0e1d2c3b4a5968778695a4b3c2d1e0f";
    private static final Pattern ANSWER = Pattern.compile("/answer-(\\d{3})(-once)?(/|$)");

    /** What reached the sink for one delivery, in arrival order. */
    public List<Received> forDelivery(String deliveryId) {
        return received.stream().filter(r -> deliveryId.equals(r.webhookId())).toList();
    }

    /** The most requests to {@code path} that were unanswered at the same time. */
    public int mostAtOnce(String path) {
        AtomicInteger most = mostOpen.get(path);
        return most == null ? 0 : most.get();
    }

    public List<Received> onPath(String path) {
        return received.stream().filter(r -> r.path().equals(path)).toList();
    }
}
