package io.hookline.connections;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Which service a connection talks to; decides the notifier and, for {@code webhook}, signing.
 * The job runners ({@link #startsJobs()}) start work rather than post a message.
 */
public enum ConnectionKind {
    SLACK, DISCORD, MATTERMOST, TEAMS, PAGERDUTY, WEBHOOK,
    POLYAXON, KUBERNETES, ARGO, AIRFLOW, GITHUB;

    /**
     * A job runner: its delivery is "the runner accepted the job", and a 409 to a request whose
     * name comes from the delivery id means an earlier attempt already created it.
     */
    public boolean startsJobs() {
        return ordinal() >= POLYAXON.ordinal();
    }

    /** The spelling used in the catalog and by Polyaxon: {@code slack}, {@code pagerduty}. */
    public String yamlName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<ConnectionKind> fromYamlName(String text) {
        return Arrays.stream(values()).filter(kind -> kind.yamlName().equals(text)).findFirst();
    }

    public static List<String> yamlNames() {
        return Arrays.stream(values()).map(ConnectionKind::yamlName).toList();
    }
}
