package io.hookline.resolve;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.Optional;

/** The rule for a run's link: chat services only make a button of an absolute http(s) URL. */
public final class RunUrls {

    /** Slack refuses a button URL longer than 3000 characters; a run's page never needs that much. */
    static final int MAX_LENGTH = 2048;

    private RunUrls() {
    }

    /** Why {@code url} cannot be a run's link, or empty when it can (or is empty: no link). */
    public static Optional<String> problem(String url) {
        if (url == null || url.isEmpty()) {
            return Optional.empty();
        }
        if (url.length() > MAX_LENGTH) {
            return Optional.of("is longer than " + MAX_LENGTH + " characters");
        }
        try {
            URI uri = new URI(url);
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            if (!scheme.equals("http") && !scheme.equals("https") || uri.getHost() == null) {
                return Optional.of("must be an absolute http or https URL (e.g. https://polyaxon.example.com/ui/"
                        + "acme/vision/runs/<uuid>), not `" + url + "`");
            }
            return Optional.empty();
        } catch (URISyntaxException e) {
            return Optional.of("is not a URL: " + e.getReason() + " at index " + e.getIndex());
        }
    }
}
