package io.hookline.connections;

import java.time.Duration;
import java.util.Optional;

/**
 * How fast and how many at once a connection of each kind sends when its catalog entry says
 * nothing: the pace each service documents for one webhook, so a burst of failed runs flows at
 * the allowed rate instead of meeting a wall of 429s. A connection's own {@code rateLimit} and
 * {@code concurrency} win. docs/hooks.md lists the source of every number.
 *
 * <p>The rate limit is a fixed window ({@code RateWindow}): two windows' permits can start close
 * together at a boundary, so each limit is chosen so that even then the service's own limit holds.
 * The bulkhead only needs to cover the sends one window starts while earlier ones are still
 * answering; more would only queue requests the rate limit will not start.
 */
public final class ServiceLimits {

    /**
     * Slack: incoming webhooks post about one message per second, "short bursts &gt;1 allowed"
     * (api.slack.com/docs/rate-limits, "Posting messages"). A window boundary gives a burst of two.
     */
    static final Connection.RateLimit SLACK = new Connection.RateLimit(1, Duration.ofSeconds(1));

    /**
     * Discord: limits are per webhook and dynamic (docs.discord.com/developers/topics/rate-limits:
     * "should not be hard coded"); the webhook bucket its headers report is 5 per 2 s, and channels
     * are held to about 30 messages a minute. One per 2 s keeps under both, boundary included; a
     * 429 still says how long to wait, in JSON {@code retry_after}, which is honoured.
     */
    static final Connection.RateLimit DISCORD = new Connection.RateLimit(1, Duration.ofSeconds(2));

    /**
     * Teams: "If more than four requests are made in a second, the client connection is
     * throttled" (learn.microsoft.com, "Create an Incoming Webhook"). One per 300 ms never puts
     * more than four into any one second, even across a window boundary.
     */
    static final Connection.RateLimit TEAMS = new Connection.RateLimit(1, Duration.ofMillis(300));

    /**
     * PagerDuty: Events API v2 takes 120 events a minute per integration (routing) key. One per
     * 510 ms never puts more than 118 into any one minute, boundary included.
     */
    static final Connection.RateLimit PAGERDUTY = new Connection.RateLimit(1, Duration.ofMillis(510));

    private ServiceLimits() {
    }

    /** The documented pace of one webhook of this kind; none for Mattermost and plain webhooks, which document none, and for job runners. */
    public static Optional<Connection.RateLimit> rateLimit(ConnectionKind kind) {
        return Optional.ofNullable(switch (kind) {
            case SLACK -> SLACK;
            case DISCORD -> DISCORD;
            case TEAMS -> TEAMS;
            case PAGERDUTY -> PAGERDUTY;
            // Job runners are called once per finished run, far below any API quota.
            case MATTERMOST, WEBHOOK, POLYAXON, KUBERNETES, ARGO, AIRFLOW, GITHUB -> null;
        });
    }

    /**
     * Requests in flight at most: for a rate-limited kind, twice what one window starts (room for
     * answers slower than the window), else {@link Connection#DEFAULT_CONCURRENCY}.
     */
    public static int concurrency(ConnectionKind kind) {
        return rateLimit(kind).map(limit -> Math.min(Connection.DEFAULT_CONCURRENCY, 2 * limit.requests()))
                .orElse(Connection.DEFAULT_CONCURRENCY);
    }
}
