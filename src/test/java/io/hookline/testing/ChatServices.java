package io.hookline.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/**
 * Slack, Discord, Teams and PagerDuty as their public docs describe their webhooks, on
 * 127.0.0.1:18182, one per JVM: each checks a request's shape and limits and answers as the
 * service documents (success and error bodies), so a test sees what the real service would say.
 * <ul>
 * <li>{@code /slack/<name>}: Slack incoming webhook. 200 {@code ok}; 400 {@code invalid_payload}
 * or {@code invalid_blocks} for a shape Slack refuses; 429 with {@code Retry-After} when called
 * faster than {@link #SLACK_PACE_MILLIS} (a token bucket holding {@link #SLACK_BURST}: Slack's
 * "1 per second, short bursts allowed", on a compressed clock).</li>
 * <li>{@code /discord/<name>}: Discord execute-webhook. 204; 400 {@code Invalid Form Body} (code
 * 50035) past its limits; the first request of each message is answered 429 with only the JSON
 * {@code retry_after} of {@link #DISCORD_RETRY_AFTER_SECONDS}, and so is any repeat that comes
 * before that time has passed (Discord's limits are dynamic, so this stands for one it imposed).</li>
 * <li>{@code /teams/<name>}: Teams Workflows webhook. 202 for an Adaptive Card message within
 * 28 KB; 400 for anything else (a legacy MessageCard included); 413 past the size.</li>
 * <li>{@code /pagerduty/<name>}: Events API v2 enqueue. 202 {@code {"status":"success",...}};
 * 400 {@code {"status":"invalid event",...}} naming what is wrong.</li>
 * </ul>
 */
public final class ChatServices {

    public static final int PORT = 18_182;
    public static final long SLACK_PACE_MILLIS = 100;
    public static final int SLACK_BURST = 3;
    public static final double DISCORD_RETRY_AFTER_SECONDS = 1.5;
    public static final int TEAMS_MAX_BYTES = 28 * 1024;

    private static final ObjectMapper JSON = new ObjectMapper();
    private static ChatServices instance;

    /** One request as it arrived (with its {@code webhook-id}, the delivery id), and what this service answered. */
    public record Exchange(String path, String deliveryId, String body, int status, String answer) {
        public JsonNode json() {
            try {
                return JSON.readTree(body);
            } catch (IOException e) {
                throw new IllegalStateException("not JSON: " + body, e);
            }
        }
    }

    private final List<Exchange> exchanges = new CopyOnWriteArrayList<>();
    private final Map<String, SlackBucket> slackBuckets = new ConcurrentHashMap<>();
    private final Map<String, Long> discordLimitedUntil = new ConcurrentHashMap<>();

    private ChatServices() {
    }

    public static synchronized ChatServices start() throws Exception {
        if (instance == null) {
            ChatServices services = new ChatServices();
            HttpServer server = Vertx.vertx().createHttpServer().requestHandler(services::handle);
            server.listen(PORT, "127.0.0.1").toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
            instance = services;
        }
        return instance;
    }

    public List<Exchange> onPath(String path) {
        return exchanges.stream().filter(exchange -> exchange.path().equals(path)).toList();
    }

    private void handle(HttpServerRequest request) {
        request.body().onSuccess(body -> {
            String path = request.path();
            JsonNode json;
            try {
                json = JSON.readTree(body.toString());
            } catch (IOException notJson) {
                json = null;
            }
            Answer answer;
            if (json == null || !json.isObject()) {
                answer = new Answer(400, "invalid_payload", Optional.empty());
            } else if (path.startsWith("/slack/")) {
                answer = slack(path, json);
            } else if (path.startsWith("/discord/")) {
                answer = discord(json);
            } else if (path.startsWith("/teams/")) {
                answer = teams(json, body);
            } else if (path.startsWith("/pagerduty/")) {
                answer = pagerDuty(json);
            } else {
                answer = new Answer(404, "no such service", Optional.empty());
            }
            exchanges.add(new Exchange(path, request.getHeader("webhook-id"), body.toString(), answer.status, answer.body));
            HttpServerResponse response = request.response().setStatusCode(answer.status);
            answer.retryAfter.ifPresent(seconds -> response.putHeader("Retry-After", seconds));
            if (answer.body.startsWith("{")) {
                response.putHeader("Content-Type", "application/json");
            }
            response.end(answer.body);
        });
    }

    private record Answer(int status, String body, Optional<String> retryAfter) {
    }

    /** api.slack.com/messaging/webhooks ("Handling errors") and the Block Kit limits. */
    private Answer slack(String path, JsonNode json) {
        if (!slackBuckets.computeIfAbsent(path, p -> new SlackBucket()).take(System.nanoTime())) {
            return new Answer(429, "rate_limited", Optional.of("1"));
        }
        boolean hasText = json.path("text").isTextual() && !json.path("text").asText().isBlank();
        JsonNode blocks = json.path("blocks");
        if (!hasText && !blocks.isArray()) {
            return new Answer(400, "no_text", Optional.empty());
        }
        List<JsonNode> allBlocks = new ArrayList<>();
        blocks.forEach(allBlocks::add);
        json.path("attachments").forEach(attachment -> attachment.path("blocks").forEach(allBlocks::add));
        if (blocks.size() > 50 || json.path("text").asText().length() > 40_000) {
            return new Answer(400, "invalid_blocks", Optional.empty());
        }
        for (JsonNode block : allBlocks) {
            if (block.path("text").path("text").asText().length() > 3000 || block.path("fields").size() > 10) {
                return new Answer(400, "invalid_blocks", Optional.empty());
            }
            for (JsonNode field : block.path("fields")) {
                if (field.path("text").asText().length() > 2000) {
                    return new Answer(400, "invalid_blocks", Optional.empty());
                }
            }
            for (JsonNode element : block.path("elements")) {
                if (element.path("text").path("text").asText().length() > 75 || element.path("url").asText().length() > 3000) {
                    return new Answer(400, "invalid_blocks", Optional.empty());
                }
            }
        }
        return new Answer(200, "ok", Optional.empty());
    }

    /** docs.discord.com: Execute Webhook, the embed limits and the rate-limit response. */
    private Answer discord(JsonNode json) {
        String content = json.path("content").asText("");
        JsonNode embeds = json.path("embeds");
        int embedCharacters = 0;
        boolean withinLimits = content.codePointCount(0, content.length()) <= 2000 && embeds.size() <= 10
                && (!content.isEmpty() || !embeds.isEmpty());
        for (JsonNode embed : embeds) {
            embedCharacters += length(embed.path("title")) + length(embed.path("description"));
            withinLimits &= length(embed.path("title")) <= 256 && length(embed.path("description")) <= 4096
                    && embed.path("fields").size() <= 25;
            for (JsonNode field : embed.path("fields")) {
                embedCharacters += length(field.path("name")) + length(field.path("value"));
                withinLimits &= length(field.path("name")) <= 256 && length(field.path("value")) <= 1024
                        && length(field.path("value")) > 0;
            }
        }
        if (!withinLimits || embedCharacters > 6000) {
            return new Answer(400, "{\"code\": 50035, \"message\": \"Invalid Form Body\"}", Optional.empty());
        }
        String message = content + embeds.path(0).path("title").asText("");
        long now = System.nanoTime();
        Long until = discordLimitedUntil.get(message);
        if (until == null || now < until) {
            long waitNanos = until == null ? (long) (DISCORD_RETRY_AFTER_SECONDS * 1e9) : until - now;
            discordLimitedUntil.putIfAbsent(message, now + waitNanos);
            return new Answer(429, "{\"message\": \"You are being rate limited.\", \"retry_after\": "
                    + String.format("%.3f", waitNanos / 1e9) + ", \"global\": false}", Optional.empty());
        }
        return new Answer(204, "", Optional.empty());
    }

    /** learn.microsoft.com: Workflows webhooks take Adaptive Cards in a message; 28 KB at most. */
    private Answer teams(JsonNode json, Buffer body) {
        if (body.length() > TEAMS_MAX_BYTES) {
            return new Answer(413, "{\"error\": {\"code\": \"RequestEntityTooLarge\"}}", Optional.empty());
        }
        JsonNode attachments = json.path("attachments");
        JsonNode card = attachments.path(0).path("content");
        boolean valid = json.path("type").asText().equals("message") && attachments.size() == 1
                && attachments.path(0).path("contentType").asText().equals("application/vnd.microsoft.card.adaptive")
                && card.path("type").asText().equals("AdaptiveCard") && card.path("version").isTextual()
                && card.path("body").isArray() && !card.path("body").isEmpty();
        for (JsonNode element : card.path("body")) {
            valid &= element.path("type").isTextual();
        }
        for (JsonNode action : card.path("actions")) {
            valid &= action.path("type").asText().startsWith("Action.") && action.path("url").asText().startsWith("https://");
        }
        return valid ? new Answer(202, "", Optional.empty())
                : new Answer(400, "{\"error\": {\"code\": \"InvalidRequestContent\", \"message\": \"not an Adaptive Card message\"}}",
                        Optional.empty());
    }

    /** developer.pagerduty.com: Events API v2, Send an Alert Event. */
    private Answer pagerDuty(JsonNode json) {
        List<String> errors = new ArrayList<>();
        String action = json.path("event_action").asText();
        if (json.path("routing_key").asText().length() != 32) {
            errors.add("'routing_key' must be a 32-character integration key");
        }
        if (!List.of("trigger", "acknowledge", "resolve").contains(action)) {
            errors.add("'event_action' is invalid");
        }
        if (json.path("dedup_key").asText().length() > 255) {
            errors.add("'dedup_key' is longer than 255 characters");
        }
        if (action.equals("trigger")) {
            JsonNode payload = json.path("payload");
            String summary = payload.path("summary").asText("");
            if (summary.isBlank() || summary.length() > 1024) {
                errors.add("'payload.summary' is missing or longer than 1024 characters");
            }
            if (payload.path("source").asText("").isBlank()) {
                errors.add("'payload.source' is missing or blank");
            }
            if (!List.of("critical", "error", "warning", "info").contains(payload.path("severity").asText())) {
                errors.add("'payload.severity' is invalid (must be one of the following: 'critical', 'warning', 'error' or 'info')");
            }
        }
        if (!errors.isEmpty()) {
            return new Answer(400, JSON.createObjectNode().put("status", "invalid event")
                    .put("message", "Event object is invalid").set("errors", JSON.valueToTree(errors)).toString(),
                    Optional.empty());
        }
        return new Answer(202, JSON.createObjectNode().put("status", "success").put("message", "Event processed")
                .put("dedup_key", json.path("dedup_key").asText()).toString(), Optional.empty());
    }

    private static int length(JsonNode text) {
        String value = text.asText("");
        return value.codePointCount(0, value.length());
    }

    /** Slack's pace: one request per {@link #SLACK_PACE_MILLIS}, up to {@link #SLACK_BURST} at once after a pause. */
    private static final class SlackBucket {
        private double tokens = SLACK_BURST;
        private long last = System.nanoTime();

        synchronized boolean take(long now) {
            tokens = Math.min(SLACK_BURST, tokens + (now - last) / (SLACK_PACE_MILLIS * 1e6));
            last = now;
            if (tokens < 1) {
                return false;
            }
            tokens -= 1;
            return true;
        }
    }
}
