package io.hookline.grpc;

import com.google.protobuf.MessageLite;

/**
 * A request message as the transport read it: the parsed message, or why its bytes are not one.
 * Interceptors see this type on the methods {@link UnparseableRequests} rewrites.
 *
 * @param message the parsed message; null when {@code problem} is set
 * @param bytes   the size of the message on the wire (its serialized size once parsed)
 * @param problem why the bytes did not parse; null when they did
 */
record InboundMessage<T>(T message, int bytes, String problem) {

    boolean parsed() {
        return problem == null;
    }

    /** The size of a request message as an interceptor sees it, whichever form it has. */
    static int bytesOf(Object message) {
        if (message instanceof InboundMessage<?> inbound) {
            return inbound.bytes();
        }
        return message instanceof MessageLite proto ? proto.getSerializedSize() : 0;
    }
}
