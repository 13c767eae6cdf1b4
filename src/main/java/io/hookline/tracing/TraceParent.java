package io.hookline.tracing;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.propagation.TextMapGetter;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A span's W3C {@code traceparent}: what a delivery keeps of its event's trace in the outbox, and
 * the header a receiver gets. Written and read by OpenTelemetry's own W3C propagator, so the format
 * (and a malformed stored value) is handled as every other OpenTelemetry service handles it.
 */
public final class TraceParent {

    /** The header name, lower case as the W3C Trace Context recommends. */
    public static final String HEADER = "traceparent";

    private static final W3CTraceContextPropagator W3C = W3CTraceContextPropagator.getInstance();

    private static final TextMapGetter<String> ONE_VALUE = new TextMapGetter<>() {
        @Override
        public Iterable<String> keys(String carrier) {
            return List.of(HEADER);
        }

        @Override
        public String get(String carrier, String key) {
            return HEADER.equals(key) ? carrier : null;
        }
    };

    private TraceParent() {
    }

    /** The traceparent of {@code span}; empty when it is invalid, as every span is with tracing off. */
    public static String of(SpanContext span) {
        if (!span.isValid()) {
            return "";
        }
        Map<String, String> carrier = new HashMap<>(2);
        W3C.inject(Context.root().with(Span.wrap(span)), carrier, Map::put);
        return carrier.getOrDefault(HEADER, "");
    }

    /** A context whose parent is the span {@code traceparent} names; the root context for an empty or malformed one. */
    public static Context parent(String traceparent) {
        if (traceparent == null || traceparent.isEmpty()) {
            return Context.root();
        }
        return W3C.extract(Context.root(), traceparent, ONE_VALUE);
    }
}
