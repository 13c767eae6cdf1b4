package io.hookline.connections;

import io.hookline.testing.AnswerRecorder;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Runs in the integration-test phase, after the whole unit and @QuarkusTest suite, and reads what
 * that suite's Hookline logged and what its gRPC clients were answered: no secret of the test
 * connection catalog may be in it.
 */
class SecretsNeverLeakIT {

    private static final Path SECRETS = Path.of("src/test/resources/connections/secrets");
    private static final Path LOGS = Path.of("target/test-logs");

    @Test
    void noSecretOfTheCatalogAppearsInAnyLogLineOrRpcAnswerOfTheSuite() throws IOException {
        List<String> secrets;
        try (Stream<Path> files = Files.list(SECRETS)) {
            secrets = files.map(SecretsNeverLeakIT::read).flatMap(SecretsNeverLeakIT::fragments).toList();
        }
        String log;
        try (Stream<Path> files = Files.list(LOGS)) {
            // Every file Quarkus wrote, rotated ones included, not only the last boot's.
            log = files.filter(f -> f.getFileName().toString().startsWith("hookline.log"))
                    .map(SecretsNeverLeakIT::read).collect(java.util.stream.Collectors.joining("\n"));
        }
        String answers = Files.readString(AnswerRecorder.FILE);

        assertThat(log).as("the suite's log").contains("Embedded Postgres started");
        assertThat(answers).as("the suite's RPC answers").contains("hookline.v1.HookService/Notify");
        for (String secret : secrets) {
            assertThat(log).as("the suite's log").doesNotContain(secret);
            assertThat(answers).as("the suite's RPC answers").doesNotContain(secret);
        }
    }

    /** A secret, and for a URL its path (the credential part of a Slack or Discord webhook URL). */
    private static Stream<String> fragments(String secret) {
        int path = secret.indexOf('/', secret.indexOf("//") + 2);
        return secret.startsWith("http") ? Stream.of(secret, secret.substring(path)) : Stream.of(secret);
    }

    private static String read(Path file) {
        try {
            return Files.readString(file).trim();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
