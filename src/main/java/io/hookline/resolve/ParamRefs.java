package io.hookline.resolve;

import io.hookline.render.RenderError;
import io.hookline.render.RenderResult;
import java.util.Map;

/**
 * Reads a {@code ref} param the way Polyaxon's resolver does ({@code runs.<uuid>} with
 * {@code value: outputs.loss} is that run's output {@code loss}), from what Hookline holds when it
 * plans: the reported run. A ref it cannot read is refused with the ref and the field named; its
 * text is never passed on as the value.
 */
final class ParamRefs {

    private ParamRefs() {
    }

    /**
     * @param path   the param's path in reasons, e.g. {@code params.loss}
     * @param ref    the rendered ref: {@code runs.<uuid>}, {@code ops.<name>} or {@code dag}
     * @param value  the rendered value naming what to read: {@code outputs.<name>}, {@code inputs.<name>},
     *               {@code globals.<name>}
     */
    static RenderResult<Object> resolve(String path, String ref, String value, RunFacts run) {
        String refPath = path + ".ref";
        if (ref.startsWith("ops.") || ref.equals("dag") || ref.startsWith("dag.")) {
            return refused(refPath + ": `" + ref + "` cannot be resolved: Hookline is not told which pipeline run `"
                    + run.uuid() + "` belongs to, so it cannot read another operation's values; report the value"
                    + " in the run's outputs or globals and write it as '{{ ... }}', or use ref: runs." + run.uuid());
        }
        if (!ref.startsWith("runs.")) {
            return refused(refPath + ": `" + ref + "` is not a ref Polyaxon knows: write runs.<uuid>, ops.<name> or dag");
        }
        String uuid = ref.substring("runs.".length());
        if (!uuid.replace("-", "").equalsIgnoreCase(run.uuid().replace("-", ""))) {
            return refused(refPath + ": `" + ref + "` names another run; Hookline reads a ref from the reported run"
                    + " only (runs." + run.uuid() + "), so send the value with this run's outputs or globals");
        }
        return read(path + ".value", value, run);
    }

    private static RenderResult<Object> read(String valuePath, String value, RunFacts run) {
        int dot = value.indexOf('.');
        String section = dot < 0 ? value : value.substring(0, dot);
        String name = dot < 0 ? "" : value.substring(dot + 1);
        Map<String, Object> values = switch (section) {
            case "outputs" -> run.outputs();
            case "inputs" -> run.inputs();
            case "globals" -> RunContext.globals(run);
            default -> null;
        };
        if (values == null || name.isEmpty()) {
            return refused(valuePath + ": `" + value + "` does not say what to read: write outputs.<name>,"
                    + " inputs.<name> or globals.<name>");
        }
        if (!values.containsKey(name)) {
            return refused(valuePath + ": run `" + run.uuid() + "` has no " + section + " value `" + name + "`; its "
                    + section + ": " + (values.isEmpty() ? "none" : String.join(", ", values.keySet())));
        }
        return RenderResult.ok(values.get(name));
    }

    private static RenderResult<Object> refused(String reason) {
        return RenderResult.failed(new RenderError(RenderError.Kind.INVALID_OUTPUT, reason));
    }
}
