package io.hookline.grpc;

import io.hookline.api.v1.Run;
import io.hookline.api.v1.RunCompletion;
import io.grpc.Context;
import io.hookline.auth.Caller;
import io.hookline.auth.Scope;
import io.quarkus.grpc.GrpcService;
import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.vertx.http.HttpServer;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Instance;
import jakarta.interceptor.Interceptor;
import org.jboss.logging.Logger;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * The training run of the class archive that {@code ./mvnw package} builds
 * ({@code target/quarkus-app/hookline.jsa}, pom.xml's {@code class-archive} execution). The JVM
 * writes every class it loaded and linked into the archive when it exits
 * ({@code -XX:ArchiveClassesAtExit}), and a later start with {@code -XX:SharedArchiveFile} maps
 * them instead of loading, parsing and verifying each again (docs/operations.md, "Start").
 * Quarkus's own AppCDS stops its training at static init, before the runtime classes (Flyway,
 * Hibernate's persistence unit, gRPC, the definition cache) that take most of the start. This run
 * goes on to ready, reports one finished run with a webhook hook (with the catalog of
 * {@code src/main/class-archive/}, whose receiver refuses it), so intake, planning, rendering and
 * one attempt load their classes too, asks {@code /q/health/ready} over HTTP/1.1 as a readiness
 * probe does (the first probe of a real start then finds Vert.x's HTTP/1 decoder and the health
 * check's JSON in the archive), lets the background loops turn, links every class it loaded (see
 * {@link #linkLoadedClasses}) and exits.
 */
@ApplicationScoped
public class ClassArchiveTraining {

    /** The system property that makes a start the training run; never set in a real one. */
    public static final String PROPERTY = "hookline.class-archive.training";
    /** The training run's {@code -Xlog:class+load} file: every class the run loaded, by name. */
    public static final String LOADED_CLASSES = "hookline.class-archive.loaded-classes";

    private static final Logger LOG = Logger.getLogger(ClassArchiveTraining.class);
    /** Long enough for the event's first attempt and each periodic task (claims, gauges, health, reloads). */
    private static final long AFTER_READY_MILLIS = 3_000;
    /** When the HTTP port, bound after the start-up observers, takes its first request. */
    private static final long PROBE_MILLIS = 500;

    void exitOnceReady(@Observes @Priority(Interceptor.Priority.PLATFORM_AFTER + 1000) StartupEvent event, Vertx vertx,
                       @GrpcService Instance<HookGrpcService> hooks, Instance<HttpServer> http) {
        if (!Boolean.getBoolean(PROPERTY)) {
            return;
        }
        LOG.infof("Class archive training: started; reporting one run, exiting in %d ms", AFTER_READY_MILLIS);
        RunCompletion run = RunCompletion.newBuilder()
                .setEventId("class-archive-training-" + UUID.randomUUID())
                .setRun(Run.newBuilder().setUuid(UUID.randomUUID().toString().replace("-", "")).setName("training")
                        .setKind("job").setProject("class-archive/training").setStatus("succeeded"))
                .setHooksYaml("- {hubRef: webhook, connection: class-archive-training}")
                .build();
        // As an admin token's call would arrive, past the interceptor that names its caller.
        Context asAdmin = Context.current().withValue(CallerContext.CALLER,
                new Caller("", "class-archive-training", Scope.ADMIN, Set.of()));
        vertx.runOnContext(ignored -> asAdmin.run(() -> hooks.get().notify(run).subscribe().with(
                ack -> LOG.infof("Class archive training: the run was %s", ack.getResult()),
                failure -> LOG.warnf("Class archive training: the run was not accepted: %s", failure.getMessage()))));
        vertx.setTimer(PROBE_MILLIS, id -> vertx.createHttpClient()
                .request(HttpMethod.GET, http.get().getPort(), "127.0.0.1", "/q/health/ready")
                .compose(request -> request.send())
                .onSuccess(response -> LOG.infof("Class archive training: readiness probe %d", response.statusCode()))
                .onFailure(failure -> LOG.warnf("Class archive training: readiness probe failed: %s", failure.getMessage())));
        vertx.setTimer(AFTER_READY_MILLIS, id -> vertx.executeBlocking(() -> {
            linkLoadedClasses();
            return null;
        }).onComplete(done -> Quarkus.asyncExit(0)));
    }

    /**
     * Links every class the run loaded. The JVM leaves a class it loaded only to read its
     * annotations or signatures unlinked, and JDK 17 writes no unlinked class into the archive
     * ("Skipping ...: Not linked" under {@code -Xlog:cds}): about 2,300 classes here, a thousand of
     * them Hibernate's bootstrap, which a real start then loads, parses and verifies from the jars.
     * {@link Class#getDeclaredMethods} links its class without initializing it. The classes that
     * reading signatures loads in turn are left out: a real start does not load them. Written by
     * hand: the JDK 17 has no option that links the loaded classes before a dynamic archive is
     * written.
     */
    private static void linkLoadedClasses() {
        String file = System.getProperty(LOADED_CLASSES);
        if (file == null) {
            return;
        }
        List<String> names;
        try (Stream<String> lines = Files.lines(Path.of(file))) {
            names = lines.map(ClassArchiveTraining::loadedClassName).filter(Objects::nonNull).distinct().toList();
        } catch (IOException e) {
            LOG.warnf("Class archive training: could not read %s: %s", file, e.getMessage());
            return;
        }
        ClassLoader loader = Thread.currentThread().getContextClassLoader();
        int linked = 0;
        for (String name : names) {
            try {
                Class.forName(name, false, loader).getDeclaredMethods();
                linked++;
            } catch (Throwable notLinkable) {
                // A class that cannot be linked here is loaded as usual at a real start.
            }
        }
        LOG.infof("Class archive training: linked %d of the %d classes loaded", linked, names.size());
    }

    /** The class name of one {@code -Xlog:class+load} line; null for hidden classes and other lines. */
    private static String loadedClassName(String line) {
        int end = line.indexOf(" source: ");
        int start = line.lastIndexOf(' ', end - 1);
        if (end < 0 || start < 0) {
            return null;
        }
        String name = line.substring(start + 1, end);
        return name.contains("/") || name.contains("$$Lambda") ? null : name;
    }
}
