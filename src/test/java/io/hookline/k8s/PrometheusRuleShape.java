package io.hookline.k8s;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A PrometheusRule is a CRD (monitoring.coreos.com/v1), with no class in the fabric8 model:
 * checked here against the fields of the Prometheus Operator's CRD and Prometheus's rule format.
 * Written by hand because the operator's own Java model is not on Maven Central under the
 * kubernetes-client-bom this project uses.
 */
final class PrometheusRuleShape {

    private static final Set<String> TOP = Set.of("apiVersion", "kind", "metadata", "spec");
    private static final Set<String> METADATA = Set.of("name", "namespace", "labels", "annotations");
    private static final Set<String> GROUP = Set.of("name", "interval", "rules", "limit", "partial_response_strategy");
    private static final Set<String> RULE = Set.of("alert", "record", "expr", "for", "keep_firing_for", "labels", "annotations");
    /** Prometheus's duration: 90s, 10m, 1h30m. */
    private static final Pattern DURATION = Pattern.compile("([0-9]+(ms|s|m|h|d|w|y))+");

    private PrometheusRuleShape() {
    }

    /** Every problem, each with its path; empty when the object is a well-formed PrometheusRule. */
    static List<String> problems(JsonNode rule) {
        List<String> problems = new ArrayList<>();
        keys(rule, "", TOP, problems);
        if (!"monitoring.coreos.com/v1".equals(rule.path("apiVersion").asText())) {
            problems.add("apiVersion: must be monitoring.coreos.com/v1");
        }
        keys(rule.path("metadata"), "metadata.", METADATA, problems);
        if (rule.path("metadata").path("name").asText().isEmpty()) {
            problems.add("metadata.name: is required");
        }
        JsonNode groups = rule.path("spec").path("groups");
        keys(rule.path("spec"), "spec.", Set.of("groups"), problems);
        if (!groups.isArray() || groups.isEmpty()) {
            problems.add("spec.groups: must be a list of at least one group");
            return problems;
        }
        for (int g = 0; g < groups.size(); g++) {
            String path = "spec.groups[" + g + "]";
            JsonNode group = groups.get(g);
            keys(group, path + ".", GROUP, problems);
            if (group.path("name").asText().isEmpty()) {
                problems.add(path + ".name: is required");
            }
            JsonNode rules = group.path("rules");
            if (!rules.isArray() || rules.isEmpty()) {
                problems.add(path + ".rules: must be a list of at least one rule");
                continue;
            }
            for (int r = 0; r < rules.size(); r++) {
                rule(rules.get(r), path + ".rules[" + r + "]", problems);
            }
        }
        return problems;
    }

    private static void rule(JsonNode rule, String path, List<String> problems) {
        keys(rule, path + ".", RULE, problems);
        if (rule.has("alert") == rule.has("record")) {
            problems.add(path + ": must have exactly one of alert and record");
        }
        if (!rule.path("expr").isTextual() || rule.path("expr").asText().isBlank()) {
            problems.add(path + ".expr: is required text");
        }
        for (String duration : List.of("for", "keep_firing_for")) {
            if (rule.has(duration) && !DURATION.matcher(rule.get(duration).asText()).matches()) {
                problems.add(path + "." + duration + ": \"" + rule.get(duration).asText() + "\" is not a Prometheus duration");
            }
        }
        for (String map : List.of("labels", "annotations")) {
            if (rule.has(map)) {
                rule.get(map).fields().forEachRemaining(entry -> {
                    if (!entry.getValue().isTextual()) {
                        problems.add(path + "." + map + "." + entry.getKey() + ": must be text");
                    }
                });
            }
        }
    }

    private static void keys(JsonNode node, String path, Set<String> allowed, List<String> problems) {
        if (!node.isObject()) {
            if (!node.isMissingNode()) {
                problems.add(path + ": must be a mapping");
            }
            return;
        }
        node.fieldNames().forEachRemaining(key -> {
            if (!allowed.contains(key)) {
                problems.add(path + key + ": unknown field");
            }
        });
    }
}
