package io.hookline.resolve;

import io.hookline.outbox.DeliveryState;
import io.hookline.render.RenderedRequest;

import java.util.UUID;

/**
 * What becomes of one resolved hook for one run: no delivery (trigger does not match), or a
 * delivery that is PENDING (with its request), SKIPPED or FAILED (with the reason).
 *
 * @param hubRef     the normalised reference when it could be resolved, else the text given
 * @param triggered  false when the trigger does not match the run's status (no delivery)
 * @param request    the rendered request with the secret marker in place; null unless PENDING
 */
public record HookPlan(
        UUID deliveryId,
        int index,
        String source,
        String hubRef,
        String connection,
        String trigger,
        String queue,
        boolean triggered,
        DeliveryState state,
        String reason,
        RenderedRequest request) {
}
