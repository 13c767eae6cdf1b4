package io.hookline.grpc;

import io.hookline.api.v1.DeliveryState;
import io.hookline.api.v1.HookPreview;
import io.hookline.api.v1.PreviewResponse;
import io.hookline.preview.Preview;
import io.hookline.resolve.HookPlan;

/** A Preview as the API shows it. */
final class PreviewMapper {

    private PreviewMapper() {
    }

    static PreviewResponse response(Preview preview) {
        if (preview.errorCode() != null) {
            return PreviewResponse.newBuilder().setError(Acks.error(preview.errorCode(), preview.violations())).build();
        }
        PreviewResponse.Builder response = PreviewResponse.newBuilder()
                .setPreviousStatus(preview.previousStatus() == null ? "" : preview.previousStatus());
        preview.hooks().forEach(hook -> response.addHooks(hook(hook)));
        return response.build();
    }

    private static HookPreview hook(Preview.PreviewedHook hook) {
        HookPlan plan = hook.plan();
        HookPreview.Builder preview = HookPreview.newBuilder()
                .setHookIndex(plan.index())
                .setSource(plan.source())
                .setHubRef(plan.hubRef())
                .setConnection(plan.connection())
                .setTrigger(plan.trigger())
                .setFires(plan.triggered() && plan.request() != null)
                .setReason(plan.reason() == null ? "" : plan.reason());
        if (plan.decision() != null) {
            preview.setState(initialState(plan.decision()));
        }
        if (hook.request() != null) {
            preview.setRequest(DeliveryMapper.request(hook.request()));
        }
        return preview.build();
    }

    /** The state a delivery of this plan starts in, as intake stores it. */
    private static DeliveryState initialState(HookPlan.Decision decision) {
        return switch (decision) {
            case SEND -> DeliveryState.DELIVERY_STATE_PENDING;
            case SKIPPED -> DeliveryState.DELIVERY_STATE_SKIPPED;
            case FAILED -> DeliveryState.DELIVERY_STATE_FAILED;
        };
    }
}
