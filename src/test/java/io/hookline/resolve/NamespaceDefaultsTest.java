package io.hookline.resolve;

import static io.hookline.testing.Events.finished;
import static org.assertj.core.api.Assertions.assertThat;

import io.hookline.api.v1.DeliveryState;
import io.hookline.api.v1.HookPreview;
import io.hookline.api.v1.HookService;
import io.hookline.api.v1.PreviewResponse;
import io.hookline.api.v1.ReportAck;
import io.hookline.api.v1.RunCompletion;
import io.quarkus.grpc.GrpcClient;
import io.quarkus.test.junit.QuarkusTest;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * A hook that names no connection takes its namespace's default ({@code hookline.hooks.namespace-defaults}
 * in application.properties: {@code tenant-a} sends webhooks to {@code team-webhook}, its project
 * {@code tenant-a/special} to {@code healthy}); elsewhere no webhook connection is the default.
 */
@QuarkusTest
class NamespaceDefaultsTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    private static final String WEBHOOK_WITHOUT_CONNECTION = "- {hubRef: webhook, trigger: succeeded}";

    @GrpcClient("hook")
    HookService hooks;

    @Test
    void aRunOfAnOwnersProjectGoesToTheOwnersDefaultConnection() {
        HookPreview hook = previewOne(event("tenant-a/vision"));

        assertThat(hook.getFires()).as(hook.getReason()).isTrue();
        assertThat(hook.getConnection()).isEqualTo("team-webhook");
    }

    @Test
    void aProjectsOwnDefaultWinsOverItsOwners() {
        HookPreview hook = previewOne(event("tenant-a/special"));

        assertThat(hook.getConnection()).isEqualTo("healthy");
    }

    @Test
    void aRunAcceptedAtIntakePlansItsDeliveryToTheNamespaceDefault() {
        ReportAck ack = hooks.notify(event("tenant-a/vision")).await().atMost(TIMEOUT);

        assertThat(ack.getDeliveriesList()).singleElement().satisfies(delivery -> {
            assertThat(delivery.getConnection()).isEqualTo("team-webhook");
            assertThat(delivery.getState()).isEqualTo(DeliveryState.DELIVERY_STATE_PENDING);
        });
    }

    @Test
    void aRunOutsideTheNamespacesIsRefusedForNamingNoConnection() {
        PreviewResponse preview = hooks.preview(event("acme/vision")).await().atMost(TIMEOUT);

        assertThat(preview.getError().getViolationsList()).singleElement().satisfies(violation -> {
            assertThat(violation.getField()).isEqualTo("hooks_yaml[0].connection");
            assertThat(violation.getDescription()).startsWith("connection is required: component"
                    + " `polyaxon/webhook:latest` is sent through a connection of kind webhook");
        });
    }

    private static RunCompletion event(String project) {
        RunCompletion base = finished("ns-" + UUID.randomUUID(), "succeeded");
        return base.toBuilder().setRun(base.getRun().toBuilder().setProject(project))
                .setHooksYaml(WEBHOOK_WITHOUT_CONNECTION).build();
    }

    private HookPreview previewOne(RunCompletion event) {
        PreviewResponse preview = hooks.preview(event).await().atMost(TIMEOUT);
        assertThat(preview.hasError()).as(preview.getError().toString()).isFalse();
        assertThat(preview.getHooksList()).hasSize(1);
        return preview.getHooks(0);
    }
}
