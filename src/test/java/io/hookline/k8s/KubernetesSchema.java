package io.hookline.k8s;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import tools.jackson.databind.DeserializationConfig;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.BeanDescription;
import tools.jackson.databind.deser.BeanDeserializerBuilder;
import tools.jackson.databind.deser.ValueDeserializerModifier;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.module.SimpleModule;

import java.util.Map;

/**
 * Reads a rendered object into the fabric8 model class of its apiVersion and kind, refusing any
 * field the Kubernetes schema does not have. fabric8's classes keep unknown fields in an
 * {@code additionalProperties} map (a Jackson any-setter), which would let a misspelt
 * {@code replica:} through; the any-setter is taken off, so Jackson's
 * {@code FAIL_ON_UNKNOWN_PROPERTIES} names the field and its path instead.
 */
final class KubernetesSchema {

    /** The kinds Hookline's manifests use, by {@code apiVersion/kind}. */
    private static final Map<String, Class<?>> TYPES = Map.of(
            "v1/Namespace", Namespace.class,
            "v1/ConfigMap", ConfigMap.class,
            "v1/Secret", Secret.class,
            "v1/Service", Service.class,
            "apps/v1/Deployment", Deployment.class,
            "policy/v1/PodDisruptionBudget", PodDisruptionBudget.class,
            "autoscaling/v2/HorizontalPodAutoscaler", HorizontalPodAutoscaler.class,
            "networking.k8s.io/v1/NetworkPolicy", NetworkPolicy.class);

    // fabric8 8 is built on Jackson 3 (tools.jackson); the manifests are read with Jackson 2's YAML.
    private static final JsonMapper STRICT = JsonMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .addModule(new SimpleModule("no-additional-properties").setDeserializerModifier(new ValueDeserializerModifier() {
                @Override
                public BeanDeserializerBuilder updateBuilder(DeserializationConfig config, BeanDescription.Supplier description,
                                                             BeanDeserializerBuilder builder) {
                    builder.setAnySetter(null);
                    return builder;
                }
            }))
            .build();

    private KubernetesSchema() {
    }

    static boolean knows(String apiVersion, String kind) {
        return TYPES.containsKey(apiVersion + "/" + kind);
    }

    /**
     * @throws tools.jackson.databind.DatabindException naming the first field the schema does not have, with its path
     * @throws IllegalArgumentException for a kind not in {@link #TYPES}
     */
    static Object read(JsonNode object) {
        String key = object.path("apiVersion").asText() + "/" + object.path("kind").asText();
        Class<?> type = TYPES.get(key);
        if (type == null) {
            throw new IllegalArgumentException("no schema for " + key);
        }
        return STRICT.readValue(object.toString(), type);
    }
}
