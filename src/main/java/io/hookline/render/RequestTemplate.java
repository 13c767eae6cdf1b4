package io.hookline.render;

import java.util.Map;

/**
 * A component's request as written in its definition: each string is a Qute template (Qute
 * syntax, not Jinja), e.g. a body {@code {"text": {summary.title.json}}}. The URL is not here: it
 * comes from the connection at send time; {@code path} (empty for none) is appended to it.
 */
public record RequestTemplate(String method, Map<String, String> headers, String body, String path) {

    public RequestTemplate {
        headers = headers == null ? Map.of() : Map.copyOf(headers);
        body = body == null ? "" : body;
        path = path == null ? "" : path;
    }

    public RequestTemplate(String method, Map<String, String> headers, String body) {
        this(method, headers, body, "");
    }
}
