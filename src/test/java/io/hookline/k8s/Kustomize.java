package io.hookline.k8s;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.databind.MappingIterator;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Renders a kustomization as {@code kubectl apply -k} would apply it, with the kubectl on the
 * PATH: kustomize has no Java implementation, and a merge written here would check itself rather
 * than what kubectl applies. .ci/run installs Debian's kubectl where none is.
 */
final class Kustomize {

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    private Kustomize() {
    }

    static List<JsonNode> render(Path directory) throws IOException, InterruptedException {
        Process kubectl;
        try {
            kubectl = new ProcessBuilder("kubectl", "kustomize", directory.toString())
                    .redirectError(ProcessBuilder.Redirect.PIPE).start();
        } catch (IOException notInstalled) {
            throw new IllegalStateException("kubectl is needed to render " + directory
                    + " (apt-get install kubernetes-client, as .ci/run does)", notInstalled);
        }
        byte[] output = kubectl.getInputStream().readAllBytes();
        String errors = new String(kubectl.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!kubectl.waitFor(60, TimeUnit.SECONDS) || kubectl.exitValue() != 0) {
            throw new IllegalStateException("kubectl kustomize " + directory + " failed:\n" + errors);
        }
        try (MappingIterator<JsonNode> objects = YAML.readerFor(JsonNode.class).readValues(output)) {
            return objects.readAll().stream().filter(object -> !object.isNull() && !object.isMissingNode()).toList();
        }
    }
}
