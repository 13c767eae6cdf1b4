package io.hookline.intake;

import com.google.protobuf.Struct;
import com.google.protobuf.Value;
import io.hookline.api.v1.HookService;
import io.hookline.api.v1.ReportAck;
import io.hookline.api.v1.ReportResult;
import io.hookline.api.v1.RunCompletion;
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
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static io.hookline.testing.Events.finished;
import static io.hookline.testing.Events.succeeded;
import static org.assertj.core.api.Assertions.assertThat;

@QuarkusTest
class ReportStreamTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(120);

    @GrpcClient("hook")
    HookService hooks;

    @Inject
    Pool pool;

    @Test
    void thousandEventsOnOneStreamAreAckedInOrderAndStoredThenResentOnesAreDuplicates() {
        String prefix = unique();
        List<RunCompletion> events = IntStream.range(0, 1000).mapToObj(i -> succeeded(prefix + i)).toList();

        List<ReportAck> acks = report(events);

        assertThat(acks).extracting(ReportAck::getEventId)
                .containsExactlyElementsOf(events.stream().map(RunCompletion::getEventId).toList());
        assertThat(acks).allSatisfy(ack -> assertThat(ack.getResult()).isEqualTo(ReportResult.REPORT_RESULT_ACCEPTED));
        assertThat(acks.stream().map(ReportAck::getSequence).distinct()).hasSize(1000);
        assertThat(storedEvents(prefix)).isEqualTo(1000);

        Map<String, Long> originalSequence = acks.stream()
                .collect(Collectors.toMap(ReportAck::getEventId, ReportAck::getSequence));
        List<ReportAck> resent = report(events.subList(300, 400));

        assertThat(resent).hasSize(100).allSatisfy(ack -> {
            assertThat(ack.getResult()).isEqualTo(ReportResult.REPORT_RESULT_DUPLICATE);
            assertThat(ack.getSequence()).isEqualTo(originalSequence.get(ack.getEventId()));
        });
        assertThat(storedEvents(prefix)).isEqualTo(1000);
    }

    @Test
    void badEventsAreRejectedWithTheFieldNamedWhileGoodOnesAroundThemAreAccepted() {
        String prefix = unique();
        String hugeText = "x".repeat(300_000);
        List<RunCompletion> events = List.of(
                succeeded(prefix + "good-1"),
                succeeded("").toBuilder().build(),
                succeeded(prefix + "good-2"),
                withRun(succeeded(prefix + "no-uuid"), run -> run.setUuid("")),
                succeeded(prefix + "good-3"),
                finished(prefix + "unknown-status", "exploded"),
                finished(prefix + "not-final", "running"),
                succeeded(prefix + "good-4"),
                withRun(succeeded(prefix + "huge"), run -> run.setOutputs(Struct.newBuilder()
                        .putFields("log", Value.newBuilder().setStringValue(hugeText).build()))),
                succeeded(prefix + "good-5"));

        List<ReportAck> acks = report(events);

        assertThat(acks).extracting(ReportAck::getResult).containsExactly(
                ReportResult.REPORT_RESULT_ACCEPTED, ReportResult.REPORT_RESULT_REJECTED,
                ReportResult.REPORT_RESULT_ACCEPTED, ReportResult.REPORT_RESULT_REJECTED,
                ReportResult.REPORT_RESULT_ACCEPTED, ReportResult.REPORT_RESULT_REJECTED,
                ReportResult.REPORT_RESULT_REJECTED, ReportResult.REPORT_RESULT_ACCEPTED,
                ReportResult.REPORT_RESULT_REJECTED, ReportResult.REPORT_RESULT_ACCEPTED);
        assertRejected(acks.get(1), "INVALID_EVENT", "event_id", "is required");
        assertRejected(acks.get(3), "INVALID_EVENT", "run.uuid", "is required");
        assertRejected(acks.get(5), "INVALID_EVENT", "run.status", "`exploded` is not a known status");
        assertRejected(acks.get(6), "INVALID_EVENT", "run.status", "`running` is not a final status");
        assertRejected(acks.get(8), "PAYLOAD_TOO_LARGE", "run.outputs", "over the limit of 262,144 bytes");
        assertThat(storedEvents(prefix)).isEqualTo(5);
    }

    @Test
    void twoStreamsRacingWithTheSameEventsStoreEachOnceAndAgreeOnItsSequence() {
        String prefix = unique();
        List<RunCompletion> events = IntStream.range(0, 300).mapToObj(i -> succeeded(prefix + i)).toList();
        List<RunCompletion> reversed = new ArrayList<>(events);
        java.util.Collections.reverse(reversed);

        List<List<ReportAck>> both = Uni.combine().all()
                .unis(hooks.report(Multi.createFrom().iterable(events)).collect().asList(),
                        hooks.report(Multi.createFrom().iterable(reversed)).collect().asList())
                .with((a, b) -> List.of(a, b))
                .await().atMost(TIMEOUT);

        List<ReportAck> all = both.stream().flatMap(List::stream).toList();
        Map<String, List<ReportAck>> byEvent = all.stream().collect(Collectors.groupingBy(ReportAck::getEventId));
        assertThat(byEvent).hasSize(300).allSatisfy((id, pair) -> {
            assertThat(pair).extracting(ReportAck::getResult).containsExactlyInAnyOrder(
                    ReportResult.REPORT_RESULT_ACCEPTED, ReportResult.REPORT_RESULT_DUPLICATE);
            assertThat(pair.get(0).getSequence()).isEqualTo(pair.get(1).getSequence());
        });
        assertThat(storedEvents(prefix)).isEqualTo(300);
    }

    @Test
    void notifyAcksOneEventAndAnswersItsResendAsDuplicate() {
        RunCompletion event = finished(unique() + "notify", "failed");

        ReportAck first = hooks.notify(event).await().atMost(TIMEOUT);
        ReportAck again = hooks.notify(event).await().atMost(TIMEOUT);

        assertThat(first.getResult()).isEqualTo(ReportResult.REPORT_RESULT_ACCEPTED);
        assertThat(again.getResult()).isEqualTo(ReportResult.REPORT_RESULT_DUPLICATE);
        assertThat(again.getSequence()).isEqualTo(first.getSequence()).isPositive();
    }

    @Test
    void notifyRejectsAnEventWithoutARunNamingTheField() {
        ReportAck ack = hooks.notify(RunCompletion.newBuilder().setEventId(unique()).build()).await().atMost(TIMEOUT);

        assertRejected(ack, "INVALID_EVENT", "run", "is required");
    }

    @Test
    void notifyRejectsARunWithoutAProjectNamingTheFieldAndStoresNothing() {
        String eventId = unique();

        ReportAck ack = hooks.notify(withRun(succeeded(eventId), run -> run.setProject(""))).await().atMost(TIMEOUT);

        assertRejected(ack, "INVALID_EVENT", "run.project", "is required");
        assertThat(storedEvents(eventId)).isZero();
    }

    private List<ReportAck> report(List<RunCompletion> events) {
        return hooks.report(Multi.createFrom().iterable(events)).collect().asList().await().atMost(TIMEOUT);
    }

    private long storedEvents(String prefix) {
        return pool.preparedQuery("SELECT count(*) FROM run_events WHERE event_id LIKE $1")
                .execute(Tuple.of(prefix + "%")).await().atMost(TIMEOUT)
                .iterator().next().getLong(0);
    }

    private static void assertRejected(ReportAck ack, String code, String field, String description) {
        assertThat(ack.getResult()).isEqualTo(ReportResult.REPORT_RESULT_REJECTED);
        assertThat(ack.getSequence()).isZero();
        assertThat(ack.getError().getCode()).isEqualTo(code);
        assertThat(ack.getError().getViolationsList())
                .anySatisfy(v -> {
                    assertThat(v.getField()).isEqualTo(field);
                    assertThat(v.getDescription()).contains(description);
                });
    }

    private static RunCompletion withRun(RunCompletion event,
                                         Function<io.hookline.api.v1.Run.Builder, io.hookline.api.v1.Run.Builder> change) {
        return event.toBuilder().setRun(change.apply(event.getRun().toBuilder())).build();
    }

    private static String unique() {
        return "t-" + UUID.randomUUID().toString().substring(0, 8) + "-";
    }
}
