package io.hookline.render.polyaxon;

import io.hookline.render.RenderError;
import io.hookline.render.RenderResult;
import io.hookline.render.TemplateValueResolvers;
import io.hookline.definition.ConditionChecker;
import io.hookline.definition.IoType;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Decides a hook's {@code conditions} the way Polyaxon does, and better where Polyaxon is broken:
 * the condition is rendered (every {@code {{ ... }}} part plus the text around it), then the result
 * is read as a bool with Polyaxon's words ({@link IoType#TRUE_WORDS}, {@link IoType#FALSE_WORDS}),
 * any case. Anything else is an error, as in Polyaxon.
 *
 * <p>Improvements on Polyaxon (docs/hooks.md, "The context: what conditions and {@code {{ }}}
 * fields can use"):
 * <ul>
 * <li>{@code some-io-param == "x"} compares the name {@code some-io-param} (Jinja subtracts);</li>
 * <li>an undefined name is an error with the nearest known name, with {@code ==} too (Jinja makes
 * it silently false there);</li>
 * <li>comparing a string with a number is an error, not a silent False;</li>
 * <li>an expression written without braces ({@code loss > 0.9}) works as if it had them.</li>
 * </ul>
 * Nothing here throws for a bad condition: the caller gets a {@link ConditionResult.Failed}.
 */
public final class ConditionEvaluator implements ConditionChecker {

    private final TemplateStrings templateStrings;

    public ConditionEvaluator(TemplateStrings templateStrings) {
        this.templateStrings = templateStrings;
    }

    /**
     * @param condition the hook's {@code conditions}; blank means no condition, as in Polyaxon where
     *                  an empty {@code conditions} is falsy and never checked
     * @param context   the run's context: plain maps, lists, strings, numbers, booleans
     */
    public ConditionResult evaluate(String condition, Map<String, ?> context) {
        if (condition == null || condition.isBlank()) {
            return ConditionResult.TRUE;
        }
        RenderResult<String> rendered;
        try {
            rendered = render(condition, context);
        } catch (PolyaxonSyntaxException e) {
            return new ConditionResult.Failed(new RenderError(RenderError.Kind.SYNTAX, "condition: " + e.getMessage()));
        }
        if (rendered instanceof RenderResult.Failed<String> failed) {
            return new ConditionResult.Failed(failed.error());
        }
        return readBool(((RenderResult.Ok<String>) rendered).value());
    }

    /** Parse-only check: empty when {@code condition} parses, else why not, with the column. */
    @Override
    public Optional<String> problem(String condition) {
        if (condition == null || condition.isBlank()) {
            return Optional.of("the condition is empty");
        }
        try {
            if (isBare(condition)) {
                PolyaxonTemplateParser.parseBareExpression(condition);
            } else {
                PolyaxonTemplateParser.parseTemplate(condition);
            }
            return Optional.empty();
        } catch (PolyaxonSyntaxException e) {
            return Optional.of(e.getMessage());
        }
    }

    private RenderResult<String> render(String condition, Map<String, ?> context) {
        if (!isBare(condition)) {
            return templateStrings.render(condition, context, "condition");
        }
        PolyaxonExpression expression = PolyaxonTemplateParser.parseBareExpression(condition);
        PolyaxonTemplate template = new PolyaxonTemplate(List.of(new PolyaxonTemplate.Expression(expression)));
        return templateStrings.render(template, context, "condition");
    }

    /**
     * Without {@code {{}, the text is an expression, unless it already is one of Polyaxon's bool
     * words ({@code conditions: "yes"} rendered by Jinja is simply "yes").
     */
    private static boolean isBare(String condition) {
        boolean templateSyntax = condition.contains("{{") || condition.contains("}}") || condition.contains("{%");
        return !templateSyntax && IoType.boolWord(condition).isEmpty();
    }

    private static ConditionResult readBool(String rendered) {
        return IoType.boolWord(rendered).map(ConditionResult::of).orElseGet(() -> new ConditionResult.Failed(
                new RenderError(RenderError.Kind.NOT_A_BOOLEAN, "the condition rendered `"
                        + TemplateValueResolvers.cut(rendered, 80) + "`, which is not a boolean; it must be one of "
                        + String.join(", ", IoType.TRUE_WORDS) + " or " + String.join(", ", IoType.FALSE_WORDS))));
    }
}
