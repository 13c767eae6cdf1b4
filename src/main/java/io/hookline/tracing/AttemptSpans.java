package io.hookline.tracing;

import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.Tracer;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.UUID;

/**
 * Starts the span of a delivery's attempt as a child of its event's intake span, named by the
 * traceparent stored with the delivery: the attempt may be made minutes later, after retries, by
 * another replica, and still joins the event's trace.
 */
@ApplicationScoped
public class AttemptSpans {

    private final Tracer tracer;

    AttemptSpans(Tracer tracer) {
        this.tracer = tracer;
    }

    /**
     * @param eventTraceParent the traceparent stored with the delivery; empty when its event was not
     *                         traced, and then the attempt is not either (no span is started)
     */
    public AttemptTrace start(String eventTraceParent, UUID deliveryId, String connection, int attempt) {
        if (eventTraceParent.isEmpty()) {
            return AttemptTrace.NONE;
        }
        return new AttemptTrace(tracer.spanBuilder("attempt").setParent(TraceParent.parent(eventTraceParent))
                .setSpanKind(SpanKind.CLIENT)
                .setAttribute(SpanAttributes.DELIVERY_ID, deliveryId.toString())
                .setAttribute(SpanAttributes.CONNECTION, connection == null ? "" : connection)
                .setAttribute(SpanAttributes.ATTEMPT, (long) attempt)
                .startSpan());
    }
}
