package io.hookline.store.embedded;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.jboss.logging.Logger;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.stream.Stream;

/**
 * One embedded Postgres per JVM, durable: fsync and synchronous_commit on, data kept in a
 * configurable directory across restarts, and an orphaned postmaster of a killed JVM stopped
 * before start.
 */
public final class EmbeddedPostgresServer {

    private static final Logger LOG = Logger.getLogger(EmbeddedPostgresServer.class);
    private static CompletableFuture<EmbeddedPostgresServer> starting;
    private static int startingPort;

    public record Settings(String dataDir, int port, boolean cleanStart) {
    }

    private final EmbeddedPostgres postgres;
    private final Path dataDir;

    private EmbeddedPostgresServer(EmbeddedPostgres postgres, Path dataDir) {
        this.postgres = postgres;
        this.dataDir = dataDir;
    }

    /**
     * Starts the server in the background, or returns the port of the one this JVM already
     * started. Its start (a recovery after a restart, initdb on a fresh directory: a few seconds)
     * runs beside the JVM's own, which needs no database until its first start-up observer; that
     * one waits for it ({@link #awaitStarted}).
     */
    public static synchronized int startInBackground(Settings settings) {
        if (starting == null) {
            int port = settings.port() > 0 ? settings.port() : freePort();
            Settings onPort = new Settings(settings.dataDir(), port, settings.cleanStart());
            starting = CompletableFuture.supplyAsync(() -> start(onPort), runnable -> {
                Thread thread = new Thread(runnable, "embedded-postgres-start");
                thread.setDaemon(true);
                thread.start();
            });
            startingPort = port;
        }
        return startingPort;
    }

    /**
     * Returns once the server started by {@link #startInBackground} accepts connections, at once
     * when this JVM started none (an external Postgres); throws why it could not start.
     */
    public static void awaitStarted() {
        CompletableFuture<EmbeddedPostgresServer> server;
        synchronized (EmbeddedPostgresServer.class) {
            server = starting;
        }
        if (server == null) {
            return;
        }
        try {
            server.join();
        } catch (CompletionException e) {
            throw e.getCause() instanceof RuntimeException cause ? cause : e;
        }
    }

    /** Stops the server started by this JVM, if any, once its start is over. Called on application shutdown. */
    public static synchronized void stopCurrent() {
        if (starting != null) {
            try {
                starting.join().close();
            } catch (CompletionException failedToStart) {
                // Nothing to stop; the start's failure was reported where it was awaited.
            }
            starting = null;
        }
    }

    /**
     * A free local port, chosen here rather than by zonky: the datasource URLs need it before the
     * server is up.
     */
    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("Could not find a free port for the embedded Postgres", e);
        }
    }

    private static EmbeddedPostgresServer start(Settings settings) {
        Path dataDir = Path.of(settings.dataDir()).toAbsolutePath().normalize();
        try {
            if (settings.cleanStart()) {
                stopOrphan(dataDir);
                deleteRecursively(dataDir);
            }
            Files.createDirectories(dataDir);
            stopOrphan(dataDir);
            EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder()
                    .setDataDirectory(dataDir)
                    .setCleanDataDirectory(false)
                    // zonky's own JVM shutdown hook would stop Postgres at once, in parallel with
                    // Quarkus's: dispatch and intake would lose it mid-commit. It is stopped last
                    // (EmbeddedPostgresLifecycle); a JVM killed before that leaves an orphan, stopped
                    // at the next start.
                    .setRegisterShutdownHook(false)
                    .setPGStartupWait(Duration.ofSeconds(60))
                    // zonky starts postgres with -F (fsync off); these -c options come later on
                    // the command line and win. An ack promises the event survives a crash.
                    .setServerConfig("fsync", "on")
                    .setServerConfig("synchronous_commit", "on")
                    .setServerConfig("full_page_writes", "on")
                    .setServerConfig("max_connections", "200")
                    .setServerConfig("listen_addresses", "localhost");
            long began = System.nanoTime();
            EmbeddedPostgres postgres = builder.setPort(settings.port()).start();
            ensurePassword(postgres);
            verifyDurable(postgres);
            LOG.infof("Embedded Postgres started on port %d with data in %s in %d ms", postgres.getPort(), dataDir,
                    Duration.ofNanos(System.nanoTime() - began).toMillis());
            return new EmbeddedPostgresServer(postgres, dataDir);
        } catch (IOException e) {
            throw new UncheckedIOException("Could not start the embedded Postgres in " + dataDir
                    + " (set quarkus.datasource.reactive.url to use an external server)", e);
        }
    }

    /**
     * The datasource connects with a password so the same configuration works against a real
     * server; the embedded one trusts local connections anyway.
     */
    private static void ensurePassword(EmbeddedPostgres postgres) {
        try (Connection c = postgres.getPostgresDatabase().getConnection(); Statement s = c.createStatement()) {
            s.execute("ALTER USER postgres PASSWORD 'postgres'");
        } catch (SQLException e) {
            throw new IllegalStateException("Embedded Postgres did not accept a connection", e);
        }
    }

    private static void verifyDurable(EmbeddedPostgres postgres) {
        try (Connection c = postgres.getPostgresDatabase().getConnection(); Statement s = c.createStatement()) {
            for (String setting : List.of("fsync", "synchronous_commit")) {
                try (ResultSet rs = s.executeQuery("SHOW " + setting)) {
                    rs.next();
                    if (!"on".equals(rs.getString(1))) {
                        throw new IllegalStateException("Embedded Postgres runs with " + setting + "="
                                + rs.getString(1) + "; acks would not be durable");
                    }
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Embedded Postgres did not accept a connection", e);
        }
    }

    /**
     * pg_ctl detaches the postmaster, so after a kill -9 of the JVM it keeps running and holds the
     * data directory: stop it (smart shutdown, then forcibly) before starting our own.
     */
    static void stopOrphan(Path dataDir) throws IOException {
        Path pidFile = dataDir.resolve("postmaster.pid");
        if (!Files.exists(pidFile)) {
            return;
        }
        Optional<ProcessHandle> orphan = Files.readAllLines(pidFile).stream().findFirst()
                .map(String::trim)
                .filter(line -> line.matches("\\d+"))
                .flatMap(pid -> ProcessHandle.of(Long.parseLong(pid)))
                .filter(ProcessHandle::isAlive)
                .filter(p -> p.info().command().map(cmd -> cmd.contains("postgres")).orElse(true));
        if (orphan.isPresent()) {
            ProcessHandle process = orphan.get();
            LOG.warnf("Stopping orphaned Postgres (pid %d) left in %s by a previous run", process.pid(), dataDir);
            process.destroy();
            if (!waitForExit(process, Duration.ofSeconds(30))) {
                process.destroyForcibly();
                waitForExit(process, Duration.ofSeconds(10));
            }
        }
        Files.deleteIfExists(pidFile);
    }

    private static boolean waitForExit(ProcessHandle process, Duration timeout) {
        try {
            process.onExit().get(timeout.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
            return true;
        } catch (Exception e) {
            return !process.isAlive();
        }
    }

    private static void deleteRecursively(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

    private void close() {
        try {
            postgres.close();
            LOG.infof("Embedded Postgres in %s stopped", dataDir);
        } catch (IOException e) {
            LOG.warnf("Embedded Postgres in %s did not stop cleanly: %s", dataDir, e.getMessage());
        }
    }
}
