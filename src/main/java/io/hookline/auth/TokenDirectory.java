package io.hookline.auth;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.Vertx;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.Logger;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Answers which caller a bearer token stands for, from memory: each replica holds the unrevoked
 * rows of {@code api_tokens} and reloads them every {@code hookline.auth.refresh-interval}.
 *
 * <p>The whole (small) table rather than a per-token cache filled on a miss, so that checking a
 * call never waits for the database and never blocks an event loop: the gRPC interceptor has to
 * decide synchronously, and an unknown token (a guess, a typo) costs a map lookup, not a query.
 * A revoke or create on this replica changes the map at once; on other replicas within one
 * refresh.
 */
@ApplicationScoped
public class TokenDirectory {

    private static final Logger LOG = Logger.getLogger(TokenDirectory.class);
    private static final String BEARER = "Bearer ";

    private final TokenTable table;
    private final AuthConfig config;
    private final Vertx vertx;
    private final Clock clock;

    private volatile Map<String, StoredToken> byHash = Map.of();
    /** Counts local creates and revokes: a reload that read the table before one is dropped, not applied. */
    private final AtomicLong localChanges = new AtomicLong();
    private long timer = -1;

    TokenDirectory(TokenTable table, AuthConfig config, Vertx vertx) {
        this.table = table;
        this.config = config;
        this.vertx = vertx;
        this.clock = Clock.systemUTC();
    }

    /** After {@link BootstrapToken} wrote its row, so the first call already finds it. */
    void start(@Observes @Priority(20) StartupEvent event) {
        if (!config.enabled()) {
            return;
        }
        reload().await().atMost(Duration.ofMinutes(1));
        timer = vertx.setPeriodic(config.refreshInterval().toMillis(), id -> reload().subscribe().with(
                loaded -> { }, failure -> LOG.warnf("Reloading API tokens failed, keeping the ones loaded: %s",
                        failure.getMessage())));
    }

    void stop(@Observes ShutdownEvent event) {
        if (timer >= 0) {
            vertx.cancelTimer(timer);
        }
    }

    private Uni<Void> reload() {
        long changesBefore = localChanges.get();
        return table.unrevoked().invoke(loaded -> {
            synchronized (this) {
                if (localChanges.get() == changesBefore) {
                    byHash = Map.copyOf(loaded);
                }
            }
        }).replaceWithVoid();
    }

    /** Checks the value of an {@code authorization} header (null when the call has none). */
    public TokenCheck check(String authorization) {
        if (authorization == null || authorization.isEmpty()) {
            return TokenCheck.refused("a bearer token is required: send the header `authorization: Bearer <token>`");
        }
        if (!authorization.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
            return TokenCheck.refused("the authorization header must be `Bearer <token>`");
        }
        String token = authorization.substring(BEARER.length()).trim();
        StoredToken stored = byHash.get(HexFormat.of().formatHex(TokenSecrets.hash(token)));
        if (stored == null) {
            return TokenCheck.refused("the bearer token is not valid (unknown or revoked)");
        }
        Optional<Instant> expiry = stored.expiresAt();
        if (expiry.isPresent() && !clock.instant().isBefore(expiry.get())) {
            return TokenCheck.refused("the bearer token `" + stored.name() + "` expired at " + expiry.get());
        }
        return TokenCheck.valid(stored.caller());
    }

    /** A token just created here: usable at once, before the next reload. */
    synchronized void added(byte[] hash, StoredToken token) {
        localChanges.incrementAndGet();
        Map<String, StoredToken> next = new HashMap<>(byHash);
        next.put(HexFormat.of().formatHex(hash), token);
        byHash = Map.copyOf(next);
    }

    /** A token just revoked here: refused at once. */
    synchronized void revoked(UUID id) {
        localChanges.incrementAndGet();
        Map<String, StoredToken> next = new HashMap<>(byHash);
        next.values().removeIf(token -> token.id().equals(id));
        byHash = Map.copyOf(next);
    }
}
