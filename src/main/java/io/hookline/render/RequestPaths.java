package io.hookline.render;

import java.util.Optional;
import java.util.regex.Pattern;

/**
 * What a rendered request path may be: a path (and query) appended to the connection's URL that
 * cannot leave it. Run data and params fill it (a namespace, a DAG id), so it is checked as the
 * headers are: no {@code ..} segment climbing out of the connection's base path, no {@code //}
 * or {@code @} that a parser could take for another host, nothing that needs encoding.
 */
public final class RequestPaths {

    /** RFC 3986 path and query characters, without {@code @} and {@code \}. */
    private static final Pattern ALLOWED = Pattern.compile("/[A-Za-z0-9\\-._~!$&'()*+,;=:%/?]*");
    private static final Pattern DOT_SEGMENT = Pattern.compile("(^|/)\\.{1,2}(/|\\?|$)");
    private static final int MAX_LENGTH = 2048;

    private RequestPaths() {
    }

    public static Optional<String> problem(String path) {
        String shown = TemplateValueResolvers.cut(path, 80);
        if (path.length() > MAX_LENGTH) {
            return Optional.of("path is longer than " + MAX_LENGTH + " characters");
        }
        if (!ALLOWED.matcher(path).matches()) {
            return Optional.of("path rendered `" + shown + "`, which is not a URL path starting with `/`"
                    + " (letters, digits and -._~!$&'()*+,;=:%/? only; a value with other characters must be"
                    + " percent-encoded)");
        }
        String pathPart = path.contains("?") ? path.substring(0, path.indexOf('?')) : path;
        if (pathPart.contains("//") || DOT_SEGMENT.matcher(pathPart).find()) {
            return Optional.of("path rendered `" + shown + "`, which has an empty, `.` or `..` segment");
        }
        return Optional.empty();
    }
}
