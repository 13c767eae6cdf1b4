package io.hookline.render;

import io.hookline.connections.HeaderSyntax;
import io.hookline.connections.SecretMarker;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Renders a component's {@link RequestTemplate} (method, headers, body; Qute syntax) into the
 * {@link RenderedRequest} dispatch sends.
 *
 * <h2>The data contract: what every template sees</h2>
 * Plain data only (maps, lists, strings, numbers, booleans, null); any other Java object is refused
 * with an {@link IllegalArgumentException} before rendering.
 * <ul>
 * <li>each param by name at top level: the validated params and the context-only ones, including
 * Polyaxon's defaults unless {@code disableDefaults}: {@code name, uuid, kind, runtime, status,
 * wait_time, duration, inputs, outputs, condition} ({@code condition} holds {@code type, status,
 * reason, message, last_update_time, last_transition_time}); hyphenated names are reached with
 * {@code {params.get('some-param').value}};</li>
 * <li>{@code params.<name>.value}: the same params, Polyaxon's way;</li>
 * <li>{@code run}: {@code uuid, name, kind, project, status, started_at, finished_at, duration,
 * inputs, outputs, labels, url};</li>
 * <li>{@code globals}: Polyaxon's globals map ({@code owner_name, project_name, ...});</li>
 * <li>{@code status}, {@code previous_status} (the last final status of the same run name in the
 * project, or null);</li>
 * <li>{@code hook}: {@code hub_ref, trigger, connection};</li>
 * <li>{@code connection}: {@code name, kind, secret} (always {@link SecretMarker#TOKEN}, never the
 * secret), {@code settings} (the non-secret settings: {@code channel, icon_url, username, ...});</li>
 * <li>{@code delivery}: {@code id, event_id};</li>
 * <li>{@code summary} (added here from {@code run} and {@code condition} when the caller did not
 * supply one): {@code title} ({@code "{name} ({uuid}) Status: {status}"}), {@code color} (by status, {@code #aa310f}), {@code color_number} (the same as a number),
 * {@code details} (a list of {@code label, value}: Kind, Status, Reason, Message, Duration, Inputs,
 * Outputs, only the non-empty ones), {@code link}.</li>
 * </ul>
 *
 * <h2>What templates can do</h2>
 * Qute's own map, list, number and logic resolvers, {@code {x.or('fallback')}} / {@code {x ?: 'y'}},
 * and {@link TemplateValueResolvers}: {@code {x.json}}, {@code {x.jsonEscaped}},
 * {@code {x.truncate(n)}}. Nothing else: no Java methods ({@code {run.getClass()}} is not found), no
 * files, no environment. A missing name is an error; each field is bounded in size.
 *
 * <p>Checks on the output: the method is one HTTP token, the path stays a path (see {@link RequestPaths}), a header can be sent (see {@link HeaderSyntax}: no
 * header injection from run data), and a body sent as JSON (a {@code Content-Type} with
 * {@code json}) must parse as JSON.
 */
public final class RequestRenderer {

    private static final Pattern HTTP_METHOD = Pattern.compile("[A-Z]{1,16}");

    private final SandboxedTemplates templates;

    public RequestRenderer(SandboxedTemplates templates) {
        this.templates = templates;
    }

    /**
     * @param data the data contract above; the caller puts {@link SecretMarker#TOKEN} in
     *             {@code connection.secret}
     * @throws IllegalArgumentException when {@code data} holds something that is not plain data
     */
    public RenderResult<RenderedRequest> render(RequestTemplate request, Map<String, ?> data) {
        Map<String, Object> plain = withSummary(PlainData.of(data));

        RenderResult<String> method = templates.render(request.method(), plain, "method");
        if (method instanceof RenderResult.Failed<String> failed) {
            return RenderResult.failed(failed.error());
        }
        String methodName = ((RenderResult.Ok<String>) method).value().strip().toUpperCase(Locale.ROOT);
        if (!HTTP_METHOD.matcher(methodName).matches()) {
            return invalid("method rendered `" + TemplateValueResolvers.cut(methodName, 40) + "`, which is not an HTTP method");
        }

        Map<String, String> headers = new LinkedHashMap<>();
        for (Map.Entry<String, String> header : request.headers().entrySet()) {
            RenderResult<String> value = templates.render(header.getValue(), plain, "header " + header.getKey());
            if (value instanceof RenderResult.Failed<String> failed) {
                return RenderResult.failed(failed.error());
            }
            String text = ((RenderResult.Ok<String>) value).value();
            Optional<String> unsendable = HeaderSyntax.problem(header.getKey(), text);
            if (unsendable.isPresent()) {
                return invalid(unsendable.get());
            }
            headers.put(header.getKey(), text);
        }

        String pathText = "";
        if (!request.path().isEmpty()) {
            RenderResult<String> path = templates.render(request.path(), plain, "path");
            if (path instanceof RenderResult.Failed<String> failed) {
                return RenderResult.failed(failed.error());
            }
            pathText = ((RenderResult.Ok<String>) path).value().strip();
            Optional<String> problem = RequestPaths.problem(pathText);
            if (problem.isPresent()) {
                return invalid(problem.get());
            }
        }

        RenderResult<String> body = templates.render(request.body(), plain, "body");
        if (body instanceof RenderResult.Failed<String> failed) {
            return RenderResult.failed(failed.error());
        }
        String bodyText = ((RenderResult.Ok<String>) body).value();
        if (isJson(headers) && !bodyText.isBlank()) {
            Optional<String> problem = JsonSyntax.problem(bodyText);
            if (problem.isPresent()) {
                return invalid("body is sent as JSON but is not valid JSON: " + problem.get());
            }
        }
        return RenderResult.ok(new RenderedRequest(methodName, headers, bodyText, pathText));
    }

    /** For validating a component's templates when it is stored: empty, or the parse error with its line. */
    public Optional<String> compileProblem(String template) {
        return templates.compileProblem(template == null ? "" : template);
    }

    private Map<String, Object> withSummary(Map<String, Object> data) {
        if (!data.containsKey("summary") && data.get("run") instanceof Map<?, ?> run) {
            @SuppressWarnings("unchecked")
            Map<String, ?> runFields = (Map<String, ?>) run;
            data.put("summary", RunSummary.of(runFields, data.get("condition")));
        }
        return data;
    }

    private static boolean isJson(Map<String, String> headers) {
        return headers.entrySet().stream().anyMatch(header -> header.getKey().equalsIgnoreCase("Content-Type")
                && header.getValue().toLowerCase(Locale.ROOT).contains("json"));
    }

    private static RenderResult<RenderedRequest> invalid(String reason) {
        return RenderResult.failed(new RenderError(RenderError.Kind.INVALID_OUTPUT, reason));
    }
}
