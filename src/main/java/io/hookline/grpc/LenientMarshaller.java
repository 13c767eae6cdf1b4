package io.hookline.grpc;

import com.google.protobuf.MessageLite;
import io.grpc.MethodDescriptor;

import java.io.IOException;
import java.io.InputStream;

/**
 * Parses requests with the method's own marshaller but answers bytes that do not parse as an
 * {@link InboundMessage} saying why, instead of throwing: the Vert.x transport decodes messages
 * outside any listener, and drops a message whose marshaller throws without closing the call.
 */
final class LenientMarshaller<T> implements MethodDescriptor.Marshaller<InboundMessage<T>> {

    private final MethodDescriptor.Marshaller<T> strict;

    LenientMarshaller(MethodDescriptor.Marshaller<T> strict) {
        this.strict = strict;
    }

    @Override
    public InputStream stream(InboundMessage<T> value) {
        return strict.stream(value.message());
    }

    @Override
    public InboundMessage<T> parse(InputStream stream) {
        int bytes = available(stream);
        try {
            T message = strict.parse(stream);
            return new InboundMessage<>(message, message instanceof MessageLite proto ? proto.getSerializedSize() : bytes,
                    null);
        } catch (RuntimeException unparseable) {
            return new InboundMessage<>(null, bytes, reason(unparseable));
        }
    }

    private static int available(InputStream stream) {
        try {
            return stream.available();
        } catch (IOException e) {
            return 0;
        }
    }

    /**
     * Protobuf's own words, first sentence only: gRPC's marshaller wraps them in "Invalid protobuf
     * byte sequence", and the sentences after the first advise Java calls a client cannot make.
     */
    private static String reason(RuntimeException unparseable) {
        Throwable cause = unparseable.getCause() != null ? unparseable.getCause() : unparseable;
        String text = cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage().strip();
        int end = text.indexOf(". ");
        return end > 0 ? text.substring(0, end + 1) : text;
    }
}
