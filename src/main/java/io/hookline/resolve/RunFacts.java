package io.hookline.resolve;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * What Hookline knows about a finished run, as plain data (maps, lists, strings, numbers,
 * booleans). Built from the API's Run at intake; everything after intake works on this.
 *
 * @param condition Polyaxon's last status condition ({@code type, status, reason, message,
 *                  last_update_time, last_transition_time}); empty when the agent sent none
 * @param url       where people see the run (the agent's, else from {@code hookline.ui.run-url}); null when unknown
 * @param pipelineUuid the pipeline run (DAG, matrix) this run is an operation of; null when none
 */
public record RunFacts(
        String uuid,
        String name,
        String kind,
        String project,
        String status,
        Instant createdAt,
        Instant startedAt,
        Instant finishedAt,
        Map<String, Object> inputs,
        Map<String, Object> outputs,
        Map<String, Object> globals,
        Map<String, String> labels,
        Map<String, Object> condition,
        String url,
        String pipelineUuid) {

    private static final Pattern DASHED_UUID =
            Pattern.compile("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");

    /** Polyaxon writes run uuids as 32 hex characters without dashes; the dashed form is the same run. */
    public static String normalizeUuid(String uuid) {
        return DASHED_UUID.matcher(uuid).matches() ? uuid.replace("-", "").toLowerCase(Locale.ROOT) : uuid;
    }

    /** Seconds from start to finish, as Polyaxon's {@code duration}; null when unknown. */
    public Long durationSeconds() {
        return startedAt == null || finishedAt == null ? null : Duration.between(startedAt, finishedAt).toSeconds();
    }

    /** Seconds from creation to start, as Polyaxon's {@code wait_time}; null when unknown. */
    public Long waitSeconds() {
        return createdAt == null || startedAt == null ? null : Duration.between(createdAt, startedAt).toSeconds();
    }

    /** {@code owner} of an {@code owner/project} project, else empty. */
    public String owner() {
        int slash = project.indexOf('/');
        return slash < 0 ? "" : project.substring(0, slash);
    }

    /** The project's name without its owner. */
    public String projectName() {
        int slash = project.indexOf('/');
        return slash < 0 ? project : project.substring(slash + 1);
    }

    /** The run as the {@code run} map templates and conditions see. */
    public Map<String, Object> asMap() {
        Map<String, Object> run = new LinkedHashMap<>();
        run.put("uuid", uuid);
        run.put("name", name);
        run.put("kind", kind);
        run.put("project", project);
        run.put("owner", owner());
        run.put("status", status);
        run.put("created_at", text(createdAt));
        run.put("started_at", text(startedAt));
        run.put("finished_at", text(finishedAt));
        run.put("duration", durationSeconds());
        run.put("wait_time", waitSeconds());
        run.put("inputs", inputs);
        run.put("outputs", outputs);
        run.put("labels", labels);
        run.put("condition", condition);
        run.put("url", url);
        run.put("pipeline_uuid", pipelineUuid);
        return run;
    }

    /** The same run, seen at {@code url}. */
    public RunFacts withUrl(String url) {
        return new RunFacts(uuid, name, kind, project, status, createdAt, startedAt, finishedAt, inputs, outputs,
                globals, labels, condition, url, pipelineUuid);
    }

    static String text(Instant instant) {
        return instant == null ? null : instant.toString();
    }
}
