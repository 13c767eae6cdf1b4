package io.hookline.bench;

import com.google.protobuf.Struct;
import com.google.protobuf.Timestamp;
import com.google.protobuf.Value;
import io.grpc.ClientInterceptor;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.netty.NettyChannelBuilder;
import io.grpc.stub.ClientCallStreamObserver;
import io.grpc.stub.ClientResponseObserver;
import io.grpc.stub.MetadataUtils;
import io.hookline.api.v1.HookServiceGrpc;
import io.hookline.api.v1.ReportAck;
import io.hookline.api.v1.ReportResult;
import io.hookline.api.v1.Run;
import io.hookline.api.v1.RunCompletion;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Function;

/**
 * Load generator for intake: N Report streams sending RunCompletions, either as fast as flow
 * control allows or at a fixed total rate, measuring acked events per second and the latency
 * from send to ack (HdrHistogram). Only ever targets localhost.
 *
 * <p>Usage: {@code IntakeLoad <port> <streams> <events> <rate per second, 0 = max> [warm-up seconds]}.
 * The warm-up sends at the same rate from the same JVM and is not measured: on two cores a cold
 * load generator's JIT would otherwise take CPU from the server and Postgres and be counted as
 * Hookline's latency.
 *
 * <p>Environment: {@code HOOKS_YAML}, a hooks section every event carries; {@code WARMUP_RATE}, the
 * warm-up's rate if not the measured one; {@code ACK_WAIT_SECONDS} (default 600): stop waiting
 * for acks after that long from the first send, counting each event still unacked at the time
 * waited (a lower bound, {@code unacked} says how many); {@code SINK_PORT} with
 * {@code DELIVERED_WAIT_SECONDS}: after the last ack, wait that long for the bench sink to have
 * seen each event's delivery and add event→delivered latency (send of the event to first arrival
 * at the sink, wall clock on one machine). Events not delivered by then count at the time waited,
 * so percentiles above the delivered fraction are lower bounds ({@code e2e_complete: false}).
 */
public final class IntakeLoad {

    public static void main(String[] args) throws Exception {
        int port = Integer.parseInt(args[0]);
        int streams = Integer.parseInt(args[1]);
        int events = Integer.parseInt(args[2]);
        int rate = Integer.parseInt(args[3]);
        int warmupSeconds = args.length > 4 ? Integer.parseInt(args[4]) : 0;
        // HOOKS_YAML: a hooks section every event carries (to load the resolve path too).
        String hooks = System.getenv().getOrDefault("HOOKS_YAML", "");
        int sinkPort = Integer.parseInt(System.getenv().getOrDefault("SINK_PORT", "0"));
        int waitSeconds = Integer.parseInt(System.getenv().getOrDefault("DELIVERED_WAIT_SECONDS", "0"));
        Function<String, RunCompletion> eventFor = id -> event(id).toBuilder().setHooksYaml(hooks).build();
        int warmupRate = Integer.parseInt(System.getenv().getOrDefault("WARMUP_RATE", Integer.toString(rate)));
        Duration ackWait = Duration.ofSeconds(Long.parseLong(System.getenv().getOrDefault("ACK_WAIT_SECONDS", "600")));
        if (warmupSeconds > 0) {
            run(port, streams, (warmupRate == 0 ? 10_000 : warmupRate) * warmupSeconds, warmupRate, eventFor, ackWait);
        }
        Result result = run(port, streams, events, rate, eventFor, ackWait);
        if (sinkPort > 0 && waitSeconds > 0) {
            System.out.println(result.json(deliveredLatency(result, sinkPort, waitSeconds)));
        } else {
            System.out.println(result.json(""));
        }
    }

    /**
     * @param sentAtMicros wall-clock send time of every event, by event id
     */
    record Result(String runId, int streams, int events, int rate, long accepted, long rejected, long unacked,
                  double seconds, Histogram latency, Map<String, Long> sentAtMicros) {
        String json(String extra) {
            return String.format("{\"streams\":%d,\"events\":%d,\"target_rate\":%d,\"accepted\":%d,\"rejected\":%d,"
                            + "\"unacked\":%d,\"seconds\":%.3f,\"acked_per_second\":%.0f,%s%s}",
                    streams, events, rate, accepted, rejected, unacked, seconds, (accepted + rejected) / seconds,
                    percentiles("", latency, 1e6), extra);
        }
    }

    /** p50, p90, p99, p99.9 and max in milliseconds of a histogram recorded in {@code unitsPerMs}. */
    static String percentiles(String prefix, Histogram h, double unitsPerMs) {
        return String.format("\"%sp50_ms\":%.2f,\"%sp90_ms\":%.2f,\"%sp99_ms\":%.2f,\"%sp999_ms\":%.2f,\"%smax_ms\":%.2f",
                prefix, h.getValueAtPercentile(50) / unitsPerMs, prefix, h.getValueAtPercentile(90) / unitsPerMs,
                prefix, h.getValueAtPercentile(99) / unitsPerMs, prefix, h.getValueAtPercentile(99.9) / unitsPerMs,
                prefix, h.getMaxValue() / unitsPerMs);
    }

    /** Polls the sink for this run's deliveries; JSON fields to add to the result, with a leading comma. */
    static String deliveredLatency(Result result, int sinkPort, int waitSeconds) throws Exception {
        Histogram e2e = new Histogram(3);
        Map<String, Long> waiting = new ConcurrentHashMap<>(result.sentAtMicros());
        HttpClient http = HttpClient.newHttpClient();
        URI arrivals = URI.create("http://127.0.0.1:" + sinkPort + "/arrivals?prefix=bench-" + result.runId() + "-");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(waitSeconds);
        long started = System.nanoTime();
        while (!waiting.isEmpty() && System.nanoTime() < deadline) {
            String lines = http.send(HttpRequest.newBuilder(arrivals).build(), HttpResponse.BodyHandlers.ofString()).body();
            for (String line : lines.split("\n")) {
                int space = line.indexOf(' ');
                Long sent = space < 0 ? null : waiting.remove(line.substring(0, space));
                if (sent != null) {
                    e2e.recordValue(Math.max(0, Long.parseLong(line.substring(space + 1)) - sent));
                }
            }
            if (!waiting.isEmpty()) {
                Thread.sleep(200);
            }
        }
        long delivered = result.sentAtMicros().size() - waiting.size();
        long now = BenchSink.wallMicros();
        waiting.values().forEach(sent -> e2e.recordValue(Math.max(0, now - sent)));
        return String.format(",\"e2e_delivered\":%d,\"e2e_complete\":%b,\"e2e_drain_seconds\":%.1f,%s",
                delivered, waiting.isEmpty(), (System.nanoTime() - started) / 1e9, percentiles("e2e_", e2e, 1e3));
    }

    /** The token bench/*.sh start Hookline with (HOOKLINE_AUTH_BOOTSTRAP_TOKEN), else hookline-data/admin-token's. */
    private static ClientInterceptor bearerToken() {
        String token = System.getenv("HOOKLINE_AUTH_BOOTSTRAP_TOKEN");
        try {
            if (token == null || token.isBlank()) {
                token = Files.readString(Path.of("hookline-data/admin-token"));
            }
        } catch (IOException noFile) {
            throw new UncheckedIOException("set HOOKLINE_AUTH_BOOTSTRAP_TOKEN to the token Hookline was started with", noFile);
        }
        Metadata headers = new Metadata();
        headers.put(Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER), "Bearer " + token.trim());
        return MetadataUtils.newAttachHeadersInterceptor(headers);
    }

    static Result run(int port, int streams, int events, int rate,
                      Function<String, RunCompletion> eventFor, Duration ackWait) throws InterruptedException {
        ManagedChannel channel = NettyChannelBuilder.forAddress("localhost", port).usePlaintext()
                .flowControlWindow(8 * 1024 * 1024).intercept(bearerToken()).build();
        Recorder latency = new Recorder(3);
        AtomicLong accepted = new AtomicLong();
        AtomicLong rejected = new AtomicLong();
        CountDownLatch done = new CountDownLatch(streams);
        Map<String, Long> sentAtMicros = new ConcurrentHashMap<>();
        List<Map<String, Long>> unackedByStream = new ArrayList<>();
        String runId = UUID.randomUUID().toString().substring(0, 8);
        int perStream = events / streams;
        long intervalNanos = rate == 0 ? 0 : TimeUnit.SECONDS.toNanos(1) * streams / rate;
        List<Thread> senders = new ArrayList<>();
        for (int s = 0; s < streams; s++) {
            int stream = s;
            Map<String, Long> sentAt = new ConcurrentHashMap<>();
            unackedByStream.add(sentAt);
            Object ready = new Object();
            ClientResponseObserver<RunCompletion, ReportAck> observer = new ClientResponseObserver<>() {
                @Override
                public void beforeStart(ClientCallStreamObserver<RunCompletion> requests) {
                    // grpc-java allows the readiness callback only here, before the call starts.
                    requests.setOnReadyHandler(() -> {
                        synchronized (ready) {
                            ready.notifyAll();
                        }
                    });
                }

                @Override
                public void onNext(ReportAck ack) {
                    Long sent = sentAt.remove(ack.getEventId());
                    if (sent != null) {
                        latency.recordValue(System.nanoTime() - sent);
                    }
                    (ack.getResult() == ReportResult.REPORT_RESULT_REJECTED ? rejected : accepted).incrementAndGet();
                }

                @Override
                public void onError(Throwable t) {
                    System.err.println("stream " + stream + " failed: " + t);
                    done.countDown();
                }

                @Override
                public void onCompleted() {
                    done.countDown();
                }
            };
            @SuppressWarnings("unchecked")
            ClientCallStreamObserver<RunCompletion> requests = (ClientCallStreamObserver<RunCompletion>)
                    HookServiceGrpc.newStub(channel).report(observer);
            // Built before the clock starts: the generator shares two cores with what it measures.
            List<RunCompletion> batch = new ArrayList<>(perStream);
            for (int i = 0; i < perStream; i++) {
                batch.add(eventFor.apply("bench-" + runId + "-" + stream + "-" + i));
            }
            Thread sender = new Thread(() -> {
                long next = System.nanoTime();
                for (RunCompletion event : batch) {
                    if (intervalNanos > 0) {
                        next += intervalNanos;
                        long wait = next - System.nanoTime();
                        if (wait > 0) {
                            LockSupport.parkNanos(wait);
                        }
                    } else {
                        synchronized (ready) {
                            while (!requests.isReady()) {
                                try {
                                    ready.wait(10);
                                } catch (InterruptedException e) {
                                    Thread.currentThread().interrupt();
                                    return;
                                }
                            }
                        }
                    }
                    sentAt.put(event.getEventId(), System.nanoTime());
                    sentAtMicros.put(event.getEventId(), BenchSink.wallMicros());
                    synchronized (requests) {
                        requests.onNext(event);
                    }
                }
                requests.onCompleted();
            }, "sender-" + stream);
            sender.setDaemon(true);
            senders.add(sender);
        }
        long startedAt = System.nanoTime();
        senders.forEach(Thread::start);
        done.await(ackWait.toNanos(), TimeUnit.NANOSECONDS);
        long unacked = 0;
        long now = System.nanoTime();
        for (Map<String, Long> sentAt : unackedByStream) {
            for (Long sent : sentAt.values()) {
                latency.recordValue(now - sent);
                unacked++;
            }
        }
        double seconds = (System.nanoTime() - startedAt) / 1e9;
        channel.shutdownNow();
        return new Result(runId, streams, perStream * streams, rate, accepted.get(), rejected.get(), unacked, seconds,
                latency.getIntervalHistogram(), sentAtMicros);
    }

    static RunCompletion event(String eventId) {
        return RunCompletion.newBuilder()
                .setEventId(eventId)
                .setRun(Run.newBuilder()
                        .setUuid(UUID.randomUUID().toString().replace("-", ""))
                        .setName("train-" + (eventId.hashCode() & 63))
                        .setKind("job")
                        .setProject("bench/load")
                        .setStatus((eventId.hashCode() & 3) == 0 ? "failed" : "succeeded")
                        .setStartedAt(Timestamp.newBuilder().setSeconds(1_700_000_000))
                        .setFinishedAt(Timestamp.newBuilder().setSeconds(1_700_000_600))
                        .setOutputs(Struct.newBuilder()
                                .putFields("loss", Value.newBuilder().setNumberValue(0.42).build())
                                .putFields("accuracy", Value.newBuilder().setNumberValue(0.91).build())))
                .build();
    }
}
