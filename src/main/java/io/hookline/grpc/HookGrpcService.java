package io.hookline.grpc;

import io.hookline.deliveries.DeliveriesService;
import io.hookline.intake.IntakeService;
import io.hookline.intake.OrderedAcks;
import io.hookline.resolve.PreviewService;
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
import io.quarkus.grpc.GrpcService;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;

/** The HookService endpoints: thin, gRPC types stop here. */
@GrpcService
public class HookGrpcService extends MutinyHookServiceGrpc.HookServiceImplBase {

    private final IntakeService intake;
    private final PreviewService previews;
    private final DeliveriesService deliveries;
    private final SubscribeGrpcEdge subscriptions;

    HookGrpcService(IntakeService intake, PreviewService previews, DeliveriesService deliveries,
                    SubscribeGrpcEdge subscriptions) {
        this.intake = intake;
        this.previews = previews;
        this.deliveries = deliveries;
        this.subscriptions = subscriptions;
    }

    @Override
    public Multi<ReportAck> report(Multi<RunCompletion> events) {
        return OrderedAcks.of(events, intake.maxInflightPerStream(), intake::submit);
    }

    @Override
    public Uni<ReportAck> notify(RunCompletion event) {
        return Uni.createFrom().completionStage(() -> intake.submit(event));
    }

    @Override
    public Uni<PreviewResponse> preview(RunCompletion request) {
        return previews.preview(request);
    }

    @Override
    public Multi<DeliveryEvent> subscribe(SubscribeRequest request) {
        return subscriptions.subscribe(request);
    }

    @Override
    public Uni<Delivery> getDelivery(GetDeliveryRequest request) {
        return Uni.createFrom().deferred(() -> deliveries.get(request));
    }

    @Override
    public Uni<ListDeliveriesResponse> listDeliveries(ListDeliveriesRequest request) {
        return Uni.createFrom().deferred(() -> deliveries.list(request));
    }

    @Override
    public Uni<Delivery> redeliver(RedeliverRequest request) {
        return Uni.createFrom().deferred(() -> deliveries.redeliver(request));
    }
}
