package io.hookline.connections;

import java.util.Optional;

/**
 * Whether a header can go on the wire as it is (RFC 9110 §5.1, §5.5): the name is a token, and
 * the value holds no control character but a tab. Rendering checks with it, so a run name that
 * would break a header fails that one delivery; the sender checks again before sending, because
 * the HTTP client throws on such a header, which would count as the receiver failing and open
 * the connection's circuit breaker for every hook on it.
 */
public final class HeaderSyntax {

    /** tchar, RFC 9110 §5.6.2, besides letters and digits. */
    private static final String TOKEN_SYMBOLS = "!#$%&'*+-.^_`|~";

    private HeaderSyntax() {
    }

    /** Empty when the header can be sent; otherwise why not, naming the header (never quoting its value). */
    public static Optional<String> problem(String name, String value) {
        Optional<String> nameProblem = nameProblem(name);
        if (nameProblem.isPresent()) {
            return nameProblem;
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '\r' || c == '\n') {
                return Optional.of("header " + name + " has a line break, which would split the request");
            }
            if ((c < 0x20 && c != '\t') || c == 0x7F) {
                return Optional.of("header " + name + " has the control character U+" + "%04X".formatted((int) c)
                        + ", which a header value cannot hold");
            }
        }
        return Optional.empty();
    }

    private static Optional<String> nameProblem(String name) {
        if (name.isEmpty()) {
            return Optional.of("a header has an empty name");
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            boolean tchar = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                    || TOKEN_SYMBOLS.indexOf(c) >= 0;
            if (!tchar) {
                // The name is the author's text, not run data: safe to quote once made printable.
                return Optional.of("header name `" + printable(name) + "` is not an HTTP token"
                        + " (letters, digits and !#$%&'*+-.^_`|~ only)");
            }
        }
        return Optional.empty();
    }

    private static String printable(String name) {
        StringBuilder shown = new StringBuilder();
        name.codePoints().limit(60).forEach(cp -> {
            if (Character.isISOControl(cp)) {
                shown.append("\\u%04X".formatted(cp));
            } else {
                shown.appendCodePoint(cp);
            }
        });
        return shown.toString();
    }
}
