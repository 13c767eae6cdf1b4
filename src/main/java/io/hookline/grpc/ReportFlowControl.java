package io.hookline.grpc;

import io.grpc.ForwardingServerCall;
import io.grpc.ForwardingServerCallListener;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.hookline.api.v1.HookServiceGrpc;
import io.hookline.intake.IntakeConfig;
import io.quarkus.grpc.GlobalInterceptor;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.ArrayDeque;

/**
 * Real inbound flow control for Report streams. The generated Mutiny plumbing reads every message
 * the client sends into an unbounded buffer (grpc-java's automatic inbound flow control asks for
 * the next message as soon as one arrives), so a stream's own window limited processing, not
 * reading. This interceptor holds back the plumbing's requests for more messages while the stream
 * has {@code max-inflight-per-stream} events or {@code max-inflight-bytes-per-stream} bytes not yet
 * acknowledged; HTTP/2 flow control then stops the client. Each ack answers the oldest event, so
 * acks free capacity in order.
 */
@GlobalInterceptor
@ApplicationScoped
public class ReportFlowControl implements ServerInterceptor {

    private static final String REPORT = HookServiceGrpc.getReportMethod().getFullMethodName();

    private final IntakeConfig config;

    ReportFlowControl(IntakeConfig config) {
        this.config = config;
    }

    @Override
    public <Q, A> ServerCall.Listener<Q> interceptCall(ServerCall<Q, A> call, Metadata headers,
                                                       ServerCallHandler<Q, A> next) {
        if (!REPORT.equals(call.getMethodDescriptor().getFullMethodName())) {
            return next.startCall(call, headers);
        }
        Window<Q, A> window = new Window<>(call, config.maxInflightPerStream(), config.maxInflightBytesPerStream());
        return new ForwardingServerCallListener.SimpleForwardingServerCallListener<>(next.startCall(window, headers)) {
            @Override
            public void onMessage(Q message) {
                window.received(message);
                super.onMessage(message);
            }
        };
    }

    /** The call as the plumbing sees it: its requests for more are granted only within the window. */
    private static final class Window<Q, A> extends ForwardingServerCall.SimpleForwardingServerCall<Q, A> {

        private final int maxMessages;
        private final long maxBytes;
        private final ArrayDeque<Integer> unanswered = new ArrayDeque<>();
        private long unansweredBytes;
        private int wanted;
        private int requested;

        Window(ServerCall<Q, A> call, int maxMessages, long maxBytes) {
            super(call);
            this.maxMessages = maxMessages;
            this.maxBytes = maxBytes;
        }

        @Override
        public void request(int count) {
            synchronized (this) {
                wanted += count;
            }
            grant();
        }

        @Override
        public void sendMessage(A message) {
            synchronized (this) {
                Integer size = unanswered.poll();
                if (size != null) {
                    unansweredBytes -= size;
                }
            }
            super.sendMessage(message);
            grant();
        }

        void received(Q message) {
            int size = InboundMessage.bytesOf(message);
            synchronized (this) {
                requested--;
                unanswered.add(size);
                unansweredBytes += size;
            }
        }

        private void grant() {
            int grant;
            synchronized (this) {
                int room = maxMessages - unanswered.size() - requested;
                grant = unansweredBytes >= maxBytes ? 0 : Math.min(wanted, room);
                if (grant <= 0) {
                    return;
                }
                wanted -= grant;
                requested += grant;
            }
            super.request(grant);
        }
    }
}
