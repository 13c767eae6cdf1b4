package io.hookline.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * The yardstick users compare Hookline with: Prometheus Alertmanager, routing every alert to its
 * own group ({@code group_by: ['...']}, {@code group_wait: 0s}) and one webhook to the bench sink.
 * Posts {@code alerts} distinct alerts to {@code /api/v2/alerts} in batches of 500 and measures
 * from the first post until the sink has counted them all on {@code /alertmanager} (or
 * {@code DELIVERY_WAIT_SECONDS}, default 300, have passed).
 *
 * <p>Usage: {@code AlertmanagerLoad <alertmanager port> <sink port> <alerts>}
 */
public final class AlertmanagerLoad {

    private static final int BATCH = 500;

    public static void main(String[] args) throws Exception {
        int port = Integer.parseInt(args[0]);
        int sinkPort = Integer.parseInt(args[1]);
        int alerts = Integer.parseInt(args[2]);
        long waitNanos = TimeUnit.SECONDS.toNanos(Long.parseLong(System.getenv().getOrDefault("DELIVERY_WAIT_SECONDS", "300")));
        HttpClient http = HttpClient.newHttpClient();
        URI post = URI.create("http://127.0.0.1:" + port + "/api/v2/alerts");
        String run = UUID.randomUUID().toString().substring(0, 8);
        // Resolved far in the future: nothing resolves, so nothing is sent twice during the run.
        String endsAt = Instant.now().plus(1, ChronoUnit.HOURS).toString();
        String[] batches = new String[(alerts + BATCH - 1) / BATCH];
        for (int b = 0; b < batches.length; b++) {
            StringBuilder body = new StringBuilder("[");
            for (int i = b * BATCH; i < Math.min(alerts, (b + 1) * BATCH); i++) {
                body.append(i == b * BATCH ? "" : ",")
                        .append("{\"labels\":{\"alertname\":\"RunFailed\",\"project\":\"bench/load\",\"run\":\"")
                        .append(run).append('-').append(i)
                        .append("\"},\"annotations\":{\"summary\":\"run train failed\"},\"endsAt\":\"")
                        .append(endsAt).append("\"}");
            }
            batches[b] = body.append(']').toString();
        }
        long before = DeliveryLoad.sinkCount(sinkPort, "/alertmanager");
        long start = System.nanoTime();
        for (String batch : batches) {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(post)
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(batch)).build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw new IllegalStateException("Alertmanager answered " + response.statusCode() + ": " + response.body());
            }
        }
        double postSeconds = (System.nanoTime() - start) / 1e9;
        long arrived = 0;
        while (arrived < alerts && System.nanoTime() - start < waitNanos) {
            Thread.sleep(20);
            arrived = DeliveryLoad.sinkCount(sinkPort, "/alertmanager") - before;
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        System.out.printf("{\"alerts\":%d,\"delivered\":%d,\"post_seconds\":%.3f,\"seconds\":%.3f,"
                        + "\"accepted_per_second\":%.0f,\"delivered_per_second\":%.0f}%n",
                alerts, arrived, postSeconds, seconds, alerts / postSeconds, arrived / seconds);
    }
}
