package io.hookline.definition;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The hook documents of {@code definition/hook-cases.yaml}, each parsed and validated as intake does,
 * against the test components and connections ({@link DefinitionFixtures}).
 */
class HookCasesTest {

    record HookCase(String name, String document, List<String> violations, String prefix) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<HookCase> cases() {
        try (InputStream in = HookCasesTest.class.getResourceAsStream("/definition/hook-cases.yaml")) {
            return new ObjectMapper(new YAMLFactory()).readValue(in, new TypeReference<List<HookCase>>() { }).stream();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void documentGivesExactlyTheExpectedViolations(HookCase hookCase) {
        String prefix = hookCase.prefix() == null ? "hooks" : hookCase.prefix();

        List<String> actual = DefinitionFixtures.parseAndValidate(hookCase.document(), prefix).stream()
                .map(Violation::toString).toList();

        assertThat(actual).as(hookCase.name()).containsExactlyElementsOf(
                hookCase.violations() == null ? List.of() : hookCase.violations());
    }

    /** A failure is reported by the case's name, so a blank or repeated name hides which case broke. */
    @Test
    void everyCaseHasANameOfItsOwn() {
        List<String> names = cases().map(HookCase::name).toList();
        assertThat(names).allSatisfy(name -> assertThat(name).isNotBlank()).doesNotHaveDuplicates();
    }
}
