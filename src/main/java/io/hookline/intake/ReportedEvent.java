package io.hookline.intake;

import io.hookline.definition.HookSpec;

import java.util.List;
import java.util.Map;

/**
 * A run completion as an agent reported it, as plain data and not yet validated.
 *
 * @param run       null when the event carries no run
 * @param hooks     the structured hooks, read field by field (their rules are checked at intake)
 * @param hooksYaml Polyaxon YAML or JSON hooks; empty when none
 * @param payload   the event as received, kept for audit and replay
 * @param size      how large the event is on the wire, in all and by field
 */
public record ReportedEvent(String eventId, ReportedRun run, List<HookSpec> hooks, String hooksYaml,
                            List<String> presets, byte[] payload, Size size) {

    /**
     * @param bytes      the serialized size of the whole event
     * @param fieldBytes the serialized size of each large field, by field path
     */
    public record Size(int bytes, Map<String, Integer> fieldBytes) {
    }

    /** The same event with another id: Preview needs none, since it stores nothing. */
    public ReportedEvent withEventId(String id) {
        return new ReportedEvent(id, run, hooks, hooksYaml, presets, payload, size);
    }
}
