package io.hookline.intake;

import com.google.protobuf.InvalidProtocolBufferException;
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
import io.hookline.testing.RawMessages;
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

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Intake fuzzed through the real gRPC server: random and mutated RunCompletions and hooks_yaml
 * documents (alias bombs, deep nesting, huge strings, wrong types) on Report streams, and
 * serialized events with bytes flipped, cut or inserted (invalid UTF-8 included), or nested past
 * protobuf's limit, on Report streams and as Notify calls. Every input must get a proper answer,
 * every stream must end with a status, the server must stay up, and every event acknowledged
 * ACCEPTED must be stored. The seed is printed; {@code -Dhookline.fuzz.seed=N} replays a run.
 */
@QuarkusTest
class IntakeFuzzTest {

    private static final int STRUCTURED = 9_000;
    private static final int BYTE_MUTANTS = 1_000;
    private static final int RAW_STREAM_MESSAGES = 1_000;
    private static final int RAW_MESSAGES_PER_STREAM = 25;
    private static final int EVENTS_PER_STREAM = 250;
    private static final Duration TIMEOUT = Duration.ofSeconds(120);
    /** Statuses a stream may end with on bad input: each says what was wrong. */
    private static final Set<Status.Code> PROPER_ENDINGS = EnumSet.of(Status.Code.INVALID_ARGUMENT,
            Status.Code.RESOURCE_EXHAUSTED, Status.Code.FAILED_PRECONDITION, Status.Code.OUT_OF_RANGE);

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
    void elevenThousandRandomAndMutatedInputsEachGetAProperAnswerAndEveryAcceptedEventIsStored() throws Exception {
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

        for (int i = 0; i < RAW_STREAM_MESSAGES; i += RAW_MESSAGES_PER_STREAM) {
            List<byte[]> messages = new ArrayList<>();
            for (int j = 0; j < RAW_MESSAGES_PER_STREAM; j++) {
                messages.add(fuzzer.streamMessage());
            }
            reportRaw(messages, seed);
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

    /** Each mutant as a Notify call: one that does not parse is INVALID_ARGUMENT naming it. */
    private void notifyRaw(List<byte[]> mutants, long seed) throws InterruptedException {
        MethodDescriptor<byte[], ReportAck> notify = RawMessages.sending(HookServiceGrpc.getNotifyMethod());
        CountDownLatch done = new CountDownLatch(mutants.size());
        List<String> improper = Collections.synchronizedList(new ArrayList<>());
        for (byte[] mutant : mutants) {
            boolean parses = parses(mutant);
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
                    if (!PROPER_ENDINGS.contains(status.getCode()) || status.getDescription() == null
                            || !parses && !status.getDescription().startsWith("message 1 of this call is not a valid")) {
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

    /**
     * The messages on one Report stream, ended by the client: the stream must end with a status,
     * after answering every message before the first that does not parse, which it names.
     */
    private void reportRaw(List<byte[]> messages, long seed) throws Exception {
        int firstUnparseable = 0;
        for (int i = 0; i < messages.size() && firstUnparseable == 0; i++) {
            firstUnparseable = parses(messages.get(i)) ? 0 : i + 1;
        }
        List<ReportAck> acks = new CopyOnWriteArrayList<>();
        CompletableFuture<Status> ending = new CompletableFuture<>();
        StreamObserver<byte[]> requests = ClientCalls.asyncBidiStreamingCall(
                channel.newCall(RawMessages.sending(HookServiceGrpc.getReportMethod()), CallOptions.DEFAULT),
                new StreamObserver<>() {
                    @Override
                    public void onNext(ReportAck ack) {
                        acks.add(ack);
                        if (ack.getResult() == ReportResult.REPORT_RESULT_ACCEPTED) {
                            accepted.add(ack.getEventId());
                        }
                    }

                    @Override
                    public void onError(Throwable failure) {
                        ending.complete(Status.fromThrowable(failure));
                    }

                    @Override
                    public void onCompleted() {
                        ending.complete(Status.OK);
                    }
                });
        messages.forEach(requests::onNext);
        requests.onCompleted();

        Status status = ending.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        if (firstUnparseable == 0) {
            assertThat(status.getCode()).as("a raw stream of parseable messages ends OK, seed " + seed + ": " + status)
                    .isEqualTo(Status.Code.OK);
            assertThat(acks).as("every parseable message is answered, seed " + seed).hasSize(messages.size());
            return;
        }
        assertThat(status.getCode()).as("a raw stream ends INVALID_ARGUMENT at its first unparseable message, seed " + seed)
                .isEqualTo(Status.Code.INVALID_ARGUMENT);
        assertThat(status.getDescription()).as("the status names the message, seed " + seed)
                .startsWith("message " + firstUnparseable + " of this call is not a valid hookline.v1.RunCompletion (");
        assertThat(acks).as("every message before the unparseable one is answered, seed " + seed)
                .hasSize(firstUnparseable - 1);
    }

    /** Whether the server's parser (protobuf's, with its default limits) reads these bytes. */
    private static boolean parses(byte[] bytes) {
        try {
            RunCompletion.parseFrom(bytes);
            return true;
        } catch (InvalidProtocolBufferException unparseable) {
            return false;
        }
    }

    private long stored(Set<String> eventIds) {
        return pool.preparedQuery("SELECT count(DISTINCT event_id) FROM run_events WHERE event_id = ANY($1)")
                .execute(Tuple.of(eventIds.toArray(String[]::new))).await().atMost(TIMEOUT)
                .iterator().next().getLong(0);
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

        /** Value-in-ListValue levels that stay within protobuf's 100 nested messages (see streamMessage). */
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

        /** A message for a raw Report stream: half valid events, half bytes that may not parse. */
        byte[] streamMessage() {
            return switch (random.nextInt(10)) {
                case 0, 1, 2 -> mutatedBytes();
                case 3 -> RawMessages.withInvalidUtf8(event());
                case 4 -> RawMessages.withOutputNested(event(), 1 + random.nextInt(3 * MAX_PARSEABLE_DEPTH));
                default -> event().toByteArray();
            };
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
