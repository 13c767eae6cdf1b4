package io.hookline.dispatch;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.hookline.connections.Connection;
import io.hookline.outbox.RemoteRun;
import java.io.IOException;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Which job a runner started, from the request's path and the runner's answer. The built-in runner
 * components name their jobs after the delivery ({@code hookline-<delivery id>}), so Kubernetes,
 * Argo and Airflow need only the path; Polyaxon picks the run's uuid and says it in its answer.
 * A UI link is built from the connection's {@code uiUrl} setting, else its scheme and host.
 */
final class RemoteRuns {

    private static final JsonFactory JSON = new JsonFactory();
    private static final Pattern POLYAXON = Pattern.compile("/api/v1/([^/]+)/([^/]+)/runs$");
    private static final Pattern KUBERNETES = Pattern.compile("/apis/batch/v1/namespaces/([^/]+)/jobs$");
    private static final Pattern ARGO = Pattern.compile("/api/v1/workflows/([^/]+)/submit$");
    private static final Pattern AIRFLOW = Pattern.compile("/api/v1/dags/([^/]+)/dagRuns$");

    private RemoteRuns() {
    }

    static Optional<RemoteRun> of(Connection connection, String deliveryId, String path, AttemptResult answer) {
        String name = "hookline-" + deliveryId;
        String ui = connection.settings().getOrDefault("uiUrl", connection.host()).replaceAll("/+$", "");
        Matcher m;
        switch (connection.kind()) {
            case POLYAXON -> {
                m = POLYAXON.matcher(path);
                Optional<String> uuid = topLevelText(answer.body(), "uuid");
                return m.find() && uuid.isPresent()
                        ? Optional.of(new RemoteRun(uuid.get(), ui + "/ui/" + m.group(1) + "/" + m.group(2) + "/runs/" + uuid.get()))
                        : Optional.empty();
            }
            case KUBERNETES -> {
                m = KUBERNETES.matcher(path);
                return m.find() ? Optional.of(new RemoteRun(m.group(1) + "/" + name, "")) : Optional.empty();
            }
            case ARGO -> {
                m = ARGO.matcher(path);
                return m.find() ? Optional.of(new RemoteRun(m.group(1) + "/" + name,
                        ui + "/workflows/" + m.group(1) + "/" + name)) : Optional.empty();
            }
            case AIRFLOW -> {
                m = AIRFLOW.matcher(path);
                return m.find() ? Optional.of(new RemoteRun(m.group(1) + "/" + name,
                        ui + "/dags/" + m.group(1) + "/grid?dag_run_id=" + name)) : Optional.empty();
            }
            default -> {
                // GitHub answers a dispatch with 204 and no run id.
                return Optional.empty();
            }
        }
    }

    /**
     * A top-level text field of a JSON object. Streamed, because the stored answer is cut at the
     * response body limit and a Polyaxon run's answer (its whole spec) can be longer.
     */
    private static Optional<String> topLevelText(String body, String field) {
        try (JsonParser parser = JSON.createParser(body)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                return Optional.empty();
            }
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String name = parser.currentName();
                JsonToken value = parser.nextToken();
                if (name.equals(field) && value == JsonToken.VALUE_STRING) {
                    return Optional.of(parser.getText());
                }
                parser.skipChildren();
            }
        } catch (IOException cutOrNotJson) {
            // Not found before the cut: the run is accepted, only its id is not known.
        }
        return Optional.empty();
    }
}
