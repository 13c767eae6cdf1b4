package io.hookline.grpc;

import io.grpc.ServerServiceDefinition;
import io.hookline.api.v1.Delivery;
import io.hookline.api.v1.DeliveryEvent;
import io.hookline.api.v1.GetDeliveryRequest;
import io.hookline.api.v1.ListDeliveriesRequest;
import io.hookline.api.v1.ListDeliveriesResponse;
import io.hookline.api.v1.MutinyHookServiceGrpc;
import io.hookline.api.v1.PreviewResponse;
import io.hookline.api.v1.RedeliverRequest;
import io.hookline.api.v1.ReportAck;
import io.hookline.api.v1.RunCompletion;
import io.hookline.api.v1.SubscribeRequest;
import io.hookline.auth.Caller;
import io.hookline.auth.TokenRates;
import io.hookline.deliveries.DeliveriesService;
import io.hookline.error.Refusal;
import io.hookline.intake.IntakeService;
import io.hookline.intake.OrderedAcks;
import io.hookline.preview.PreviewService;
import io.hookline.status.SubscribeService;
import io.quarkus.grpc.GrpcService;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * The HookService endpoints: each maps its request to the stage's plain types, calls the stage
 * and maps the answer back. Failures become statuses in {@link GrpcErrors}.
 */
@GrpcService
public class HookGrpcService extends MutinyHookServiceGrpc.HookServiceImplBase {

    private final IntakeService intake;
    private final PreviewService previews;
    private final DeliveriesService deliveries;
    private final SubscribeService subscriptions;
    private final TokenRates rates;

    HookGrpcService(IntakeService intake, PreviewService previews, DeliveriesService deliveries,
                    SubscribeService subscriptions, TokenRates rates) {
        this.rates = rates;
        this.intake = intake;
        this.previews = previews;
        this.deliveries = deliveries;
        this.subscriptions = subscriptions;
    }

    /** Requests whose bytes do not parse end their call with INVALID_ARGUMENT ({@link UnparseableRequests}). */
    @Override
    public ServerServiceDefinition bindService() {
        return UnparseableRequests.answered(super.bindService());
    }

    @Override
    public Multi<ReportAck> report(Multi<RunCompletion> events) {
        Caller caller = CallerContext.current();
        return OrderedAcks.of(events, intake.maxInflightPerStream(), event -> {
            CallerContext.requireProject(caller, event.getRun().getProject(), "run.project");
            // Over the rate is this event's answer, not the stream's end: the events after it may be within it.
            return rates.take(caller).map(overRate -> CompletableFuture.completedStage(Acks.overRate(event.getEventId(), overRate)))
                    .orElseGet(() -> submit(event));
        }, intake.openStreams());
    }

    @Override
    public Uni<ReportAck> notify(RunCompletion event) {
        Caller caller = CallerContext.current();
        return Uni.createFrom().completionStage(() -> {
            CallerContext.requireProject(caller, event.getRun().getProject(), "run.project");
            rates.take(caller).ifPresent(overRate -> {
                throw Refusal.exhausted(overRate);
            });
            return submit(event);
        });
    }

    /** The project and rate are checked first: a project the token does not name ends the call before anything is stored. */
    private CompletionStage<ReportAck> submit(RunCompletion event) {
        return intake.submit(RunCompletionMapper.toReported(event)).thenApply(Acks::of);
    }

    @Override
    public Uni<PreviewResponse> preview(RunCompletion request) {
        Caller caller = CallerContext.current();
        return Uni.createFrom().deferred(() -> {
                    CallerContext.requireProject(caller, request.getRun().getProject(), "run.project");
                    return previews.preview(RunCompletionMapper.toReported(request));
                })
                .map(PreviewMapper::response);
    }

    @Override
    public Multi<DeliveryEvent> subscribe(SubscribeRequest request) {
        Caller caller = CallerContext.current();
        return Multi.createFrom().deferred(() -> {
                    CallerContext.requireProjectFilter(caller, request.getProject(), "project");
                    return subscriptions.subscribe(SubscriptionMapper.subscription(request),
                            SubscribeCallReadiness.current());
                })
                .map(SubscriptionMapper::event);
    }

    @Override
    public Uni<Delivery> getDelivery(GetDeliveryRequest request) {
        Caller caller = CallerContext.current();
        return Uni.createFrom().deferred(() -> deliveries.get(request.getDeliveryId()))
                .invoke(view -> CallerContext.requireProject(caller, view.delivery().ref().project(),
                        "the delivery's project"))
                .map(DeliveryMapper::delivery);
    }

    @Override
    public Uni<ListDeliveriesResponse> listDeliveries(ListDeliveriesRequest request) {
        Caller caller = CallerContext.current();
        return Uni.createFrom().deferred(() -> {
                    CallerContext.requireProjectFilter(caller, request.getProject(), "project");
                    return deliveries.list(DeliveryMapper.query(request));
                })
                .map(DeliveryMapper::page);
    }

    @Override
    public Uni<Delivery> redeliver(RedeliverRequest request) {
        return Uni.createFrom().deferred(() -> deliveries.redeliver(request.getDeliveryId()))
                .map(DeliveryMapper::delivery);
    }
}
