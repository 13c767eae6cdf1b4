package io.hookline.tracing;

import com.sun.management.ThreadMXBean;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.BatchSpanProcessor;
import io.opentelemetry.sdk.trace.export.SpanExporter;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.UUID;

/**
 * A micro-measure, not a test: the CPU time tracing adds to one event with one delivery (its
 * intake span, its planning span, one attempt span and the traceparents stored and sent), with
 * tracing off (OpenTelemetry's no-op tracer, which Quarkus gives with {@code quarkus.otel.sdk.disabled=true})
 * and on (the SDK, every span sampled, batched to an exporter that drops them).
 *
 * <p>Run: {@code ./mvnw -B -q -o test-compile -DskipBufLint=true && java -cp
 * target/test-classes:target/classes:$(cat target/classpath.txt) io.hookline.tracing.TracingCost [events]}
 * (the classpath from {@code ./mvnw -B -q -o dependency:build-classpath -Dmdep.outputFile=target/classpath.txt}).
 */
public final class TracingCost {

    private static final ThreadMXBean THREADS = (ThreadMXBean) ManagementFactory.getThreadMXBean();
    private static final int ROUNDS = 15;
    private static final int WARMUP_ROUNDS = 3;

    private TracingCost() {
    }

    public static void main(String[] args) {
        int events = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
        Tracer off = OpenTelemetry.noop().getTracer("hookline");
        SdkTracerProvider sdk = SdkTracerProvider.builder()
                .addSpanProcessor(BatchSpanProcessor.builder(new DroppingExporter()).build()).build();
        Tracer on = sdk.get("hookline");
        System.out.printf("tracing off: %.0f ns CPU per event%n", nanosPerEvent(off, events));
        System.out.printf("tracing on:  %.0f ns CPU per event (spans batched, then dropped)%n", nanosPerEvent(on, events));
        sdk.close();
    }

    /** The median over rounds of the CPU time one event's tracing takes on this thread. */
    private static double nanosPerEvent(Tracer tracer, int events) {
        EventSpans eventSpans = new EventSpans(tracer);
        AttemptSpans attemptSpans = new AttemptSpans(tracer);
        String eventId = "event-" + UUID.randomUUID();
        UUID deliveryId = UUID.randomUUID();
        List<Double> rounds = new ArrayList<>();
        long sink = 0;
        for (int round = 0; round < WARMUP_ROUNDS + ROUNDS; round++) {
            long start = THREADS.getCurrentThreadCpuTime();
            for (int i = 0; i < events; i++) {
                EventTrace trace = eventSpans.start(eventId, "8a1e0c", "acme/vision");
                Span planning = trace.startPlanning(1);
                planning.end();
                trace.answered("accepted");
                AttemptTrace attempt = attemptSpans.start(trace.traceParent(), deliveryId, "team-webhook", 1);
                sink += attempt.traceParent().length();
                attempt.ended(200, "delivered", null);
            }
            double perEvent = (double) (THREADS.getCurrentThreadCpuTime() - start) / events;
            if (round >= WARMUP_ROUNDS) {
                rounds.add(perEvent);
            }
        }
        if (sink < 0) {
            System.out.println(sink);
        }
        rounds.sort(Double::compare);
        return rounds.get(rounds.size() / 2);
    }

    private static final class DroppingExporter implements SpanExporter {
        @Override
        public CompletableResultCode export(Collection<SpanData> spans) {
            return CompletableResultCode.ofSuccess();
        }

        @Override
        public CompletableResultCode flush() {
            return CompletableResultCode.ofSuccess();
        }

        @Override
        public CompletableResultCode shutdown() {
            return CompletableResultCode.ofSuccess();
        }
    }
}
