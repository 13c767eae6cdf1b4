package io.hookline.deliveries;

import io.hookline.outbox.DeliveryState;

import java.time.OffsetDateTime;
import java.util.List;

/**
 * A ListDeliveries request: empty strings and lists mean "any".
 *
 * @param pageSize  0 means the default page size
 * @param pageToken empty for the first page, else a token a previous page returned
 */
public record DeliveryQuery(String project, String runUuid, String eventId, String hubRef, String connection,
                            List<DeliveryState> states, OffsetDateTime createdAfter, int pageSize, String pageToken) {
}
