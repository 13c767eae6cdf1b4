package io.hookline.intake;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.hookline.api.v1.HookServiceGrpc;
import io.hookline.api.v1.PreviewResponse;
import io.hookline.api.v1.ReportAck;
import io.hookline.api.v1.ReportResult;
import io.hookline.testing.HooklineProcess;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import static io.hookline.testing.Events.succeeded;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The packaged jar at the README's heap of 160 MiB, sent many large messages at once: each is
 * answered (over the transport's 1 MiB limit RESOURCE_EXHAUSTED, under it PAYLOAD_TOO_LARGE
 * naming the field), the server runs out of no memory, and it still takes events afterwards.
 * With a 16 MiB transport limit, ten 16 MB Previews at once exhausted that heap and every call
 * after them timed out.
 */
class LargeMessagesIT {

    private static final int PORT = 18_261;

    @Test
    void fortyLargeMessagesAtOnceAreEachAnsweredAndTheServerKeepsItsMemoryAndItsEvents() throws Exception {
        Path dir = Path.of("target/it-large-messages").toAbsolutePath();
        Path log = dir.resolve("hookline.log");
        Files.deleteIfExists(log);
        String prefix = "large-" + UUID.randomUUID() + "-";
        ExecutorService callers = Executors.newFixedThreadPool(40);
        try (HooklineProcess hookline = HooklineProcess.start(PORT, log,
                "hookline.connections.file=src/test/resources/connections/hookline-test.yaml",
                "hookline.embedded-postgres.data-dir=" + dir.resolve("postgres"),
                "hookline.embedded-postgres.clean-start=true")) {
            HookServiceGrpc.HookServiceBlockingStub hooks = HookServiceGrpc.newBlockingStub(hookline.channel())
                    .withDeadlineAfter(120, TimeUnit.SECONDS);
            List<CompletableFuture<String>> answers = new ArrayList<>();
            for (int i = 0; i < 40; i++) {
                int size = i % 4 == 0 ? 16_000_000 : 1_000_000;
                String eventId = prefix + i;
                answers.add(CompletableFuture.supplyAsync(() -> answer(hooks, eventId, size), callers));
            }
            List<String> answered = answers.stream().map(CompletableFuture::join).toList();

            assertThat(answered).filteredOn(a -> a.startsWith("16")).hasSize(10)
                    .allSatisfy(a -> assertThat(a).isEqualTo("16000000: " + Status.Code.RESOURCE_EXHAUSTED));
            assertThat(answered).filteredOn(a -> a.startsWith("10")).hasSize(30)
                    .allSatisfy(a -> assertThat(a).isEqualTo("1000000: PAYLOAD_TOO_LARGE hooks_yaml"));
            ReportAck after = hooks.notify(succeeded(prefix + "after"));
            assertThat(after.getResult()).isEqualTo(ReportResult.REPORT_RESULT_ACCEPTED);
        } finally {
            callers.shutdownNow();
        }
        assertThat(Files.readString(log)).doesNotContain("OutOfMemoryError").doesNotContain("OutOfDirectMemoryError");
    }

    private static String answer(HookServiceGrpc.HookServiceBlockingStub hooks, String eventId, int hooksYamlBytes) {
        try {
            PreviewResponse preview = hooks.preview(succeeded(eventId).toBuilder()
                    .setHooksYaml("#".repeat(hooksYamlBytes)).build());
            return hooksYamlBytes + ": " + preview.getError().getCode() + " "
                    + preview.getError().getViolations(0).getField();
        } catch (StatusRuntimeException refused) {
            return hooksYamlBytes + ": " + refused.getStatus().getCode();
        }
    }
}
