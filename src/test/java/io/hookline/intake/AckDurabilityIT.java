package io.hookline.intake;

import io.hookline.api.v1.HookServiceGrpc;
import io.hookline.api.v1.ReportAck;
import io.hookline.api.v1.ReportResult;
import io.hookline.api.v1.RunCompletion;
import io.hookline.testing.HooklineProcess;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.UUID;
import java.util.stream.Stream;

import static io.hookline.testing.Events.finished;
import static org.assertj.core.api.Assertions.assertThat;

/** Runs the packaged jar: what was acked survives a kill -9, and the next start needs no help. */
class AckDurabilityIT {

    private static final int PORT = 18_091;

    @Test
    void anEventAckedBeforeKillNineIsStillStoredAfterRestart() throws Exception {
        Path dataDir = Path.of("target/it-durability/postgres").toAbsolutePath();
        deleteRecursively(dataDir);
        Path log = Path.of("target/it-durability/hookline.log");
        String[] properties = {"hookline.embedded-postgres.data-dir=" + dataDir};
        RunCompletion event = finished("durable-" + UUID.randomUUID(), "failed");

        ReportAck accepted;
        HooklineProcess first = HooklineProcess.start(PORT, log, properties);
        try {
            accepted = HookServiceGrpc.newBlockingStub(first.channel()).notify(event);
        } finally {
            first.kill();
        }
        assertThat(accepted.getResult()).isEqualTo(ReportResult.REPORT_RESULT_ACCEPTED);
        assertThat(Files.exists(dataDir.resolve("postmaster.pid")))
                .as("the killed JVM leaves its postmaster running").isTrue();

        try (HooklineProcess second = HooklineProcess.start(PORT, log, properties)) {
            ReportAck again = HookServiceGrpc.newBlockingStub(second.channel()).notify(event);

            assertThat(again.getResult()).isEqualTo(ReportResult.REPORT_RESULT_DUPLICATE);
            assertThat(again.getSequence()).isEqualTo(accepted.getSequence());
        }
        assertThat(Files.readString(log)).contains("Stopping orphaned Postgres");
    }

    private static void deleteRecursively(Path dir) throws Exception {
        if (Files.exists(dir)) {
            try (Stream<Path> paths = Files.walk(dir)) {
                for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                    Files.delete(p);
                }
            }
        }
    }
}
