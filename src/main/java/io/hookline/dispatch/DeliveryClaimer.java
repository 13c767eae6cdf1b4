package io.hookline.dispatch;

import io.hookline.outbox.Claim;
import io.hookline.outbox.DeliveryState;
import io.hookline.outbox.OutboxClaims;
import io.hookline.status.StateChange;
import io.hookline.status.StatusLog;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;

/**
 * Claims due deliveries and logs them DELIVERING, in one transaction; those whose last attempt's
 * lease ran out are logged DEAD instead.
 */
@ApplicationScoped
public class DeliveryClaimer {

    private final Pool pool;
    private final OutboxClaims claims;
    private final StatusLog statusLog;
    private final int maxAttempts;

    DeliveryClaimer(Pool pool, OutboxClaims claims, StatusLog statusLog, DispatchConfig config) {
        this.pool = pool;
        this.claims = claims;
        this.statusLog = statusLog;
        this.maxAttempts = config.retry().maxAttempts();
    }

    /** Up to {@code limit} due deliveries for {@code owner}, held for {@code lease}, none from {@code fullLanes}. */
    public Uni<Claim> claim(String owner, int limit, Duration lease, List<String> fullLanes) {
        return pool.withTransaction(conn -> claims.claim(conn, owner, limit, lease.toMillis() / 1000.0, fullLanes,
                        maxAttempts)
                .call(claim -> statusLog.append(conn, changes(claim))));
    }

    private static List<StateChange> changes(Claim claim) {
        return Stream.concat(
                claim.claimed().stream().map(d -> new StateChange(d.ref(), DeliveryState.DELIVERING, d.attempt(), 0, null, null)),
                claim.spent().stream().map(d -> new StateChange(d.ref(), DeliveryState.DEAD, d.attempts(), 0, d.reason(), null)))
                .toList();
    }
}
