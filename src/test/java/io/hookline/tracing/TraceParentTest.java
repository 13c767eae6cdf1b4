package io.hookline.tracing;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.TraceFlags;
import io.opentelemetry.api.trace.TraceState;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** A stored traceparent names its span exactly; one that is empty or damaged starts no trace and breaks nothing. */
class TraceParentTest {

    private static final SpanContext SPAN = SpanContext.create("4bf92f3577b34da6a3ce929d0e0e4736", "00f067aa0ba902b7",
            TraceFlags.getSampled(), TraceState.getDefault());

    @Test
    void aSpansTraceparentIsTheW3cHeaderAndNamesTheSameSpanWhenReadBack() {
        String traceParent = TraceParent.of(SPAN);

        assertThat(traceParent).isEqualTo("00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01");
        SpanContext read = Span.fromContext(TraceParent.parent(traceParent)).getSpanContext();
        assertThat(read.getTraceId()).isEqualTo(SPAN.getTraceId());
        assertThat(read.getSpanId()).isEqualTo(SPAN.getSpanId());
        assertThat(read.isRemote()).isTrue();
    }

    @Test
    void anInvalidSpanWhichEverySpanIsWithTracingOffHasNoTraceparent() {
        assertThat(TraceParent.of(SpanContext.getInvalid())).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "garbage", "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7",
            "00-00000000000000000000000000000000-00f067aa0ba902b7-01", "zz-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01"})
    void anEmptyOrDamagedStoredTraceparentGivesNoParent(String stored) {
        assertThat(Span.fromContext(TraceParent.parent(stored)).getSpanContext().isValid()).isFalse();
    }
}
