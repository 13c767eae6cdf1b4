package io.hookline.grpc;

import io.hookline.intake.RunCompletionValidator;
import com.google.protobuf.Struct;
import com.google.protobuf.Timestamp;
import io.hookline.api.v1.Run;
import io.hookline.api.v1.StatusCondition;
import io.hookline.resolve.RunFacts;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/** The API's Run as plain data: the one place gRPC run types are converted. */
public final class RunFactsMapper {

    private RunFactsMapper() {
    }

    public static RunFacts toFacts(Run run) {
        return new RunFacts(
                RunCompletionValidator.normalizeRunUuid(run.getUuid()),
                run.getName(),
                run.getKind(),
                run.getProject(),
                run.getStatus(),
                run.hasCreatedAt() ? instant(run.getCreatedAt()) : null,
                run.hasStartedAt() ? instant(run.getStartedAt()) : null,
                // A run without finished_at finished when its agent reported it.
                run.hasFinishedAt() ? instant(run.getFinishedAt()) : Instant.now(),
                plain(run.getInputs()),
                plain(run.getOutputs()),
                plain(run.getGlobals()),
                Map.copyOf(run.getLabelsMap()),
                run.hasCondition() ? condition(run.getCondition()) : Map.of());
    }

    private static Map<String, Object> plain(Struct struct) {
        Map<String, Object> map = new LinkedHashMap<>();
        struct.getFieldsMap().forEach((k, v) -> map.put(k, HookProtoMapper.toPlain(v)));
        return map;
    }

    private static Map<String, Object> condition(StatusCondition c) {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("type", c.getType());
        map.put("status", c.getStatus());
        map.put("reason", c.getReason());
        map.put("message", c.getMessage());
        map.put("last_update_time", c.hasLastUpdateTime() ? instant(c.getLastUpdateTime()).toString() : null);
        map.put("last_transition_time", c.hasLastTransitionTime() ? instant(c.getLastTransitionTime()).toString() : null);
        return map;
    }

    static Instant instant(Timestamp ts) {
        return Instant.ofEpochSecond(ts.getSeconds(), ts.getNanos());
    }
}
