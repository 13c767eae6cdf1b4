package io.hookline.intake;

import com.google.protobuf.Struct;
import com.google.protobuf.Value;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.hookline.api.v1.HookService;
import io.hookline.api.v1.PreviewResponse;
import io.hookline.api.v1.ReportAck;
import io.hookline.api.v1.ReportResult;
import io.hookline.api.v1.RunCompletion;
import io.quarkus.grpc.GrpcClient;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;

import static io.hookline.testing.Events.succeeded;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Memory stays bounded by configuration when the database is slow: ten streams writing as fast
 * as they can while inserts are blocked, and forty 16 MB Previews (over the transport's limit) and forty of 1 MB, meet
 * RESOURCE_EXHAUSTED and PAYLOAD_TOO_LARGE answers; intake never holds more than max-queued-bytes, the server answers
 * health, and every acknowledged event is stored once the database is back.
 */
@QuarkusTest
class IntakeMemoryTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(180);
    private static final long MAX_QUEUED_BYTES = 33_554_432;

    @GrpcClient("hook")
    HookService hooks;

    @Inject
    Pool pool;

    @Inject
    IntakeService intake;

    @TestHTTPResource("/q/health/live")
    URL health;

    @Test
    void aSlowDatabaseAndHugePreviewsMeetBoundsNotAnUnboundedHeap() throws Exception {
        String prefix = "mem-" + UUID.randomUUID().toString().substring(0, 8) + "-";
        SqlConnection blocker = pool.getConnection().await().atMost(TIMEOUT);
        blocker.query("BEGIN").execute().await().atMost(TIMEOUT);
        // Blocks every insert into run_events (but not reads), as a stalled disk or a long
        // migration would.
        blocker.query("LOCK TABLE run_events IN EXCLUSIVE MODE").execute().await().atMost(TIMEOUT);

        try {
            offerFarMoreThanTheBounds(prefix, blocker);
        } finally {
            blocker.query("ROLLBACK").execute().await().atMost(TIMEOUT);
            blocker.close().await().atMost(TIMEOUT);
        }
    }

    private void offerFarMoreThanTheBounds(String prefix, SqlConnection blocker) throws Exception {
        List<ReportAck> acks = Collections.synchronizedList(new ArrayList<>());
        List<Throwable> streamFailures = Collections.synchronizedList(new ArrayList<>());
        List<Uni<Void>> streams = new ArrayList<>();
        for (int s = 0; s < 10; s++) {
            String stream = prefix + s + "-";
            Multi<RunCompletion> events = Multi.createFrom().range(0, 60).map(i -> large(stream + i));
            streams.add(hooks.report(events).onItem().invoke(acks::add).collect().last()
                    .onFailure().invoke(streamFailures::add).onFailure().recoverWithNull().replaceWithVoid());
        }
        Uni<Void> allStreams = Uni.join().all(streams).andCollectFailures().replaceWithVoid().memoize().indefinitely();
        allStreams.subscribe().with(ignored -> { });

        AtomicLong maxQueued = new AtomicLong();
        HttpClient http = HttpClient.newHttpClient();
        long until = System.nanoTime() + Duration.ofSeconds(6).toNanos();
        int previews = 0;
        while (System.nanoTime() < until || previews < 40) {
            maxQueued.accumulateAndGet(intake.queuedBytes(), Math::max);
            if (previews < 40) {
                // Over the transport's limit: refused before it is buffered.
                assertThat(refusal(hooks.preview(huge(prefix + "huge-" + previews))).getStatus().getCode())
                        .isEqualTo(Status.Code.RESOURCE_EXHAUSTED);
                // Under it, far over the event limit: parsed, and answered naming the field.
                PreviewResponse preview = hooks.preview(large(prefix + "preview-" + previews, "#".repeat(1_000_000)))
                        .await().atMost(TIMEOUT);
                assertThat(preview.getError().getCode()).isEqualTo("PAYLOAD_TOO_LARGE");
                assertThat(preview.getError().getViolations(0).getField()).isEqualTo("hooks_yaml");
                previews++;
            }
            HttpResponse<String> live = http.send(HttpRequest.newBuilder(health.toURI()).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(live.statusCode()).isEqualTo(200);
        }

        blocker.query("ROLLBACK").execute().await().atMost(TIMEOUT);
        allStreams.await().atMost(TIMEOUT);

        assertThat(maxQueued.get()).isPositive().isLessThanOrEqualTo(MAX_QUEUED_BYTES);
        assertThat(streamFailures).isNotEmpty().allSatisfy(failure -> {
            assertThat(Status.fromThrowable(failure).getCode()).isEqualTo(Status.Code.RESOURCE_EXHAUSTED);
            assertThat(failure).hasMessageContaining("hookline.intake.max-queued-bytes");
        });
        List<String> accepted = acks.stream().filter(a -> a.getResult() == ReportResult.REPORT_RESULT_ACCEPTED)
                .map(ReportAck::getEventId).toList();
        assertThat(accepted).isNotEmpty();
        assertThat(stored(accepted)).isEqualTo(accepted.size());
    }

    private long stored(List<String> eventIds) {
        return pool.preparedQuery("SELECT count(*) FROM run_events WHERE event_id = ANY($1)")
                .execute(Tuple.of(eventIds.toArray(String[]::new))).await().atMost(TIMEOUT)
                .iterator().next().getLong(0);
    }

    /** An event of about 200 KB, under the event limit. */
    private static RunCompletion large(String eventId) {
        RunCompletion event = succeeded(eventId);
        return event.toBuilder().setRun(event.getRun().toBuilder().setOutputs(Struct.newBuilder()
                .putFields("log", Value.newBuilder().setStringValue("x".repeat(200_000)).build()))).build();
    }

    /** A Preview of about 16 MB, over the transport's limit (1 MiB). */
    private static RunCompletion huge(String eventId) {
        return succeeded(eventId).toBuilder().setHooksYaml("#".repeat(16_000_000)).build();
    }

    /** A Preview whose hooks_yaml is the given text. */
    private static RunCompletion large(String eventId, String hooksYaml) {
        return succeeded(eventId).toBuilder().setHooksYaml(hooksYaml).build();
    }

    private static StatusRuntimeException refusal(Uni<?> call) {
        try {
            call.await().atMost(TIMEOUT);
        } catch (StatusRuntimeException e) {
            return e;
        }
        throw new AssertionError("the call was answered, not refused");
    }
}
