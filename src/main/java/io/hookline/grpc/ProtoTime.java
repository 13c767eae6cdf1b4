package io.hookline.grpc;

import com.google.protobuf.Timestamp;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

/** The one conversion between protobuf Timestamps and Java times. */
public final class ProtoTime {

    private ProtoTime() {
    }

    public static Timestamp timestamp(OffsetDateTime time) {
        return Timestamp.newBuilder().setSeconds(time.toEpochSecond()).setNanos(time.getNano()).build();
    }

    public static Timestamp timestamp(Instant time) {
        return Timestamp.newBuilder().setSeconds(time.getEpochSecond()).setNanos(time.getNano()).build();
    }

    public static Instant instant(Timestamp ts) {
        return Instant.ofEpochSecond(ts.getSeconds(), ts.getNanos());
    }

    public static OffsetDateTime offsetDateTime(Timestamp ts) {
        return OffsetDateTime.ofInstant(instant(ts), ZoneOffset.UTC);
    }
}
