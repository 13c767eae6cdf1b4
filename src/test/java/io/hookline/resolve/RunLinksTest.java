package io.hookline.resolve;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class RunLinksTest {

    private static final String TEMPLATE = "https://polyaxon.example.com/ui/{owner}/{project}/runs/{uuid}";

    @Test
    void aRunWithoutItsOwnUrlIsLinkedThroughTheConfiguredTemplate() {
        RunFacts linked = links(TEMPLATE).withUrl(run("acme/vision", null));

        assertThat(linked.url()).isEqualTo("https://polyaxon.example.com/ui/acme/vision/runs/8f2c0e6b");
        assertThat(linked.asMap()).containsEntry("url", linked.url());
    }

    @Test
    void theUrlTheAgentSentWinsOverTheTemplate() {
        RunFacts run = run("acme/vision", "https://runs.example.com/8f2c0e6b");

        assertThat(links(TEMPLATE).withUrl(run).url()).isEqualTo("https://runs.example.com/8f2c0e6b");
    }

    @Test
    void withoutATemplateARunWithoutAUrlHasNoLink() {
        assertThat(links(null).withUrl(run("acme/vision", null)).url()).isNull();
    }

    @Test
    void aNameWithASlashOrSpaceStaysOnePathSegment() {
        RunFacts linked = links("https://ui.example.com/{project}/{uuid}").withUrl(run("acme/my vision", null));

        assertThat(linked.url()).isEqualTo("https://ui.example.com/my%20vision/8f2c0e6b");
    }

    @Test
    void anUnknownPlaceholderFailsTheStartNamingTheKey() {
        assertThatThrownBy(() -> links("https://ui.example.com/{org}/{uuid}"))
                .hasMessage("hookline.ui.run-url: unknown placeholder `{org}`; use {owner}, {project} and {uuid}");
    }

    @Test
    void aTemplateThatIsNotAnHttpUrlFailsTheStartNamingTheKey() {
        assertThatThrownBy(() -> links("polyaxon.example.com/ui/{uuid}"))
                .hasMessageStartingWith("hookline.ui.run-url must be an absolute http or https URL")
                .hasMessageContaining("polyaxon.example.com/ui/{uuid}");
    }

    private static RunLinks links(String template) {
        return new RunLinks(() -> Optional.ofNullable(template));
    }

    private static RunFacts run(String project, String url) {
        return new RunFacts("8f2c0e6b", "train", "job", project, "failed", null, null, Instant.EPOCH, Map.of(),
                Map.of(), Map.of(), Map.of(), Map.of(), url, null);
    }
}
