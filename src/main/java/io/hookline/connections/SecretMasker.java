package io.hookline.connections;

import com.fasterxml.jackson.core.io.JsonStringEncoder;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Replaces every secret value of the catalog, and every connection URL, with {@code ****} in any
 * text: error messages of the HTTP client, response bodies that echo a token back, previews.
 * Besides the raw value it masks the forms a secret takes on the wire (JSON-escaped,
 * URL-encoded, base64), and for URLs the parts an error may quote on their own (path and query, user
 * info), since those carry the credential of a Slack or Discord webhook URL.
 */
public final class SecretMasker {

    /** Path or query shorter than this is not masked alone: {@code /} or {@code /hook} are not credentials. */
    private static final int MIN_URL_PART_LENGTH = 8;

    private static final SecretMasker NONE = new SecretMasker(List.of());

    /**
     * @param values    longest first, so a secret containing another is masked whole
     * @param following secrets that follow their file (a rotated token): masked by their value at the time
     */
    private record Known(List<String> values, List<Secret> following) {
    }

    /** Grows only, for the masker of a catalog following its file ({@link #alsoMask}). */
    private volatile Known known;

    private SecretMasker(List<String> values) {
        this(values, List.of());
    }

    private SecretMasker(List<String> values, List<Secret> following) {
        this.known = new Known(values, following);
    }

    /** A masker of its own that starts with what {@code masker} masks. */
    static SecretMasker copyOf(SecretMasker masker) {
        Known now = masker.known;
        return new SecretMasker(now.values(), now.following());
    }

    /** From now on, masks what {@code other} masks too. */
    synchronized void alsoMask(SecretMasker other) {
        Known mine = known;
        Known theirs = other.known;
        Set<String> values = new LinkedHashSet<>(mine.values());
        values.addAll(theirs.values());
        List<Secret> following = new ArrayList<>(mine.following());
        theirs.following().stream().filter(secret -> !following.contains(secret)).forEach(following::add);
        known = new Known(of(values).known.values(), List.copyOf(following));
    }

    public static SecretMasker none() {
        return NONE;
    }

    /** A masker for the URLs, secrets and secret headers of these connections. */
    public static SecretMasker of(Collection<Connection> connections) {
        Set<String> values = new LinkedHashSet<>();
        List<Secret> following = new ArrayList<>();
        for (Connection connection : connections) {
            connection.secret().filter(Secret::follows).ifPresent(following::add);
            addUrl(values, connection.url().reveal());
            connection.secret().ifPresent(secret -> addSecret(values, secret.reveal()));
            connection.headers().values().forEach(header -> {
                if (header instanceof HeaderValue.Hidden hidden) {
                    addSecret(values, hidden.secret().reveal());
                }
            });
        }
        SecretMasker masker = of(values);
        return following.isEmpty() ? masker : new SecretMasker(masker.known.values(), List.copyOf(following));
    }

    /** A masker for exactly these values and their wire forms. */
    public static SecretMasker ofSecrets(Collection<Secret> secrets) {
        Set<String> values = new LinkedHashSet<>();
        secrets.forEach(secret -> addSecret(values, secret.reveal()));
        return of(values);
    }

    private static SecretMasker of(Set<String> values) {
        List<String> sorted = new ArrayList<>(values);
        sorted.removeIf(String::isEmpty);
        sorted.sort(Comparator.comparingInt(String::length).reversed());
        return new SecretMasker(List.copyOf(sorted));
    }

    private static void addSecret(Set<String> values, String secret) {
        String trimmed = secret.strip();
        if (trimmed.isEmpty()) {
            return;
        }
        addWithWireForms(values, trimmed);
        addBase64Forms(values, trimmed);
        // Several space-separated keys during a rotation: each may be quoted alone.
        for (String part : SigningKey.keysOf(trimmed)) {
            addWithWireForms(values, part);
            addBase64Forms(values, part);
            SigningKey.encodedPart(part).ifPresent(encoded -> addWithWireForms(values, encoded));
        }
    }

    private static void addUrl(Set<String> values, String url) {
        addWithWireForms(values, url);
        try {
            URI uri = URI.create(url);
            addIfLongEnough(values, uri.getRawPath() == null ? null
                    : uri.getRawQuery() == null ? uri.getRawPath() : uri.getRawPath() + "?" + uri.getRawQuery());
            addIfLongEnough(values, uri.getRawPath());
            addIfLongEnough(values, uri.getRawQuery());
            if (uri.getRawUserInfo() != null) {
                values.add(uri.getRawUserInfo());
            }
        } catch (IllegalArgumentException notAUri) {
            // The whole value is masked already; the catalog refuses such URLs anyway.
        }
    }

    private static void addIfLongEnough(Set<String> values, String part) {
        if (part != null && part.length() >= MIN_URL_PART_LENGTH) {
            addWithWireForms(values, part);
        }
    }

    /** A receiver that echoes what it was sent may echo it base64-encoded (a Basic credential, a decoded token). */
    private static void addBase64Forms(Set<String> values, String secret) {
        byte[] bytes = secret.getBytes(StandardCharsets.UTF_8);
        values.add(Base64.getEncoder().encodeToString(bytes));
        values.add(Base64.getEncoder().withoutPadding().encodeToString(bytes));
        values.add(Base64.getUrlEncoder().withoutPadding().encodeToString(bytes));
    }

    private static void addWithWireForms(Set<String> values, String value) {
        values.add(value);
        values.add(new String(JsonStringEncoder.getInstance().quoteAsString(value)));
        values.add(URLEncoder.encode(value, StandardCharsets.UTF_8));
    }

    /** {@code text} with every known secret replaced by {@code ****}; null stays null. */
    public String mask(String text) {
        if (text == null || text.isEmpty()) {
            return text;
        }
        Known now = known;
        String masked = text;
        for (Secret secret : now.following()) {
            String value = secret.reveal();
            if (!value.isEmpty() && masked.contains(value)) {
                masked = masked.replace(value, Secret.MASK);
            }
        }
        for (String value : now.values()) {
            if (masked.contains(value)) {
                masked = masked.replace(value, Secret.MASK);
            }
        }
        return masked;
    }
}
