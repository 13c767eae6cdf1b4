package io.hookline.bench;

import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.time.Instant;
import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The one receiver of every delivery benchmark, in its own process on localhost. It answers 200
 * to every POST and tells the senders apart by path, so Hookline, Alertmanager and the raw HTTP
 * client can be measured against the same receiver in the same run:
 * <ul>
 *   <li>{@code POST /hook}: Hookline's webhook deliveries. The first arrival of each
 *       {@code event_id} in the body is kept with its wall-clock time, for event→delivered
 *       latency ({@code GET /arrivals?prefix=...} hands over and forgets the matching ones).</li>
 *   <li>{@code POST /alertmanager}: Alertmanager's webhook notifications; the alerts in each are
 *       counted (one group per alert means one alert per request, but a batch is counted right).</li>
 *   <li>{@code POST /hang...}: counted, never answered (a receiver that hangs).</li>
 *   <li>any other POST: counted under its path ({@code /raw} for the pooled client).</li>
 * </ul>
 * {@code GET /count/<path>} answers the count of that path ({@code GET /count}: {@code /hook}).
 * Usage: {@code BenchSink <port>}
 */
public final class BenchSink {

    private final Map<String, AtomicLong> counts = new ConcurrentHashMap<>();
    private final Map<String, Long> arrivals = new ConcurrentHashMap<>();

    public static void main(String[] args) {
        int port = Integer.parseInt(args[0]);
        BenchSink sink = new BenchSink();
        Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(1));
        vertx.createHttpServer().requestHandler(sink::handle)
                .listen(port, "127.0.0.1").onSuccess(s -> System.out.println("sink listening on " + port));
    }

    private void handle(HttpServerRequest request) {
        String path = request.path();
        if (path.equals("/count") || path.startsWith("/count/")) {
            String counted = path.equals("/count") ? "/hook" : path.substring("/count".length());
            request.response().end(Long.toString(count(counted).get()));
            return;
        }
        if (path.equals("/arrivals")) {
            request.response().end(takeArrivals(request.getParam("prefix", "")));
            return;
        }
        if (path.startsWith("/hang")) {
            // A receiver that takes the request and never answers (bench/fairness.sh): the
            // connection's sends end only at their timeout.
            count(path).incrementAndGet();
            return;
        }
        request.body().onSuccess(body -> {
            long at = wallMicros();
            switch (path) {
                case "/hook" -> {
                    String eventId = eventId(body);
                    if (eventId != null) {
                        arrivals.putIfAbsent(eventId, at);
                    }
                    count(path).incrementAndGet();
                }
                case "/alertmanager" -> count(path).addAndGet(alerts(body));
                default -> count(path).incrementAndGet();
            }
            request.response().setStatusCode(200).end();
        });
    }

    private AtomicLong count(String path) {
        return counts.computeIfAbsent(path, p -> new AtomicLong());
    }

    /** Lines of {@code <event id> <arrival, µs since the epoch>}; handed over once. */
    private String takeArrivals(String prefix) {
        StringBuilder out = new StringBuilder();
        for (Iterator<Map.Entry<String, Long>> it = arrivals.entrySet().iterator(); it.hasNext(); ) {
            Map.Entry<String, Long> arrival = it.next();
            if (arrival.getKey().startsWith(prefix)) {
                out.append(arrival.getKey()).append(' ').append(arrival.getValue()).append('\n');
                it.remove();
            }
        }
        return out.toString();
    }

    /** The webhook body's top-level {@code event_id}, found without parsing ~1.5 KB of JSON. */
    private static String eventId(Buffer body) {
        String text = body.toString();
        int key = text.indexOf("\"event_id\"");
        if (key < 0) {
            return null;
        }
        int open = text.indexOf('"', text.indexOf(':', key) + 1);
        int close = text.indexOf('"', open + 1);
        return open < 0 || close < 0 ? null : text.substring(open + 1, close);
    }

    private static long alerts(Buffer body) {
        JsonArray alerts = new JsonObject(body).getJsonArray("alerts");
        return alerts == null ? 0 : alerts.size();
    }

    /** Wall clock, not nanoTime: the load generator that sent the event is another process. */
    static long wallMicros() {
        Instant now = Instant.now();
        return now.getEpochSecond() * 1_000_000 + now.getNano() / 1_000;
    }
}
