package io.hookline.definition;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class HubRefTest {

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
            "slack,                 polyaxon/slack:latest",
            "slack:v1,              polyaxon/slack:v1",
            "slack:,                polyaxon/slack:latest",
            "my-component:dev,      polyaxon/my-component:dev",
            "acme/pager,            acme/pager:latest",
            "acme/pager:v2.1,       acme/pager:v2.1",
            "acme.pager:v2,         acme/pager:v2",
            "acme_org/my_hook:1.0-rc, acme_org/my_hook:1.0-rc",
    })
    void validReferencesNormaliseToOwnerNameTag(String raw, String expected) {
        assertThat(HubRef.parse(raw)).hasToString(expected);
        assertThat(HubRef.problem(raw)).isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "slack:v1:v2    | it has more than one `:`",
            "a/b/c          | it has more than one `/` or `.` between owner and name",
            "a.b.c          | it has more than one `/` or `.` between owner and name",
            "a/b.c          | it has more than one `/` or `.` between owner and name",
            "/slack         | an empty owner (letters, digits, `-`, `_`)",
            "acme/          | an empty name (letters, digits, `-`, `_`)",
            "my slack       | `my slack` is not a valid name (letters, digits, `-`, `_`)",
            "slack:v 1      | `v 1` is not a valid tag (letters, digits, `.`, `-`, `_`)",
    })
    void invalidReferencesSayWhy(String raw, String why) {
        String expected = "hubRef `" + raw + "` is not a valid component reference: " + why
                + "; write `name`, `name:tag` or `owner/name:tag`";
        assertThat(HubRef.problem(raw)).contains(expected);
        assertThatThrownBy(() -> HubRef.parse(raw)).isInstanceOf(IllegalArgumentException.class).hasMessage(expected);
    }

    @ParameterizedTest
    @CsvSource({"''", "'   '"})
    void blankReferenceIsRequired(String raw) {
        assertThat(HubRef.problem(raw)).contains(
                "hubRef is required: name the component to run, e.g. `slack` or `my-org/my-hook:v1`");
    }
}
