package io.hookline.render.polyaxon;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The cases live in {@code render/polyaxon/literals.yaml}: rendered text, and the value read from it as JSON. */
class PolyaxonLiteralTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    record LiteralCase(String text, String json) {
        @Override
        public String toString() {
            return "`" + text + "` reads as " + json;
        }
    }

    static Stream<LiteralCase> cases() {
        try (InputStream in = PolyaxonLiteralTest.class.getResourceAsStream("/render/polyaxon/literals.yaml")) {
            return new ObjectMapper(new YAMLFactory()).readValue(in, new TypeReference<List<LiteralCase>>() { }).stream();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void renderedTextIsReadAsThePythonLiteralItSpellsOrStaysText(LiteralCase literal) throws JsonProcessingException {
        assertThat(JSON.writeValueAsString(PolyaxonLiteral.read(literal.text()))).isEqualTo(literal.json());
    }

    @Test
    void aListNestedDeeperThanTheLimitStaysText() {
        String deep = "[".repeat(PolyaxonLiteral.MAX_DEPTH + 2) + "]".repeat(PolyaxonLiteral.MAX_DEPTH + 2);

        assertThat(PolyaxonLiteral.read(deep)).isEqualTo(deep);
    }

    @Test
    void integersThatFitALongAreLongsAndLargerOnesBigIntegers() {
        assertThat(PolyaxonLiteral.read("9223372036854775807")).isEqualTo(Long.MAX_VALUE);
        assertThat(PolyaxonLiteral.read("9223372036854775808")).isInstanceOf(BigInteger.class);
    }
}
