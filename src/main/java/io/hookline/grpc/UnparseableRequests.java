package io.hookline.grpc;

import com.google.protobuf.Message;
import io.grpc.Attributes;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.SecurityLevel;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerMethodDefinition;
import io.grpc.ServerServiceDefinition;
import io.grpc.ServiceDescriptor;
import io.grpc.Status;

import java.util.ArrayList;
import java.util.List;

/**
 * Ends a call whose request bytes do not parse (invalid UTF-8 in a string, nesting past
 * protobuf's 100 levels, a cut message) with INVALID_ARGUMENT naming the message.
 *
 * <p>The unified Vert.x transport decodes each message in its own read loop
 * ({@code io.vertx.grpc.server.impl.GrpcServiceBridgeImpl}, vertx-grpc 4.5): when the marshaller
 * throws, the message is lost before any listener or interceptor sees it and the call is never
 * closed, so a Report stream stalled with no status and Notify got INTERNAL "Half-closed without a
 * request". Here each method's marshaller is {@link LenientMarshaller}, and the failure reaches
 * the call as an {@link InboundMessage}: a unary call is closed at once; a stream is half-closed
 * before the bad message, so the events before it are answered as usual, then it ends with the
 * failure instead of OK. Nothing after the bad message is read.
 */
final class UnparseableRequests {

    private UnparseableRequests() {
    }

    /** The service with every method's requests read by {@link LenientMarshaller}. */
    static ServerServiceDefinition answered(ServerServiceDefinition service) {
        ServiceDescriptor original = service.getServiceDescriptor();
        ServiceDescriptor.Builder descriptor = ServiceDescriptor.newBuilder(original.getName())
                .setSchemaDescriptor(original.getSchemaDescriptor());
        List<ServerMethodDefinition<?, ?>> methods = new ArrayList<>();
        for (ServerMethodDefinition<?, ?> method : service.getMethods()) {
            ServerMethodDefinition<?, ?> lenient = lenient(method);
            descriptor.addMethod(lenient.getMethodDescriptor());
            methods.add(lenient);
        }
        ServerServiceDefinition.Builder rewritten = ServerServiceDefinition.builder(descriptor.build());
        methods.forEach(rewritten::addMethod);
        return rewritten.build();
    }

    private static <Q, A> ServerMethodDefinition<InboundMessage<Q>, A> lenient(ServerMethodDefinition<Q, A> method) {
        MethodDescriptor<Q, A> strict = method.getMethodDescriptor();
        MethodDescriptor<InboundMessage<Q>, A> lenient = strict
                .toBuilder(new LenientMarshaller<>(strict.getRequestMarshaller()), strict.getResponseMarshaller())
                .build();
        ServerCallHandler<Q, A> handler = method.getServerCallHandler();
        return ServerMethodDefinition.create(lenient, (call, headers) -> {
            ParsedCall<Q, A> parsed = new ParsedCall<>(call, strict);
            return new ParsedListener<>(handler.startCall(parsed, headers), parsed, strict);
        });
    }

    /**
     * The request's protobuf type, read only when a message does not parse: a generated message's
     * descriptor builds its reflective field accessors on first use (0.03–0.05 s at start for
     * the services' request types, when it was read as each method was bound).
     */
    private static String requestTypeName(MethodDescriptor<?, ?> method) {
        if (method.getRequestMarshaller() instanceof MethodDescriptor.PrototypeMarshaller<?> prototype
                && prototype.getMessagePrototype() instanceof Message message) {
            return message.getDescriptorForType().getFullName();
        }
        return "request";
    }

    /** Hands the parsed messages on; at the first unparseable one, ends the call as the class says. */
    private static final class ParsedListener<Q, A> extends ServerCall.Listener<InboundMessage<Q>> {

        private final ServerCall.Listener<Q> delegate;
        private final ParsedCall<Q, A> call;
        private final MethodDescriptor<Q, A> method;
        private long received;
        private boolean unparseable;

        ParsedListener(ServerCall.Listener<Q> delegate, ParsedCall<Q, A> call, MethodDescriptor<Q, A> method) {
            this.delegate = delegate;
            this.call = call;
            this.method = method;
        }

        @Override
        public void onMessage(InboundMessage<Q> message) {
            if (unparseable) {
                return;
            }
            received++;
            if (message.parsed()) {
                delegate.onMessage(message.message());
                return;
            }
            unparseable = true;
            Status failure = Status.INVALID_ARGUMENT.withDescription("message " + received + " of this call is not a valid "
                    + requestTypeName(method) + " (" + message.problem() + ")"
                    + (call.oneRequest() ? "" : "; the messages before it were answered, it and any after it were not read"));
            call.failWith(failure);
            if (!call.oneRequest()) {
                delegate.onHalfClose();
            }
        }

        @Override
        public void onHalfClose() {
            if (!unparseable) {
                delegate.onHalfClose();
            }
        }

        @Override
        public void onCancel() {
            delegate.onCancel();
        }

        @Override
        public void onComplete() {
            delegate.onComplete();
        }

        @Override
        public void onReady() {
            delegate.onReady();
        }
    }

    /**
     * The call as the service sees it, with its original request type. After an unparseable
     * message a unary call is closed here, and the service's own close is dropped; a stream's
     * close with OK, once the messages before it are answered, becomes the failure.
     */
    private static final class ParsedCall<Q, A> extends ServerCall<Q, A> {

        private final ServerCall<InboundMessage<Q>, A> delegate;
        private final MethodDescriptor<Q, A> method;
        private volatile Status failure;
        private volatile boolean closedHere;

        ParsedCall(ServerCall<InboundMessage<Q>, A> delegate, MethodDescriptor<Q, A> method) {
            this.delegate = delegate;
            this.method = method;
        }

        boolean oneRequest() {
            return method.getType().clientSendsOneMessage();
        }

        void failWith(Status status) {
            failure = status;
            if (oneRequest()) {
                closedHere = true;
                delegate.close(status, new Metadata());
            }
        }

        @Override
        public void close(Status status, Metadata trailers) {
            if (closedHere) {
                return;
            }
            Status unparseable = failure;
            delegate.close(unparseable != null && status.isOk() ? unparseable : status, trailers);
        }

        @Override
        public void request(int numMessages) {
            delegate.request(numMessages);
        }

        @Override
        public void sendHeaders(Metadata headers) {
            delegate.sendHeaders(headers);
        }

        @Override
        public void sendMessage(A message) {
            delegate.sendMessage(message);
        }

        @Override
        public boolean isReady() {
            return delegate.isReady();
        }

        @Override
        public boolean isCancelled() {
            return delegate.isCancelled();
        }

        @Override
        public void setMessageCompression(boolean enabled) {
            delegate.setMessageCompression(enabled);
        }

        @Override
        public void setCompression(String compressor) {
            delegate.setCompression(compressor);
        }

        @Override
        public Attributes getAttributes() {
            return delegate.getAttributes();
        }

        @Override
        public String getAuthority() {
            return delegate.getAuthority();
        }

        @Override
        public SecurityLevel getSecurityLevel() {
            return delegate.getSecurityLevel();
        }

        @Override
        public MethodDescriptor<Q, A> getMethodDescriptor() {
            return method;
        }
    }
}
