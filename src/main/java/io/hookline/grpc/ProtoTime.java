package io.hookline.grpc;

import com.google.protobuf.Timestamp;

import java.time.Instant;
import java.time.OffsetDateTime;

/** The one conversion between Java time and {@code google.protobuf.Timestamp}, nanoseconds kept. */
public final class ProtoTime {

    private ProtoTime() {
    }

    public static Timestamp timestamp(OffsetDateTime time) {
        return timestamp(time.toInstant());
    }

    public static Timestamp timestamp(Instant time) {
        return Timestamp.newBuilder().setSeconds(time.getEpochSecond()).setNanos(time.getNano()).build();
    }

    public static Instant instant(Timestamp timestamp) {
        return Instant.ofEpochSecond(timestamp.getSeconds(), timestamp.getNanos());
    }
}
