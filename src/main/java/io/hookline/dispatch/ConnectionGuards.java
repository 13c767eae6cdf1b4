package io.hookline.dispatch;

import io.hookline.connections.CatalogChange;
import io.hookline.connections.Connection;
import io.hookline.connections.ConnectionCatalog;
import io.smallrye.faulttolerance.api.CircuitBreakerState;
import io.smallrye.faulttolerance.api.RateLimitException;
import io.smallrye.faulttolerance.api.TypedGuard;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.util.TypeLiteral;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import org.eclipse.microprofile.faulttolerance.exceptions.BulkheadException;
import org.eclipse.microprofile.faulttolerance.exceptions.CircuitBreakerOpenException;

/**
 * One SmallRye Fault Tolerance guard per catalog connection: circuit breaker and bulkhead from
 * the connection's settings, and its timeout, so a dead or slow receiver only holds back its own
 * deliveries. The connection's rate limit and concurrency are admitted before that, at claim time
 * ({@link DispatchCapacity}): nothing is claimed that the guard would refuse, and the bulkhead is
 * only the backstop. An annotated {@code @CircuitBreaker} would be one breaker for every
 * connection (eclipse/microprofile-fault-tolerance#615), hence the programmatic guards.
 *
 * <p>The set follows the catalog (bounded: nothing is created per request). When the catalog file
 * changes ({@link #catalogChanged}), a connection whose entry changed or that was added gets a new
 * guard; sends already in its old guard finish there. Each breaker is named
 * {@code hookline-connection-<name>}, and a connection's later guards
 * {@code hookline-connection-<name>-<n>}: SmallRye keeps every breaker name for the life of the
 * application and refuses a second one.
 *
 * <p>The timeout is applied here, not by SmallRye: SmallRye's sits outside the bulkhead, so the
 * wait for a free slot used up the request's time, and when it passed it only answered the
 * caller: the request went on, a queued one even started later, and the attempt was retried
 * while the receiver still got the first. Here a send has the whole timeout from when it leaves
 * the bulkhead and is cut at it (cancelled: the request is reset); one that could not leave the
 * bulkhead within the timeout is not sent. So a send is over within twice the timeout of
 * reaching its guard, which {@code TimeoutWithinLease} keeps inside the claim's lease.
 *
 * <p>The breaker counts as failures exactly the attempts {@link AttemptClassifier} would retry
 * (timeouts, unreachable receivers, 5xx, 408, 409, 425, 429), and a send that waited the whole
 * timeout for a slot; a 4xx refusal means the receiver is up, so it does not open the breaker.
 */
public final class ConnectionGuards {

    static final TypeLiteral<Uni<AttemptResult>> GUARDED = new TypeLiteral<>() {
    };

    /** Replaced whole on a catalog change, so a reader never sees half of one. */
    private volatile Map<String, ConnectionGuard> guards;
    private final AttemptClassifier classifier;
    private final Supplier<TypedGuard.Builder<Uni<AttemptResult>>> newBuilder;
    /** Guards built for a name so far, for the unique breaker name of the next one. */
    private final Map<String, Integer> generations = new HashMap<>();

    /**
     * @param newBuilder gives a fresh guard builder; {@link #usingSmallRye} in the application
     */
    public ConnectionGuards(ConnectionCatalog catalog, AttemptClassifier classifier,
            Supplier<TypedGuard.Builder<Uni<AttemptResult>>> newBuilder) {
        this.classifier = classifier;
        this.newBuilder = newBuilder;
        Map<String, ConnectionGuard> map = new LinkedHashMap<>();
        for (Connection connection : catalog.connections()) {
            map.put(connection.name(), build(connection));
        }
        this.guards = Collections.unmodifiableMap(map);
    }

    /**
     * The catalog file changed: a guard for each connection added or changed (a fresh breaker, the
     * new timeout and bulkhead), none for those removed, and the same guard, breaker state and
     * all, for those that stayed as they were.
     */
    public synchronized void catalogChanged(CatalogChange change) {
        Map<String, ConnectionGuard> map = new LinkedHashMap<>();
        for (Connection connection : change.after().connections()) {
            ConnectionGuard current = guards.get(connection.name());
            map.put(connection.name(), current != null && CatalogChange.sameEntry(current.connection(), connection)
                    ? current : build(connection));
        }
        this.guards = Collections.unmodifiableMap(map);
    }

    /** Guard builders from the SmallRye Fault Tolerance of the running application (CDI). */
    public static Supplier<TypedGuard.Builder<Uni<AttemptResult>>> usingSmallRye() {
        return () -> TypedGuard.create(GUARDED);
    }

    /**
     * The most sends the connection's bulkhead takes at once: its {@code concurrency} in flight and
     * up to {@value #MOST_WAITING_PER_SEND} times as many waiting for one of them to finish, so the
     * next request starts the moment one ends rather than a claim later. How many of those a claim
     * may fill follows the connection's send rate ({@link DispatchCapacity}); claims never take
     * more than this.
     */
    public static int bulkheadCapacity(Connection connection) {
        return connection.concurrency() + bulkheadQueue(connection);
    }

    /** Waiting sends per send in flight a bulkhead holds at most. */
    static final int MOST_WAITING_PER_SEND = 8;

    private static int bulkheadQueue(Connection connection) {
        return connection.concurrency() * MOST_WAITING_PER_SEND;
    }

    /** The breaker name of a connection, as it appears in SmallRye's metrics and maintenance API. */
    public static String breakerName(String connection) {
        return "hookline-connection-" + connection;
    }

    private ConnectionGuard build(Connection connection) {
        TypedGuard.Builder<Uni<AttemptResult>> builder = newBuilder.get();
        BreakerWatch state = new BreakerWatch(connection.breaker());
        Connection.Breaker breaker = connection.breaker();
        int generation = generations.merge(connection.name(), 1, Integer::sum);
        builder.withDescription("hookline connection " + connection.name())
                .withCircuitBreaker()
                    .name(generation == 1 ? breakerName(connection.name()) : breakerName(connection.name()) + "-" + generation)
                    .failureRatio(breaker.failureRatio())
                    .requestVolumeThreshold(breaker.requestVolume())
                    .delay(breaker.delay().toMillis(), ChronoUnit.MILLIS)
                    .successThreshold(breaker.successThreshold())
                    // Rejected before reaching the receiver: says nothing about its health.
                    .skipOn(List.of(BulkheadException.class, RateLimitException.class))
                    .onStateChange(state::changed)
                    .done()
                .withBulkhead()
                    .limit(connection.concurrency())
                    .queueSize(bulkheadQueue(connection))
                    .done()
                // The WebClient never blocks: no reason to hop to a worker thread.
                .withThreadOffload(false);
        return new ConnectionGuard(connection, builder.build(), state);
    }

    /**
     * Runs one attempt through the connection's guard. Never fails: a rejection by the guard or a
     * timeout becomes an {@link AttemptResult} with the matching {@link AttemptError.Kind}.
     */
    public Uni<AttemptResult> call(String connection, Supplier<Uni<AttemptResult>> attempt) {
        ConnectionGuard guard = guards.get(connection);
        if (guard == null) {
            return Uni.createFrom().item(AttemptResult.failed(AttemptError.Kind.INVALID_REQUEST,
                    "unknown connection " + connection, Duration.ZERO));
        }
        return Uni.createFrom().deferred(() -> {
            long start = System.nanoTime();
            return guard.guard().get(() -> withinTimeout(guard.timeout(), attempt, start).onItem().transformToUni(result ->
                            classifier.classify(result).outcome() == Outcome.RETRY
                                    ? Uni.createFrom().failure(new ReceiverFailure(result))
                                    : Uni.createFrom().item(result)))
                    .onFailure().recoverWithItem(failure -> asResult(connection, guard, failure,
                            Duration.ofNanos(System.nanoTime() - start)));
        });
    }

    /**
     * Called when the bulkhead lets the attempt start: none if it waited the whole timeout for
     * that, else the attempt, cut when the timeout has passed since it started.
     */
    private static Uni<AttemptResult> withinTimeout(Duration timeout, Supplier<Uni<AttemptResult>> attempt, long queuedAt) {
        if (System.nanoTime() - queuedAt >= timeout.toNanos()) {
            return Uni.createFrom().failure(new WaitedTooLong());
        }
        long start = System.nanoTime();
        return Uni.createFrom().<AttemptResult>deferred(attempt::get)
                .ifNoItem().after(timeout).recoverWithItem(() -> AttemptResult.failed(AttemptError.Kind.TIMEOUT,
                        "no response within " + timeout.toMillis() + "ms", Duration.ofNanos(System.nanoTime() - start)));
    }

    private static AttemptResult asResult(String connection, ConnectionGuard guard, Throwable failure, Duration latency) {
        if (failure instanceof ReceiverFailure receiverFailure) {
            return receiverFailure.result;
        }
        if (failure instanceof WaitedTooLong) {
            return AttemptResult.failed(AttemptError.Kind.BULKHEAD_FULL, "connection " + connection
                    + " had its maximum of requests in flight for the whole timeout of " + guard.timeout().toMillis() + "ms",
                    latency);
        }
        if (failure instanceof CircuitBreakerOpenException) {
            return AttemptResult.failed(AttemptError.Kind.CIRCUIT_OPEN,
                    "circuit breaker of connection " + connection + " is open", latency);
        }
        if (failure instanceof BulkheadException) {
            return AttemptResult.failed(AttemptError.Kind.BULKHEAD_FULL,
                    "connection " + connection + " has its maximum of requests in flight", latency);
        }
        if (failure instanceof RateLimitException) {
            return AttemptResult.failed(AttemptError.Kind.RATE_LIMITED,
                    "rate limit of connection " + connection + " reached", latency);
        }
        // The attempt itself turns its errors into results; only a bug gets here. Its message is
        // not used: it could hold anything.
        return AttemptResult.failed(AttemptError.Kind.CONNECTION_FAILED,
                "unexpected " + failure.getClass().getSimpleName(), latency);
    }

    /** Empty for a name that is not in the catalog. */
    public Optional<CircuitBreakerState> breakerState(String connection) {
        return Optional.ofNullable(guards.get(connection)).map(guard -> guard.state().state());
    }

    /**
     * How many sends the connection's breaker lets through now, counting those in flight: no limit
     * while it is closed, none while it is open and its delay has not passed, and its
     * {@code successThreshold} trial calls once the delay is over (SmallRye moves it to half-open
     * on the next call, and refuses calls beyond that many). A name not in the catalog has no
     * breaker.
     */
    public int sendsAllowed(String connection, long nowNanos) {
        ConnectionGuard guard = guards.get(connection);
        return guard == null ? Integer.MAX_VALUE : guard.state().sendsAllowed(nowNanos);
    }

    /** Every connection's breaker state, in catalog order: for ListConnections and metrics. */
    public Map<String, CircuitBreakerState> breakerStates() {
        Map<String, CircuitBreakerState> states = new LinkedHashMap<>();
        guards.forEach((name, guard) -> states.put(name, guard.state().state()));
        return states;
    }

    private record ConnectionGuard(Connection connection, TypedGuard<Uni<AttemptResult>> guard, BreakerWatch state) {
        Duration timeout() {
            return connection.timeout();
        }
    }

    /** The breaker's state as SmallRye reports its changes, and when it last opened. */
    private static final class BreakerWatch {
        private final Connection.Breaker settings;
        private volatile CircuitBreakerState state = CircuitBreakerState.CLOSED;
        private volatile long openedAtNanos;

        BreakerWatch(Connection.Breaker settings) {
            this.settings = settings;
        }

        void changed(CircuitBreakerState next) {
            if (next == CircuitBreakerState.OPEN) {
                openedAtNanos = System.nanoTime();
            }
            state = next;
        }

        CircuitBreakerState state() {
            return state;
        }

        int sendsAllowed(long nowNanos) {
            CircuitBreakerState now = state;
            if (now == CircuitBreakerState.CLOSED) {
                return Integer.MAX_VALUE;
            }
            if (now == CircuitBreakerState.OPEN && nowNanos - openedAtNanos < settings.delay().toNanos()) {
                return 0;
            }
            return settings.successThreshold();
        }
    }

    /** A send that waited its whole timeout for a free slot, so was not sent; the breaker counts it. */
    private static final class WaitedTooLong extends RuntimeException {
        WaitedTooLong() {
            super("waited the whole timeout in the bulkhead", null, false, false);
        }
    }

    /** Carries a receiver's retryable answer through the guard, so the breaker counts it. */
    private static final class ReceiverFailure extends RuntimeException {
        private final transient AttemptResult result;

        ReceiverFailure(AttemptResult result) {
            super("HTTP " + result.status(), null, false, false);
            this.result = result;
        }
    }
}
