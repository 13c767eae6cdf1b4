package io.hookline.dispatch;

import java.nio.charset.StandardCharsets;

/**
 * Text a receiver or the network gave, made safe to store in a Postgres {@code text} column and
 * to show: Postgres refuses U+0000 (and a lone surrogate has no UTF-8 form), so one binary answer
 * would otherwise fail the write of every outcome committed with it. Each becomes U+FFFD, the
 * replacement character, as invalid UTF-8 does when decoded.
 */
final class StorableText {

    static final char REPLACEMENT = '\uFFFD';

    private StorableText() {
    }

    /** Bytes read as UTF-8, each invalid sequence replaced. */
    static String decode(byte[] utf8) {
        // The String constructor replaces malformed input (it never throws, unlike a CharsetDecoder's default).
        return of(new String(utf8, StandardCharsets.UTF_8));
    }

    static String of(String text) {
        if (text == null || isStorable(text)) {
            return text;
        }
        StringBuilder safe = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                safe.append(c).append(text.charAt(++i));
            } else {
                safe.append(c == 0 || Character.isSurrogate(c) ? REPLACEMENT : c);
            }
        }
        return safe.toString();
    }

    /**
     * The first {@code limit} characters at most, never cutting a surrogate pair in two.
     */
    static String cut(String text, int limit) {
        if (text.length() <= limit) {
            return text;
        }
        int end = limit > 0 && Character.isHighSurrogate(text.charAt(limit - 1)) ? limit - 1 : limit;
        return text.substring(0, end);
    }

    private static boolean isStorable(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == 0) {
                return false;
            }
            if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                return false;
            }
        }
        return true;
    }
}
