package io.hookline;

import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import io.hookline.api.v1.Delivery;
import io.hookline.api.v1.DeliveryEvent;
import io.hookline.api.v1.DeliveryState;
import io.hookline.api.v1.GetDeliveryRequest;
import io.hookline.api.v1.HookServiceGrpc;
import io.hookline.api.v1.PlannedDelivery;
import io.hookline.api.v1.ReportAck;
import io.hookline.api.v1.ReportResult;
import io.hookline.api.v1.RunCompletion;
import io.hookline.api.v1.SubscribeRequest;
import io.hookline.testing.HooklineProcess;
import io.hookline.testing.Sink;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

import static io.hookline.testing.Events.finished;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The packaged jar stopped as Kubernetes stops a pod, with a Report stream sending and a
 * subscriber following: what was acked is stored, nothing is left claimed, the subscriber is told
 * where to resume, and the process exits 0 within the pod's grace period with nothing in its log
 * an operator would have to look at.
 */
class CleanShutdownIT {

    private static final int PORT = 18_211;
    private static final Duration GRACE = Duration.ofSeconds(30);
    private static final Pattern WARN_OR_ERROR = Pattern.compile("^\\S+ (WARN|ERROR) ", Pattern.MULTILINE);
    private static final String CONNECTIONS = "hookline.connections.file=src/test/resources/connections/hookline-test.yaml";
    // A slow receiver with room for two sends at once: at SIGTERM some deliveries are being sent,
    // many wait, and a drain this short leaves some sends unfinished, to be given back.
    private static final String HOOKS = "- {hubRef: webhook, connection: narrow}";

    @Test
    void sigtermDuringAStreamStoresEveryAckedEventLeavesNothingClaimedAndExitsCleanly() throws Exception {
        Sink.start();
        Path dir = Path.of("target/it-shutdown").toAbsolutePath();
        Path log = dir.resolve("hookline.log");
        Files.deleteIfExists(log);
        String dataDir = "hookline.embedded-postgres.data-dir=" + dir.resolve("postgres");
        List<ReportAck> acks = new CopyOnWriteArrayList<>();
        CompletableFuture<Status> reportEnd = new CompletableFuture<>();
        int exitCode;
        Status subscriberEnd;

        HooklineProcess hookline = HooklineProcess.start(PORT, log, CONNECTIONS, dataDir,
                "hookline.embedded-postgres.clean-start=true", "hookline.dispatch.workers.drain-on-shutdown=100ms");
        try (SubscriberEnd subscriber = SubscriberEnd.follow(hookline)) {
            StreamObserver<RunCompletion> report = HookServiceGrpc.newStub(hookline.channel())
                    .report(new StreamObserver<>() {
                        @Override
                        public void onNext(ReportAck ack) {
                            acks.add(ack);
                        }

                        @Override
                        public void onError(Throwable failure) {
                            reportEnd.complete(Status.fromThrowable(failure));
                        }

                        @Override
                        public void onCompleted() {
                            reportEnd.complete(Status.OK);
                        }
                    });
            for (int i = 0; i < 40; i++) {
                report.onNext(event());
            }
            await("acks of the first events").atMost(Duration.ofSeconds(60)).until(() -> acks.size() >= 40);
            await("a delivery being sent").atMost(Duration.ofSeconds(60))
                    .until(() -> subscriber.seen(DeliveryState.DELIVERY_STATE_DELIVERING));
            for (int i = 0; i < 20; i++) {
                report.onNext(event()); // in flight or not yet read when the signal comes
            }

            exitCode = hookline.terminate(GRACE);
            subscriberEnd = subscriber.end();
        }

        assertThat(exitCode).as("exit code after SIGTERM").isZero();
        assertThat(reportEnd.get(10, TimeUnit.SECONDS).getCode()).as("how the Report stream ended")
                .isIn(Status.Code.OK, Status.Code.UNAVAILABLE);
        assertThat(subscriberEnd.getCode()).isEqualTo(Status.Code.UNAVAILABLE);
        assertThat(subscriberEnd.getDescription()).contains("resume with after_cursor=");
        String stopped = Files.readString(log);
        assertThat(WARN_OR_ERROR.matcher(stopped).results().map(m -> lineAt(stopped, m.start())).toList())
                .as("WARN and ERROR lines of a clean start and stop").isEmpty();

        assertThat(acks).hasSizeGreaterThanOrEqualTo(40)
                .allSatisfy(ack -> assertThat(ack.getResult()).isEqualTo(ReportResult.REPORT_RESULT_ACCEPTED));
        Path restartLog = dir.resolve("restart.log");
        try (HooklineProcess restarted = HooklineProcess.start(PORT, restartLog, CONNECTIONS, dataDir,
                "hookline.dispatch.workers.enabled=false")) {
            HookServiceGrpc.HookServiceBlockingStub hooks = HookServiceGrpc.newBlockingStub(restarted.channel());
            for (ReportAck ack : acks) {
                PlannedDelivery planned = ack.getDeliveries(0);
                Delivery delivery = hooks.getDelivery(GetDeliveryRequest.newBuilder()
                        .setDeliveryId(planned.getDeliveryId()).build());
                // Finished, or waiting for any replica to claim it: never held by the one that stopped.
                assertThat(delivery.getState()).as("delivery %s of acked event %s (%s)", planned.getDeliveryId(),
                        ack.getEventId(), delivery.getReason()).isIn(DeliveryState.DELIVERY_STATE_DELIVERED,
                        DeliveryState.DELIVERY_STATE_PENDING, DeliveryState.DELIVERY_STATE_RETRY_SCHEDULED);
            }
        }
    }

    private static RunCompletion event() {
        return finished("shutdown-" + UUID.randomUUID(), "failed").toBuilder().setHooksYaml(HOOKS).build();
    }

    private static String lineAt(String text, int start) {
        int end = text.indexOf('\n', start);
        return text.substring(start, end < 0 ? text.length() : end);
    }

    /** A live subscriber to every change, remembering the states it saw and how its stream ended. */
    private static final class SubscriberEnd implements StreamObserver<DeliveryEvent>, AutoCloseable {
        private final List<DeliveryState> states = new CopyOnWriteArrayList<>();
        private final CompletableFuture<Status> ended = new CompletableFuture<>();

        static SubscriberEnd follow(HooklineProcess hookline) {
            SubscriberEnd subscriber = new SubscriberEnd();
            HookServiceGrpc.newStub(hookline.channel()).subscribe(SubscribeRequest.getDefaultInstance(), subscriber);
            return subscriber;
        }

        boolean seen(DeliveryState state) {
            return states.contains(state);
        }

        Status end() throws Exception {
            return ended.get(10, TimeUnit.SECONDS);
        }

        @Override
        public void onNext(DeliveryEvent event) {
            states.add(event.getState());
        }

        @Override
        public void onError(Throwable failure) {
            ended.complete(Status.fromThrowable(failure));
        }

        @Override
        public void onCompleted() {
            ended.complete(Status.OK);
        }

        @Override
        public void close() {
            ended.complete(Status.CANCELLED);
        }
    }
}
