package io.hookline.grpc;

import com.google.protobuf.Struct;
import com.google.protobuf.Timestamp;
import io.hookline.api.v1.Run;
import io.hookline.api.v1.RunCompletion;
import io.hookline.api.v1.StatusCondition;
import io.hookline.intake.ReportedEvent;
import io.hookline.intake.ReportedRun;

import java.util.LinkedHashMap;
import java.util.Map;

/** The API's RunCompletion as plain data: the one place gRPC run types are converted. */
public final class RunCompletionMapper {

    private RunCompletionMapper() {
    }

    public static ReportedEvent toReported(RunCompletion event) {
        return new ReportedEvent(
                event.getEventId(),
                event.hasRun() ? run(event.getRun()) : null,
                event.getHooksList().stream().map(HookProtoMapper::toSpec).toList(),
                event.getHooksYaml(),
                event.getPresetsList(),
                event.toByteArray(),
                size(event));
    }

    private static ReportedRun run(Run run) {
        return new ReportedRun(
                run.getUuid(),
                run.getName(),
                run.getKind(),
                run.getProject(),
                run.getStatus(),
                run.hasCreatedAt() ? time(run.getCreatedAt()) : null,
                run.hasStartedAt() ? time(run.getStartedAt()) : null,
                run.hasFinishedAt() ? time(run.getFinishedAt()) : null,
                plain(run.getInputs()),
                plain(run.getOutputs()),
                plain(run.getGlobals()),
                run.getLabelsMap(),
                run.hasCondition() ? condition(run.getCondition()) : null,
                run.getUrl(),
                run.getPipelineUuid());
    }

    /** The sizes that tell an agent author what to trim when an event is too large. */
    private static ReportedEvent.Size size(RunCompletion event) {
        Run run = event.getRun();
        return new ReportedEvent.Size(event.getSerializedSize(), Map.of(
                "run.inputs", run.getInputs().getSerializedSize(),
                "run.outputs", run.getOutputs().getSerializedSize(),
                "run.globals", run.getGlobals().getSerializedSize(),
                "run.labels", run.getLabelsMap().entrySet().stream()
                        .mapToInt(e -> e.getKey().length() + e.getValue().length()).sum(),
                "run.condition", run.getCondition().getSerializedSize(),
                "hooks", event.getHooksList().stream().mapToInt(h -> h.getSerializedSize()).sum(),
                "hooks_yaml", event.getHooksYamlBytes().size(),
                "event_id", event.getEventIdBytes().size()));
    }

    private static Map<String, Object> plain(Struct struct) {
        Map<String, Object> map = new LinkedHashMap<>();
        struct.getFieldsMap().forEach((k, v) -> map.put(k, HookProtoMapper.toPlain(v)));
        return map;
    }

    private static ReportedRun.Condition condition(StatusCondition c) {
        return new ReportedRun.Condition(c.getType(), c.getStatus(), c.getReason(), c.getMessage(),
                c.hasLastUpdateTime() ? time(c.getLastUpdateTime()) : null,
                c.hasLastTransitionTime() ? time(c.getLastTransitionTime()) : null);
    }

    private static ReportedRun.Time time(Timestamp ts) {
        return new ReportedRun.Time(ts.getSeconds(), ts.getNanos());
    }
}
