package io.hookline.grpc;

import io.hookline.api.v1.Run;
import io.hookline.api.v1.RunCompletion;
import io.grpc.Context;
import io.hookline.auth.Caller;
import io.hookline.auth.Scope;
import io.quarkus.grpc.GrpcService;
import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.StartupEvent;
import io.vertx.core.Vertx;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Instance;
import jakarta.interceptor.Interceptor;
import org.jboss.logging.Logger;

import java.util.Set;
import java.util.UUID;

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
 * one attempt load their classes too, lets the background loops turn, and exits.
 */
@ApplicationScoped
public class ClassArchiveTraining {

    /** The system property that makes a start the training run; never set in a real one. */
    public static final String PROPERTY = "hookline.class-archive.training";

    private static final Logger LOG = Logger.getLogger(ClassArchiveTraining.class);
    /** Long enough for the event's first attempt and each periodic task (claims, gauges, health, reloads). */
    private static final long AFTER_READY_MILLIS = 3_000;

    void exitOnceReady(@Observes @Priority(Interceptor.Priority.PLATFORM_AFTER + 1000) StartupEvent event, Vertx vertx,
                       @GrpcService Instance<HookGrpcService> hooks) {
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
        vertx.setTimer(AFTER_READY_MILLIS, id -> Quarkus.asyncExit(0));
    }
}
