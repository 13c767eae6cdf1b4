package io.hookline.testing;

import com.google.protobuf.Struct;
import com.google.protobuf.Timestamp;
import com.google.protobuf.Value;
import io.hookline.api.v1.Run;
import io.hookline.api.v1.RunCompletion;

import java.util.UUID;

/** RunCompletions for tests: a valid one by default, changed with toBuilder(). */
public final class Events {

    private Events() {
    }

    public static RunCompletion finished(String eventId, String status) {
        return RunCompletion.newBuilder()
                .setEventId(eventId)
                .setRun(Run.newBuilder()
                        .setUuid(UUID.randomUUID().toString().replace("-", ""))
                        .setName("train-resnet")
                        .setKind("job")
                        .setProject("acme/vision")
                        .setStatus(status)
                        .setStartedAt(Timestamp.newBuilder().setSeconds(1_700_000_000))
                        .setFinishedAt(Timestamp.newBuilder().setSeconds(1_700_000_600))
                        .setOutputs(Struct.newBuilder()
                                .putFields("loss", Value.newBuilder().setNumberValue(0.42).build())))
                .build();
    }

    public static RunCompletion succeeded(String eventId) {
        return finished(eventId, "succeeded");
    }
}
