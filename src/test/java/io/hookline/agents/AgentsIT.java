package io.hookline.agents;

import io.hookline.testing.AgentCommand;
import io.hookline.testing.AgentCommand.Result;
import io.hookline.testing.CuttingProxy;
import io.hookline.testing.HooklineProcess;
import io.hookline.testing.Sink;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The Node and Python agents of examples/, run as commands against the packaged jar with the
 * test connection catalog, whose Slack and webhook connections point at the local {@link Sink}.
 * An agent whose runtime is not installed is skipped, saying so; one whose runtime is there but
 * whose libraries are not fails, naming what to install (.ci/run installs both).
 */
class AgentsIT {

    private static final int PORT = 18_311;
    private static final Path OUT = Path.of("target/it-agents");
    private static final String SLACK_PATH = "/slack/T0SECRET/B0SECRET/xoxSLACKSECRETTOKEN";

    private static HooklineProcess hookline;
    private static int postgresPort;

    @BeforeAll
    static void startHookline() throws Exception {
        Sink.start();
        postgresPort = freePort();
        hookline = HooklineProcess.start(PORT, OUT.resolve("hookline.log"),
                "hookline.connections.file=src/test/resources/connections/hookline-test.yaml",
                "hookline.embedded-postgres.data-dir=" + OUT.resolve("postgres").toAbsolutePath(),
                "hookline.embedded-postgres.clean-start=true",
                "hookline.embedded-postgres.port=" + postgresPort,
                // A receiver that always answers 500 is DEAD after two quick attempts.
                "hookline.dispatch.retry.schedule=200ms",
                "hookline.dispatch.retry.max-attempts=2",
                "hookline.dispatch.retry.jitter=none",
                "hookline.dispatch.workers.poll-interval=100ms");
    }

    @AfterAll
    static void stopHookline() throws Exception {
        if (hookline != null) {
            hookline.close();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"node", "python"})
    void aReportedRunsSlackHookReachesTheReceiverAndTheCommandPrintsDeliveredAndExitsZero(String name) throws Exception {
        AgentCommand agent = ready(name);
        String run = "train-" + name + "-" + UUID.randomUUID().toString().substring(0, 8);

        Result result = agent.run(OUT.resolve("delivered"), environment("localhost:" + PORT), "report",
                "--project", "acme/vision", "--name", run, "--status", "failed",
                "--hooks", agent.folder().resolve("polyaxonfile.yaml").toString());

        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(result.stdout()).as(result.toString())
                .isEqualTo("polyaxon/slack:latest via slack-notification: DELIVERED (HTTP 200)\n");
        assertThat(Sink.start().onPath(SLACK_PATH)).as("Slack requests naming the run")
                .filteredOn(request -> request.body().contains(run)).hasSize(1);
    }

    @ParameterizedTest
    @ValueSource(strings = {"node", "python"})
    void aDeadDeliveryMakesTheCommandExitNonZeroNamingTheDeliveryAndWhy(String name) throws Exception {
        AgentCommand agent = ready(name);
        Path hooks = Files.createDirectories(OUT.resolve("dead")).resolve(name + "-polyaxonfile.yaml");
        Files.writeString(hooks, """
                hooks:
                  - {trigger: failed, hubRef: slack, connection: slack-notification}
                  - {hubRef: webhook, connection: flaky-500}
                """);

        // --target here, HOOKLINE_TARGET (pointing nowhere) beneath it: the flag wins.
        Result result = agent.run(OUT.resolve("dead"), environment("localhost:1"), "report",
                "--project", "acme/vision", "--name", "train-" + name, "--status", "failed",
                "--hooks", hooks.toString(), "--target", "localhost:" + PORT);

        assertThat(result.exitCode()).as(result.toString()).isEqualTo(1);
        assertThat(result.stdout()).as(result.toString()).contains(
                "polyaxon/slack:latest via slack-notification: DELIVERED (HTTP 200)\n",
                "polyaxon/webhook:latest via flaky-500: DEAD (HTTP 500)");
        assertThat(result.stderr()).as(result.toString()).contains("polyaxon/webhook:latest via flaky-500 is DEAD (HTTP 500)");
    }

    @ParameterizedTest
    @ValueSource(strings = {"node", "python"})
    void eventsResentAfterTheConnectionDropsMidStreamAreEachStoredOnce(String name) throws Exception {
        AgentCommand agent = ready(name);
        List<String> uuids = IntStream.range(0, 300).mapToObj(i -> UUID.randomUUID().toString().replace("-", "")).toList();
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < uuids.size(); i++) {
            lines.add("acme/vision backfill-" + name + "-" + i + " succeeded " + uuids.get(i));
        }
        Path runs = Files.createDirectories(OUT.resolve("dropped")).resolve(name + "-runs.txt");
        Files.write(runs, lines);

        Result result;
        int connections;
        try (CuttingProxy proxy = CuttingProxy.start(PORT, 12_000)) {
            result = agent.run(OUT.resolve("dropped"), environment("localhost:" + proxy.port()), "backfill", runs.toString());
            connections = proxy.connections();
        }

        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(result.stdout()).as(result.toString()).startsWith("300 runs: ").endsWith(", 0 rejected\n");
        assertThat(result.stderr()).as(result.toString()).contains("resending");
        assertThat(connections).as("connections through the proxy").isGreaterThanOrEqualTo(2);
        assertThat(storedEvents(uuids)).as("rows stored, distinct event ids")
                .containsExactly((long) uuids.size(), (long) uuids.size());
    }

    @ParameterizedTest
    @ValueSource(strings = {"node", "python"})
    void theTokenInHooklineTokenIsSentAsBearerAuthorizationMetadata(String name) throws Exception {
        AgentCommand agent = ready(name);
        // Until Hookline checks tokens, a local HTTP/2 server stands in for it: it records the
        // request's authorization header and answers as gRPC does when a token is refused
        // (a trailers-only response with grpc-status 16, UNAUTHENTICATED).
        Vertx vertx = Vertx.vertx();
        List<String> authorizations = new CopyOnWriteArrayList<>();
        try {
            HttpServer server = vertx.createHttpServer(new HttpServerOptions().setHttp2ClearTextEnabled(true))
                    .requestHandler(request -> {
                        authorizations.add(request.path() + " " + request.getHeader("authorization"));
                        request.response().putHeader("content-type", "application/grpc")
                                .putHeader("grpc-status", "16").putHeader("grpc-message", "token refused by the test").end();
                    });
            int port = server.listen(0, "127.0.0.1").toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS).actualPort();

            Result result = agent.run(OUT.resolve("token"),
                    Map.of("HOOKLINE_TARGET", "127.0.0.1:" + port, "HOOKLINE_TOKEN", "agent-token-" + name),
                    "report", "--project", "acme/vision", "--name", "train", "--status", "failed");

            assertThat(result.exitCode()).as(result.toString()).isEqualTo(2);
            assertThat(result.stderr()).as(result.toString()).contains("UNAUTHENTICATED: token refused by the test");
            assertThat(authorizations).containsExactly("/hookline.v1.HookService/Report Bearer agent-token-" + name);
        } finally {
            vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        }
    }

    /** The agent, skipped when its runtime is not installed, failing when its libraries are not. */
    private static AgentCommand ready(String name) {
        Optional<AgentCommand> agent = name.equals("node") ? AgentCommand.node() : AgentCommand.python();
        assumeTrue(agent.isPresent(), name + " is not installed: the " + name + " agent is not tested");
        if (name.equals("node")) {
            assertThat(agent.get().folder().resolve("node_modules/@grpc/grpc-js"))
                    .as("the Node agent's libraries (npm ci in examples/node-agent)").exists();
        } else {
            String python = agent.get().interpreter().get(0);
            assertThat(AgentCommand.runs(List.of(python, "-c", "import grpc, google.protobuf")))
                    .as(python + " with grpc and protobuf (apt-get install -y python3-grpcio python3-protobuf)")
                    .isTrue();
        }
        return agent.get();
    }

    /** The agents' environment: the server to call and the packaged jar's admin token. */
    private static Map<String, String> environment(String target) {
        return Map.of("HOOKLINE_TARGET", target, "HOOKLINE_TOKEN", HooklineProcess.TOKEN);
    }

    /** [rows, distinct event ids] stored for these runs. */
    private static List<Long> storedEvents(List<String> runUuids) throws Exception {
        String url = "jdbc:postgresql://localhost:" + postgresPort + "/postgres";
        try (Connection db = DriverManager.getConnection(url, "postgres", "postgres");
             PreparedStatement query = db.prepareStatement(
                     "SELECT count(*), count(DISTINCT event_id) FROM run_events WHERE run_uuid = ANY (?)")) {
            query.setArray(1, db.createArrayOf("text", runUuids.toArray()));
            try (ResultSet row = query.executeQuery()) {
                row.next();
                return List.of(row.getLong(1), row.getLong(2));
            }
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
