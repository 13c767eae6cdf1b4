package io.hookline.render;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** JsonSyntax decides and explains exactly as Jackson's readTree with trailing tokens refused (the check it replaced). */
class JsonSyntaxTest {

    private static final ObjectMapper TREE = new ObjectMapper().enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    static Stream<String> bodies() {
        return Stream.of(
                "{\"text\": \"hi\"}",
                "[1, 2.5, -3e7, true, false, null, {\"a\": [\"🚀\", \"\\u2028\"]}]",
                "\"just a string\"",
                "42",
                "  {\"a\": 1}  \n",
                "{\"text\": \"say \"hi\"\"}",
                "{\"a\": 1} {\"b\": 2}",
                "{\"a\": 1}]",
                "[1, 2",
                "{\"a\": 1,}",
                "{'a': 1}",
                "{\"a\": NaN}",
                "{\"a\": 01}",
                "{\"a\": \"line\nbreak\"}",
                "{\"a\": 1} // comment",
                "[" + "1".repeat(1_200) + "]",
                "[1." + "5".repeat(1_200) + "]",
                "[".repeat(1_100) + "]".repeat(1_100),
                "{\"a\": \"" + "x".repeat(300_000) + "\"}",
                "nul",
                "{\"a\": 1}\u0000");
    }

    @ParameterizedTest
    @MethodSource("bodies")
    void verdictAndReasonAreTheTreeReadersOwn(String body) {
        assertThat(JsonSyntax.problem(body)).isEqualTo(treeProblem(body));
    }

    private static Optional<String> treeProblem(String body) {
        try {
            TREE.readTree(body);
            return Optional.empty();
        } catch (JsonProcessingException e) {
            return Optional.of(e.getOriginalMessage() + (e.getLocation() == null ? ""
                    : " (line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr() + ")"));
        }
    }
}
