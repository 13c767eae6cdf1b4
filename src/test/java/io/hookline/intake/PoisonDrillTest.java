package io.hookline.intake;

import com.google.protobuf.Struct;
import com.google.protobuf.Timestamp;
import com.google.protobuf.Value;
import io.hookline.api.v1.Hook;
import io.hookline.api.v1.HookService;
import io.hookline.api.v1.ReportAck;
import io.hookline.api.v1.ReportResult;
import io.hookline.api.v1.RunCompletion;
import io.hookline.api.v1.StatusCondition;
import io.quarkus.grpc.GrpcClient;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.UnaryOperator;

import static io.hookline.testing.Events.succeeded;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * One bad event never harms another: six kinds of poison interleaved with 360 good events on six
 * Report streams at once. Every stream ends normally with one ack per event, every good event is
 * accepted and stored, and each poison is rejected naming its field.
 */
@QuarkusTest
class PoisonDrillTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(120);

    @GrpcClient("hook")
    HookService hooks;

    @Inject
    Pool pool;

    /** A poison: how to make it from a good event, and the field its rejection must name. */
    private record Poison(String field, UnaryOperator<RunCompletion> make) {
    }

    private static final List<Poison> POISONS = List.of(
            new Poison("run.name", e -> withRun(e, r -> r.setName("tr\u0000ain"))),
            new Poison("run.project", e -> withRun(e, r -> r.setProject("acme/\u0000vision"))),
            new Poison("run.outputs.note", e -> withRun(e, r -> r.setOutputs(Struct.newBuilder()
                    .putFields("note", Value.newBuilder().setStringValue("bad\u0000byte").build())))),
            new Poison("run.labels", e -> withRun(e, r -> r.putLabels("te\u0000am", "ml"))),
            new Poison("run.condition.last_update_time", e -> withRun(e, r -> r.setCondition(StatusCondition.newBuilder()
                    .setType("failed").setLastUpdateTime(Timestamp.newBuilder().setSeconds(Long.MAX_VALUE / 2))))),
            new Poison("hooks[0].conditions", e -> e.toBuilder().addHooks(Hook.newBuilder()
                    .setTrigger("succeeded").setHubRef("slack").setConnection("slack-notification")
                    .setConditions("{{ " + "not ".repeat(1500) + "loss }}")).build()));

    @Test
    void sixKindsOfPoisonOnSixStreamsAreRejectedAloneWhileEveryGoodEventIsStored() {
        String prefix = "poison-" + UUID.randomUUID().toString().substring(0, 8) + "-";
        List<List<RunCompletion>> streams = new ArrayList<>();
        Map<String, String> poisonField = new LinkedHashMap<>();
        for (int s = 0; s < 6; s++) {
            List<RunCompletion> events = new ArrayList<>();
            for (int i = 0; i < 60; i++) {
                events.add(succeeded(prefix + "good-" + s + "-" + i));
                if (i % 10 == 5) {
                    Poison poison = POISONS.get((s + i / 10) % POISONS.size());
                    RunCompletion bad = poison.make().apply(succeeded(prefix + "bad-" + s + "-" + i));
                    poisonField.put(bad.getEventId(), poison.field());
                    events.add(bad);
                }
            }
            streams.add(events);
        }

        List<Uni<List<ReportAck>>> reports = streams.stream()
                .map(events -> hooks.report(Multi.createFrom().iterable(events)).collect().asList())
                .toList();
        List<List<ReportAck>> acks = Uni.join().all(reports).andFailFast().await().atMost(TIMEOUT);

        for (int s = 0; s < 6; s++) {
            assertThat(acks.get(s)).extracting(ReportAck::getEventId)
                    .containsExactlyElementsOf(streams.get(s).stream().map(RunCompletion::getEventId).toList());
        }
        List<ReportAck> all = acks.stream().flatMap(List::stream).toList();
        assertThat(all).filteredOn(ack -> ack.getEventId().contains("good-")).hasSize(360)
                .allSatisfy(ack -> assertThat(ack.getResult()).isEqualTo(ReportResult.REPORT_RESULT_ACCEPTED));
        assertThat(all).filteredOn(ack -> ack.getEventId().contains("bad-")).hasSize(36).allSatisfy(ack -> {
            assertThat(ack.getResult()).as(ack.getEventId()).isEqualTo(ReportResult.REPORT_RESULT_REJECTED);
            assertThat(ack.getError().getViolationsList()).as(ack.getEventId())
                    .anySatisfy(v -> assertThat(v.getField()).isEqualTo(poisonField.get(ack.getEventId())));
        });
        assertThat(POISONS).allSatisfy(p -> assertThat(poisonField).containsValue(p.field()));
        assertThat(stored(prefix + "good-%")).isEqualTo(360);
        assertThat(stored(prefix + "bad-%")).isZero();
    }

    private long stored(String pattern) {
        return pool.preparedQuery("SELECT count(*) FROM run_events WHERE event_id LIKE $1")
                .execute(Tuple.of(pattern)).await().atMost(TIMEOUT).iterator().next().getLong(0);
    }

    private static RunCompletion withRun(RunCompletion event,
                                         UnaryOperator<io.hookline.api.v1.Run.Builder> change) {
        return event.toBuilder().setRun(change.apply(event.getRun().toBuilder())).build();
    }
}
