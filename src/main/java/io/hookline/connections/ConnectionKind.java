package io.hookline.connections;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** Which service a connection talks to; decides the notifier and, for {@code webhook}, signing. */
public enum ConnectionKind {
    SLACK, DISCORD, MATTERMOST, TEAMS, PAGERDUTY, WEBHOOK;

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
