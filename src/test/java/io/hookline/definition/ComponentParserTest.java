package io.hookline.definition;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class ComponentParserTest {

    private static List<String> violations(String yaml) {
        return ComponentParser.parse(yaml, "definition", DefinitionFixtures.TEMPLATES).violations().stream()
                .map(Violation::toString).toList();
    }

    @Test
    void fullComponentIsReadWithDefaults() {
        ParseResult<ComponentSpec> parsed = ComponentParser.parse(
                DefinitionFixtures.resource("/definition/components/my-component-dev.yaml"), "definition", DefinitionFixtures.TEMPLATES);

        ComponentSpec component = parsed.value();
        assertThat(parsed.violations()).isEmpty();
        assertThat(component.hubRef()).hasToString("polyaxon/my-component:dev");
        assertThat(component.connectionKinds()).containsExactly("webhook");
        assertThat(component.inputs()).extracting(IoSpec::name)
                .containsExactly("param1", "param2", "epochs", "mode", "notify", "tags");
        assertThat(component.io("loss")).get().extracting(IoSpec::type).isEqualTo("float");
        assertThat(component.request().method()).isEqualTo("POST");
        assertThat(component.request().headers()).containsEntry("Content-Type", "application/json");
    }

    @Test
    void jsonDefinitionIsAccepted() {
        ParseResult<ComponentSpec> parsed = ComponentParser.parse(
                "{\"name\": \"hook\", \"owner\": \"acme\", \"request\": {\"method\": \"PUT\", \"body\": \"{}\"}}",
                "definition", DefinitionFixtures.TEMPLATES);

        assertThat(parsed.violations()).isEmpty();
        assertThat(parsed.value().hubRef()).hasToString("acme/hook:latest");
        assertThat(parsed.value().request().method()).isEqualTo("PUT");
    }

    @Test
    void missingNameAndRequestAreRequired() {
        assertThat(violations("description: nothing else\n")).containsExactly(
                "definition.name: name is required: the component's name, used in hubRef (e.g. `name: slack` for `hubRef: slack`) (line 1, column 1)",
                "definition.request: request is required: the HTTP request this component sends (method, headers, body) (line 1, column 1)");
    }

    @Test
    void wrongKindUnknownKeyAndBadMethodAreReported() {
        assertThat(violations("""
                kind: operation
                name: hook
                connectionKind: [slack]
                request:
                  method: FETCH
                  body: ok
                """)).containsExactly(
                "definition.connectionKind: unknown field `connectionKind`; did you mean `connectionKinds`? (line 3, column 1)",
                "definition.kind: kind must be `component` (or left out), not `operation` (line 1, column 7)",
                "definition.request.method: method must be one of GET, POST, PUT, PATCH, DELETE, not `FETCH` (line 5, column 11)");
    }

    @Test
    void templateProblemsAreReportedAtTheHeaderAndBody() {
        assertThat(violations("""
                name: hook
                request:
                  headers:
                    X-Run: "{name"
                  body: '{"text": "{status}"'
                """)).containsExactly(
                "definition.request.headers.X-Run: header `X-Run` is not a valid template: unbalanced braces (line 4, column 12)",
                "definition.request.body: body is not a valid template: unbalanced braces (line 5, column 9)");
    }

    @Test
    void invalidNameOwnerAndTagAreReported() {
        assertThat(violations("name: my hook\nowner: acme/corp\ntag: 'v 1'\nrequest: {body: ok}\n")).containsExactly(
                "definition.name: name `my hook` is not a valid component name (letters, digits, `-`, `_`) (line 1, column 7)",
                "definition.owner: owner `acme/corp` is not a valid owner name (letters, digits, `-`, `_`); leave it out for `polyaxon` (line 2, column 8)",
                "definition.tag: tag `v 1` is not a valid tag (letters, digits, `.`, `-`, `_`); leave it out for `latest` (line 3, column 6)");
    }

    @Test
    void inputAndOutputNamesMustBeUnique() {
        assertThat(violations("""
                name: hook
                request: {body: ok}
                inputs: [{name: loss, type: float, isOptional: true}]
                outputs: [{name: loss, type: float}]
                """)).containsExactly(
                "definition.outputs[0].name: `loss` is already an input; input and output names must be unique (line 4, column 18)");
    }

    @Test
    void notYamlIsOneViolationAtTheDocument() {
        assertThat(violations("name: [hook\n")).containsExactly(
                "definition: definition is not valid YAML: while parsing a flow sequence: expected ',' or ']', but got <stream end> (line 2, column 1)");
    }

    @Test
    void hostAndHopByHopHeadersAreRefusedNamingTheHeader() {
        assertThat(violations("""
                name: hook
                request:
                  headers: {Host: internal.example, Transfer-Encoding: chunked, X-Team: ml}
                  body: ok
                """)).containsExactly(
                "definition.request.headers.Host: header `Host` cannot be set by a component: the host comes from the"
                        + " connection, and hop-by-hop and framing headers (Host, Connection, Keep-Alive, Proxy-*, TE,"
                        + " Trailer, Transfer-Encoding, Upgrade, Content-Length, Expect) are set by the HTTP client (line 3, column 19)",
                "definition.request.headers.Transfer-Encoding: header `Transfer-Encoding` cannot be set by a component:"
                        + " the host comes from the connection, and hop-by-hop and framing headers (Host, Connection,"
                        + " Keep-Alive, Proxy-*, TE, Trailer, Transfer-Encoding, Upgrade, Content-Length, Expect) are set"
                        + " by the HTTP client (line 3, column 56)");
    }
}
