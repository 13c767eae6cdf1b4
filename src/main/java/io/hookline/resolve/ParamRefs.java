package io.hookline.resolve;

import io.hookline.definition.ParamRef;
import io.hookline.render.RenderError;
import io.hookline.render.RenderResult;
import io.hookline.store.RunEventTable.RunLookup;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Reads a {@code ref} param the way Polyaxon's resolver does ({@code runs.<uuid>} with
 * {@code value: outputs.loss} is that run's output {@code loss}): from the reported run itself,
 * or from a run Hookline has stored in the same project ({@code runs.<uuid>}, {@code ops.<name>}
 * of the same pipeline, {@code dag}: the pipeline run). A ref it cannot read is refused with the
 * ref and the field named; its text is never passed on as the value.
 */
final class ParamRefs {

    private ParamRefs() {
    }

    /**
     * The stored run a ref reads, looked up before planning; empty when it reads the reported run
     * itself or cannot name a stored run (refused by {@link #resolve}).
     */
    static Optional<RunLookup> lookupFor(ParamRef ref, RunFacts run) {
        return switch (ref.kind()) {
            case RUN -> {
                String uuid = RunFacts.normalizeUuid(ref.id());
                yield uuid.equals(run.uuid()) ? Optional.empty() : Optional.of(RunLookup.byUuid(run.project(), uuid));
            }
            case OPERATION -> run.pipelineUuid() == null ? Optional.empty()
                    : Optional.of(RunLookup.inPipeline(run.project(), run.pipelineUuid(), ref.id()));
            case DAG -> run.pipelineUuid() == null ? Optional.empty()
                    : Optional.of(RunLookup.byUuid(run.project(), run.pipelineUuid()));
        };
    }

    /**
     * @param path   the param's path in reasons, e.g. {@code params.loss}
     * @param ref    the rendered ref: {@code runs.<uuid>}, {@code ops.<name>} or {@code dag}
     * @param value  what to read: {@code outputs.<name>}, {@code inputs}, {@code globals.<name>}, ...
     * @param stored the runs the batch's refs name, as found in Postgres before planning
     */
    static RenderResult<Object> resolve(String path, String ref, String value, RunFacts run, StoredRuns stored) {
        String refPath = path + ".ref";
        Optional<String> refProblem = ParamRef.problem(ref);
        if (refProblem.isPresent()) {
            return refused(refPath + ": " + refProblem.get());
        }
        Optional<String> valueProblem = ParamRef.valueProblem(value);
        if (valueProblem.isPresent()) {
            return refused(path + ".value: " + valueProblem.get());
        }
        ParamRef parsed = ParamRef.parse(ref);
        String what = ParamRef.unwrap(value);
        if (parsed.kind() != ParamRef.Kind.RUN && run.pipelineUuid() == null) {
            return refused(refPath + ": `" + ref + "` cannot be resolved: run `" + run.uuid() + "` is not an operation"
                    + " of a pipeline (its agent sent no run.pipeline_uuid), so it has no "
                    + (parsed.kind() == ParamRef.Kind.DAG ? "dag" : "sibling operations"));
        }
        if (parsed.kind() == ParamRef.Kind.DAG && what.startsWith("outputs")) {
            // Polyaxon: "You can not use `outputs` of current dag".
            return refused(path + ".value: `" + value + "`: the outputs of the current dag cannot be read; its"
                    + " inputs and globals can");
        }
        Optional<RunLookup> lookup = lookupFor(parsed, run);
        if (lookup.isEmpty()) {
            return read(path + ".value", value, what, run);
        }
        Optional<RunFacts> found = stored.find(lookup.get());
        if (found.isPresent()) {
            return read(path + ".value", value, what, found.get());
        }
        if (!stored.asked(lookup.get())) {
            return refused(refPath + ": `" + ref + "` was not looked up before planning (its template rendered"
                    + " differently then); write the ref without a template");
        }
        return refused(refPath + ": `" + ref + "` cannot be resolved: " + switch (parsed.kind()) {
            case RUN -> "no run `" + lookup.get().runUuid() + "` is stored in project `" + run.project() + "`";
            case OPERATION -> "no operation `" + parsed.id() + "` of pipeline `" + run.pipelineUuid()
                    + "` is stored in project `" + run.project() + "`";
            case DAG -> "the pipeline run `" + run.pipelineUuid() + "` is not stored in project `" + run.project()
                    + "` (a pipeline is reported when it finishes, after its operations)";
        } + "; Hookline reads refs from runs reported to it in the run's project");
    }

    private static RenderResult<Object> read(String valuePath, String value, String what, RunFacts run) {
        int dot = what.indexOf('.');
        String section = dot < 0 ? what : what.substring(0, dot);
        String name = dot < 0 ? "" : what.substring(dot + 1);
        if (section.equals("status")) {
            return RenderResult.ok(run.status());
        }
        Map<String, Object> values = switch (section) {
            case "outputs" -> run.outputs();
            case "inputs" -> run.inputs();
            case "io" -> io(run);
            default -> RunContext.globals(run);
        };
        if (name.isEmpty()) {
            return RenderResult.ok(values);
        }
        if (!values.containsKey(name)) {
            return refused(valuePath + ": run `" + run.uuid() + "` has no " + section + " value `" + name + "`; its "
                    + section + ": " + (values.isEmpty() ? "none" : String.join(", ", values.keySet())));
        }
        return RenderResult.ok(values.get(name));
    }

    /** Polyaxon's {@code io}: inputs and outputs together, an output over an input of the same name. */
    private static Map<String, Object> io(RunFacts run) {
        Map<String, Object> io = new LinkedHashMap<>(run.inputs());
        io.putAll(run.outputs());
        return io;
    }

    private static RenderResult<Object> refused(String reason) {
        return RenderResult.failed(new RenderError(RenderError.Kind.INVALID_OUTPUT, reason));
    }
}
