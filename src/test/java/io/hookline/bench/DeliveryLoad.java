package io.hookline.bench;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * End-to-end delivery benchmark: reports {@code events} failed runs, each with one webhook hook
 * to the bench sink, and measures from the first send until the sink has received them all (or
 * {@code DELIVERY_WAIT_SECONDS}, default 300, have passed: then the rate is of what arrived).
 * Also measures the raw limit: the same sink driven directly by a pooled HTTP client.
 *
 * <p>Usage: {@code DeliveryLoad <hookline port> <sink port> <events> <raw requests>}
 */
public final class DeliveryLoad {

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    public static void main(String[] args) throws Exception {
        int port = Integer.parseInt(args[0]);
        int sinkPort = Integer.parseInt(args[1]);
        int events = Integer.parseInt(args[2]);
        int rawRequests = Integer.parseInt(args[3]);
        long waitNanos = TimeUnit.SECONDS.toNanos(Long.parseLong(System.getenv().getOrDefault("DELIVERY_WAIT_SECONDS", "300")));

        double raw = rawHttp(sinkPort, rawRequests);
        long before = sinkCount(sinkPort, "/hook");
        long start = System.nanoTime();
        IntakeLoad.Result intake = IntakeLoad.run(port, 8, events, 0,
                id -> IntakeLoad.event(id).toBuilder()
                        .setHooksYaml("- {hubRef: webhook, connection: bench-sink}").build(), Duration.ofMinutes(10));
        long arrived = 0;
        while (arrived < events && System.nanoTime() - start < waitNanos) {
            Thread.sleep(20);
            arrived = sinkCount(sinkPort, "/hook") - before;
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        System.out.printf("{\"events\":%d,\"accepted\":%d,\"delivered\":%d,\"seconds\":%.3f,\"delivered_per_second\":%.0f,"
                        + "\"intake_with_hooks_per_second\":%.0f,\"raw_http_per_second\":%.0f,\"ratio_to_raw\":%.3f}%n",
                events, intake.accepted(), arrived, seconds, arrived / seconds, intake.accepted() / intake.seconds(), raw,
                arrived / seconds / raw);
    }

    /** Requests per second a pooled client gets from the sink with 64 in flight: the raw limit. */
    static double rawHttp(int sinkPort, int requests) throws Exception {
        Vertx vertx = Vertx.vertx();
        WebClient client = WebClient.create(vertx, new WebClientOptions().setMaxPoolSize(64).setKeepAlive(true));
        Buffer body = Buffer.buffer("{\"type\":\"run.completed\",\"data\":{\"run\":{\"name\":\"raw\"}}}");
        CountDownLatch done = new CountDownLatch(requests);
        AtomicInteger next = new AtomicInteger();
        long start = System.nanoTime();
        Runnable[] send = new Runnable[1];
        send[0] = () -> {
            if (next.getAndIncrement() >= requests) {
                return;
            }
            client.post(sinkPort, "127.0.0.1", "/raw").putHeader("Content-Type", "application/json")
                    .sendBuffer(body).onComplete(r -> {
                        done.countDown();
                        send[0].run();
                    });
        };
        for (int i = 0; i < 64; i++) {
            send[0].run();
        }
        done.await(5, TimeUnit.MINUTES);
        double perSecond = requests / ((System.nanoTime() - start) / 1e9);
        vertx.close();
        return perSecond;
    }

    /** What the sink has received on {@code path} ({@code /hook}: Hookline, {@code /alertmanager}: alerts). */
    static long sinkCount(int sinkPort, String path) throws Exception {
        HttpResponse<String> response = HTTP.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + sinkPort + "/count" + path)).build(),
                HttpResponse.BodyHandlers.ofString());
        return Long.parseLong(response.body().trim());
    }
}
