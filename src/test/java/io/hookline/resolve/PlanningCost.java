package io.hookline.resolve;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.hookline.connections.ConnectionCatalog;
import io.hookline.connections.ConnectionCatalogReader;
import io.hookline.definition.ComponentParser;
import io.hookline.definition.ComponentSpec;
import io.hookline.definition.HookParser;
import io.hookline.definition.HookSpec;
import io.hookline.definition.HubRef;
import io.hookline.definition.PresetSpec;
import io.hookline.outbox.StoredRequest;
import io.hookline.outbox.StoredRequestCodec;
import io.hookline.render.RenderedRequest;
import io.hookline.render.RequestRenderer;
import io.hookline.render.SandboxedTemplates;
import io.hookline.render.polyaxon.ConditionEvaluator;
import io.hookline.render.polyaxon.TemplateStrings;
import io.hookline.store.Definitions;

import java.io.IOException;
import java.io.InputStream;
import com.sun.management.ThreadMXBean;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * A micro-measure, not a test: the CPU time of planning one delivery the way intake does (the
 * bench's one {@code webhook} hook per event, through the real {@link DeliveryPlanner}), of
 * encoding its request for the outbox and of decoding it at claim time, and the encoded size.
 * It lives in this package because the planner's constructor is package-private (CDI builds it).
 *
 * <p>Run: {@code ./mvnw -B -q -o test-compile -DskipBufLint=true && java -cp
 * target/test-classes:target/classes:$(cat target/classpath.txt) io.hookline.resolve.PlanningCost [events]}
 * (the classpath from {@code ./mvnw -B -q -o dependency:build-classpath -Dmdep.outputFile=target/classpath.txt}).
 */
public final class PlanningCost {

    private static final ThreadMXBean THREADS = (ThreadMXBean) ManagementFactory.getThreadMXBean();
    private static final int ROUNDS = 15;
    private static final int WARMUP_ROUNDS = 3;

    private PlanningCost() {
    }

    public static void main(String[] args) throws IOException {
        int events = args.length > 0 ? Integer.parseInt(args[0]) : 20_000;
        SandboxedTemplates templates = new SandboxedTemplates();
        TemplateStrings strings = new TemplateStrings(templates);
        ConditionEvaluator conditions = new ConditionEvaluator(strings);
        RequestRenderer renderer = new RequestRenderer(templates);
        Definitions definitions = webhookOnly(renderer);
        ConnectionCatalog connections = new ConnectionCatalogReader(name -> null).read(Path.of("bench/connections.yaml"));
        DeliveryPlanner planner = new DeliveryPlanner(strings, conditions, renderer, definitions, connections,
                new HookValidation(definitions, connections, conditions, new ResolveConfig() {
                    @Override
                    public long hookCacheBytes() {
                        return 16 << 20;
                    }

                    @Override
                    public int maxParamsBytes() {
                        return 64 << 10;
                    }
                }), new RunLinks(Optional::empty));
        List<SourcedHook> hooks = HookParser.parse("- {hubRef: webhook, connection: bench-sink}", "hooks").value()
                .stream().map(hook -> new SourcedHook(hook, "event_yaml")).toList();
        StoredRequestCodec codec = new StoredRequestCodec(new ObjectMapper());

        List<Double> totals = new ArrayList<>();
        for (int round = 0; round < ROUNDS; round++) {
            List<String> ids = new ArrayList<>(events);
            List<RunFacts> runs = new ArrayList<>(events);
            for (int i = 0; i < events; i++) {
                ids.add("evt-" + round + "-" + i);
                runs.add(run(ids.get(i)));
            }
            List<StoredRequest> planned = new ArrayList<>(events);
            List<byte[]> encoded = new ArrayList<>(events);
            Stage plan = Stage.start();
            for (int i = 0; i < events; i++) {
                RenderedRequest rendered = planner.plan(ids.get(i), runs.get(i), "succeeded", hooks).get(0).request();
                planned.add(new StoredRequest(rendered.method(), rendered.headers(), rendered.body()));
            }
            plan = plan.stop();
            Stage encode = Stage.start();
            for (StoredRequest request : planned) {
                encoded.add(codec.write(request));
            }
            encode = encode.stop();
            Stage decode = Stage.start();
            for (byte[] stored : encoded) {
                codec.read(stored);
            }
            decode = decode.stop();
            long storedBytes = encoded.stream().mapToLong(stored -> stored.length).sum();
            System.out.printf("round %d per delivery: plan %s, encode %s, decode %s; %d bytes encoded%n",
                    round, plan.per(events), encode.per(events), decode.per(events), storedBytes / events);
            if (round >= WARMUP_ROUNDS) {
                totals.add((plan.cpuNanos() + encode.cpuNanos() + decode.cpuNanos()) / 1e3 / events);
            }
        }
        // -Dsample=<folder>: one planned request in the JSON form stored before V4 and in today's, for pg_column_size.
        String sample = System.getProperty("sample");
        if (sample != null) {
            RenderedRequest rendered = planner.plan("evt-sample", run("evt-sample"), "succeeded", hooks).get(0).request();
            StoredRequest last = new StoredRequest(rendered.method(), rendered.headers(), rendered.body());
            Files.writeString(Path.of(sample, "request.json"), new ObjectMapper().writeValueAsString(last));
            Files.writeString(Path.of(sample, "request.hex"), "\\x" + HexFormat.of().formatHex(codec.write(last)));
        }
        totals.sort(null);
        System.out.printf("plan + encode + decode, after %d warm-up rounds: median %.1f µs, best %.1f µs per delivery%n",
                WARMUP_ROUNDS, totals.get(totals.size() / 2), totals.get(0));
    }

    /** CPU time and bytes allocated by this thread over one stage of a round. */
    private record Stage(long cpuNanos, long allocatedBytes) {

        static Stage start() {
            return new Stage(THREADS.getCurrentThreadCpuTime(), THREADS.getCurrentThreadAllocatedBytes());
        }

        Stage stop() {
            return new Stage(THREADS.getCurrentThreadCpuTime() - cpuNanos,
                    THREADS.getCurrentThreadAllocatedBytes() - allocatedBytes);
        }

        String per(int events) {
            return String.format("%.1f µs / %,d B allocated", cpuNanos / 1e3 / events, allocatedBytes / events);
        }
    }

    /** The run the bench reports (IntakeLoad.event). */
    private static RunFacts run(String eventId) {
        Map<String, Object> outputs = new LinkedHashMap<>();
        outputs.put("loss", 0.42);
        outputs.put("accuracy", 0.91);
        return new RunFacts(UUID.randomUUID().toString().replace("-", ""), "train-" + (eventId.hashCode() & 63),
                "job", "bench/load", (eventId.hashCode() & 3) == 0 ? "failed" : "succeeded", null,
                Instant.ofEpochSecond(1_700_000_000), Instant.ofEpochSecond(1_700_000_600), Map.of(), outputs,
                Map.of(), Map.of(), Map.of(), null, null);
    }

    private static Definitions webhookOnly(RequestRenderer renderer) throws IOException {
        String yaml;
        try (InputStream in = PlanningCost.class.getResourceAsStream("/hub/webhook.yaml")) {
            yaml = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        ComponentSpec webhook = ComponentParser.parse(yaml, "definition", renderer::compileProblem).value();
        return new Definitions() {
            @Override
            public Optional<ComponentSpec> find(HubRef hubRef) {
                return hubRef.equals(webhook.hubRef()) ? Optional.of(webhook) : Optional.empty();
            }

            @Override
            public Optional<PresetSpec> preset(String name) {
                return Optional.empty();
            }

            @Override
            public List<HookSpec> projectHooks(String project) {
                return new ArrayList<>();
            }

            @Override
            public long version() {
                return 0;
            }
        };
    }
}
