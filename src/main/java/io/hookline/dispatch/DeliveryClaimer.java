package io.hookline.dispatch;

import io.hookline.outbox.Claim;
import io.hookline.outbox.ClaimLimits;
import io.hookline.outbox.OutboxClaims;
import io.hookline.status.StatusLog;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Duration;
import java.util.Collection;
import java.util.List;

/**
 * Claims due deliveries and logs them DELIVERING, in one statement (see {@link OutboxClaims});
 * those whose last attempt's lease ran out are logged DEAD instead.
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

    /** What {@code limits} allow of the due deliveries, for {@code owner}, held for {@code lease}. */
    public Uni<Claim> claim(String owner, ClaimLimits limits, Duration lease) {
        return claims.claim(pool, owner, limits, lease.toMillis() / 1000.0, maxAttempts)
                .invoke(claim -> {
                    if (claim.rows() > 0) {
                        statusLog.announce();
                    }
                });
    }

    /** Connections with deliveries still to send that are not among {@code known}. */
    public Uni<List<String>> unknownConnections(Collection<String> known) {
        return claims.unknownConnections(pool, known);
    }
}
