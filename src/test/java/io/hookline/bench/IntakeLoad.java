package io.hookline.bench;

import com.google.protobuf.Struct;
import com.google.protobuf.Timestamp;
import com.google.protobuf.Value;
import io.grpc.ManagedChannel;
import io.grpc.stub.ClientCallStreamObserver;
import io.grpc.stub.ClientResponseObserver;
import io.hookline.api.v1.HookServiceGrpc;
import io.hookline.api.v1.ReportAck;
import io.hookline.api.v1.ReportResult;
import io.hookline.api.v1.Run;
import io.hookline.api.v1.RunCompletion;
import org.HdrHistogram.Recorder;
import org.HdrHistogram.Histogram;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * Load generator for intake: N Report streams sending RunCompletions, either as fast as flow
 * control allows or at a fixed total rate, measuring acked events per second and the latency
 * from send to ack (HdrHistogram). Only ever targets localhost.
 *
 * <p>Usage: {@code IntakeLoad <port> <streams> <events> <rate per second, 0 = max> [warm-up seconds]}.
 * The warm-up sends at the same rate from the same JVM and is not measured: on two cores a cold
 * load generator's JIT would otherwise take CPU from the server and Postgres and be counted as
 * Hookline's latency.
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
        java.util.function.Function<String, RunCompletion> eventFor =
                id -> event(id).toBuilder().setHooksYaml(hooks).build();
        if (warmupSeconds > 0) {
            run(port, streams, (rate == 0 ? 10_000 : rate) * warmupSeconds, rate, eventFor);
        }
        Result result = run(port, streams, events, rate, eventFor);
        System.out.println(result.json());
    }

    record Result(int streams, int events, int rate, long accepted, long rejected, double seconds, Histogram latency) {
        String json() {
            return String.format("{\"streams\":%d,\"events\":%d,\"target_rate\":%d,\"accepted\":%d,\"rejected\":%d,"
                            + "\"seconds\":%.3f,\"acked_per_second\":%.0f,\"p50_ms\":%.2f,\"p99_ms\":%.2f,\"max_ms\":%.2f}",
                    streams, events, rate, accepted, rejected, seconds, accepted / seconds,
                    latency.getValueAtPercentile(50) / 1e6, latency.getValueAtPercentile(99) / 1e6,
                    latency.getMaxValue() / 1e6);
        }
    }

    static Result run(int port, int streams, int events, int rate,
                      java.util.function.Function<String, RunCompletion> eventFor) throws InterruptedException {
        ManagedChannel channel = io.grpc.netty.NettyChannelBuilder.forAddress("localhost", port).usePlaintext()
                .flowControlWindow(8 * 1024 * 1024).build();
        Recorder latency = new Recorder(3);
        AtomicLong accepted = new AtomicLong();
        AtomicLong rejected = new AtomicLong();
        CountDownLatch done = new CountDownLatch(streams);
        String runId = UUID.randomUUID().toString().substring(0, 8);
        int perStream = events / streams;
        long intervalNanos = rate == 0 ? 0 : TimeUnit.SECONDS.toNanos(1) * streams / rate;
        List<Thread> senders = new ArrayList<>();
        for (int s = 0; s < streams; s++) {
            int stream = s;
            Map<String, Long> sentAt = new ConcurrentHashMap<>();
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
        done.await(10, TimeUnit.MINUTES);
        double seconds = (System.nanoTime() - startedAt) / 1e9;
        channel.shutdownNow();
        return new Result(streams, perStream * streams, rate, accepted.get(), rejected.get(), seconds,
                latency.getIntervalHistogram());
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
