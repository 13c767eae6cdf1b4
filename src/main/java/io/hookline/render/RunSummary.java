package io.hookline.render;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Polyaxon's notification message, computed once so that every built-in component shows the same
 * thing without repeating the logic in six templates: the title {@code "{name} ({uuid}) Status:
 * {status}"}, the detail lines that are not empty, the colour of the status and the link. Mirrors
 * Polyaxon's notifiers without their bug of the {@code Kind} line overwriting the run line.
 */
final class RunSummary {

    private static final String FAILED_COLOR = "#aa310f";
    private static final String SUCCEEDED_COLOR = "#1aaa55";
    private static final String STOPPED_COLOR = "#485563";
    private static final String OTHER_COLOR = "#cccccc";

    private RunSummary() {
    }

    /** {@code summary} for template data: title, color, color_number, details (label/value), link. */
    static Map<String, Object> of(Map<String, ?> run, Object condition) {
        Map<String, ?> conditionFields = condition instanceof Map<?, ?> map ? asStringMap(map) : Map.of();
        String status = text(run.get("status"));
        Map<String, Object> summary = new LinkedHashMap<>();
        summary.put("title", text(run.get("name")) + " (" + text(run.get("uuid")) + ") Status: " + status);
        summary.put("color", color(status));
        // Discord wants the colour as a number.
        summary.put("color_number", Integer.parseInt(color(status).substring(1), 16));
        List<Map<String, Object>> details = new ArrayList<>();
        addDetail(details, "Kind", run.get("kind"));
        addDetail(details, "Status", status);
        addDetail(details, "Reason", conditionFields.get("reason"));
        addDetail(details, "Message", conditionFields.get("message"));
        addDetail(details, "Duration", run.get("duration") == null ? null : text(run.get("duration")) + "s");
        addDetail(details, "Inputs", run.get("inputs"));
        addDetail(details, "Outputs", run.get("outputs"));
        summary.put("details", details);
        summary.put("link", text(run.get("url")));
        return summary;
    }

    static String color(String status) {
        return switch (status) {
            case "failed", "upstream_failed" -> FAILED_COLOR;
            case "succeeded", "skipped" -> SUCCEEDED_COLOR;
            case "stopped" -> STOPPED_COLOR;
            default -> OTHER_COLOR;
        };
    }

    private static void addDetail(List<Map<String, Object>> details, String label, Object value) {
        String text = text(value);
        if (!text.isBlank() && !text.equals("{}") && !text.equals("[]")) {
            details.add(Map.of("label", label, "value", text));
        }
    }

    private static String text(Object value) {
        return TemplateValueResolvers.text(value);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, ?> asStringMap(Map<?, ?> map) {
        return (Map<String, ?>) map;
    }
}
