package io.hookline.render.polyaxon;

import io.hookline.render.RenderError;
import io.hookline.render.RenderResult;
import io.hookline.render.SandboxedTemplates;
import java.util.Map;
import java.util.Optional;

/**
 * Renders a hook's string fields that hold Polyaxon {@code {{ ... }}} expressions against the run's
 * context, as Polyaxon does with Jinja before it decides anything (e.g.
 * {@code connection: "{{ globals.project_name }}-slack"}, a param value {@code "{{ outputs.loss }}"}).
 *
 * <p>Values render as text: strings as they are, numbers as written, maps and lists as JSON, none as
 * nothing; a comparison renders {@code true} or {@code false}. A missing name is an error with the
 * nearest known name, never an empty string.
 */
public final class TemplateStrings {

    private final SandboxedTemplates templates;

    public TemplateStrings(SandboxedTemplates templates) {
        this.templates = templates;
    }

    /** The field with every {@code {{ ... }}} replaced; a field without {@code {{} is returned as is. */
    public RenderResult<String> render(String field, Map<String, ?> context) {
        if (!field.contains("{{")) {
            return RenderResult.ok(field);
        }
        return render(field, context, "template");
    }

    /** Empty when {@code field} parses; otherwise why not, naming the column. */
    public Optional<String> problem(String field) {
        try {
            PolyaxonTemplateParser.parseTemplate(field);
            return Optional.empty();
        } catch (PolyaxonSyntaxException e) {
            return Optional.of(e.getMessage());
        }
    }

    /** @param subject "template" or "condition", for messages */
    RenderResult<String> render(String text, Map<String, ?> context, String subject) {
        try {
            return render(PolyaxonTemplateParser.parseTemplate(text), context, subject);
        } catch (PolyaxonSyntaxException e) {
            return RenderResult.failed(new RenderError(RenderError.Kind.SYNTAX, subject + ": " + e.getMessage()));
        }
    }

    RenderResult<String> render(PolyaxonTemplate template, Map<String, ?> context, String subject) {
        try {
            ConditionTranslator.QuteProgram program = ConditionTranslator.translate(template, context, subject);
            return templates.render(program.source(), program.data(), subject);
        } catch (RenderFailure e) {
            return RenderResult.failed(e.error());
        }
    }
}
