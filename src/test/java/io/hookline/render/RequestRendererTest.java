package io.hookline.render;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.hookline.connections.SecretMarker;
import java.io.IOException;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class RequestRendererTest {

    private static final Map<String, String> JSON_HEADERS = Map.of("Content-Type", "application/json");
    private final RequestRenderer renderer = new RequestRenderer(new SandboxedTemplates());

    private RenderResult<RenderedRequest> render(String body, Map<String, ?> data) {
        return renderer.render(new RequestTemplate("POST", JSON_HEADERS, body), data);
    }

    private static RenderedRequest ok(RenderResult<RenderedRequest> result) {
        assertThat(result).isInstanceOf(RenderResult.Ok.class);
        return ((RenderResult.Ok<RenderedRequest>) result).value();
    }

    private static RenderError failed(RenderResult<RenderedRequest> result) {
        assertThat(result).isInstanceOf(RenderResult.Failed.class);
        return ((RenderResult.Failed<RenderedRequest>) result).error();
    }

    @ParameterizedTest
    @ValueSource(strings = {"plain", "say \"hi\"", "back\\slash", "new\nline\r\ttab", "</script><script>alert(1)</script>",
            "emoji 🚀👩‍💻", "nul \u0000 and \u2028 separators", "{braces} {#if} ${HOME}", "'single'", ""})
    void jsonValueKeepsABodyValidWhateverTheStringHolds(String message) throws IOException {
        RenderedRequest request = ok(render("{\"text\": {message.json}}", Map.of("message", message)));
        JsonNode body = new ObjectMapper().readTree(request.body());
        assertThat(body.get("text").asText()).isEqualTo(message);
    }

    @Test
    void jsonValueEncodesMapsListsNumbersBooleansAndNull() throws IOException {
        Map<String, Object> inputs = new LinkedHashMap<>();
        inputs.put("lr", 0.01);
        inputs.put("layers", List.of(64, 32));
        inputs.put("name", "a\"b");
        inputs.put("flag", true);
        inputs.put("none", null);
        Map<String, Object> data = new HashMap<>();
        data.put("run", Map.of("inputs", inputs));
        data.put("nothing", null);
        RenderedRequest request = ok(render("{\"inputs\": {run.inputs.json}, \"n\": {nothing.json}}", data));
        JsonNode body = new ObjectMapper().readTree(request.body());
        assertThat(body.get("inputs").get("layers").get(1).asInt()).isEqualTo(32);
        assertThat(body.get("inputs").get("name").asText()).isEqualTo("a\"b");
        assertThat(body.get("inputs").get("none").isNull()).isTrue();
        assertThat(body.get("n").isNull()).isTrue();
    }

    @Test
    void jsonEscapedComposesOneStringFromSeveralValues() throws IOException {
        RenderedRequest request = ok(render("{\"title\": \"{name.jsonEscaped} ({uuid.jsonEscaped})\"}",
                Map.of("name", "a \"quoted\"\nname", "uuid", "abc")));
        assertThat(new ObjectMapper().readTree(request.body()).get("title").asText()).isEqualTo("a \"quoted\"\nname (abc)");
    }

    @Test
    void secretMarkerSurvivesJsonEncodingUnchanged() {
        Map<String, Object> data = Map.of("connection", Map.of("secret", SecretMarker.TOKEN));
        RenderedRequest request = ok(renderer.render(new RequestTemplate("POST",
                Map.of("Content-Type", "application/json", "Authorization", "Bearer {connection.secret}"),
                "{\"key\": {connection.secret.json}, \"inline\": \"x-{connection.secret.jsonEscaped}\"}"), data));
        assertThat(request.body()).isEqualTo("{\"key\": \"" + SecretMarker.TOKEN + "\", \"inline\": \"x-" + SecretMarker.TOKEN + "\"}");
        assertThat(request.headers()).containsEntry("Authorization", "Bearer ${HOOKLINE_SECRET}");
    }

    @Test
    void missingNameIsAnErrorNamingItAndTheKnownNames() {
        RenderError error = failed(render("{\"text\": {mesage.json}}", Map.of("message", "hi")));
        assertThat(error.kind()).isEqualTo(RenderError.Kind.MISSING_NAME);
        assertThat(error.reason()).contains("body", "line 1", "mesage", "message");
    }

    @Test
    void missingNestedNameIsAnError() {
        RenderError error = failed(render("{run.nmae}", Map.of("run", Map.of("name", "x"))));
        assertThat(error.kind()).isEqualTo(RenderError.Kind.MISSING_NAME);
        assertThat(error.reason()).contains("nmae", "name");
    }

    @Test
    void orGivesADefaultForAMissingOrNullName() {
        Map<String, Object> data = new HashMap<>();
        data.put("present", null);
        data.put("connection", Map.of("settings", Map.of()));
        RenderedRequest request = ok(renderer.render(new RequestTemplate("POST", Map.of(),
                "{absent.or('a')} {present.or('b')} {connection.settings.channel.or('#general')} {absent ?: 'c'}"), data));
        assertThat(request.body()).isEqualTo("a b #general c");
    }

    @ParameterizedTest
    @ValueSource(strings = {"{run.getClass()}", "{run.getClass().getName()}", "{connection.secret.getBytes()}",
            "{connection.secret.length()}", "{connection.secret.class}", "{run.hashCode()}", "{connection.toString()}"})
    void templatesCannotReachJavaMethods(String template) {
        Map<String, Object> data = Map.of("run", Map.of("name", "x"), "connection", Map.of("secret", SecretMarker.TOKEN));
        RenderError error = failed(renderer.render(new RequestTemplate("POST", Map.of(), template), data));
        assertThat(error.reason()).contains("not found");
        assertThat(error.reason()).doesNotContain("java.lang.Class", "[B@");
    }

    @ParameterizedTest
    @ValueSource(strings = {"{config:['user.home']}", "{config:user.home}", "{env:HOME}", "{inject:bean}",
            "{#include /etc/passwd /}", "{str:eval('{x}')}"})
    void templatesCannotReadConfigurationEnvironmentOrFiles(String template) {
        RenderError error = failed(renderer.render(new RequestTemplate("POST", Map.of(), template), Map.of("x", "1")));
        assertThat(error.reason()).doesNotContain(System.getProperty("user.home"));
    }

    @Test
    void dataThatIsNotPlainIsRefusedBeforeRendering() {
        assertThatThrownBy(() -> render("{run}", Map.of("run", new Object())))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("`run`");
    }

    @Test
    void dataThatIsNotPlainDeepInsidePlainMapsIsRefusedWithItsPath() {
        Map<String, Object> data = Map.of("run", Map.of("inputs", List.of("ok", Map.of("secret", new Object()))));
        assertThatThrownBy(() -> render("{run}", data))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("`run.inputs[1].secret`");
    }

    @Test
    void nestedValuesThatAreNotPlainYetAreConvertedAsBefore() {
        Map<String, Object> run = new LinkedHashMap<>();
        run.put("id", UUID.fromString("8aac02e3-a62a-4f0a-aa25-7c59da5eab80"));
        run.put("loss", 0.9f);
        run.put("tags", new TreeSet<>(List.of("b", "a")));
        RenderedRequest request = ok(render("{run.json}", Map.of("run", run)));
        assertThat(request.body()).isEqualTo("{\"id\":\"8aac02e3-a62a-4f0a-aa25-7c59da5eab80\",\"loss\":0.9,\"tags\":[\"a\",\"b\"]}");
    }

    @Test
    void outputLargerThanTheBoundIsARenderError() {
        RequestRenderer small = new RequestRenderer(new SandboxedTemplates(1024));
        Map<String, Object> data = Map.of("items", java.util.Collections.nCopies(10_000, "0123456789"));
        RenderError error = failed(small.render(new RequestTemplate("POST", Map.of(),
                "{#for item in items}{item}{/for}"), data));
        assertThat(error.kind()).isEqualTo(RenderError.Kind.TOO_LARGE);
        assertThat(error.reason()).contains("body", "1024 bytes");
    }

    @Test
    void outputAtTheBoundIsFine() {
        RequestRenderer small = new RequestRenderer(new SandboxedTemplates(10));
        assertThat(ok(small.render(new RequestTemplate("POST", Map.of(), "{x}"), Map.of("x", "0123456789"))).body())
                .isEqualTo("0123456789");
    }

    @Test
    void defaultBoundIs256KiB() {
        assertThat(new SandboxedTemplates().maxOutputBytes()).isEqualTo(256 * 1024);
    }

    @Test
    void headerWithALineBreakFromRunDataIsRefused() {
        RenderError error = failed(renderer.render(new RequestTemplate("POST", Map.of("X-Run", "{name}"), ""),
                Map.of("name", "evil\r\nX-Injected: 1")));
        assertThat(error.reason()).contains("header X-Run", "line break");
    }

    @Test
    void jsonBodyThatDoesNotParseIsRefused() {
        RenderError error = failed(render("{\"text\": \"{message}\"}", Map.of("message", "say \"hi\"")));
        assertThat(error.kind()).isEqualTo(RenderError.Kind.INVALID_OUTPUT);
        assertThat(error.reason()).contains("not valid JSON");
    }

    @Test
    void methodIsRenderedAndUpperCased() {
        RenderedRequest request = ok(renderer.render(new RequestTemplate("{verb}", Map.of(), ""), Map.of("verb", "put")));
        assertThat(request.method()).isEqualTo("PUT");
        assertThat(failed(renderer.render(new RequestTemplate("PO ST", Map.of(), ""), Map.of())).reason())
                .contains("not an HTTP method");
    }

    @Test
    void mapsAndListsWrittenDirectlyRenderAsJson() {
        RenderedRequest request = ok(renderer.render(new RequestTemplate("POST", Map.of(), "{labels} {tags}"),
                Map.of("labels", Map.of("team", "ml"), "tags", List.of("a", "b"))));
        assertThat(request.body()).isEqualTo("{\"team\":\"ml\"} [\"a\",\"b\"]");
    }

    @Test
    void summaryCarriesPolyaxonsTitleColourAndOnlyNonEmptyDetails() {
        Map<String, Object> run = new HashMap<>(TemplateDataFixture.run("failed"));
        run.put("outputs", Map.of());
        RenderedRequest request = ok(renderer.render(new RequestTemplate("POST", Map.of(),
                "{summary.title}|{summary.color}|{#for d in summary.details}{d.label},{/for}"), Map.of("run", run)));
        assertThat(request.body()).isEqualTo(TemplateDataFixture.HOSTILE_NAME
                + " (8aac02e3a62a4f0aaa257c59da5eab80) Status: failed|#aa310f|Kind,Status,Duration,Inputs,");
    }

    @Test
    void compileProblemNamesTheLine() {
        assertThat(renderer.compileProblem("{\"a\": 1}\n{#if x}\n{/for}")).hasValueSatisfying(problem ->
                assertThat(problem).contains("line 3"));
        assertThat(renderer.compileProblem("{\"a\": {x.json}}")).isEmpty();
    }

    @Test
    void unparsableTemplateIsARenderResultNotAnException() {
        RenderError error = failed(render("{#if x}", Map.of("x", true)));
        assertThat(error.kind()).isEqualTo(RenderError.Kind.SYNTAX);
    }
}
