package io.hookline.resolve;

import io.hookline.render.RenderedRequest;

import java.util.UUID;

/**
 * What becomes of one resolved hook for one run: no delivery (trigger does not match), or a
 * delivery the planner decided to send (with its request), to skip or to fail (with the reason).
 *
 * @param hubRef     the normalised reference when it could be resolved, else the text given
 * @param triggered  false when the trigger does not match the run's status (no delivery)
 * @param decision   what the planner decided for the delivery; null unless triggered
 * @param request    the rendered request with the secret marker in place; null unless SEND
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
        Decision decision,
        String reason,
        RenderedRequest request) {

    /**
     * The planner's verdict on a triggered hook. It is not a delivery state: the stage that stores
     * or shows the plan says which state each verdict starts a delivery in.
     */
    public enum Decision {
        /** Everything rendered: the request goes out. */
        SEND,
        /** The hook's condition is false or could not be decided. */
        SKIPPED,
        /** Something the hook names or renders is wrong; the reason says what. */
        FAILED
    }
}
