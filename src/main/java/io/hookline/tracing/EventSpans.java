package io.hookline.tracing;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanBuilder;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.Tracer;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Starts the trace of each reported event. Every event is the root of its own trace: one Report
 * stream carries thousands of events over hours, and one trace per stream would be unreadable.
 * The event's span links to the gRPC call's span instead, so the call is one click away.
 */
@ApplicationScoped
public class EventSpans {

    private final Tracer tracer;

    EventSpans(Tracer tracer) {
        this.tracer = tracer;
    }

    public EventTrace start(String eventId, String runUuid, String project) {
        // CONSUMER: an event taken off a stream, which is how tracing backends find where a trace enters a service.
        SpanBuilder builder = tracer.spanBuilder("intake").setNoParent().setSpanKind(SpanKind.CONSUMER)
                .setAttribute(SpanAttributes.EVENT_ID, eventId);
        if (runUuid != null) {
            builder.setAttribute(SpanAttributes.RUN_UUID, runUuid);
        }
        if (project != null) {
            builder.setAttribute(SpanAttributes.PROJECT, project);
        }
        SpanContext call = Span.current().getSpanContext();
        if (call.isValid()) {
            builder.addLink(call);
        }
        return new EventTrace(tracer, builder.startSpan());
    }
}
