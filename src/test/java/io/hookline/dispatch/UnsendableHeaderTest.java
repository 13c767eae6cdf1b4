package io.hookline.dispatch;

import io.hookline.api.v1.ConnectionInfo;
import io.hookline.api.v1.Delivery;
import io.hookline.api.v1.HookAdmin;
import io.hookline.api.v1.HookService;
import io.hookline.api.v1.ListConnectionsRequest;
import io.hookline.api.v1.PutComponentRequest;
import io.hookline.api.v1.ReportAck;
import io.hookline.api.v1.Run;
import io.hookline.testing.Deliveries;
import io.hookline.testing.Sink;
import io.quarkus.grpc.GrpcClient;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.UUID;

import static io.hookline.api.v1.DeliveryState.DELIVERY_STATE_DELIVERED;
import static io.hookline.api.v1.DeliveryState.DELIVERY_STATE_FAILED;
import static io.hookline.testing.Events.finished;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A header the HTTP client cannot send fails its own delivery at render time, and its connection
 * goes on delivering (issue 11, item 5).
 */
@QuarkusTest
class UnsendableHeaderTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    @GrpcClient("hook")
    HookService hooks;

    @GrpcClient("admin")
    HookAdmin admin;

    static Sink sink;

    @BeforeAll
    static void startSink() throws Exception {
        sink = Sink.start();
    }

    @Test
    void aRunNameWithAVerticalTabInACustomHeaderFailsThatDeliveryAloneAndTheConnectionStaysClosed() {
        admin.putComponent(PutComponentRequest.newBuilder().setDefinition("""
                kind: component
                name: run-header
                owner: acme
                tag: v1
                connectionKinds: [webhook]
                request:
                  headers: {X-Run: '{run.name}'}
                  body: '{"run": {run.name.json}}'
                """).build()).await().atMost(TIMEOUT);

        String bad = deliver("train\u000Bresnet");
        String good = deliver("train-resnet");

        Delivery failed = Deliveries.awaitState(hooks, bad, DELIVERY_STATE_FAILED);
        assertThat(failed.getReason()).contains("X-Run", "U+000B");
        assertThat(failed.getAttemptsList()).as("no attempt").isEmpty();
        assertThat(sink.forDelivery(bad)).as("nothing sent").isEmpty();
        Deliveries.awaitState(hooks, good, DELIVERY_STATE_DELIVERED);
        assertThat(sink.forDelivery(good)).singleElement()
                .satisfies(request -> assertThat(request.headers()).containsEntry("x-run", "train-resnet"));
        assertThat(admin.listConnections(ListConnectionsRequest.getDefaultInstance()).await().atMost(TIMEOUT)
                .getConnectionsList()).filteredOn(c -> c.getName().equals("run-header"))
                .extracting(ConnectionInfo::getBreakerState).containsExactly("closed");
    }

    private String deliver(String runName) {
        var event = finished("header-" + UUID.randomUUID(), "failed");
        ReportAck ack = hooks.notify(event.toBuilder()
                .setRun(Run.newBuilder(event.getRun()).setName(runName))
                .setHooksYaml("- {hubRef: acme/run-header:v1, connection: run-header}").build()).await().atMost(TIMEOUT);
        return ack.getDeliveries(0).getDeliveryId();
    }
}
