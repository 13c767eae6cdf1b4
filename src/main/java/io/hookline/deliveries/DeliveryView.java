package io.hookline.deliveries;

import io.hookline.outbox.DeliveryRecord;
import io.hookline.render.MaskedRequests.MaskedRequest;

import java.util.List;

/**
 * A stored delivery as a caller may see it.
 *
 * @param request the rendered request, secrets masked; null when it has none
 */
public record DeliveryView(DeliveryRecord delivery, MaskedRequest request) {

    /** One page of a listing, newest first; an empty token when it is the last. */
    public record Page(List<DeliveryView> deliveries, String nextPageToken) {
    }
}
