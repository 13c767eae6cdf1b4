package io.hookline.auth;

import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.hookline.api.v1.HookAdminGrpc;
import io.hookline.api.v1.HookServiceGrpc;
import io.hookline.api.v1.ListTokensRequest;
import io.hookline.api.v1.ReportResult;
import io.hookline.testing.HooklineProcess;
import io.hookline.testing.TestToken;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Comparator;
import java.util.UUID;
import java.util.stream.Stream;

import static io.hookline.testing.Events.finished;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** Runs the packaged jar as a user does on a fresh machine: with no token configured, and with auth off. */
class AdminTokenFileIT {

    private static final int PORT = 18_093;

    @Test
    void theFirstStartWritesAnAdminTokenFileReadableOnlyByItsOwnerAndNeverLogsTheToken() throws Exception {
        Path dir = fresh(Path.of("target/it-admin-token"));
        Path tokenFile = dir.resolve("admin-token");
        Path log = dir.resolve("hookline.log");

        try (HooklineProcess hookline = HooklineProcess.startAsGiven(PORT, log,
                "hookline.embedded-postgres.data-dir=" + dir.resolve("postgres"),
                "hookline.auth.admin-token-file=" + tokenFile)) {
            String token = Files.readString(tokenFile).trim();
            ManagedChannel withToken = ManagedChannelBuilder.forAddress("localhost", PORT).usePlaintext()
                    .intercept(TestToken.bearer(token)).build();
            ManagedChannel without = ManagedChannelBuilder.forAddress("localhost", PORT).usePlaintext().build();
            try {
                assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(tokenFile))).isEqualTo("rw-------");
                assertThat(HookServiceGrpc.newBlockingStub(withToken).notify(finished("first-" + UUID.randomUUID(), "failed"))
                        .getResult()).isEqualTo(ReportResult.REPORT_RESULT_ACCEPTED);
                assertThat(HookAdminGrpc.newBlockingStub(withToken).listTokens(ListTokensRequest.getDefaultInstance())
                        .getTokensList()).extracting(t -> t.getName()).containsExactly("bootstrap");
                StatusRuntimeException refused = catchThrowableOfType(StatusRuntimeException.class, () ->
                        HookServiceGrpc.newBlockingStub(without).notify(finished("anon-" + UUID.randomUUID(), "failed")));
                assertThat(refused.getStatus().getCode()).isEqualTo(Status.Code.UNAUTHENTICATED);
            } finally {
                withToken.shutdownNow();
                without.shutdownNow();
            }
            assertThat(Files.readString(log)).contains(tokenFile.toAbsolutePath().toString()).doesNotContain(token);
        }
    }

    @Test
    void withAuthOffEveryCallIsAnsweredAndEveryStartLogsAWarning() throws Exception {
        Path dir = fresh(Path.of("target/it-auth-off"));
        Path log = dir.resolve("hookline.log");

        try (HooklineProcess hookline = HooklineProcess.startAsGiven(PORT, log,
                "hookline.embedded-postgres.data-dir=" + dir.resolve("postgres"),
                "hookline.auth.admin-token-file=" + dir.resolve("admin-token"),
                "hookline.auth.enabled=false")) {
            ManagedChannel without = ManagedChannelBuilder.forAddress("localhost", PORT).usePlaintext().build();
            try {
                assertThat(HookServiceGrpc.newBlockingStub(without).notify(finished("open-" + UUID.randomUUID(), "failed"))
                        .getResult()).isEqualTo(ReportResult.REPORT_RESULT_ACCEPTED);
            } finally {
                without.shutdownNow();
            }
        }
        assertThat(Files.readString(log)).containsPattern("WARN .*Authentication is OFF \\(hookline.auth.enabled=false\\)");
        assertThat(dir.resolve("admin-token")).doesNotExist();
    }

    private static Path fresh(Path dir) throws IOException {
        if (Files.exists(dir)) {
            try (Stream<Path> paths = Files.walk(dir)) {
                for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                    Files.delete(path);
                }
            }
        }
        Files.createDirectories(dir);
        return dir.toAbsolutePath();
    }
}
