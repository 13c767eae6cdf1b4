package io.hookline.testing;

import grpc.health.v1.HealthGrpc;
import grpc.health.v1.HealthOuterClass.HealthCheckRequest;
import grpc.health.v1.HealthOuterClass.HealthCheckResponse.ServingStatus;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import org.awaitility.core.ConditionTimeoutException;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.awaitility.Awaitility.await;

/** The packaged Hookline jar run as a separate process, as a user runs it. */
public final class HooklineProcess implements AutoCloseable {

    private final Process process;
    private final ManagedChannel channel;
    private final Path log;

    /** The admin token the jar is started with (its bootstrap token), sent on every call of {@link #channel()}. */
    public static final String TOKEN = "hl_packaged-jar-test-token-not-the-suite-one";

    private HooklineProcess(Process process, ManagedChannelBuilder<?> channel, Path log) {
        this.process = process;
        this.log = log;
        this.channel = channel.intercept(TestToken.bearer(TOKEN)).build();
    }

    /**
     * Starts the jar with the given system properties and its own bootstrap token ({@link #TOKEN}),
     * and waits until gRPC health is SERVING.
     */
    public static HooklineProcess start(int port, Path log, String... properties) throws IOException {
        return start(plaintext(port), port, log, properties);
    }

    /**
     * As {@link #start(int, Path, String...)}, reaching the jar (health included) through the channel
     * {@code channel} builds: for a jar that speaks only TLS.
     */
    public static HooklineProcess start(ManagedChannelBuilder<?> channel, int port, Path log, String... properties)
            throws IOException {
        List<String> withToken = new ArrayList<>(List.of(properties));
        withToken.add(0, "hookline.auth.bootstrap-token=" + TOKEN);
        return startAsGiven(channel, port, log, withToken.toArray(String[]::new));
    }

    /** Starts the jar with only the given system properties (no bootstrap token unless they set one). */
    public static HooklineProcess startAsGiven(int port, Path log, String... properties) throws IOException {
        return startAsGiven(plaintext(port), port, log, properties);
    }

    /** As {@link #start(int, Path, String...)}, with JVM options added after the README's. */
    public static HooklineProcess startWithJvmOptions(int port, Path log, List<String> jvmOptions, String... properties)
            throws IOException {
        List<String> withToken = new ArrayList<>(List.of(properties));
        withToken.add(0, "hookline.auth.bootstrap-token=" + TOKEN);
        return launch(plaintext(port), port, log, jvmOptions, withToken.toArray(String[]::new));
    }

    /**
     * The JVM options of the README's run command, but for the class archive's (which names the
     * archive beside the jar, {@link #classArchiveOption}): the packaged jar is tested as users run it.
     */
    static final List<String> README_JVM_OPTIONS = List.of("-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC",
            "-XX:+UseTransparentHugePages", "-Xmx160m", "-XX:+ExitOnOutOfMemoryError");

    /** The packaged jar under test. */
    public static String jar() {
        return System.getProperty("hookline.jar", "target/quarkus-app/quarkus-run.jar");
    }

    /** The README's {@code -XX:SharedArchiveFile}: the class archive {@code package} built beside {@code jar}. */
    static String classArchiveOption(String jar) {
        return "-XX:SharedArchiveFile=" + Path.of(jar).resolveSibling("hookline.jsa");
    }

    private static ManagedChannelBuilder<?> plaintext(int port) {
        return ManagedChannelBuilder.forAddress("localhost", port).usePlaintext();
    }

    private static HooklineProcess startAsGiven(ManagedChannelBuilder<?> channel, int port, Path log, String... properties)
            throws IOException {
        return launch(channel, port, log, List.of(), properties);
    }

    private static HooklineProcess launch(ManagedChannelBuilder<?> channel, int port, Path log, List<String> jvmOptions,
                                          String... properties) throws IOException {
        String jar = jar();
        String java = ProcessHandle.current().info().command().orElse("java");
        List<String> command = new ArrayList<>(List.of(java, classArchiveOption(jar)));
        command.addAll(README_JVM_OPTIONS);
        command.addAll(jvmOptions);
        command.add("-Dquarkus.http.port=" + port);
        for (String property : properties) {
            command.add("-D" + property);
        }
        command.addAll(List.of("-jar", jar));
        Files.createDirectories(log.getParent());
        Process process = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                .start();
        HooklineProcess hookline = new HooklineProcess(process, channel, log);
        hookline.awaitServing(Duration.ofSeconds(90));
        return hookline;
    }

    public ManagedChannel channel() {
        return channel;
    }

    /** SIGKILL: no shutdown hook runs, the embedded postmaster is left behind. */
    public void kill() throws InterruptedException {
        channel.shutdownNow();
        process.destroyForcibly();
        process.waitFor(30, TimeUnit.SECONDS);
    }

    /**
     * SIGTERM, as Kubernetes stops a pod: returns the exit code, or fails if the process is still
     * running after {@code grace} (where Kubernetes would SIGKILL it).
     */
    public int terminate(Duration grace) throws InterruptedException {
        process.destroy();
        if (!process.waitFor(grace.toMillis(), TimeUnit.MILLISECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("Hookline was still running " + grace + " after SIGTERM");
        }
        channel.shutdownNow();
        return process.exitValue();
    }

    @Override
    public void close() throws InterruptedException {
        channel.shutdownNow();
        if (process.isAlive()) {
            process.destroy();
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        }
    }

    private void awaitServing(Duration timeout) throws IOException {
        HealthGrpc.HealthBlockingStub health = HealthGrpc.newBlockingStub(channel);
        try {
            await("Hookline reporting gRPC health SERVING").atMost(timeout).pollInterval(Duration.ofMillis(250))
                    .failFast(() -> {
                        if (!process.isAlive()) {
                            throw new IllegalStateException("Hookline exited with " + process.exitValue() + "; log:\n" + Files.readString(log));
                        }
                    })
                    .ignoreExceptionsInstanceOf(RuntimeException.class) // not listening yet
                    .until(() -> health.withDeadlineAfter(2, TimeUnit.SECONDS).check(HealthCheckRequest.getDefaultInstance())
                            .getStatus(), ServingStatus.SERVING::equals);
        } catch (ConditionTimeoutException notServing) {
            // What went wrong is in the process's log, not in the timeout.
            throw new IllegalStateException("Hookline did not become SERVING within " + timeout + "; log:\n" + Files.readString(log),
                    notServing);
        }
    }
}
