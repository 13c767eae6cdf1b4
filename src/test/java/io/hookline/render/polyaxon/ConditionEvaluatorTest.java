package io.hookline.render.polyaxon;

import io.hookline.render.RenderError;
import io.hookline.render.SandboxedTemplates;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The cases live in {@code render/polyaxon/conditions.yaml}: condition, expected truth, reason. */
class ConditionEvaluatorTest {

    private static final ConditionEvaluator EVALUATOR =
            new ConditionEvaluator(new TemplateStrings(new SandboxedTemplates()));
    private static final Map<String, Object> CASE_FILE = readCaseFile();

    @SuppressWarnings("unchecked")
    private static Map<String, Object> readCaseFile() {
        try (InputStream in = ConditionEvaluatorTest.class.getResourceAsStream("/render/polyaxon/conditions.yaml")) {
            return new ObjectMapper(new YAMLFactory()).readValue(in, Map.class);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @SuppressWarnings("unchecked")
    static Stream<Arguments> cases() {
        // YAML reads a bare TRUE as a boolean; the column is text either way.
        return ((List<Map<String, Object>>) CASE_FILE.get("cases")).stream()
                .map(row -> Arguments.of(row.get("condition"), String.valueOf(row.get("expected")).toUpperCase(),
                        row.getOrDefault("reason", "")));
    }

    @SuppressWarnings("unchecked")
    @ParameterizedTest(name = "[{index}] {0} -> {1}")
    @MethodSource("cases")
    void conditionHasItsExpectedTruth(String condition, String expected, String reason) {
        Map<String, Object> context = (Map<String, Object>) CASE_FILE.get("context");
        if (expected.equals("INVALID")) {
            assertThat(EVALUATOR.problem(condition)).hasValueSatisfying(problem -> assertThat(problem).contains(reason));
            assertThat(EVALUATOR.evaluate(condition, context)).isInstanceOfSatisfying(ConditionResult.Failed.class,
                    failed -> assertThat(failed.error().kind()).isEqualTo(RenderError.Kind.SYNTAX));
            return;
        }
        if (!condition.isBlank()) {
            assertThat(EVALUATOR.problem(condition)).as("parses").isEmpty();
        }
        ConditionResult result = EVALUATOR.evaluate(condition, context);
        switch (expected) {
            case "TRUE" -> assertThat(result).isEqualTo(ConditionResult.TRUE);
            case "FALSE" -> assertThat(result).isEqualTo(ConditionResult.FALSE);
            case "ERROR" -> assertThat(result).isInstanceOfSatisfying(ConditionResult.Failed.class,
                    failed -> assertThat(failed.error().reason()).contains(reason));
            default -> throw new IllegalArgumentException("unknown expectation " + expected);
        }
    }

    /** An ERROR or INVALID case without a reason would pass with any reason, as contains("") always holds. */
    @SuppressWarnings("unchecked")
    @Test
    void everyErrorAndInvalidCaseNamesTheReasonItExpects() {
        assertThat((List<Map<String, Object>>) CASE_FILE.get("cases"))
                .filteredOn(row -> List.of("ERROR", "INVALID").contains(String.valueOf(row.get("expected")).toUpperCase()))
                .isNotEmpty()
                .allSatisfy(row -> assertThat((String) row.get("reason")).as("reason of %s", row.get("condition")).isNotBlank());
    }

    @Test
    void missingNameIsAMissingNameErrorNotFalse() {
        ConditionResult result = EVALUATOR.evaluate("{{ los == 1 }}", Map.of("loss", 1));
        assertThat(result).isInstanceOfSatisfying(ConditionResult.Failed.class,
                failed -> assertThat(failed.error().kind()).isEqualTo(RenderError.Kind.MISSING_NAME));
    }

    @Test
    void typeMismatchIsReportedAsSuch() {
        ConditionResult result = EVALUATOR.evaluate("{{ loss > 1 }}", Map.of("loss", "high"));
        assertThat(result).isInstanceOfSatisfying(ConditionResult.Failed.class,
                failed -> assertThat(failed.error().kind()).isEqualTo(RenderError.Kind.TYPE_MISMATCH));
    }

    @Test
    void stringLiteralsWithBracesAndQuotesCannotBreakTheTranslation() {
        Map<String, Object> context = Map.of("message", "{#if}\"}} {x}");
        assertThat(EVALUATOR.evaluate("{{ message == '{#if}\"}} {x}' }}", context)).isEqualTo(ConditionResult.TRUE);
    }

    @Test
    void emptyConditionIsReportedByTheChecker() {
        assertThat(EVALUATOR.problem("  ")).contains("the condition is empty");
    }
}
