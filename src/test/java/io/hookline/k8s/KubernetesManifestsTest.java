package io.hookline.k8s;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.exc.UnrecognizedPropertyException;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * {@code k8s/}, its monitoring and each overlay rendered as kubectl applies them, every object
 * checked against the Kubernetes schema (the fabric8 model, unknown fields refused) or, for the
 * PrometheusRule CRD, against its shape.
 */
class KubernetesManifestsTest {

    private static final Path K8S = Path.of("k8s");
    private static final ObjectMapper JSON = JsonMapper.builder().build();

    static Stream<Path> kustomizations() throws IOException {
        List<Path> all = new ArrayList<>(List.of(K8S, K8S.resolve("monitoring")));
        try (Stream<Path> overlays = Files.list(K8S.resolve("overlays"))) {
            overlays.filter(Files::isDirectory).sorted().forEach(all::add);
        }
        return all.stream();
    }

    @ParameterizedTest
    @MethodSource("kustomizations")
    void everyRenderedObjectFitsTheKubernetesSchemaWithNoUnknownField(Path kustomization) throws Exception {
        List<JsonNode> objects = Kustomize.render(kustomization);

        assertThat(objects).as("objects rendered from %s", kustomization).isNotEmpty();
        for (JsonNode object : objects) {
            String what = object.path("kind").asText() + " " + object.path("metadata").path("name").asText();
            if ("PrometheusRule".equals(object.path("kind").asText())) {
                assertThat(PrometheusRuleShape.problems(object)).as(what).isEmpty();
            } else {
                assertThat(KubernetesSchema.knows(object.path("apiVersion").asText(), object.path("kind").asText()))
                        .as("%s (%s) has a schema in the test", what, object.path("apiVersion").asText()).isTrue();
                KubernetesSchema.read(object);
            }
            assertThat(object.path("metadata").path("namespace").asText()).as("namespace of %s", what)
                    .isIn("hookline", "");
        }
    }

    @Test
    void aMisspeltFieldIsRefusedNamingItsPath() throws Exception {
        JsonNode deployment = JSON.readTree("""
                {"apiVersion": "apps/v1", "kind": "Deployment", "metadata": {"name": "x"},
                 "spec": {"replica": 3, "template": {"spec": {"containers": [{"name": "x", "image": "x"}]}}}}
                """);

        assertThatThrownBy(() -> KubernetesSchema.read(deployment))
                .isInstanceOf(UnrecognizedPropertyException.class)
                .hasMessageContaining("\"replica\"")
                .hasMessageContaining("io.fabric8.kubernetes.api.model.apps.DeploymentSpec[\"replica\"]");
    }

    @Test
    void aMisspeltRuleFieldAndABadDurationAreRefusedNamingTheirPath() throws Exception {
        JsonNode rule = JSON.readTree("""
                {"apiVersion": "monitoring.coreos.com/v1", "kind": "PrometheusRule", "metadata": {"name": "x"},
                 "spec": {"groups": [{"name": "g", "rules": [{"alert": "A", "expr": "up == 0", "for": "ten minutes",
                   "anotations": {"summary": "s"}}]}]}}
                """);

        assertThat(PrometheusRuleShape.problems(rule)).containsExactly(
                "spec.groups[0].rules[0].anotations: unknown field",
                "spec.groups[0].rules[0].for: \"ten minutes\" is not a Prometheus duration");
    }

    @Test
    void productionRunsThreeSizedReplicasOnAnExternalDatabaseFromASecret() throws Exception {
        List<JsonNode> objects = Kustomize.render(K8S.resolve("overlays/production"));
        Deployment deployment = (Deployment) KubernetesSchema.read(only(objects, "Deployment"));
        Container hookline = deployment.getSpec().getTemplate().getSpec().getContainers().get(0);
        Map<String, EnvVar> env = hookline.getEnv().stream().collect(Collectors.toMap(EnvVar::getName, var -> var));
        JsonNode config = objects.stream().filter(o -> o.path("metadata").path("name").asText().equals("hookline-config"))
                .findFirst().orElseThrow().path("data");

        assertThat(deployment.getSpec().getReplicas()).isEqualTo(3);
        assertThat(hookline.getResources().getRequests()).containsKeys("cpu", "memory");
        assertThat(hookline.getResources().getLimits()).containsKeys("cpu", "memory");
        for (String variable : List.of("QUARKUS_DATASOURCE_REACTIVE_URL", "QUARKUS_DATASOURCE_JDBC_URL",
                "QUARKUS_DATASOURCE_USERNAME", "QUARKUS_DATASOURCE_PASSWORD")) {
            assertThat(env.get(variable).getValueFrom().getSecretKeyRef().getName()).as(variable).isEqualTo("hookline-database");
            assertThat(config.has(variable)).as("%s also in the ConfigMap", variable).isFalse();
        }
        assertThat(config.path("HOOKLINE_EMBEDDED_POSTGRES_ENABLED").asText()).isEqualTo("false");
        assertThat(objects).anySatisfy(o -> assertThat(o.path("metadata").path("name").asText()).isEqualTo("hookline-database"));
        PodDisruptionBudget budget = (PodDisruptionBudget) KubernetesSchema.read(only(objects, "PodDisruptionBudget"));
        assertThat(budget.getSpec().getMinAvailable().getIntVal()).isEqualTo(2);
        assertThat(only(objects, "HorizontalPodAutoscaler").path("spec").path("minReplicas").asInt()).isEqualTo(3);
        assertThat(only(objects, "PrometheusRule").path("spec").path("groups").get(0).path("rules")).isNotEmpty();
        JsonNode dashboard = objects.stream().filter(o -> o.path("metadata").path("name").asText().equals("hookline-dashboard"))
                .findFirst().orElseThrow();
        assertThat(dashboard.path("metadata").path("labels").path("grafana_dashboard").asText()).isEqualTo("1");
        assertThat(JSON.readTree(dashboard.path("data").path("hookline-dashboard.json").asText()).path("panels")).isNotEmpty();
    }

    private static JsonNode only(List<JsonNode> objects, String kind) {
        List<JsonNode> ofKind = objects.stream().filter(o -> kind.equals(o.path("kind").asText())).toList();
        assertThat(ofKind).as(kind).hasSize(1);
        return ofKind.get(0);
    }
}
