package io.hookline.intake;

import io.hookline.resolve.RunFacts;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The run of a {@link ReportedEvent} as reported: times are kept as sent (seconds and nanos) so
 * that an out-of-range one is a violation of its field, not a failure while converting it.
 *
 * @param createdAt  null when not sent, like the other times
 * @param condition  Polyaxon's last status condition; null when the agent sent none
 * @param url        where the run can be seen, or empty when the agent sent none
 * @param pipelineUuid the pipeline run this run is an operation of, or empty when none
 */
public record ReportedRun(
        String uuid,
        String name,
        String kind,
        String project,
        String status,
        Time createdAt,
        Time startedAt,
        Time finishedAt,
        Map<String, Object> inputs,
        Map<String, Object> outputs,
        Map<String, Object> globals,
        Map<String, String> labels,
        Condition condition,
        String url,
        String pipelineUuid) {

    /** A point in time as a protobuf Timestamp carries it. */
    public record Time(long seconds, int nanos) {

        Instant instant() {
            return Instant.ofEpochSecond(seconds, nanos);
        }

        static String text(Time time) {
            return time == null ? null : time.instant().toString();
        }
    }

    /** Polyaxon's V1StatusCondition; times null when not sent. */
    public record Condition(String type, String status, String reason, String message, Time lastUpdateTime,
                            Time lastTransitionTime) {
    }

    /** The run as the later stages see it; only for a run that passed validation. */
    public RunFacts toFacts() {
        return new RunFacts(
                RunCompletionValidator.normalizeRunUuid(uuid),
                name,
                kind,
                project,
                status,
                createdAt == null ? null : createdAt.instant(),
                startedAt == null ? null : startedAt.instant(),
                // A run without finished_at finished when its agent reported it.
                finishedAt == null ? Instant.now() : finishedAt.instant(),
                inputs,
                outputs,
                globals,
                Map.copyOf(labels),
                condition == null ? Map.of() : conditionMap(),
                url.isEmpty() ? null : url,
                pipelineUuid.isEmpty() ? null : RunCompletionValidator.normalizeRunUuid(pipelineUuid));
    }

    private Map<String, Object> conditionMap() {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("type", condition.type());
        map.put("status", condition.status());
        map.put("reason", condition.reason());
        map.put("message", condition.message());
        map.put("last_update_time", Time.text(condition.lastUpdateTime()));
        map.put("last_transition_time", Time.text(condition.lastTransitionTime()));
        return map;
    }
}
