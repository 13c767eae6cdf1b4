package io.hookline.definition;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Optional;
import java.util.function.BiFunction;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SuggestionsTest {

    /** The suggestions each flavour makes; an empty last column means none. */
    @ParameterizedTest(name = "{0}: {1} among [{2}] suggests [{3}]")
    @CsvSource(delimiter = '|', textBlock = """
            # flavour  | given          | known names                         | suggested
            closest    | tpye           | name type value                     | type
            closest    | TYPE           | name type value                     | type
            closest    | xyz            | name type                           |
            closest    | bat            | hat cat                             | hat
            closest    | notificatoins  | notifications names                 | notifications
            closest    | abcdefghijkl   | abcdefghwxyz                        | abcdefghwxyz
            closest    | los            | loss                                | loss
            closest    | project        | project_name                        |
            prefix     | los            | loss accuracy                       | loss
            prefix     | project        | project_uuid project_name           | project_name
            prefix     | Some-Param     | some_param other                    | some_param
            prefix     | bat            | hat cat                             | cat
            prefix     | ab             | abcdefgh                            |
            quarter    | timout         | name timeout                        | timeout
            quarter    | slak           | slack discord teams                 | slack
            quarter    | colour         | name kind url                       |
            quarter    | abcdefghijkl   | abcdefghwxyz                        |
            quarter    | bat            | hat cat                             | hat
            quarter    | fromFiV        | fromEnv fromFile                    | fromFile
            closest    | fromFiV        | fromEnv fromFile                    | fromEnv
            """)
    void suggestsTheNearestKnownNameWithinEachFlavoursTolerance(String flavour, String given, String known,
                                                                String suggested) {
        BiFunction<String, List<String>, Optional<String>> suggest = switch (flavour) {
            case "closest" -> Suggestions::closest;
            case "prefix" -> Suggestions::closestOrPrefix;
            case "quarter" -> Suggestions::closestWithinAQuarter;
            default -> throw new IllegalArgumentException(flavour);
        };

        assertThat(suggest.apply(given, List.of(known.split(" ")))).isEqualTo(Optional.ofNullable(suggested));
    }

    @ParameterizedTest(name = "{0} among [{1}]: \"{2}\"")
    @CsvSource(delimiter = '|', textBlock = """
            triger | started trigger  | '; did you mean `trigger`?'
            zzz    | started trigger  | ''
            """)
    void hintIsASentenceEndingReadyToAppendOrNothing(String given, String known, String hint) {
        assertThat(Suggestions.hint(given, List.of(known.split(" ")))).isEqualTo(hint);
    }
}
