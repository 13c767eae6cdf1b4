package io.hookline.testing;

import com.google.protobuf.ListValue;
import com.google.protobuf.Struct;
import com.google.protobuf.Value;
import io.grpc.MethodDescriptor;
import io.hookline.api.v1.RunCompletion;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/**
 * Request bytes sent as they are, so a test can send what no well-behaved client would: messages
 * that do not parse as the method's request type.
 */
public final class RawMessages implements MethodDescriptor.Marshaller<byte[]> {

    /** "é" in UTF-8; its continuation byte is the one {@link #withInvalidUtf8} breaks. */
    private static final byte[] E_ACUTE = {(byte) 0xC3, (byte) 0xA9};

    private RawMessages() {
    }

    /** {@code method} with byte-array requests, its answers parsed as usual. */
    public static <Q, A> MethodDescriptor<byte[], A> sending(MethodDescriptor<Q, A> method) {
        return method.toBuilder(new RawMessages(), method.getResponseMarshaller()).build();
    }

    /** The event's bytes with its run name made invalid UTF-8 (a lead byte without its continuation). */
    public static byte[] withInvalidUtf8(RunCompletion event) {
        byte[] bytes = event.toBuilder().setRun(event.getRun().toBuilder().setName("\u00e9")).build().toByteArray();
        for (int i = 0; i + 1 < bytes.length; i++) {
            if (bytes[i] == E_ACUTE[0] && bytes[i + 1] == E_ACUTE[1]) {
                bytes[i + 1] = '(';
                return bytes;
            }
        }
        throw new IllegalStateException("the run name's bytes are not in the event");
    }

    /**
     * The event with an output nested {@code levels} lists deep: each level is two messages
     * (a Value holding a ListValue), so past about 48 levels it exceeds protobuf's limit of 100
     * nested messages and no longer parses.
     */
    public static byte[] withOutputNested(RunCompletion event, int levels) {
        Value value = Value.newBuilder().setStringValue("leaf").build();
        for (int i = 0; i < levels; i++) {
            value = Value.newBuilder().setListValue(ListValue.newBuilder().addValues(value)).build();
        }
        return event.toBuilder().setRun(event.getRun().toBuilder()
                .setOutputs(Struct.newBuilder().putFields("deep", value))).build().toByteArray();
    }

    @Override
    public InputStream stream(byte[] value) {
        return new ByteArrayInputStream(value);
    }

    @Override
    public byte[] parse(InputStream stream) {
        try {
            return stream.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
