package io.hookline.intake;

import io.hookline.definition.RunStatus;
import io.hookline.definition.Violation;
import io.hookline.resolve.RunFacts;
import io.hookline.resolve.RunUrls;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/** Checks a reported event's own fields (its hooks are checked by the definition rules). */
public final class RunCompletionValidator {

    private static final Pattern EVENT_ID = Pattern.compile("[A-Za-z0-9._:/@+=-]{1,200}");
    private static final Pattern RUN_UUID = Pattern.compile("[A-Za-z0-9._:-]{1,128}");
    private static final int MAX_NAME = 256;

    private RunCompletionValidator() {
    }

    /**
     * The event is too large: names the limit and the field that takes most of it, so the agent
     * author knows what to trim.
     */
    public static Optional<Violation> sizeProblem(ReportedEvent.Size eventSize, int maxBytes) {
        int size = eventSize.bytes();
        if (size <= maxBytes) {
            return Optional.empty();
        }
        Map.Entry<String, Integer> largest = eventSize.fieldBytes().entrySet().stream()
                .max(Comparator.comparingInt(Map.Entry::getValue)).orElseThrow();
        return Optional.of(Violation.of(largest.getKey(), String.format(
                "the event is %,d bytes, over the limit of %,d bytes (hookline.intake.max-event-bytes); "
                        + "%s is the largest field at %,d bytes", size, maxBytes, largest.getKey(), largest.getValue())));
    }

    /** The event plans more hooks than the limit: says where they came from, so the author knows what to split. */
    public static Optional<Violation> hooksProblem(int hooks, int maxHooks) {
        if (hooks <= maxHooks) {
            return Optional.empty();
        }
        return Optional.of(Violation.of("hooks", String.format("the event has %,d hooks (its hooks, hooks_yaml and"
                + " presets with the project's stored hooks), over the limit of %,d (hookline.intake.max-hooks-per-event);"
                + " report fewer, or split them over presets the run does not need", hooks, maxHooks)));
    }

    public static List<Violation> validate(ReportedEvent event) {
        List<Violation> violations = new ArrayList<>();
        if (event.eventId().isEmpty()) {
            violations.add(Violation.of("event_id", "is required: a client-chosen id, unique per event, that makes resending safe"));
        } else if (!EVENT_ID.matcher(event.eventId()).matches()) {
            violations.add(Violation.of("event_id",
                    "must be 1 to 200 characters of letters, digits and . _ : / @ + = -"));
        }
        NulCharacters.check(event, violations);
        ReportedRun run = event.run();
        if (run == null) {
            violations.add(Violation.of("run", "is required: the run that finished"));
            return violations;
        }
        if (run.uuid().isEmpty()) {
            violations.add(Violation.of("run.uuid", "is required: the run's unique id"));
        } else if (!RUN_UUID.matcher(run.uuid()).matches()) {
            violations.add(Violation.of("run.uuid", "must be 1 to 128 characters of letters, digits and . _ : -"));
        }
        if (!run.pipelineUuid().isEmpty() && !RUN_UUID.matcher(run.pipelineUuid()).matches()) {
            violations.add(Violation.of("run.pipeline_uuid",
                    "must be 1 to 128 characters of letters, digits and . _ : - (the pipeline run's uuid), or empty"));
        }
        if (run.status().isEmpty()) {
            violations.add(Violation.of("run.status", "is required: one of " + String.join(", ", RunStatus.finalStatuses())));
        } else if (RunStatus.nonFinalStatuses().contains(run.status())) {
            violations.add(Violation.of("run.status", "`" + run.status() + "` is not a final status; hooks fire when"
                    + " a run is done, so report one of " + String.join(", ", RunStatus.finalStatuses())));
        } else if (!RunStatus.finalStatuses().contains(run.status())) {
            violations.add(Violation.of("run.status", "`" + run.status() + "` is not a known status; use one of "
                    + String.join(", ", RunStatus.finalStatuses()) + " (lowercase)"));
        }
        if (run.name().length() > MAX_NAME) {
            violations.add(Violation.of("run.name", "is longer than " + MAX_NAME + " characters"));
        }
        if (run.project().isEmpty()) {
            violations.add(Violation.of("run.project", "is required: the run's project (`owner/project` or"
                    + " `project`); tokens and stored hooks are per project"));
        } else if (run.project().length() > MAX_NAME) {
            violations.add(Violation.of("run.project", "is longer than " + MAX_NAME + " characters"));
        }
        checkTimestamp(run.startedAt(), "run.started_at", violations);
        checkTimestamp(run.finishedAt(), "run.finished_at", violations);
        checkTimestamp(run.createdAt(), "run.created_at", violations);
        if (run.condition() != null) {
            checkTimestamp(run.condition().lastUpdateTime(), "run.condition.last_update_time", violations);
            checkTimestamp(run.condition().lastTransitionTime(), "run.condition.last_transition_time", violations);
        }
        if (run.startedAt() != null && run.finishedAt() != null
                && run.finishedAt().seconds() < run.startedAt().seconds()) {
            violations.add(Violation.of("run.finished_at", "is before run.started_at"));
        }
        RunUrls.problem(run.url()).ifPresent(problem -> violations.add(Violation.of("run.url", problem)));
        for (int i = 0; i < event.presets().size(); i++) {
            if (event.presets().get(i).isBlank()) {
                violations.add(Violation.of("presets[" + i + "]", "is empty; name a preset stored with HookAdmin.PutPreset"));
            }
        }
        return violations;
    }

    /** Polyaxon writes run uuids as 32 hex characters without dashes; accept the dashed form too. */
    public static String normalizeRunUuid(String uuid) {
        return RunFacts.normalizeUuid(uuid);
    }

    private static void checkTimestamp(ReportedRun.Time ts, String field, List<Violation> violations) {
        if (ts != null && (ts.nanos() < 0 || ts.nanos() > 999_999_999 || ts.seconds() < 0
                || ts.seconds() > 253_402_300_799L)) {
            violations.add(Violation.of(field, "is not a valid timestamp"));
        }
    }
}
