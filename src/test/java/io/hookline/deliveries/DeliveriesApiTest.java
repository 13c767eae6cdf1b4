package io.hookline.deliveries;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.hookline.api.v1.Delivery;
import io.hookline.api.v1.DeliveryState;
import io.hookline.api.v1.GetDeliveryRequest;
import io.hookline.api.v1.HookService;
import io.hookline.api.v1.ListDeliveriesRequest;
import io.hookline.api.v1.ListDeliveriesResponse;
import io.hookline.api.v1.RedeliverRequest;
import io.hookline.api.v1.ReportAck;
import io.hookline.api.v1.RunCompletion;
import io.hookline.testing.Deliveries;
import io.hookline.testing.Sink;
import io.quarkus.grpc.GrpcClient;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.mutiny.Uni;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static io.hookline.testing.Events.finished;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

@QuarkusTest
class DeliveriesApiTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    @GrpcClient("hook")
    HookService hooks;

    static Sink sink;

    @BeforeAll
    static void startSink() throws Exception {
        sink = Sink.start();
    }

    @Test
    void aDeadDeliveryShowsItsAttemptsAndIsRedeliveredWithTheSameIdempotencyId() {
        String id = report("- {hubRef: webhook, connection: flaky-500}", "failed").getDeliveries(0).getDeliveryId();
        Delivery dead = awaitState(id, DeliveryState.DELIVERY_STATE_DEAD);

        assertThat(dead.getAttemptsList()).hasSize(4).allSatisfy(a -> assertThat(a.getHttpStatus()).isEqualTo(500));
        assertThat(dead.getAttempts(0).getResponseBody()).contains("as asked");
        assertThat(dead.getRequest().getUrl()).isEqualTo("http://127.0.0.1:18181/****");
        assertThat(dead.getRequest().getBody()).contains("run.completed");

        Delivery again = hooks.redeliver(RedeliverRequest.newBuilder().setDeliveryId(id).build()).await().atMost(TIMEOUT);
        assertThat(again.getState()).isEqualTo(DeliveryState.DELIVERY_STATE_PENDING);
        Delivery deadAgain = awaitAttempts(id, 5);

        assertThat(deadAgain.getState()).isEqualTo(DeliveryState.DELIVERY_STATE_DEAD);
        assertThat(sink.forDelivery(id)).hasSize(5).allSatisfy(r -> assertThat(r.webhookId()).isEqualTo(id));
    }

    @Test
    void redeliverRefusesWhatCannotBeSentAgainWithTheRightStatus() {
        ReportAck ack = report("""
                - {hubRef: webhook, connection: team-webhook, conditions: '{{ loss > 0.9 }}'}
                """, "failed");
        String skipped = ack.getDeliveries(0).getDeliveryId();

        assertThat(refusal(hooks.redeliver(RedeliverRequest.newBuilder().setDeliveryId(skipped).build())).getCode())
                .isEqualTo(Status.Code.FAILED_PRECONDITION);
        assertThat(refusal(hooks.redeliver(RedeliverRequest.newBuilder()
                .setDeliveryId(UUID.randomUUID().toString()).build())).getCode()).isEqualTo(Status.Code.NOT_FOUND);
        Status bad = refusal(hooks.getDelivery(GetDeliveryRequest.newBuilder().setDeliveryId("nope").build()));
        assertThat(bad.getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
        assertThat(bad.getDescription()).startsWith("delivery_id:");
    }

    @Test
    void listDeliveriesFiltersByRunAndPagesThroughEveryDeliveryOnce() {
        ReportAck ack = report("""
                - {hubRef: webhook, connection: team-webhook}
                - {hubRef: slack, connection: slack-notification}
                - {hubRef: pagerduty, connection: pagerduty-oncall}
                - {hubRef: discord, connection: discord-ml}
                - {hubRef: webhook, connection: flaky-500, trigger: succeeded}
                - {hubRef: webhook, connection: gone}
                """, "failed");
        String runUuid = listAll(ListDeliveriesRequest.newBuilder().setEventId(ack.getEventId()).build(), 50)
                .get(0).getRunUuid();

        List<Delivery> paged = listAll(ListDeliveriesRequest.newBuilder().setRunUuid(runUuid).build(), 2);
        List<Delivery> slack = listAll(ListDeliveriesRequest.newBuilder().setRunUuid(runUuid).setHubRef("slack").build(), 10);

        assertThat(paged).extracting(Delivery::getDeliveryId).doesNotHaveDuplicates()
                .containsExactlyInAnyOrderElementsOf(ack.getDeliveriesList().stream()
                        .map(io.hookline.api.v1.PlannedDelivery::getDeliveryId).toList());
        assertThat(slack).extracting(Delivery::getHubRef).containsExactly("polyaxon/slack:latest");
        Status badToken = refusal(hooks.listDeliveries(ListDeliveriesRequest.newBuilder().setPageToken("garbage!").build()));
        assertThat(badToken.getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
    }

    private List<Delivery> listAll(ListDeliveriesRequest request, int pageSize) {
        List<Delivery> all = new ArrayList<>();
        String token = "";
        do {
            ListDeliveriesResponse page = hooks.listDeliveries(request.toBuilder().setPageSize(pageSize)
                    .setPageToken(token).build()).await().atMost(TIMEOUT);
            assertThat(page.getDeliveriesCount()).isLessThanOrEqualTo(pageSize);
            all.addAll(page.getDeliveriesList());
            token = page.getNextPageToken();
        } while (!token.isEmpty());
        return all;
    }

    private ReportAck report(String hooksYaml, String status) {
        RunCompletion event = finished("api-" + UUID.randomUUID(), status).toBuilder().setHooksYaml(hooksYaml).build();
        return hooks.notify(event).await().atMost(TIMEOUT);
    }

    private Delivery awaitState(String id, DeliveryState state) {
        return Deliveries.awaitState(hooks, id, state);
    }

    private Delivery awaitAttempts(String id, int attempts) {
        return Deliveries.await(hooks, id, attempts + " attempts and DEAD",
                d -> d.getAttemptsCount() == attempts && d.getState() == DeliveryState.DELIVERY_STATE_DEAD);
    }

    private static Status refusal(Uni<?> call) {
        return catchThrowableOfType(StatusRuntimeException.class, () -> call.await().atMost(TIMEOUT)).getStatus();
    }
}
