package io.hookline.resolve;

import io.hookline.definition.ComponentSpec;
import io.hookline.definition.HookSpec;
import io.hookline.definition.IoSpec;
import io.hookline.definition.ParamRef;
import io.hookline.definition.ParamSpec;
import io.hookline.definition.yaml.FieldPath;
import io.hookline.render.RenderError;
import io.hookline.render.RenderResult;
import io.hookline.render.polyaxon.PolyaxonLiteral;
import io.hookline.render.polyaxon.TemplateStrings;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Renders a hook's params as Polyaxon's parser does before the hook runs: every {@code {{ ... }}}
 * string, also inside mappings and lists, is rendered and its text read as a literal
 * ({@link PolyaxonLiteral}: {@code '{{ loss }}'} is the number 1.7, {@code '{{ tags }}'} a list);
 * a {@code ref} param is read from the run or a stored one ({@link ParamRefs}).
 *
 * <p>Deliberately not as Polyaxon: a string without {@code {{} stays the string the user quoted
 * (Polyaxon also reads {@code "12"} as 12); a value of a text input ({@code str}, {@code uuid},
 * ...) stays the rendered text; and rendered text is not rendered again (Polyaxon renders until
 * nothing changes, which would run {@code {{ }}} that arrived in run data).
 */
final class ParamRenderer {

    private final TemplateStrings strings;

    ParamRenderer(TemplateStrings strings) {
        this.strings = strings;
    }

    /** @param component the hook's component when it exists; its inputs say which values stay text */
    RenderResult<Map<String, ParamSpec>> render(Map<String, ParamSpec> params, Optional<ComponentSpec> component,
                                                RunFacts run, StoredRuns stored, Map<String, Object> context) {
        Map<String, ParamSpec> rendered = new LinkedHashMap<>();
        for (Map.Entry<String, ParamSpec> entry : params.entrySet()) {
            String name = entry.getKey();
            ParamSpec param = entry.getValue();
            String path = FieldPath.child("params", name);
            boolean keepsText = param.ref() == null && component.flatMap(c -> c.io(name)).map(IoSpec::takesText).orElse(false);
            RenderResult<Object> value = param.ref() != null
                    ? renderRef(path, param, run, stored, context)
                    : renderValue(FieldPath.child(path, "value"), param.value(), keepsText, context);
            if (value instanceof RenderResult.Failed<Object> failed) {
                return RenderResult.failed(failed.error());
            }
            rendered.put(name, new ParamSpec(((RenderResult.Ok<Object>) value).value(), null, param.contextOnly(),
                    param.connection(), param.toInit(), param.toEnv()));
        }
        return RenderResult.ok(rendered);
    }

    /** True when a value holds a template at any depth. */
    static boolean hasTemplate(Object value) {
        if (value instanceof String text) {
            return HookSpec.isTemplate(text);
        }
        if (value instanceof Map<?, ?> map) {
            return map.values().stream().anyMatch(ParamRenderer::hasTemplate);
        }
        return value instanceof List<?> list && list.stream().anyMatch(ParamRenderer::hasTemplate);
    }

    /**
     * A ref's value names what to read from the other run, so {@code '{{ outputs.loss }}'} is
     * unwrapped as Polyaxon does, not rendered against this run; only a template inside it is rendered.
     */
    private RenderResult<Object> renderRef(String path, ParamSpec param, RunFacts run, StoredRuns stored,
                                           Map<String, Object> context) {
        String written = ParamRef.unwrap(param.value() instanceof String text ? text : "");
        return renderText(FieldPath.child(path, "ref"), param.ref(), context).flatMap(ref ->
                renderText(FieldPath.child(path, "value"), written, context).flatMap(value ->
                        ParamRefs.resolve(path, ref.strip(), value.strip(), run, stored)));
    }

    private RenderResult<Object> renderValue(String path, Object value, boolean keepsText, Map<String, Object> context) {
        if (value instanceof String text && HookSpec.isTemplate(text)) {
            return renderText(path, text, context).map(rendered -> keepsText ? rendered : PolyaxonLiteral.read(rendered));
        }
        if (value instanceof Map<?, ?> map && hasTemplate(map)) {
            Map<String, Object> rendered = new LinkedHashMap<>();
            for (Map.Entry<?, ?> entry : map.entrySet()) {
                RenderResult<Object> item = renderValue(FieldPath.child(path, String.valueOf(entry.getKey())),
                        entry.getValue(), false, context);
                if (item instanceof RenderResult.Failed<Object> failed) {
                    return failed;
                }
                rendered.put(String.valueOf(entry.getKey()), ((RenderResult.Ok<Object>) item).value());
            }
            return RenderResult.ok(rendered);
        }
        if (value instanceof List<?> list && hasTemplate(list)) {
            List<Object> rendered = new ArrayList<>(list.size());
            for (int i = 0; i < list.size(); i++) {
                RenderResult<Object> item = renderValue(FieldPath.item(path, i), list.get(i), false, context);
                if (item instanceof RenderResult.Failed<Object> failed) {
                    return failed;
                }
                rendered.add(((RenderResult.Ok<Object>) item).value());
            }
            return RenderResult.ok(rendered);
        }
        return RenderResult.ok(value);
    }

    private RenderResult<String> renderText(String path, String text, Map<String, Object> context) {
        RenderResult<String> rendered = strings.render(text, context);
        return rendered instanceof RenderResult.Failed<String> failed
                ? RenderResult.failed(new RenderError(failed.error().kind(), path + ": " + failed.error().reason()))
                : rendered;
    }
}
