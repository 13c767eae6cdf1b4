package io.hookline.store.embedded;

import io.hookline.testing.HooklineProcess;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The embedded Postgres starts beside the JVM, on its own thread; a server that cannot start
 * still stops Hookline's start, with the reason and what to do instead, never a start that
 * hangs or serves without a database.
 */
class EmbeddedPostgresStartIT {

    private static final int PORT = 18_263;

    @Test
    void aDataDirectoryThatCannotBeCreatedStopsTheStartAndSaysWhere() throws Exception {
        Path dir = Path.of("target/it-embedded-postgres-start").toAbsolutePath();
        Files.createDirectories(dir);
        // A regular file where the data directory's parent should be: no directory can be made in it.
        Path notADirectory = dir.resolve("not-a-directory");
        Files.writeString(notADirectory, "a file, not a directory\n");
        Path dataDir = notADirectory.resolve("postgres");
        Path log = dir.resolve("hookline.log");
        Files.deleteIfExists(log);

        assertThatThrownBy(() -> HooklineProcess.start(PORT, log, "hookline.embedded-postgres.data-dir=" + dataDir))
                .hasMessageContaining("Hookline exited with 1")
                .hasMessageContaining("Could not start the embedded Postgres in " + dataDir)
                .hasMessageContaining("set quarkus.datasource.reactive.url to use an external server");
    }
}
