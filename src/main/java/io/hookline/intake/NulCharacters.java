package io.hookline.intake;

import io.hookline.definition.HookSpec;
import io.hookline.definition.ParamSpec;
import io.hookline.definition.Violation;

import java.util.List;
import java.util.Map;

/**
 * Finds U+0000 in an event's text. Protobuf accepts it as valid UTF-8, but Postgres cannot store
 * it in {@code text} or {@code jsonb} (SQLSTATE 22021, 22P05), and anything rendered from it
 * would carry it into a request, so an event holding one is refused naming the field.
 */
final class NulCharacters {

    private static final String WHY = "holds a NUL character (U+0000), which cannot be stored; remove it";

    private NulCharacters() {
    }

    static void check(ReportedEvent event, List<Violation> violations) {
        text(event.hooksYaml(), "hooks_yaml", violations);
        for (int i = 0; i < event.presets().size(); i++) {
            text(event.presets().get(i), "presets[" + i + "]", violations);
        }
        for (int i = 0; i < event.hooks().size(); i++) {
            hook(event.hooks().get(i), "hooks[" + i + "]", violations);
        }
        ReportedRun run = event.run();
        if (run == null) {
            return;
        }
        text(run.uuid(), "run.uuid", violations);
        text(run.name(), "run.name", violations);
        text(run.kind(), "run.kind", violations);
        text(run.project(), "run.project", violations);
        text(run.status(), "run.status", violations);
        plain(run.inputs(), "run.inputs", violations);
        plain(run.outputs(), "run.outputs", violations);
        plain(run.globals(), "run.globals", violations);
        plain(run.labels(), "run.labels", violations);
        if (run.condition() != null) {
            text(run.condition().type(), "run.condition.type", violations);
            text(run.condition().status(), "run.condition.status", violations);
            text(run.condition().reason(), "run.condition.reason", violations);
            text(run.condition().message(), "run.condition.message", violations);
        }
    }

    private static void hook(HookSpec hook, String path, List<Violation> violations) {
        text(hook.trigger(), path + ".trigger", violations);
        text(hook.connection(), path + ".connection", violations);
        text(hook.hubRef(), path + ".hubRef", violations);
        text(hook.conditions(), path + ".conditions", violations);
        text(hook.queue(), path + ".queue", violations);
        text(hook.namespace(), path + ".namespace", violations);
        text(hook.disableDefaultsExpr(), path + ".disableDefaults", violations);
        for (int i = 0; i < hook.presets().size(); i++) {
            text(hook.presets().get(i), path + ".presets[" + i + "]", violations);
        }
        hook.params().forEach((name, param) -> {
            String at = path + ".params." + name;
            key(name, path + ".params", violations);
            param(param, at, violations);
        });
    }

    private static void param(ParamSpec param, String path, List<Violation> violations) {
        plain(param.value(), path + ".value", violations);
        text(param.ref(), path + ".ref", violations);
        text(param.connection(), path + ".connection", violations);
        text(param.toEnv(), path + ".toEnv", violations);
    }

    private static void plain(Object value, String path, List<Violation> violations) {
        if (value instanceof String s) {
            text(s, path, violations);
        } else if (value instanceof Map<?, ?> map) {
            map.forEach((k, v) -> {
                String name = String.valueOf(k);
                key(name, path, violations);
                plain(v, path + "." + name, violations);
            });
        } else if (value instanceof List<?> list) {
            for (int i = 0; i < list.size(); i++) {
                plain(list.get(i), path + "[" + i + "]", violations);
            }
        }
    }

    private static void key(String key, String path, List<Violation> violations) {
        if (key.indexOf('\0') >= 0) {
            violations.add(Violation.of(path, "has a key that " + WHY));
        }
    }

    private static void text(String value, String path, List<Violation> violations) {
        if (value != null && value.indexOf('\0') >= 0) {
            violations.add(Violation.of(path, WHY));
        }
    }
}
