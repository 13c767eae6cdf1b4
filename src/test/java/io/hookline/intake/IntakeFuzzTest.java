package io.hookline.intake;

import com.google.protobuf.ListValue;
import com.google.protobuf.Struct;
import com.google.protobuf.Timestamp;
import com.google.protobuf.Value;
import grpc.health.v1.HealthGrpc;
import grpc.health.v1.HealthOuterClass.HealthCheckRequest;
import grpc.health.v1.HealthOuterClass.HealthCheckResponse.ServingStatus;
import io.grpc.CallOptions;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.MethodDescriptor;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.ClientCalls;
import io.grpc.stub.StreamObserver;
import io.hookline.api.v1.HookService;
import io.hookline.api.v1.HookServiceGrpc;
import io.hookline.api.v1.ReportAck;
import io.hookline.api.v1.ReportResult;
import io.hookline.api.v1.Run;
import io.hookline.api.v1.RunCompletion;
import io.hookline.testing.Events;
import io.hookline.testing.TestToken;
import io.quarkus.grpc.GrpcClient;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.mutiny.Multi;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Intake fuzzed through the real gRPC server: random and mutated RunCompletions and hooks_yaml
 * documents (alias bombs, deep nesting, huge strings, wrong types) on Report streams, and
 * serialized events with bytes flipped, cut or inserted (invalid UTF-8 included) as Notify calls. Every input must get a proper answer,
 * the server must stay up, and every event acknowledged ACCEPTED must be stored. The seed is
 * printed; {@code -Dhookline.fuzz.seed=N} replays a run.
 */
@QuarkusTest
class IntakeFuzzTest {

    private static final int STRUCTURED = 9_000;
    private static final int BYTE_MUTANTS = 1_000;
    private static final int EVENTS_PER_STREAM = 250;
    private static final Duration TIMEOUT = Duration.ofSeconds(120);
    /** Statuses a stream may end with on bad input: each says what was wrong. */
    private static final Set<Status.Code> PROPER_ENDINGS = EnumSet.of(Status.Code.INVALID_ARGUMENT,
            Status.Code.RESOURCE_EXHAUSTED, Status.Code.FAILED_PRECONDITION, Status.Code.OUT_OF_RANGE,
            Status.Code.INTERNAL);

    @GrpcClient("hook")
    HookService hooks;

    @Inject
    Pool pool;

    @ConfigProperty(name = "quarkus.http.test-port")
    int port;

    private ManagedChannel channel;
    private final Set<String> accepted = ConcurrentHashMap.newKeySet();

    @BeforeEach
    void openChannel() {
        channel = ManagedChannelBuilder.forAddress("localhost", port).usePlaintext()
                .maxInboundMessageSize(32 << 20).intercept(TestToken.admin()).build();
    }

    @AfterEach
    void closeChannel() throws InterruptedException {
        channel.shutdownNow().awaitTermination(10, TimeUnit.SECONDS);
    }

    @Test
    void tenThousandRandomAndMutatedInputsEachGetAProperAnswerAndEveryAcceptedEventIsStored() throws Exception {
        long seed = Long.getLong("hookline.fuzz.seed", System.nanoTime());
        System.out.println("IntakeFuzzTest seed " + seed + " (replay with -Dhookline.fuzz.seed=" + seed + ")");
        Random random = new Random(seed);
        EventFuzzer fuzzer = new EventFuzzer(random);

        int answered = 0;
        for (int sent = 0; sent < STRUCTURED; sent += EVENTS_PER_STREAM) {
            List<RunCompletion> events = new ArrayList<>();
            for (int i = 0; i < EVENTS_PER_STREAM; i++) {
                events.add(fuzzer.event());
            }
            answered += reportOnOneStream(events, seed);
        }
        assertThat(answered).as("structured inputs answered, seed " + seed).isEqualTo(STRUCTURED);

        for (int i = 0; i < BYTE_MUTANTS; i += 50) {
            List<byte[]> mutants = new ArrayList<>();
            for (int j = 0; j < 50; j++) {
                mutants.add(fuzzer.mutatedBytes());
            }
            notifyRaw(mutants, seed);
        }

        assertThat(HealthGrpc.newBlockingStub(channel).check(HealthCheckRequest.getDefaultInstance()).getStatus())
                .as("the server is alive after the fuzz, seed " + seed).isEqualTo(ServingStatus.SERVING);
        ReportAck valid = hooks.notify(Events.succeeded("fuzz-after-" + UUID.randomUUID())).await().atMost(TIMEOUT);
        assertThat(valid.getResult()).isEqualTo(ReportResult.REPORT_RESULT_ACCEPTED);
        assertThat(accepted).as("some fuzzed events were valid enough to accept, seed " + seed).isNotEmpty();
        assertThat(stored(accepted)).as("every accepted event is stored, seed " + seed).isEqualTo(accepted.size());
    }

    /** Reports the events on one stream; answers counted are acks, or the events left when the stream ended properly. */
    private int reportOnOneStream(List<RunCompletion> events, long seed) {
        try {
            List<ReportAck> acks = hooks.report(Multi.createFrom().iterable(events)).collect().asList()
                    .await().atMost(TIMEOUT);
            acks.stream().filter(ack -> ack.getResult() == ReportResult.REPORT_RESULT_ACCEPTED)
                    .forEach(ack -> accepted.add(ack.getEventId()));
            acks.stream().filter(ack -> ack.getResult() == ReportResult.REPORT_RESULT_REJECTED)
                    .forEach(ack -> assertThat(ack.getError().getCode()).as("a rejection names its code, seed " + seed)
                            .isNotBlank());
            return acks.size();
        } catch (StatusRuntimeException ended) {
            throw new AssertionError("a Report stream of structured events ended " + ended.getStatus()
                    + " instead of answering each event, seed " + seed, ended);
        }
    }

    /**
     * Each mutant as a Notify call. Not on Report streams: a stream message the transport cannot
     * parse (invalid UTF-8 in a string, nesting past protobuf's 100 levels) is dropped by it and
     * the stream then stalls without a status (docs/security.md, "Fuzzing").
     */
    private void notifyRaw(List<byte[]> mutants, long seed) throws InterruptedException {
        MethodDescriptor<byte[], ReportAck> notify = HookServiceGrpc.getNotifyMethod()
                .toBuilder(new RawBytes(), HookServiceGrpc.getNotifyMethod().getResponseMarshaller()).build();
        CountDownLatch done = new CountDownLatch(mutants.size());
        List<String> improper = Collections.synchronizedList(new ArrayList<>());
        for (byte[] mutant : mutants) {
            ClientCalls.asyncUnaryCall(channel.newCall(notify, CallOptions.DEFAULT), mutant, new StreamObserver<>() {
                @Override
                public void onNext(ReportAck ack) {
                    if (ack.getResult() == ReportResult.REPORT_RESULT_ACCEPTED) {
                        accepted.add(ack.getEventId());
                    }
                }

                @Override
                public void onError(Throwable failure) {
                    Status status = Status.fromThrowable(failure);
                    if (!PROPER_ENDINGS.contains(status.getCode()) || status.getDescription() == null) {
                        improper.add(status.toString());
                    }
                    done.countDown();
                }

                @Override
                public void onCompleted() {
                    done.countDown();
                }
            });
        }
        assertThat(done.await(TIMEOUT.toSeconds(), TimeUnit.SECONDS)).as("every raw call ended, seed " + seed).isTrue();
        assertThat(improper).as("calls with unparseable bytes end with a status that says why, seed " + seed).isEmpty();
    }

    private long stored(Set<String> eventIds) {
        return pool.preparedQuery("SELECT count(DISTINCT event_id) FROM run_events WHERE event_id = ANY($1)")
                .execute(Tuple.of(eventIds.toArray(String[]::new))).await().atMost(TIMEOUT)
                .iterator().next().getLong(0);
    }

    /** Sends bytes as they are, so a test can send what no well-behaved client would. */
    private static final class RawBytes implements MethodDescriptor.Marshaller<byte[]> {
        @Override
        public InputStream stream(byte[] value) {
            return new ByteArrayInputStream(value);
        }

        @Override
        public byte[] parse(InputStream stream) {
            try {
                return stream.readAllBytes();
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    /** Random and mutated RunCompletions, from a valid one. */
    private static final class EventFuzzer {

        private static final List<String> HOOKS_DOCUMENTS = List.of(
                // alias bomb ("billion laughs")
                "a: &a [x,x,x,x,x,x,x,x,x]\nb: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]\nc: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]\n"
                        + "d: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]\ne: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]\n"
                        + "f: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]\nhooks: [*f,*f,*f,*f,*f,*f,*f,*f,*f]\n",
                "- &h {hubRef: slack, connection: fuzz-nowhere}\n- *h\n- {<<: *h, trigger: failed}\n",
                "- {<<: *undefined}\n",
                "hooks: 5\n",
                "hooks: {hubRef: slack}\n",
                "- {hubRef: 7, connection: [1, 2], trigger: {a: b}}\n",
                "- hubRef: slack\n  connection: fuzz-nowhere\n  params: {text: {value: '{{ globals.uuid }}'}}\n",
                "- {hubRef: '{{ run.name }}', connection: '{{ run.project }}'}\n",
                "- {hubRef: slack, connection: fuzz-nowhere, conditions: '{{ loss > 0.9 }}'}\n",
                "- {hubRef: slack, connection: fuzz-nowhere, params: {a: {ref: ops.train, value: outputs.x}}}\n",
                "- !!python/object/apply:os.system ['echo pwned']\n",
                "- {hubRef: \"{#for i in 2000000000}{/for}\", connection: fuzz-nowhere}\n",
                "\t- tabs: are: not: yaml\n",
                "---\n- a\n---\n- b\n",
                "- [\n",
                "",
                "hook: {hubRef: slack, connection: fuzz-nowhere}\nhooks: []\n");

        /** Value-in-ListValue levels that stay within protobuf's 100 nested messages (see notifyRaw). */
        private static final int MAX_PARSEABLE_DEPTH = 45;

        private final Random random;

        EventFuzzer(Random random) {
            this.random = random;
        }

        RunCompletion event() {
            RunCompletion event = Events.finished("fuzz-" + UUID.randomUUID(), pick(List.of("succeeded", "failed",
                    "stopped", "done", "", "SUCCEEDED", "running", "\u0000")));
            int mutations = random.nextInt(4);
            for (int i = 0; i < mutations; i++) {
                event = mutation().apply(event);
            }
            return event;
        }

        /** Bytes of an event with some flipped, cut or added: most no longer parse. */
        byte[] mutatedBytes() {
            byte[] bytes = event().toByteArray();
            int flips = 1 + random.nextInt(8);
            for (int i = 0; i < flips && bytes.length > 0; i++) {
                switch (random.nextInt(4)) {
                    case 0 -> bytes[random.nextInt(bytes.length)] = (byte) random.nextInt(256);
                    case 1 -> bytes = Arrays.copyOf(bytes, random.nextInt(bytes.length));
                    case 2 -> bytes[random.nextInt(bytes.length)] = (byte) (0x80 | random.nextInt(0x40)); // invalid UTF-8 lead
                    default -> {
                        byte[] longer = Arrays.copyOf(bytes, bytes.length + 16);
                        for (int k = bytes.length; k < longer.length; k++) {
                            longer[k] = (byte) random.nextInt(256);
                        }
                        bytes = longer;
                    }
                }
            }
            return bytes;
        }

        private UnaryOperator<RunCompletion> mutation() {
            List<UnaryOperator<RunCompletion>> all = List.of(
                    e -> e.toBuilder().setHooksYaml(pick(HOOKS_DOCUMENTS)).build(),
                    e -> e.toBuilder().setHooksYaml(deeplyNested(1 + size(5_000))).build(),
                    e -> e.toBuilder().setHooksYaml("- {hubRef: slack, connection: fuzz-nowhere, params: {t: {value: '"
                            + "x".repeat(size(400_000)) + "'}}}").build(),
                    e -> e.toBuilder().setHooksYaml(randomText(size(2_000))).build(),
                    e -> e.toBuilder().setEventId(pick(List.of("", " ", "x".repeat(100_000), "../../etc/passwd",
                            "\u0000", "\uD83D\uDE00" + UUID.randomUUID(), randomText(64)))).build(),
                    e -> e.toBuilder().setRun(e.getRun().toBuilder().setProject(pick(List.of("", "acme", "a/b/c",
                            "/", "acme/" + "v".repeat(10_000), randomText(20))))).build(),
                    e -> e.toBuilder().setRun(e.getRun().toBuilder().setUuid(pick(List.of("", "not-a-uuid",
                            randomText(40), "0".repeat(32))))).build(),
                    e -> e.toBuilder().setRun(e.getRun().toBuilder().setName(randomText(size(300_000)))).build(),
                    e -> e.toBuilder().setRun(e.getRun().toBuilder()
                            .setFinishedAt(Timestamp.newBuilder().setSeconds(random.nextLong()).setNanos(random.nextInt()))).build(),
                    e -> e.toBuilder().setRun(e.getRun().toBuilder().setOutputs(Struct.newBuilder()
                            .putFields("deep", deepValue(1 + random.nextInt(MAX_PARSEABLE_DEPTH))))).build(),
                    e -> e.toBuilder().setRun(wideOutputs(e.getRun(), size(20_000))).build());
            return pick(all);
        }

        /** Mostly small, one time in twenty up to {@code huge}: large inputs are tried without making every event large. */
        private int size(int huge) {
            return random.nextInt(20) == 0 ? random.nextInt(huge) : random.nextInt(Math.min(huge, 300));
        }

        private static String deeplyNested(int depth) {
            return "[".repeat(depth) + "]".repeat(depth);
        }

        private static Value deepValue(int depth) {
            Value value = Value.newBuilder().setStringValue("leaf").build();
            for (int i = 0; i < depth; i++) {
                value = Value.newBuilder().setListValue(ListValue.newBuilder().addValues(value)).build();
            }
            return value;
        }

        private Run wideOutputs(Run run, int keys) {
            Struct.Builder outputs = Struct.newBuilder();
            for (int i = 0; i < keys; i++) {
                outputs.putFields("k" + i, Value.newBuilder().setNumberValue(random.nextDouble()).build());
            }
            return run.toBuilder().setOutputs(outputs).build();
        }

        private String randomText(int length) {
            StringBuilder text = new StringBuilder(length);
            for (int i = 0; i < length; i++) {
                int kind = random.nextInt(10);
                text.appendCodePoint(kind < 6 ? 32 + random.nextInt(95)
                        : kind < 8 ? random.nextInt(32)
                        : kind < 9 ? 0x80 + random.nextInt(0xD000) : 0x1F600 + random.nextInt(80));
            }
            return text.toString();
        }

        private <T> T pick(List<T> choices) {
            return choices.get(random.nextInt(choices.size()));
        }
    }
}
