package io.hookline.tracing;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;

/**
 * One reported event's trace: its intake span, from the message to its answer, and the planning
 * of its hooks inside it. {@link #traceParent()} is stored with each of its deliveries so that
 * their attempts, made later by any replica, join the same trace.
 */
public final class EventTrace {

    /** The trace of an event when tracing is off, or of an event that is not traced (Preview). */
    public static final EventTrace NONE = new EventTrace(null, Span.getInvalid());

    private final Tracer tracer;
    private final Span intake;
    private final String traceParent;

    EventTrace(Tracer tracer, Span intake) {
        this.tracer = tracer;
        this.intake = intake;
        this.traceParent = TraceParent.of(intake.getSpanContext());
    }

    /** The intake span's traceparent; empty when tracing is off. */
    public String traceParent() {
        return traceParent;
    }

    /** Starts the span of planning the event's hooks; the caller ends it. */
    public Span startPlanning(int hooks) {
        if (tracer == null || !intake.getSpanContext().isValid()) {
            return Span.getInvalid();
        }
        return tracer.spanBuilder("plan").setParent(Context.root().with(intake))
                .setAttribute(SpanAttributes.HOOKS, hooks).startSpan();
    }

    /** The event was answered: accepted, duplicate, or rejected with {@code code}. */
    public void answered(String result) {
        intake.setAttribute(SpanAttributes.RESULT, result);
        intake.end();
    }

    /** The event could not be answered (the database, a full queue): the agent resends it. */
    public void failed(Throwable failure) {
        intake.recordException(failure);
        intake.setStatus(StatusCode.ERROR, failure.getClass().getSimpleName());
        intake.end();
    }
}
