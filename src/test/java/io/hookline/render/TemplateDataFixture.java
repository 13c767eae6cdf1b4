package io.hookline.render;

import io.hookline.connections.SecretMarker;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Template data as the resolve stage builds it (RequestRenderer's data contract), with hostile run data. */
final class TemplateDataFixture {

    static final String HOSTILE_NAME = "train \"resnet\" </script> <!channel> \\ 🚀\nline2\u2028";

    private TemplateDataFixture() {
    }

    static Map<String, Object> run(String status) {
        Map<String, Object> inputs = new LinkedHashMap<>();
        inputs.put("lr", 0.01);
        inputs.put("note", "it's \"quoted\"\n{braces} ${HOME}");
        Map<String, Object> outputs = new LinkedHashMap<>();
        outputs.put("loss", 0.95);
        outputs.put("accuracy", 0.81);
        Map<String, Object> run = new LinkedHashMap<>();
        run.put("uuid", "8aac02e3a62a4f0aaa257c59da5eab80");
        run.put("name", HOSTILE_NAME);
        run.put("kind", "job");
        run.put("project", "acme/mnist");
        run.put("status", status);
        run.put("started_at", "2024-05-01T10:00:00Z");
        run.put("finished_at", "2024-05-01T10:12:00Z");
        run.put("duration", 720);
        run.put("inputs", inputs);
        run.put("outputs", outputs);
        run.put("labels", Map.of("team", "vision"));
        run.put("url", "https://polyaxon.example.com/ui/acme/mnist/runs/8aac02e3a62a4f0aaa257c59da5eab80");
        return run;
    }

    /** The full data contract for one hook of {@code hubName} on a run that ended with {@code status}. */
    static Map<String, Object> data(String status, Map<String, Object> params) {
        Map<String, Object> run = run(status);
        Map<String, Object> condition = new LinkedHashMap<>();
        condition.put("type", status);
        condition.put("status", "True");
        condition.put("reason", "PolyaxonRunFailed");
        condition.put("message", "Traceback:\n  File \"train.py\", line 3\n\tZeroDivisionError: 'x' / 0");
        Map<String, Object> data = new HashMap<>();
        data.put("name", run.get("name"));
        data.put("uuid", run.get("uuid"));
        data.put("kind", "job");
        data.put("runtime", "job");
        data.put("status", status);
        data.put("wait_time", 3);
        data.put("duration", 720);
        data.put("inputs", run.get("inputs"));
        data.put("outputs", run.get("outputs"));
        data.put("condition", condition);
        data.putAll(params);
        Map<String, Object> paramValues = new LinkedHashMap<>();
        data.forEach((name, value) -> paramValues.put(name, mapOfValue(value)));
        data.put("params", paramValues);
        data.put("run", run);
        data.put("globals", Map.of("owner_name", "acme", "project_name", "mnist", "project_unique_name", "acme.mnist"));
        data.put("previous_status", "succeeded");
        data.put("hook", Map.of("hub_ref", "polyaxon/slack:latest", "trigger", "done", "connection", "ml-alerts"));
        Map<String, Object> connection = new LinkedHashMap<>();
        connection.put("name", "ml-alerts");
        connection.put("kind", "slack");
        connection.put("secret", SecretMarker.TOKEN);
        connection.put("settings", Map.of("channel", "#ml-alerts", "username", "hookline"));
        data.put("connection", connection);
        data.put("delivery", Map.of("id", "d-0001", "event_id", "ev-42"));
        return data;
    }

    static Map<String, Object> data(String status) {
        return data(status, Map.of("message", "Run finished: \"done\" ✅", "channel", "", "icon_url", "",
                "username", "", "severity", ""));
    }

    private static Map<String, Object> mapOfValue(Object value) {
        Map<String, Object> param = new HashMap<>();
        param.put("value", value);
        return param;
    }

    static List<String> finalStatuses() {
        return List.of("succeeded", "failed", "upstream_failed", "stopped", "skipped");
    }
}
