package io.hookline.definition;

import io.hookline.definition.yaml.FieldPath;
import io.hookline.definition.yaml.LocatedMapping;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The rules every hook obeys whatever it was written in (YAML, JSON or a gRPC message), checked on
 * the spec itself so both forms get the same paths and messages. What needs the component or the
 * deploy-time connections is {@link HookValidator}'s job.
 */
public final class HookRules {

    private HookRules() {
    }

    /** Violations of the hooks at {@code listPath[i]}, without positions. */
    public static List<Violation> check(List<HookSpec> hooks, String listPath) {
        List<Violation> violations = new ArrayList<>();
        for (int i = 0; i < hooks.size(); i++) {
            check(hooks.get(i), FieldPath.item(listPath, i), violations);
        }
        return violations;
    }

    private static void check(HookSpec hook, String path, List<Violation> violations) {
        String hubRef = FieldPath.child(path, "hubRef");
        // A templated hubRef is rendered against the run's context first, as Polyaxon does.
        if (!HookSpec.isTemplate(hook.hubRef())) {
            HubRef.problem(hook.hubRef()).ifPresent(problem -> violations.add(Violation.of(hubRef, problem)));
        }
        if (hook.trigger() != null && !HookSpec.TRIGGERS.contains(hook.trigger())) {
            violations.add(Violation.of(FieldPath.child(path, "trigger"), "trigger must be one of "
                    + String.join(", ", HookSpec.TRIGGERS) + " (done = any final status), not `" + hook.trigger() + "`"
                    + Suggestions.hint(hook.trigger(), HookSpec.TRIGGERS)));
        }
        if (hook.disableDefaultsExpr() != null && !HookSpec.isTemplate(hook.disableDefaultsExpr())) {
            violations.add(Violation.of(FieldPath.child(path, "disableDefaults"),
                    "disableDefaults must be true, false or a '{{ ... }}' expression, not `"
                            + hook.disableDefaultsExpr() + "`"));
        }
        if (hook.queue() != null && !validQueue(hook.queue())) {
            violations.add(Violation.of(FieldPath.child(path, "queue"),
                    "queue must be `queue-name` or `agent-name/queue-name`, not `" + hook.queue() + "`"));
        }
        for (int i = 0; i < hook.presets().size(); i++) {
            if (hook.presets().get(i).isBlank()) {
                violations.add(Violation.of(FieldPath.item(FieldPath.child(path, "presets"), i),
                        "a preset name must not be empty"));
            }
        }
        String params = FieldPath.child(path, "params");
        for (Map.Entry<String, ParamSpec> entry : hook.params().entrySet()) {
            checkParam(entry.getKey(), entry.getValue(), FieldPath.child(params, entry.getKey()), violations);
        }
    }

    private static void checkParam(String name, ParamSpec param, String path, List<Violation> violations) {
        if (name.isBlank()) {
            violations.add(Violation.of(path, "a param name must not be empty"));
        }
        if (param.ref() == null) {
            return;
        }
        if (param.ref().isBlank()) {
            violations.add(Violation.of(FieldPath.child(path, "ref"),
                    "ref must name where the value is read from (e.g. `ops.upstream-job`), not be empty"));
        } else if (!HookSpec.isTemplate(param.ref())) {
            ParamRef.problem(param.ref()).ifPresent(problem -> violations.add(Violation.of(FieldPath.child(path, "ref"),
                    problem)));
        }
        // A value written as '{{ outputs.loss }}' is unwrapped, not rendered; one with a template inside
        // is checked once it is rendered.
        if (param.value() instanceof String value && !HookSpec.isTemplate(ParamRef.unwrap(value))) {
            ParamRef.valueProblem(value).ifPresent(problem -> violations.add(Violation.of(FieldPath.child(path, "value"),
                    problem)));
        }
        // Polyaxon: "Value must be of type string when a ref is provided".
        if (!(param.value() instanceof String)) {
            violations.add(Violation.of(FieldPath.child(path, "value"), "value must be a string naming what to read from `"
                    + param.ref() + "` (e.g. `outputs.loss`) when ref is set, found "
                    + LocatedMapping.describe(param.value())));
        }
    }

    private static boolean validQueue(String queue) {
        if (HookSpec.isTemplate(queue)) {
            return true;
        }
        String[] parts = queue.split("/", -1);
        return parts.length <= 2 && java.util.Arrays.stream(parts).noneMatch(String::isBlank);
    }
}
