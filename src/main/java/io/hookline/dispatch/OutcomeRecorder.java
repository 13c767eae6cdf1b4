package io.hookline.dispatch;

import io.hookline.batch.BatchFailures;
import io.hookline.batch.GroupCommit;
import io.hookline.outbox.AttemptRecord;
import io.hookline.outbox.DeliveryState;
import io.hookline.outbox.DisabledTargets;
import io.hookline.outbox.OutboxClaims;
import io.hookline.status.StatusLog;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlConnection;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.BiFunction;

/**
 * Records finished attempts in group commits: the attempt rows, the deliveries' new states, their
 * status-log rows, and the connections a 410 Gone disabled, all in one transaction per group
 * (one statement, unless a connection is disabled).
 */
@ApplicationScoped
public class OutcomeRecorder {

    private static final Logger LOG = Logger.getLogger(OutcomeRecorder.class);

    private final Pool pool;
    private final OutboxClaims claims;
    private final StatusLog statusLog;
    private final DisabledTargets disabledTargets;
    private final GroupCommit<AttemptRecord, Boolean> commits;

    OutcomeRecorder(Pool pool, OutboxClaims claims, StatusLog statusLog, DisabledTargets disabledTargets,
                    DispatchConfig config) {
        this.pool = pool;
        this.claims = claims;
        this.statusLog = statusLog;
        this.disabledTargets = disabledTargets;
        this.commits = new GroupCommit<>(this::record, config.workers().outcomeBatch(),
                config.workers().outcomeCommits());
    }

    /**
     * Completes once the attempt's group has committed: true when its outcome was applied, false
     * when another worker had claimed the delivery again in the meantime (the newer state stays).
     */
    public CompletionStage<Boolean> submit(AttemptRecord attempt) {
        // The group commit isolates an outcome that fails because of what it holds; that one
        // alone is written again in a plainer form, so it never stays DELIVERING to be re-sent.
        return commits.submit(attempt)
                .exceptionallyCompose(failure -> ifItsOwnFault(failure, attempt, AttemptOutcomes::withoutResponse)
                        .exceptionallyCompose(again -> ifItsOwnFault(again, attempt, AttemptOutcomes::unrecordable)));
    }

    private CompletionStage<Boolean> ifItsOwnFault(Throwable failure, AttemptRecord attempt,
                                                   BiFunction<AttemptRecord, String, AttemptRecord> plainer) {
        if (!BatchFailures.isItemFault(failure)) {
            return CompletableFuture.failedStage(failure);
        }
        String why = BatchFailures.describe(failure);
        LOG.warnf("Could not store the outcome of attempt %d of delivery %s (%s); storing it in a plainer form",
                attempt.delivery().attempt(), attempt.delivery().ref().id(), why);
        return commits.submit(plainer.apply(attempt, why));
    }

    private Uni<List<Boolean>> record(List<AttemptRecord> attempts) {
        // Outcomes are one statement, committed on its own; a 410 Gone also disables its
        // connection, which must commit with the outcome that saw it.
        Uni<Set<UUID>> written = attempts.stream().anyMatch(OutcomeRecorder::disablesConnection)
                ? pool.withTransaction(conn -> claims.complete(conn, attempts).call(() -> disableGone(conn, attempts)))
                : claims.complete(pool, attempts);
        return written.invoke(statusLog::announce)
                .map(applied -> attempts.stream().map(a -> applied.contains(a.delivery().ref().id())).toList());
    }

    /** A 410 Gone disables the connection for every later delivery, on every replica. */
    private Uni<Void> disableGone(SqlConnection conn, List<AttemptRecord> attempts) {
        Uni<Void> chain = Uni.createFrom().voidItem();
        for (AttemptRecord a : attempts) {
            if (disablesConnection(a)) {
                chain = chain.chain(() -> disabledTargets.disable(conn, a.delivery().ref().connection(), a.reason()));
            }
        }
        return chain;
    }

    private static boolean disablesConnection(AttemptRecord a) {
        return a.newState() == DeliveryState.DISABLED && a.httpStatus() == 410;
    }
}
