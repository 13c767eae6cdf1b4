package io.hookline.render;

import static org.assertj.core.api.Assertions.assertThat;

import io.hookline.definition.ComponentParser;
import io.hookline.definition.Violation;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/** The defects of issue 13 in templates: loops without output, {#eval}, includes. */
class TemplateSandboxTest {

    private final SandboxedTemplates templates = new SandboxedTemplates();
    private final RequestRenderer renderer = new RequestRenderer(templates);

    private RenderError failedBody(String body, Map<String, ?> data) {
        RenderResult<RenderedRequest> result = renderer.render(new RequestTemplate("POST", Map.of(), body), data);
        assertThat(result).isInstanceOf(RenderResult.Failed.class);
        return ((RenderResult.Failed<RenderedRequest>) result).error();
    }

    @Test
    void loopOfTwoBillionIterationsWithoutOutputStopsAtTheIterationBound() {
        RenderError error = failedBody("{#for i in 2000000000}{/for}", Map.of());

        assertThat(error.reason()).isEqualTo(
                "body: loops exceed 10000 iterations in one render (hookline.render.max-loop-iterations)");
    }

    @Test
    void nestedLoopsCountTogetherAgainstTheBound() {
        RenderError error = failedBody("{#for i in 200}{#for j in 200}{/for}{/for}", Map.of());

        assertThat(error.reason()).contains("hookline.render.max-loop-iterations");
        assertThat(error.kind()).isEqualTo(RenderError.Kind.TOO_LARGE);
    }

    @Test
    void loopOverRunDataWithinTheBoundRendersAsBefore() {
        RenderResult<RenderedRequest> result = renderer.render(new RequestTemplate("POST", Map.of(),
                "{#for tag in tags}{tag}{#if tag_hasNext},{/if}{/for}"), Map.of("tags", List.of("a", "b", "c")));

        assertThat(((RenderResult.Ok<RenderedRequest>) result).value().body()).isEqualTo("a,b,c");
    }

    @Test
    void renderPastItsTimeBoundFailsNamingTheKey() {
        RequestRenderer hurried = new RequestRenderer(new SandboxedTemplates(1024, 10_000, Duration.ofNanos(1)));
        RenderResult<RenderedRequest> result = hurried.render(new RequestTemplate("POST", Map.of(),
                "{#for i in 100}x{/for}"), Map.of());

        assertThat(((RenderResult.Failed<RenderedRequest>) result).error().reason())
                .isEqualTo("method: rendering took longer than 0ms (hookline.render.max-render-time)");
    }

    @ParameterizedTest
    @ValueSource(strings = {"eval", "include", "insert", "fragment", "capture"})
    void sectionsThatRunOtherTemplatesAreRefusedAtParseTime(String section) {
        String template = "{\"text\": \"ok\"}\n{#" + section + " run.name}{/" + section + "}";

        assertThat(renderer.compileProblem(template)).hasValue("line 2: the section {#" + section
                + "} is not allowed in Hookline templates (only if, for/each, with, let/set, when/switch):"
                + " a template cannot evaluate data as a template or include other templates");
    }

    @Test
    void evalSectionIsRefusedWhenTheComponentIsWrittenNamingFieldAndLine() {
        List<String> violations = ComponentParser.parse("""
                name: sneaky
                request:
                  headers: {Content-Type: application/json}
                  body: |
                    {"text": "hello"}
                    {#eval run.name /}
                """, "definition", renderer::compileProblem).violations().stream().map(Violation::toString).toList();

        assertThat(violations).hasSize(1);
        assertThat(violations.get(0)).startsWith("definition.request.body: body is not a valid template: line 2:"
                + " the section {#eval} is not allowed in Hookline templates");
    }

    @Test
    void runDataThatLooksLikeATemplateIsPrintedNotEvaluated() {
        RenderResult<RenderedRequest> result = renderer.render(new RequestTemplate("POST", Map.of(), "{name}"),
                Map.of("name", "{#for i in 2000000000}{/for}"));

        assertThat(((RenderResult.Ok<RenderedRequest>) result).value().body()).isEqualTo("{#for i in 2000000000}{/for}");
    }
}
