package io.hookline.connections;

import java.net.URI;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * One deploy-time connection of the catalog: where a hook's requests go and how they are guarded.
 * {@code toString} is safe to log: the URL and secrets print as {@code ****}.
 *
 * @param name        unique, {@code [a-z0-9][a-z0-9._-]*}; what a hook's {@code connection} names
 * @param url         the endpoint; treated as a credential (webhook URLs of Slack, Discord, Teams are)
 * @param host        {@code scheme://host[:port]} of the URL, for display
 * @param secret      routing key, token or Standard Webhooks {@code whsec_} key(s), when configured
 * @param method      {@code POST} or {@code GET}
 * @param headers     added to every request of this connection
 * @param settings    non-secret notifier settings ({@code channel}, {@code username}, ...)
 * @param timeout     per request
 * @param concurrency bulkhead: requests in flight at most
 * @param rateLimit   requests allowed per window, when configured
 * @param allowPrivateNetwork whether requests may go to loopback, private, link-local and other
 *                    non-public addresses (a receiver inside the cluster, a test on 127.0.0.1)
 */
public record Connection(
        String name,
        ConnectionKind kind,
        String description,
        Secret url,
        String host,
        Optional<Secret> secret,
        String method,
        Map<String, HeaderValue> headers,
        Map<String, String> settings,
        Duration timeout,
        int concurrency,
        Breaker breaker,
        Optional<RateLimit> rateLimit,
        boolean allowPrivateNetwork) {

    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);
    /**
     * Requests in flight to a connection without a service limit (webhook, mattermost). Peers set
     * none at all (Alertmanager, Svix); 64 keeps a receiver's load bounded while claims and outcome
     * groups stay large enough to be cheap: 20,000 deliveries at default settings, 1,646-1,688/s at
     * 64 against 1,421-1,442/s at 16, with a quarter less Postgres CPU (docs/benchmarks.md). Open
     * sockets per host stay at {@code hookline.dispatch.http.max-pool-size}.
     */
    public static final int DEFAULT_CONCURRENCY = 64;

    public Connection {
        headers = Map.copyOf(headers);
        settings = Map.copyOf(settings);
    }

    /**
     * {@code scheme://host:port} of an absolute URL, lower case, with the scheme's default port
     * spelled out, so that two spellings of one origin compare equal.
     */
    public static String originOf(URI uri) {
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        int port = uri.getPort() != -1 ? uri.getPort() : scheme.equals("https") ? 443 : 80;
        return scheme + "://" + String.valueOf(uri.getHost()).toLowerCase(Locale.ROOT) + ":" + port;
    }

    /** {@link #originOf} of this connection's URL; empty when it is not an absolute http(s) URL. */
    public Optional<String> origin() {
        return ConnectionRules.parseUrl(url.reveal()).map(Connection::originOf);
    }

    /** A connection to public addresses only. */
    public Connection(String name, ConnectionKind kind, String description, Secret url, String host,
            Optional<Secret> secret, String method, Map<String, HeaderValue> headers, Map<String, String> settings,
            Duration timeout, int concurrency, Breaker breaker, Optional<RateLimit> rateLimit) {
        this(name, kind, description, url, host, secret, method, headers, settings, timeout, concurrency, breaker,
                rateLimit, false);
    }

    /**
     * Circuit breaker settings, with the meaning of SmallRye Fault Tolerance: over the last
     * {@code requestVolume} calls, a share of failures of at least {@code failureRatio} opens the
     * breaker for {@code delay}; then {@code successThreshold} successful trial calls close it.
     */
    public record Breaker(double failureRatio, int requestVolume, Duration delay, int successThreshold) {
        public static final Breaker DEFAULT = new Breaker(0.5, 20, Duration.ofSeconds(30), 2);
    }

    /** At most {@code requests} requests per {@code per}. */
    public record RateLimit(int requests, Duration per) {
    }
}
