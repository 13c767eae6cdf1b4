package io.hookline.tracing;

import com.google.protobuf.ByteString;
import io.grpc.stub.StreamObserver;
import io.hookline.api.v1.HookServiceGrpc;
import io.hookline.api.v1.ReportAck;
import io.hookline.api.v1.RunCompletion;
import io.hookline.testing.HooklineProcess;
import io.hookline.testing.Sink;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.trace.v1.Span;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import static io.hookline.testing.Events.finished;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The packaged jar with tracing on, as an operator turns it on (docs/operations.md), exporting
 * over OTLP/HTTP to a receiver the test starts: each reported event is one trace, from its Report
 * message through the planning of its hooks to the attempt that sends it, and the receiver of the
 * hook gets a {@code traceparent} that puts its own work in that trace, under the attempt.
 */
class EventTracingIT {

    private static final int PORT = 18_241;
    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    private static final HexFormat HEX = HexFormat.of();

    private OtlpReceiver collector;
    private Sink sink;

    @Test
    void eachReportedEventIsOneTraceOfIntakePlanningAndAttemptAndTheReceiverGetsItsTraceparent() throws Exception {
        sink = Sink.start();
        Path dir = Path.of("target/it-tracing").toAbsolutePath();
        List<RunCompletion> events = List.of(event(), event());
        List<String> traceIds = new ArrayList<>();

        try (OtlpReceiver started = OtlpReceiver.start();
             HooklineProcess hookline = HooklineProcess.start(PORT, dir.resolve("hookline.log"),
                     "hookline.connections.file=src/test/resources/connections/hookline-test.yaml",
                     "hookline.embedded-postgres.data-dir=" + dir.resolve("postgres"),
                     "hookline.embedded-postgres.clean-start=true",
                     "quarkus.otel.sdk.disabled=false",
                     "quarkus.otel.exporter.otlp.traces.endpoint=" + started.endpoint(),
                     "quarkus.otel.exporter.otlp.traces.protocol=http/protobuf",
                     // Exported within a moment rather than every 5 s, so the test waits briefly.
                     "quarkus.otel.bsp.schedule.delay=50ms")) {
            collector = started;
            List<ReportAck> acks = report(hookline, events);

            assertThat(acks).hasSize(2);
            for (ReportAck ack : acks) {
                traceIds.add(assertOneTrace(ack.getEventId(), ack.getDeliveries(0).getDeliveryId()));
            }
            assertThat(collector.refused()).as("requests that were not an OTLP/HTTP protobuf export").isEmpty();
        }
        assertThat(traceIds).as("one trace per event, not per stream").doesNotHaveDuplicates();
    }

    private static List<ReportAck> report(HooklineProcess hookline, List<RunCompletion> events) throws Exception {
        List<ReportAck> acks = new CopyOnWriteArrayList<>();
        CompletableFuture<Void> ended = new CompletableFuture<>();
        StreamObserver<RunCompletion> stream = HookServiceGrpc.newStub(hookline.channel()).report(new StreamObserver<>() {
            @Override
            public void onNext(ReportAck ack) {
                acks.add(ack);
            }

            @Override
            public void onError(Throwable failure) {
                ended.completeExceptionally(failure);
            }

            @Override
            public void onCompleted() {
                ended.complete(null);
            }
        });
        events.forEach(stream::onNext);
        stream.onCompleted();
        ended.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        return acks;
    }

    /** The event's trace id, after checking its spans and what the hook's receiver got. */
    private String assertOneTrace(String eventId, String deliveryId) {
        Span intake = await("the intake span of " + eventId).atMost(TIMEOUT)
                .until(() -> find("intake", "hookline.event_id", eventId), Optional::isPresent).get();
        ByteString traceId = intake.getTraceId();
        Span attempt = await("the attempt span of " + deliveryId).atMost(TIMEOUT)
                .until(() -> find("attempt", "hookline.delivery_id", deliveryId), Optional::isPresent).get();
        Span plan = await("the planning span of " + eventId).atMost(TIMEOUT)
                .until(() -> collector.spans().stream()
                        .filter(s -> s.getName().equals("plan") && s.getTraceId().equals(traceId)).findFirst(),
                        Optional::isPresent).get();

        assertThat(intake.getParentSpanId()).as("the intake span is the root of the event's trace").isEmpty();
        assertThat(intake.getKind()).isEqualTo(Span.SpanKind.SPAN_KIND_CONSUMER);
        assertThat(intake.getLinksList()).as("the intake span links to the Report call's span").hasSize(1);
        assertThat(plan.getParentSpanId()).isEqualTo(intake.getSpanId());
        assertThat(attempt.getTraceId()).as("the attempt joins the event's trace through the outbox").isEqualTo(traceId);
        assertThat(attempt.getParentSpanId()).isEqualTo(intake.getSpanId());
        assertThat(attempt.getKind()).isEqualTo(Span.SpanKind.SPAN_KIND_CLIENT);
        assertThat(attribute(attempt, "hookline.connection")).isEqualTo("team-webhook");
        assertThat(attribute(attempt, "hookline.outcome")).isEqualTo("delivered");
        assertThat(attempt.getAttributesList()).filteredOn(a -> a.getKey().equals("http.response.status_code"))
                .extracting(a -> a.getValue().getIntValue()).containsExactly(200L);

        List<Sink.Received> received = sink.forDelivery(deliveryId);
        assertThat(received).hasSize(1);
        // version-traceid-parentid-flags; the parent is the attempt span, sampled.
        assertThat(received.get(0).headers().get("traceparent"))
                .isEqualTo("00-" + HEX.formatHex(traceId.toByteArray()) + "-"
                        + HEX.formatHex(attempt.getSpanId().toByteArray()) + "-01");
        return HEX.formatHex(traceId.toByteArray());
    }

    private Optional<Span> find(String name, String key, String value) {
        return collector.spans().stream()
                .filter(span -> span.getName().equals(name) && value.equals(attribute(span, key)))
                .findFirst();
    }

    private static String attribute(Span span, String key) {
        return span.getAttributesList().stream().filter(a -> a.getKey().equals(key))
                .map(KeyValue::getValue).map(v -> v.getStringValue()).findFirst().orElse(null);
    }

    private static RunCompletion event() {
        return finished("traced-" + UUID.randomUUID(), "failed").toBuilder()
                .setHooksYaml("- {hubRef: webhook, connection: team-webhook}").build();
    }
}
