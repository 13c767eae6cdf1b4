package io.hookline.dispatch;

import static io.hookline.testing.Events.finished;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.google.protobuf.Struct;
import com.google.protobuf.Value;
import io.hookline.api.v1.Delivery;
import io.hookline.api.v1.DeliveryState;
import io.hookline.api.v1.HookService;
import io.hookline.api.v1.ReportAck;
import io.hookline.api.v1.Run;
import io.hookline.api.v1.RunCompletion;
import io.hookline.api.v1.StatusCondition;
import io.hookline.testing.ChatServices;
import io.hookline.testing.Deliveries;
import io.quarkus.grpc.GrpcClient;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.mutiny.Multi;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The built-in components against the services as their docs describe them ({@link ChatServices}):
 * what each receives, how fast, and what their answers do to a delivery.
 */
@QuarkusTest
class ChatServicesDeliveryTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(120);
    /** src/test/resources/connections/secrets/pagerduty-routing-key.txt */
    private static final String PAGERDUTY_ROUTING_KEY = "PDROUTINGKEYSECRET0123456789abcd";

    @GrpcClient("hook")
    HookService hooks;

    @Inject
    Pool pool;

    static ChatServices services;

    @BeforeAll
    static void startServices() throws Exception {
        services = ChatServices.start();
    }

    @Test
    void aTeamsWorkflowsReceiverGetsAnAdaptiveCardForAFailedRunWithItsFactsAndTheRunLink() {
        RunCompletion event = failedRun("teams-card").toBuilder()
                .setHooksYaml("- {hubRef: teams, connection: teams-workflows, params: {message: {value: 'nightly sweep'}}}")
                .build();
        String runUuid = event.getRun().getUuid();

        Deliveries.awaitState(hooks, report(List.of(event)).get(0), DeliveryState.DELIVERY_STATE_DELIVERED);

        ChatServices.Exchange received = services.onPath("/teams/workflows").stream()
                .filter(exchange -> exchange.body().contains(runUuid)).findFirst().orElseThrow();
        assertThat(received.status()).isEqualTo(202);
        JsonNode card = received.json().get("attachments").get(0).get("content");
        assertThat(card.get("type").asText()).isEqualTo("AdaptiveCard");
        JsonNode title = card.get("body").get(0);
        assertThat(title.get("text").asText()).isEqualTo("train-resnet (" + runUuid + ") Status: failed");
        assertThat(title.get("color").asText()).isEqualTo("Attention");
        assertThat(card.get("body").get(1).get("text").asText()).isEqualTo("nightly sweep");
        JsonNode facts = card.get("body").get(2);
        assertThat(facts.get("type").asText()).isEqualTo("FactSet");
        assertThat(facts.get("facts")).extracting(fact -> fact.get("title").asText() + "=" + fact.get("value").asText())
                .contains("Kind=job", "Status=failed", "Reason=OutOfMemory", "Duration=600s");
        JsonNode action = card.get("actions").get(0);
        assertThat(action.get("type").asText()).isEqualTo("Action.OpenUrl");
        assertThat(action.get("url").asText()).isEqualTo("https://polyaxon.example.com/ui/acme/vision/runs/" + runUuid);
    }

    @Test
    void aBurstOf200ToOneSlackConnectionArrivesAtSlacksPaceEachDeliveryAcceptedOnceAndNoneDead() {
        List<String> ids = burst(200, "slack-burst", "- {hubRef: slack, connection: slack-paced}");

        awaitAll(ids, DeliveryState.DELIVERY_STATE_DELIVERED);

        // Sends are paced when they are claimed. On a starved machine a stall can still bring a few
        // to this Slack together, faster than its bucket on a clock ten times Slack's: it refuses
        // them with 429, and they are sent again after its Retry-After. A refused request is not a
        // delivery; what must hold is that each delivery was accepted exactly once, and that the
        // pace was kept (a stall bunches at most the connection's room, 4; a pace not kept would be
        // refused for most of the burst).
        Map<String, List<Integer>> answers = services.onPath("/slack/paced").stream()
                .filter(exchange -> exchange.body().contains("slack-burst-"))
                .collect(Collectors.groupingBy(ChatServices.Exchange::deliveryId,
                        Collectors.mapping(ChatServices.Exchange::status, Collectors.toList())));
        Map<String, Integer> attempts = attemptsById(ids);
        assertThat(answers.keySet()).containsExactlyInAnyOrderElementsOf(ids);
        assertThat(ids.stream()
                .filter(id -> !acceptedOnceAfterRefusals(answers.get(id)) || attempts.get(id) != answers.get(id).size())
                .map(id -> id + ": answered " + answers.get(id) + " in " + attempts.get(id) + " attempts"))
                .as("deliveries not answered 200 exactly once, after any 429s, each request an attempt").isEmpty();
        assertThat(answers.values().stream().flatMap(List::stream).filter(status -> status == 429).count())
                .as("requests Slack refused with 429").isLessThanOrEqualTo(10);
    }

    @Test
    void aBurstOf200ToADiscordReceiverAnswering429WithAJsonRetryAfterEndsWithEveryDeliveryDelivered() {
        List<String> ids = burst(200, "discord-burst", "- {hubRef: discord, connection: discord-limited}");

        awaitAll(ids, DeliveryState.DELIVERY_STATE_DELIVERED);

        // The test schedule retries after 200, 400 and 800 ms: a send that ignored the 1.5 s
        // retry_after would be refused again each time and end DEAD after its fourth attempt.
        assertThat(attemptsMade(ids)).containsOnly(2);
        List<ChatServices.Exchange> received = services.onPath("/discord/limited").stream()
                .filter(exchange -> exchange.body().contains("discord-burst-")).toList();
        assertThat(received).extracting(ChatServices.Exchange::status).containsOnly(429, 204);
        assertThat(received).filteredOn(exchange -> exchange.status() == 429).hasSize(200)
                .allSatisfy(exchange -> assertThat(exchange.answer()).contains("\"retry_after\": 1.500"));
    }

    @Test
    void oversizedRunDataStillYieldsRequestsEachServiceAccepts() {
        String hugeName = "🚀\"x<!channel>\u0001".repeat(2000);
        String hugeMessage = "Traceback ".repeat(20_000);
        List<String> hooksYaml = List.of(
                "- {hubRef: slack, connection: slack-checked}",
                "- {hubRef: discord, connection: discord-checked}",
                "- {hubRef: teams, connection: teams-workflows}",
                "- {hubRef: pagerduty, connection: pagerduty-events}");
        List<RunCompletion> events = hooksYaml.stream().map(hook -> failedRun("oversized").toBuilder()
                .setRun(failedRun("oversized").getRun().toBuilder().setName("big")
                        .setOutputs(Struct.newBuilder().putFields("note", Value.newBuilder().setStringValue(hugeName).build()))
                        .setCondition(StatusCondition.newBuilder().setType("failed").setReason("OutOfMemory")
                                .setMessage(hugeMessage)))
                .setHooksYaml(hook.replace("}", ", params: {message: {value: '" + "m".repeat(5000) + "'}}}"))
                .build()).toList();

        List<String> ids = report(events);

        for (String id : ids) {
            Delivery delivery = Deliveries.awaitState(hooks, id, DeliveryState.DELIVERY_STATE_DELIVERED);
            assertThat(delivery.getAttemptsList()).as(delivery.getConnection())
                    .allSatisfy(attempt -> assertThat(attempt.getHttpStatus()).isIn(200, 202, 204, 429));
        }
        assertThat(services.onPath("/teams/workflows")).filteredOn(exchange -> exchange.body().contains("Traceback"))
                .allSatisfy(exchange -> assertThat(exchange.body().getBytes(StandardCharsets.UTF_8).length)
                        .isLessThanOrEqualTo(ChatServices.TEAMS_MAX_BYTES));
    }

    @Test
    void pagerDutysInvalidEventAnswerFailsTheDeliveryWithPagerDutysOwnErrors() {
        RunCompletion event = failedRun("pd-invalid").toBuilder()
                .setHooksYaml("- {hubRef: pagerduty, connection: pagerduty-events, params: {severity: {value: high}}}")
                .build();

        Delivery delivery = Deliveries.awaitState(hooks, report(List.of(event)).get(0), DeliveryState.DELIVERY_STATE_FAILED);

        assertThat(delivery.getReason()).startsWith("HTTP 400");
        assertThat(delivery.getAttemptsList()).hasSize(1);
        assertThat(delivery.getAttempts(0).getResponseBody()).contains("invalid event", "payload.severity");
    }

    @Test
    void runDataHoldingTheSecretMarkerNeverReceivesTheRoutingKeyWhichGoesOnlyWhereTheComponentPutIt() {
        RunCompletion named = failedRun("pd-marker");
        RunCompletion event = named.toBuilder()
                .setRun(named.getRun().toBuilder().setName("${HOOKLINE_SECRET}"))
                .setHooksYaml("- {hubRef: pagerduty, connection: pagerduty-events}")
                .build();
        String runUuid = event.getRun().getUuid();

        Deliveries.awaitState(hooks, report(List.of(event)).get(0), DeliveryState.DELIVERY_STATE_DELIVERED);

        ChatServices.Exchange received = services.onPath("/pagerduty/events").stream()
                .filter(exchange -> exchange.body().contains(runUuid)).findFirst().orElseThrow();
        assertThat(received.json().get("routing_key").asText()).isEqualTo(PAGERDUTY_ROUTING_KEY);
        assertThat(received.body().split(PAGERDUTY_ROUTING_KEY, -1)).as("the key appears once, as routing_key").hasSize(2);
        assertThat(received.json().get("payload").get("summary").asText())
                .contains("$(HOOKLINE_SECRET: not a secret)").doesNotContain("${HOOKLINE_SECRET}");
    }

    private static RunCompletion failedRun(String prefix) {
        RunCompletion event = finished(prefix + "-" + UUID.randomUUID(), "failed");
        Run run = event.getRun().toBuilder()
                .setCondition(StatusCondition.newBuilder().setType("failed").setReason("OutOfMemory")
                        .setMessage("killed at step 1200"))
                .build();
        return event.toBuilder().setRun(run).build();
    }

    private List<String> burst(int count, String prefix, String hooksYaml) {
        UnaryOperator<RunCompletion> withHook = event -> event.toBuilder().setHooksYaml(hooksYaml)
                .setRun(event.getRun().toBuilder().setName(prefix + "-" + event.getEventId())).build();
        return report(IntStream.range(0, count).mapToObj(i -> withHook.apply(failedRun(prefix))).toList());
    }

    private List<String> report(List<RunCompletion> events) {
        List<ReportAck> acks = hooks.report(Multi.createFrom().iterable(events)).collect().asList().await().atMost(TIMEOUT);
        return acks.stream().map(ack -> ack.getDeliveries(0).getDeliveryId()).toList();
    }

    private void awaitAll(List<String> ids, DeliveryState state) {
        String wanted = state.name().substring("DELIVERY_STATE_".length());
        Instant deadline = Instant.now().plus(TIMEOUT);
        Map<String, Long> byState = Map.of();
        while (Instant.now().isBefore(deadline)) {
            byState = new HashMap<>();
            for (Row row : pool.preparedQuery("SELECT state, count(*) FROM deliveries WHERE id = ANY($1) GROUP BY state")
                    .execute(Tuple.of(uuids(ids))).await().atMost(TIMEOUT)) {
                byState.put(row.getString(0), row.getLong(1));
            }
            if (byState.getOrDefault(wanted, 0L) == ids.size()) {
                return;
            }
            assertThat(byState).as("no delivery of the burst ends otherwise").doesNotContainKeys("DEAD", "FAILED");
            DeliveryOutcomesTest.sleep(200);
        }
        throw new AssertionError("not every delivery was " + wanted + " within " + TIMEOUT + ": " + byState);
    }

    private static boolean acceptedOnceAfterRefusals(List<Integer> statuses) {
        return statuses.get(statuses.size() - 1) == 200
                && statuses.subList(0, statuses.size() - 1).stream().allMatch(status -> status == 429);
    }

    private Map<String, Integer> attemptsById(List<String> ids) {
        Map<String, Integer> attempts = new HashMap<>();
        pool.preparedQuery("SELECT id, attempt_count FROM deliveries WHERE id = ANY($1)").execute(Tuple.of(uuids(ids)))
                .await().atMost(TIMEOUT).forEach(row -> attempts.put(row.getUUID(0).toString(), row.getInteger(1)));
        return attempts;
    }

    private List<Integer> attemptsMade(List<String> ids) {
        return pool.preparedQuery("SELECT attempt_count FROM deliveries WHERE id = ANY($1)")
                .execute(Tuple.of(uuids(ids))).await().atMost(TIMEOUT).stream().map(row -> row.getInteger(0)).toList();
    }

    private static UUID[] uuids(List<String> ids) {
        return ids.stream().map(UUID::fromString).toArray(UUID[]::new);
    }
}
