package io.hookline.render.polyaxon;

import io.hookline.render.RenderError;
import io.hookline.render.RenderResult;
import io.hookline.render.SandboxedTemplates;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TemplateStringsTest {

    private static final Map<String, Object> CONTEXT = Map.of(
            "globals", Map.of("project_name", "mnist", "owner_name", "acme"),
            "outputs", Map.of("loss", 0.95, "epochs", 10),
            "loss", 0.95,
            "some-io-param", "value-1",
            "inputs", Map.of("layers", List.of(64, 32)),
            "status", "failed");

    private final TemplateStrings templateStrings = new TemplateStrings(new SandboxedTemplates());

    private String ok(String field) {
        RenderResult<String> result = templateStrings.render(field, CONTEXT);
        assertThat(result).isInstanceOf(RenderResult.Ok.class);
        return ((RenderResult.Ok<String>) result).value();
    }

    private RenderError failed(String field) {
        RenderResult<String> result = templateStrings.render(field, CONTEXT);
        assertThat(result).isInstanceOf(RenderResult.Failed.class);
        return ((RenderResult.Failed<String>) result).error();
    }

    @Test
    void connectionNameFromGlobals() {
        assertThat(ok("{{ globals.project_name }}-slack")).isEqualTo("mnist-slack");
    }

    @Test
    void paramValueFromAnOutput() {
        assertThat(ok("{{ outputs.loss }}")).isEqualTo("0.95");
        assertThat(ok("{{outputs.epochs}} epochs")).isEqualTo("10 epochs");
    }

    @Test
    void severalExpressionsAndTextAroundThem() {
        assertThat(ok("{{ globals.owner_name }}/{{ globals.project_name }}: {{ status }}")).isEqualTo("acme/mnist: failed");
    }

    @Test
    void hyphenatedNameIsThatName() {
        assertThat(ok("{{ some-io-param }}")).isEqualTo("value-1");
    }

    @Test
    void comparisonRendersTrueOrFalse() {
        assertThat(ok("{{ loss > 0.9 }}")).isEqualTo("true");
        assertThat(ok("{{ status == 'succeeded' }}")).isEqualTo("false");
    }

    @Test
    void listsRenderAsJson() {
        assertThat(ok("{{ inputs.layers }}")).isEqualTo("[64,32]");
    }

    @Test
    void fieldWithoutBracesIsReturnedUnchanged() {
        String field = "plain {single} braces and {#if} qute-looking text }}";
        assertThat(templateStrings.render(field, CONTEXT)).isEqualTo(RenderResult.ok(field));
    }

    @Test
    void quteSyntaxInTextAroundAnExpressionStaysText() {
        assertThat(ok("{#if x} {{ status }} {y}")).isEqualTo("{#if x} failed {y}");
    }

    @Test
    void missingNameSuggestsTheNearest() {
        RenderError error = failed("{{ globals.project_nme }}-slack");
        assertThat(error.kind()).isEqualTo(RenderError.Kind.MISSING_NAME);
        assertThat(error.reason()).startsWith("template refers to `globals.project_nme`")
                .contains("did you mean `globals.project_name`?");
    }

    @Test
    void syntaxErrorIsAResultNamingTheColumn() {
        RenderError error = failed("{{ globals.project_name -slack");
        assertThat(error.kind()).isEqualTo(RenderError.Kind.SYNTAX);
        assertThat(error.reason()).contains("column 1");
        assertThat(templateStrings.problem("x-{{ a >> b }}")).hasValueSatisfying(problem ->
                assertThat(problem).contains("`>>` at column 8"));
        assertThat(templateStrings.problem("{{ globals.project_name }}-slack")).isEmpty();
    }
}
