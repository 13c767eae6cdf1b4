package io.hookline.dispatch;

import io.hookline.outbox.ClaimedDelivery;
import io.hookline.outbox.DeliveryState;
import io.hookline.outbox.OutboxClaims;
import io.hookline.status.StateChange;
import io.hookline.status.StatusLog;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Duration;
import java.util.List;

/** Claims due deliveries and logs them DELIVERING, in one transaction. */
@ApplicationScoped
public class DeliveryClaimer {

    private final Pool pool;
    private final OutboxClaims claims;
    private final StatusLog statusLog;

    DeliveryClaimer(Pool pool, OutboxClaims claims, StatusLog statusLog) {
        this.pool = pool;
        this.claims = claims;
        this.statusLog = statusLog;
    }

    /** Up to {@code limit} due deliveries for {@code owner}, held for {@code lease}, none from {@code fullLanes}. */
    public Uni<List<ClaimedDelivery>> claim(String owner, int limit, Duration lease, List<String> fullLanes) {
        return pool.withTransaction(conn -> claims.claim(conn, owner, limit, lease.toMillis() / 1000.0, fullLanes)
                .call(claimed -> statusLog.append(conn, claimed.stream()
                        .map(d -> new StateChange(d.ref(), DeliveryState.DELIVERING, d.attempt(), 0, null, null))
                        .toList())));
    }
}
