package io.hookline.testing;

import io.hookline.api.v1.Delivery;
import io.hookline.api.v1.DeliveryState;
import io.hookline.api.v1.GetDeliveryRequest;
import io.hookline.api.v1.HookService;
import org.awaitility.Awaitility;

import java.time.Duration;
import java.util.function.Predicate;

/** Waits for a delivery to get somewhere, watching it as a client does: through GetDelivery. */
public final class Deliveries {

    /** Room for the test retry schedule (four attempts, a one-second Retry-After) on a busy machine. */
    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    private static final Duration POLL = Duration.ofMillis(50);

    private Deliveries() {
    }

    public static Delivery awaitState(HookService hooks, String deliveryId, DeliveryState state) {
        return await(hooks, deliveryId, "state " + state, delivery -> delivery.getState() == state);
    }

    /**
     * Returns the delivery once it is {@code reached}; a timeout fails with the delivery id, what
     * was awaited and the delivery as last seen.
     */
    public static Delivery await(HookService hooks, String deliveryId, String what, Predicate<Delivery> reached) {
        GetDeliveryRequest request = GetDeliveryRequest.newBuilder().setDeliveryId(deliveryId).build();
        return Awaitility.await("delivery " + deliveryId + " reaching " + what)
                .atMost(TIMEOUT)
                .pollInterval(POLL)
                .until(() -> hooks.getDelivery(request).await().atMost(TIMEOUT), reached);
    }
}
