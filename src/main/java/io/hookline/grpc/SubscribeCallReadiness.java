package io.hookline.grpc;

import io.hookline.status.TransportReadiness;
import io.grpc.Context;
import io.grpc.Contexts;
import io.grpc.ForwardingServerCallListener;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.hookline.api.v1.HookServiceGrpc;
import io.quarkus.grpc.GlobalInterceptor;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Hands the Subscribe call's transport readiness to the stream through the gRPC {@link Context}:
 * Quarkus's Mutiny stubs do not expose it, and the subscriber's buffer bound depends on it.
 * Other methods pass through untouched.
 */
@GlobalInterceptor
@ApplicationScoped
public class SubscribeCallReadiness implements ServerInterceptor {

    private static final Context.Key<CallReadiness> KEY = Context.key("hookline-subscribe-readiness");
    private static final String SUBSCRIBE = HookServiceGrpc.getSubscribeMethod().getFullMethodName();

    /** The readiness of the Subscribe call being served on this thread, or always ready outside one. */
    public static TransportReadiness current() {
        CallReadiness readiness = KEY.get();
        return readiness == null ? TransportReadiness.ALWAYS : readiness;
    }

    @Override
    public <Q, A> ServerCall.Listener<Q> interceptCall(ServerCall<Q, A> call, Metadata headers,
                                                       ServerCallHandler<Q, A> next) {
        if (!SUBSCRIBE.equals(call.getMethodDescriptor().getFullMethodName())) {
            return next.startCall(call, headers);
        }
        CallReadiness readiness = new CallReadiness(call);
        ServerCall.Listener<Q> listener = Contexts.interceptCall(Context.current().withValue(KEY, readiness),
                call, headers, next);
        return new ForwardingServerCallListener.SimpleForwardingServerCallListener<>(listener) {
            @Override
            public void onReady() {
                readiness.ready();
                super.onReady();
            }
        };
    }

    private static final class CallReadiness implements TransportReadiness {

        private final ServerCall<?, ?> call;
        private volatile Runnable onReady = () -> {
        };

        CallReadiness(ServerCall<?, ?> call) {
            this.call = call;
        }

        @Override
        public boolean isReady() {
            return call.isReady();
        }

        @Override
        public void whenReady(Runnable onReady) {
            this.onReady = onReady;
        }

        void ready() {
            onReady.run();
        }
    }
}
