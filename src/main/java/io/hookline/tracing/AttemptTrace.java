package io.hookline.tracing;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.semconv.ErrorAttributes;
import io.opentelemetry.semconv.HttpAttributes;

/** The span of one attempt of a delivery, in its event's trace. */
public final class AttemptTrace {

    /** An attempt of a delivery whose event was not traced (tracing off when it was reported). */
    public static final AttemptTrace NONE = new AttemptTrace(Span.getInvalid());

    private final Span span;
    private final String traceParent;

    AttemptTrace(Span span) {
        this.span = span;
        this.traceParent = TraceParent.of(span.getSpanContext());
    }

    /** The {@code traceparent} the receiver gets: this attempt's span; empty when it is not traced. */
    public String traceParent() {
        return traceParent;
    }

    /**
     * The attempt is over.
     *
     * @param httpStatus the receiver's status, 0 for none
     * @param outcome    how it was classified (delivered, retry, failed...)
     * @param error      the kind of error without a response; null when there was a response
     */
    public void ended(int httpStatus, String outcome, String error) {
        if (span == Span.getInvalid()) {
            return;
        }
        if (httpStatus > 0) {
            span.setAttribute(HttpAttributes.HTTP_RESPONSE_STATUS_CODE, (long) httpStatus);
        }
        span.setAttribute(SpanAttributes.OUTCOME, outcome);
        if (error != null) {
            span.setAttribute(ErrorAttributes.ERROR_TYPE, error);
            span.setStatus(StatusCode.ERROR, error);
        } else if (httpStatus >= 400) {
            span.setStatus(StatusCode.ERROR, "HTTP " + httpStatus);
        }
        span.end();
    }
}
