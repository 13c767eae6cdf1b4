package io.hookline.connections;

import java.net.URI;
import java.util.Locale;
import java.util.Optional;

/**
 * Recognises a Teams URL of a Microsoft 365 (Office 365) connector, which Microsoft is retiring:
 * new ones cannot be created and existing ones stop posting. Their replacement, a Teams
 * Workflows webhook ("When a Teams webhook request is received"), has a URL on
 * {@code *.logic.azure.com} or {@code *.api.powerplatform.com} instead. The legacy hosts are
 * {@code <tenant>.webhook.office.com} and, older still, {@code outlook.office.com/webhook} and
 * {@code outlook.office365.com/webhook}.
 */
final class LegacyTeamsConnector {

    private LegacyTeamsConnector() {
    }

    /**
     * A warning for the catalog entry at {@code path}, when its URL is a legacy connector's. Names
     * the host only: the rest of a webhook URL is its credential.
     */
    static Optional<String> warning(ConnectionKind kind, Secret url, String path) {
        if (kind != ConnectionKind.TEAMS) {
            return Optional.empty();
        }
        Optional<URI> uri = ConnectionRules.parseUrl(url.reveal());
        if (uri.isEmpty() || !isLegacy(uri.get())) {
            return Optional.empty();
        }
        return Optional.of(path + ": the URL (host " + uri.get().getHost().toLowerCase(Locale.ROOT)
                + ") is a Microsoft 365 (Office 365) connector webhook; Microsoft is retiring these connectors"
                + " and they stop posting to Teams. Create a Workflows webhook in the channel (\"When a Teams"
                + " webhook request is received\") and put its URL here; the teams component already sends"
                + " the Adaptive Card it expects");
    }

    private static boolean isLegacy(URI uri) {
        String host = uri.getHost().toLowerCase(Locale.ROOT);
        String path = uri.getPath() == null ? "" : uri.getPath().toLowerCase(Locale.ROOT);
        return host.endsWith(".webhook.office.com")
                || ((host.equals("outlook.office.com") || host.equals("outlook.office365.com")) && path.startsWith("/webhook"));
    }
}
