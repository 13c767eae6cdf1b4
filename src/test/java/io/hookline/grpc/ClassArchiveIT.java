package io.hookline.grpc;

import io.hookline.api.v1.GetPresetRequest;
import io.hookline.api.v1.HookAdminGrpc;
import io.hookline.api.v1.HookServiceGrpc;
import io.hookline.api.v1.PutPresetRequest;
import io.hookline.api.v1.ReportResult;
import io.hookline.testing.HooklineProcess;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.ZipFile;

import static io.hookline.testing.Events.finished;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The class archive that {@code package} builds serves the README's run command: the classes of
 * a start, Hookline's own and its libraries' runtime ones, are mapped from the archive instead of
 * loaded, and the JVM says nothing about the archive (a stale or mismatched one would warn).
 */
class ClassArchiveIT {

    private static final int PORT = 18_262;

    @Test
    void theReadmeCommandStartsFromThePackagedClassArchive() throws Exception {
        Path dir = Path.of("target/it-class-archive");
        Path log = dir.resolve("hookline.log");
        Path classes = dir.resolve("classes.log");
        Files.createDirectories(dir);
        Files.deleteIfExists(log);
        Files.deleteIfExists(classes);
        assertThat(Path.of(HooklineProcess.jar()).resolveSibling("hookline.jsa")).isRegularFile();

        String loaded;
        try (HooklineProcess hookline = HooklineProcess.startWithJvmOptions(PORT, log,
                List.of("-Xlog:class+load=info:file=" + classes),
                "hookline.embedded-postgres.data-dir=" + dir.resolve("postgres"),
                "hookline.embedded-postgres.clean-start=true")) {
            assertThat(HookServiceGrpc.newBlockingStub(hookline.channel())
                    .notify(finished("archived-" + UUID.randomUUID(), "failed")).getResult())
                    .isEqualTo(ReportResult.REPORT_RESULT_ACCEPTED);
            loaded = Files.readString(classes);
            // Definitions are Hibernate Reactive Panache entities, which Quarkus enhances at build
            // time: the uber-jar must carry the enhanced classes, not the ones it also finds in the
            // Panache jar (the build warns that it keeps the first of the two).
            HookAdminGrpc.HookAdminBlockingStub admin = HookAdminGrpc.newBlockingStub(hookline.channel());
            admin.putPreset(PutPresetRequest.newBuilder().setName("archived").setDefinition("{isPreset: true}").build());
            assertThat(admin.getPreset(GetPresetRequest.newBuilder().setName("archived").build()).getDefinition())
                    .isEqualTo("{isPreset: true}");
        }

        // The classes of the start and of the first reported run (the archive's training covers
        // no admin call): what a start spends its time on, the definition cache, Flyway,
        // Hibernate's session factory, gRPC.
        for (String name : List.of("io.hookline.store.DefinitionCache", "org.flywaydb.core.Flyway",
                "org.hibernate.internal.SessionFactoryImpl", "io.vertx.grpc.server.impl.GrpcServerImpl")) {
            assertThat(loaded).as(name).containsPattern(Pattern.quote(name) + " source: shared objects file \\(top\\)");
        }
        assertThat(share(loaded, "io\\.hookline\\.")).as("Hookline's classes mapped from the archive").isGreaterThan(0.8);
        // Hibernate's bootstrap loads many classes only for their annotations, which the JVM does
        // not link; unless the training run links them, they are left out (about a third of them).
        assertThat(share(loaded, "org\\.hibernate\\.")).as("Hibernate's classes mapped from the archive").isGreaterThan(0.95);
        assertThat(Files.readString(log)).doesNotContainPattern("\\[(warning|error)\\s*\\]\\[cds");
        // The jar leaves application.properties out (pom.xml): its values are the build's
        // defaults, such as its log format (Quarkus's own begins with the date).
        try (ZipFile jar = new ZipFile(HooklineProcess.jar())) {
            assertThat(jar.getEntry("application.properties")).isNull();
        }
        assertThat(Files.readString(log)).containsPattern("(?m)^\\d\\d:\\d\\d:\\d\\d\\.\\d{3} INFO  \\[io\\.quarkus\\] hookline ");
    }

    /**
     * Of the classes named by {@code prefix} that were loaded from a jar or mapped from the archive,
     * the share mapped (lambdas, which a dynamic archive keeps only for the JDK's own class
     * loaders, are defined at run time either way and not counted).
     */
    private static double share(String loaded, String prefix) {
        Matcher m = Pattern.compile("\\] " + prefix + "\\S+ source: (shared objects file|file:)").matcher(loaded);
        int all = 0;
        int archived = 0;
        while (m.find()) {
            all++;
            if (m.group(1).startsWith("shared objects file")) {
                archived++;
            }
        }
        assertThat(all).as("classes loaded under " + prefix).isPositive();
        return (double) archived / all;
    }
}
