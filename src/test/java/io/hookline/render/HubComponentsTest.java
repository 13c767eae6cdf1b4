package io.hookline.render;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.hookline.connections.SecretMarker;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Each built-in component renders, for every final status and hostile run data, a body its service accepts. */
class HubComponentsTest {

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final RequestRenderer RENDERER = new RequestRenderer(new SandboxedTemplates());
    private static final Set<String> COMPONENT_KEYS = Set.of("kind", "name", "owner", "tag", "description",
            "connectionKinds", "inputs", "outputs", "request");

    @SuppressWarnings("unchecked")
    static Map<String, Object> component(String name) {
        try (InputStream in = HubComponentsTest.class.getResourceAsStream("/hub/" + name + ".yaml")) {
            assertThat(in).as("hub/%s.yaml", name).isNotNull();
            return YAML.readValue(in, Map.class);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @SuppressWarnings("unchecked")
    static RequestTemplate requestOf(Map<String, Object> component) {
        Map<String, Object> request = (Map<String, Object>) component.get("request");
        return new RequestTemplate((String) request.get("method"), (Map<String, String>) request.get("headers"),
                (String) request.get("body"));
    }

    static JsonNode body(String component, Map<String, Object> data) {
        RenderResult<RenderedRequest> result = RENDERER.render(requestOf(component(component)), data);
        assertThat(result).as("%s renders", component).isInstanceOf(RenderResult.Ok.class);
        RenderedRequest request = ((RenderResult.Ok<RenderedRequest>) result).value();
        assertThat(request.method()).isEqualTo("POST");
        assertThat(request.headers()).containsEntry("Content-Type", "application/json");
        try {
            return JSON.readTree(request.body());
        } catch (IOException e) {
            throw new AssertionError(component + " body is not JSON:\n" + request.body(), e);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"slack", "discord", "mattermost", "teams", "pagerduty", "webhook"})
    @SuppressWarnings("unchecked")
    void componentUsesOnlyTheKeysTheParserAcceptsAndItsTemplatesCompile(String name) {
        Map<String, Object> component = component(name);
        assertThat(component.keySet()).isSubsetOf(COMPONENT_KEYS);
        assertThat(component).containsEntry("kind", "component").containsEntry("name", name)
                .containsEntry("owner", "polyaxon").containsEntry("tag", "latest");
        assertThat((List<String>) component.get("connectionKinds")).contains(name);
        RequestTemplate request = requestOf(component);
        assertThat(RENDERER.compileProblem(request.body())).isEmpty();
        for (String status : TemplateDataFixture.finalStatuses()) {
            body(name, TemplateDataFixture.data(status));
        }
    }

    @Test
    void slackSendsTextBlocksAndColourWithRunDataAsPlainText() {
        JsonNode body = body("slack", TemplateDataFixture.data("failed"));
        assertThat(body.get("text").asText()).isEqualTo(TemplateDataFixture.HOSTILE_NAME
                + " (8aac02e3a62a4f0aaa257c59da5eab80) Status: failed");
        assertThat(body.get("blocks").isArray()).isTrue();
        assertThat(body.get("blocks").get(0).get("text").get("text").asText()).isEqualTo("Run finished: \"done\" ✅");
        assertThat(body.findValues("type").stream().map(JsonNode::asText)).doesNotContain("mrkdwn");
        assertThat(body.get("attachments").get(0).get("color").asText()).isEqualTo("#aa310f");
        assertThat(body.get("attachments").get(0).toString()).contains("Reason: PolyaxonRunFailed", "Duration: 720s");
        assertThat(body.get("channel").asText()).isEqualTo("#ml-alerts");
        assertThat(body.get("username").asText()).isEqualTo("hookline");
        assertThat(body.has("icon_url")).isFalse();
    }

    @Test
    void slackChannelAndIconFromInputsWinAndTheIconIsNeverTheChannel() {
        Map<String, Object> data = TemplateDataFixture.data("succeeded", Map.of("message", "", "channel", "#wins",
                "icon_url", "https://example.com/bot.png", "username", ""));
        JsonNode body = body("slack", data);
        assertThat(body.get("channel").asText()).isEqualTo("#wins");
        assertThat(body.get("icon_url").asText()).isEqualTo("https://example.com/bot.png");
        assertThat(body.get("attachments").get(0).get("color").asText()).isEqualTo("#1aaa55");
    }

    @Test
    void discordContentIsNeverEmptyNorLongerThan2000Characters() {
        Map<String, Object> data = TemplateDataFixture.data("stopped");
        ((Map<String, Object>) data.get("run")).put("name", "🚀\"x".repeat(3000));
        JsonNode body = body("discord", data);
        String content = body.get("content").asText();
        assertThat(content).isNotBlank();
        assertThat(content.length()).isLessThanOrEqualTo(2000);
        assertThat(content.codePointCount(0, content.length())).isLessThanOrEqualTo(2000);
        assertThat(body.get("embeds").get(0).get("color").asInt()).isEqualTo(0x485563);
        assertThat(body.get("embeds").get(0).get("title").asText().length()).isLessThanOrEqualTo(256);
    }

    @Test
    void mattermostSendsTextAttachmentsAndChannel() {
        JsonNode body = body("mattermost", TemplateDataFixture.data("upstream_failed"));
        assertThat(body.get("text").asText()).endsWith("Status: upstream_failed");
        assertThat(body.get("channel").asText()).isEqualTo("#ml-alerts");
        assertThat(body.get("attachments").get(0).get("color").asText()).isEqualTo("#aa310f");
        assertThat(body.get("attachments").get(0).get("fields").size()).isGreaterThan(3);
    }

    @Test
    void teamsSendsAnAdaptiveCardInTheMessageEnvelopeWithFactsAndTheRunLink() {
        JsonNode body = body("teams", TemplateDataFixture.data("succeeded"));
        assertThat(body.get("type").asText()).isEqualTo("message");
        JsonNode attachment = body.get("attachments").get(0);
        assertThat(attachment.get("contentType").asText()).isEqualTo("application/vnd.microsoft.card.adaptive");
        JsonNode card = attachment.get("content");
        assertThat(card.get("type").asText()).isEqualTo("AdaptiveCard");
        assertThat(card.get("version").asText()).isEqualTo("1.4");
        assertThat(card.get("body").get(0).get("color").asText()).isEqualTo("Good");
        assertThat(card.get("body").get(2).get("facts").get(0).get("title").asText()).isEqualTo("Kind");
        assertThat(card.get("actions").get(0).get("type").asText()).isEqualTo("Action.OpenUrl");
        assertThat(card.get("actions").get(0).get("url").asText()).startsWith("https://");
        assertThat(body.toString()).doesNotContain("MessageCard");
    }

    /** Run data far past every service's limits: a name, a condition message and outputs of 100,000 characters. */
    @SuppressWarnings("unchecked")
    private static Map<String, Object> oversized(String status) {
        Map<String, Object> data = TemplateDataFixture.data(status, Map.of("message", "✅\"m".repeat(40_000),
                "channel", "", "icon_url", "", "username", "", "severity", ""));
        Map<String, Object> run = (Map<String, Object>) data.get("run");
        run.put("name", "🚀\"x\u0001".repeat(25_000));
        run.put("outputs", Map.of("note", "界\n".repeat(50_000)));
        ((Map<String, Object>) data.get("condition")).put("message", "Traceback\t".repeat(10_000));
        return data;
    }

    @Test
    void oversizedRunDataKeepsSlackWithinItsTextAndBlockLimits() {
        JsonNode body = body("slack", oversized("failed"));
        assertThat(body.get("text").asText().length()).isLessThanOrEqualTo(4000);
        List<JsonNode> blocks = new ArrayList<>();
        body.get("blocks").forEach(blocks::add);
        body.get("attachments").get(0).get("blocks").forEach(blocks::add);
        assertThat(body.get("blocks").size()).isLessThanOrEqualTo(50);
        assertThat(blocks).allSatisfy(block -> {
            assertThat(block.path("text").path("text").asText().length()).isLessThanOrEqualTo(3000);
            assertThat(block.path("fields").size()).isLessThanOrEqualTo(10);
            block.path("fields").forEach(field -> assertThat(field.get("text").asText().length()).isLessThanOrEqualTo(2000));
        });
    }

    @Test
    void oversizedRunDataKeepsDiscordWithinItsContentAndEmbedLimits() {
        JsonNode body = body("discord", oversized("failed"));
        assertThat(body.get("content").asText().length()).isBetween(1, 2000);
        JsonNode embed = body.get("embeds").get(0);
        int total = embed.get("title").asText().length() + embed.get("description").asText().length();
        assertThat(embed.get("title").asText().length()).isLessThanOrEqualTo(256);
        assertThat(embed.get("fields").size()).isLessThanOrEqualTo(25);
        for (JsonNode field : embed.get("fields")) {
            assertThat(field.get("value").asText().length()).isBetween(1, 1024);
            total += field.get("name").asText().length() + field.get("value").asText().length();
        }
        assertThat(total).as("characters of the embed's texts, Discord's 6000 at most").isLessThanOrEqualTo(6000);
    }

    @Test
    void oversizedRunDataKeepsTheTeamsMessageWithin28Kilobytes() {
        Map<String, Object> data = oversized("failed");
        RenderResult<RenderedRequest> result = RENDERER.render(requestOf(component("teams")), data);
        String body = ((RenderResult.Ok<RenderedRequest>) result).value().body();
        assertThat(body.getBytes(StandardCharsets.UTF_8).length).isLessThanOrEqualTo(28 * 1024);
        assertThat(body("teams", data).get("attachments").get(0).get("content").get("body").get(2).get("facts").size())
                .isGreaterThan(3);
    }

    @Test
    void oversizedRunDataKeepsThePagerDutySummaryWithin1024AndTheDedupKeyWithin255Characters() {
        JsonNode body = body("pagerduty", oversized("failed"));
        assertThat(body.get("payload").get("summary").asText().length()).isBetween(1, 1024);
        assertThat(body.get("dedup_key").asText().length()).isLessThanOrEqualTo(255);
        assertThat(body.get("payload").get("source").asText()).isNotBlank();
    }

    @Test
    void pagerDutyTriggersOnFailureWithTheRoutingKeyMarkerAndAStableDedupKey() {
        JsonNode failed = body("pagerduty", TemplateDataFixture.data("failed"));
        assertThat(failed.get("routing_key").asText()).isEqualTo(SecretMarker.TOKEN);
        assertThat(failed.get("event_action").asText()).isEqualTo("trigger");
        assertThat(failed.get("payload").get("severity").asText()).isEqualTo("error");
        assertThat(failed.get("payload").get("summary").asText()).isNotBlank();
        assertThat(failed.get("payload").get("source").asText()).isEqualTo("hookline/acme/mnist");
        assertThat(failed.get("payload").get("custom_details").get("run_uuid").asText()).hasSize(32);

        JsonNode stopped = body("pagerduty", TemplateDataFixture.data("stopped"));
        assertThat(stopped.get("event_action").asText()).isEqualTo("trigger");
        assertThat(stopped.get("payload").get("severity").asText()).isEqualTo("warning");
        assertThat(body("pagerduty", TemplateDataFixture.data("upstream_failed")).get("event_action").asText())
                .isEqualTo("trigger");

        Map<String, Object> nextRun = TemplateDataFixture.data("succeeded");
        ((Map<String, Object>) nextRun.get("run")).put("uuid", "00000000000000000000000000000001");
        JsonNode resolved = body("pagerduty", nextRun);
        assertThat(resolved.get("event_action").asText()).isEqualTo("resolve");
        assertThat(resolved.get("dedup_key").asText()).isEqualTo(failed.get("dedup_key").asText())
                .isEqualTo("hookline/acme/mnist/" + TemplateDataFixture.HOSTILE_NAME);
    }

    @Test
    void webhookSendsTheRunAndTheHookAsOneDocument() {
        JsonNode body = body("webhook", TemplateDataFixture.data("failed"));
        assertThat(body.get("type").asText()).isEqualTo("run.completed");
        assertThat(body.get("timestamp").asText()).isEqualTo("2024-05-01T10:12:00Z");
        assertThat(body.get("data").get("run").get("name").asText()).isEqualTo(TemplateDataFixture.HOSTILE_NAME);
        assertThat(body.get("data").get("run").get("project").asText()).isEqualTo("acme/mnist");
        assertThat(body.get("data").get("run").get("inputs").get("note").asText())
                .isEqualTo("it's \"quoted\"\n{braces} ${HOME}");
        assertThat(body.get("data").get("hook").get("hub_ref").asText()).isEqualTo("polyaxon/slack:latest");
        assertThat(body.get("data").get("previous_status").asText()).isEqualTo("succeeded");
    }

    @Test
    void webhookSendsNullPreviousStatusForAFirstRun() {
        Map<String, Object> data = new HashMap<>(TemplateDataFixture.data("failed"));
        data.put("previous_status", null);
        assertThat(body("webhook", data).get("data").get("previous_status").isNull()).isTrue();
    }
}
