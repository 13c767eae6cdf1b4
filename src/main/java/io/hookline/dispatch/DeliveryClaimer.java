package io.hookline.dispatch;

import io.hookline.outbox.Claim;
import io.hookline.outbox.ClaimLimits;
import io.hookline.outbox.DeliveryState;
import io.hookline.outbox.OutboxClaims;
import io.hookline.status.StateChange;
import io.hookline.status.StatusLog;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.stream.Stream;

/**
 * Claims due deliveries and logs them DELIVERING, in one transaction; those whose last attempt's
 * lease ran out are logged DEAD instead.
 *
 * <p>A claim is a lease, not an outcome, so it commits without waiting for its WAL flush
 * ({@code synchronous_commit = off} for that transaction only): were the database to crash
 * within that moment, the claim is lost and its deliveries are due again, as after any lease.
 * What must last (attempts, outcomes, acks) still commits durably, and each durable commit
 * flushes the claims before it too.
 */
@ApplicationScoped
public class DeliveryClaimer {

    private static final String LEASE_COMMIT = "SET LOCAL synchronous_commit TO OFF";

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
        return pool.withTransaction(conn -> conn.query(LEASE_COMMIT).execute()
                .chain(() -> claims.claim(conn, owner, limits, lease.toMillis() / 1000.0, maxAttempts))
                .call(claim -> statusLog.append(conn, changes(claim))));
    }

    /** Connections with deliveries still to send that are not among {@code known}. */
    public Uni<List<String>> unknownConnections(Collection<String> known) {
        return claims.unknownConnections(pool, known);
    }

    private static List<StateChange> changes(Claim claim) {
        return Stream.concat(
                claim.claimed().stream().map(d -> new StateChange(d.ref(), DeliveryState.DELIVERING, d.attempt(), 0, null, null)),
                claim.spent().stream().map(d -> new StateChange(d.ref(), DeliveryState.DEAD, d.attempts(), 0, d.reason(), null)))
                .toList();
    }
}
