package io.hookline.resolve;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The names a hook's conditions and {@code {{ }}} strings can use, built the way Polyaxon builds
 * its context (each input and output by its own name at top level, {@code params.<name>.value},
 * {@code globals.*}), plus Hookline's {@code status}, {@code previous_status} and {@code run.*}.
 */
public final class RunContext {

    private RunContext() {
    }

    /**
     * @param params the hook's params as {@code name -> value}, exposed as {@code params.<name>.value}
     */
    public static Map<String, Object> of(RunFacts run, String previousStatus, Map<String, Object> params) {
        Map<String, Object> context = new LinkedHashMap<>();
        // Polyaxon puts every input and output at top level; outputs are set last, so an output
        // shadows an input of the same name, as the later-logged value does in Polyaxon.
        context.putAll(run.inputs());
        context.putAll(run.outputs());
        context.putIfAbsent("inputs", run.inputs());
        context.putIfAbsent("outputs", run.outputs());
        Map<String, Object> paramValues = new LinkedHashMap<>();
        params.forEach((name, value) -> {
            Map<String, Object> param = new LinkedHashMap<>();
            param.put("value", value);
            paramValues.put(name, param);
        });
        context.put("params", paramValues);
        context.put("globals", globals(run));
        context.put("status", run.status());
        context.put("previous_status", previousStatus);
        context.put("run", run.asMap());
        return context;
    }

    /**
     * Polyaxon's globals (owner_name, project_name, project_unique_name, uuid, name, created_at,
     * started_at, finished_at, duration, ...) derived from the run, with the agent's own globals
     * on top: the agent knows its runner better.
     */
    static Map<String, Object> globals(RunFacts run) {
        Map<String, Object> globals = new LinkedHashMap<>();
        globals.put("owner_name", run.owner());
        globals.put("project_name", run.projectName());
        globals.put("project_unique_name", run.project());
        globals.put("uuid", run.uuid());
        globals.put("name", run.name());
        globals.put("kind", run.kind());
        globals.put("status", run.status());
        globals.put("created_at", RunFacts.text(run.createdAt()));
        globals.put("started_at", RunFacts.text(run.startedAt()));
        globals.put("finished_at", RunFacts.text(run.finishedAt()));
        globals.put("duration", run.durationSeconds());
        globals.put("wait_time", run.waitSeconds());
        globals.putAll(run.globals());
        return globals;
    }

    /**
     * Polyaxon's default context-only params of a hook (unless {@code disableDefaults}):
     * {@code name, uuid, kind, runtime, status, wait_time, duration, inputs, outputs, condition}.
     */
    public static Map<String, Object> defaultParams(RunFacts run) {
        Map<String, Object> defaults = new LinkedHashMap<>();
        defaults.put("name", run.name());
        defaults.put("uuid", run.uuid());
        defaults.put("kind", run.kind());
        defaults.put("runtime", run.kind());
        defaults.put("status", run.status());
        defaults.put("wait_time", run.waitSeconds());
        defaults.put("duration", run.durationSeconds());
        defaults.put("inputs", run.inputs());
        defaults.put("outputs", run.outputs());
        defaults.put("condition", run.condition());
        return defaults;
    }
}
