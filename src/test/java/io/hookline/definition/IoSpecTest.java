package io.hookline.definition;

import io.hookline.definition.yaml.LocatedNode;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** V1IO rules, read through a component definition as users write them. */
class IoSpecTest {

    private static List<String> violationsOfInputs(String inputsYaml) {
        String component = "name: probe\nrequest: {body: ok}\ninputs:\n" + inputsYaml;
        return ComponentParser.parse(component, "", DefinitionFixtures.TEMPLATES).violations().stream()
                .map(Violation::toString).toList();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "- {type: str}"
                    + "| inputs[0].name: name is required: the name params use to set this input/output (line 4, column 3)",
            "- {name: globals}"
                    + "| inputs[0].name: name `globals` is taken by the template context (globals, params, connections); choose another name (line 4, column 10)",
            "- {name: params, type: str}"
                    + "| inputs[0].name: name `params` is taken by the template context (globals, params, connections); choose another name (line 4, column 10)",
            "- {name: lr, type: float, value: 0.1, isOptional: false}"
                    + "| inputs[0].value: `lr` has a default value but isOptional: false; remove the value, or make it optional (a default alone makes an input optional) (line 4, column 34)",
            "- {name: verbose, type: str, isFlag: true}"
                    + "| inputs[0].isFlag: isFlag needs type `bool`, but `verbose` has type `str` (line 4, column 38)",
            "- {name: lr, type: flot}"
                    + "| inputs[0].type: type `flot` is not a Polyaxon IO type; did you mean `float`? (line 4, column 20)",
            "- {name: lr, type: float, validation: {gt: 0, greater: 1}}"
                    + "| inputs[0].validation.greater: unknown field `greater`; a validation has delay, gt, ge, lt, le, multipleOf, minDigits, maxDigits, decimalPlaces, regex, minLength, maxLength, contains, excludes, options, minItems, maxItems, keys, containsKeys, excludesKeys (line 4, column 47)",
            "- {name: lr, type: float, validation: {gt: zero}}"
                    + "| inputs[0].validation.gt: gt must be a number, found the string `zero` (line 4, column 44)",
            "- {name: id, type: str, validation: {regex: '[a-'}}"
                    + "| inputs[0].validation.regex: regex `[a-` does not compile: missing closing ] (line 4, column 45)",
            "- {name: lr, type: float, value: 2, validation: {le: 1}}"
                    + "| inputs[0].value: the default value of `lr` value `2.0` must be less than or equal to `1` (line 4, column 34)",
            "- {name: n, type: int, value: many}"
                    + "| inputs[0].value: the default value of `n` must be an integer (type `int`), found the string `many` (line 4, column 31)",
            "- {name: n, type: int, optional: true}"
                    + "| inputs[0].optional: unknown field `optional`; did you mean `isOptional`? (line 4, column 24)",
    })
    void invalidIoIsReportedWithPathAndPosition(String io, String expected) {
        assertThat(violationsOfInputs(io)).containsExactly(expected);
    }

    @Test
    void defaultValueMakesAnInputOptionalAsInPolyaxon() {
        IoSpec withDefault = new IoSpec("lr", "float", null, null, null, null, null, 0.1, null, null, null, null);
        IoSpec withoutDefault = new IoSpec("lr", "float", null, null, null, null, null, null, null, null, null, null);

        assertThat(withDefault.optional()).isTrue();
        assertThat(withoutDefault.optional()).isFalse();
    }

    @Test
    void deprecatedTopLevelOptionsBecomeValidationOptions() {
        ParseResult<ComponentSpec> parsed = ComponentParser.parse(
                "name: probe\nrequest: {body: ok}\ninputs:\n- {name: mode, type: str, options: [a, b], isOptional: true}\n",
                "", DefinitionFixtures.TEMPLATES);

        IoSpec mode = parsed.value().inputs().get(0);
        assertThat(parsed.violations()).isEmpty();
        assertThat(mode.validation().options()).containsExactly("a", "b");
        assertThat(mode.problemWith("c")).contains("value `c` must be one of `[a, b]`");
    }

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource(delimiter = '|', value = {
            "int      | '3'",
            "int      | 3",
            "float    | '0.5'",
            "bool     | 'yes'",
            "bool     | 'off'",
            "str      | 12",
            "date     | '2024-05-01'",
            "datetime | '2024-05-01T10:00:00Z'",
            "uuid     | '0123456789abcdef0123456789abcdef'",
            "path     | '/data/x'",
            "git      | 'https://github.com/polyaxon/cli'",
    })
    void valuesPolyaxonWouldParseFitTheirType(String type, String yamlValue) throws Exception {
        IoSpec io = new IoSpec("x", type, null, null, null, null, null, null, null, null, null, null);
        Object value = LocatedNode.parse(yamlValue).toPlain();

        assertThat(io.problemWith(value)).isEmpty();
    }

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource(delimiter = '|', value = {
            "int      | 2.5                | must be an integer (type `int`), found the number 2.5",
            "float    | high               | must be a number (type `float`), found the string `high`",
            "bool     | maybe              | must be true or false (type `bool`), found the string `maybe`",
            "str      | [a]                | must be a string (type `str`), found a list",
            "dict     | text               | must be a mapping (type `dict`), found the string `text`",
            "list     | '{a: 1}'           | must be a list (type `list`), found a mapping",
            "date     | '2024-13-01'       | must be a date (YYYY-MM-DD) (type `date`), found the string `2024-13-01`",
            "uuid     | not-a-uuid         | must be a UUID (type `uuid`), found the string `not-a-uuid`",
    })
    void valuesThatDoNotFitTheirTypeSaySo(String type, String yamlValue, String expected) throws Exception {
        IoSpec io = new IoSpec("x", type, null, null, null, null, null, null, null, null, null, null);
        Object value = LocatedNode.parse(yamlValue).toPlain();

        assertThat(io.problemWith(value)).contains(expected);
    }

    @Test
    void catastrophicBacktrackingRegexFromIssue13MatchesInLinearTime() {
        // With java.util.regex, (.*a){12}x takes minutes on 40 characters; RE2/J answers at once.
        IoSpec io = new IoSpec("name", "str", null, null, null, null, null, null,
                new IoValidation(null, null, null, null, null, null, null, null, null, "(.*a){12}x", null, null, null,
                        null, null, null, null, null, null, null), null, null, null);

        assertThat(io.problemWith("a".repeat(40))).contains("value `" + "a".repeat(40) + "` must match the regex `(.*a){12}x`");
        assertThat(io.problemWith("a".repeat(40) + "x")).isEmpty();
    }
}
