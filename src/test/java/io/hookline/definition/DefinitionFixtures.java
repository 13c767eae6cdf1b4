package io.hookline.definition;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/** The components, connections and checkers the spec tests validate against. */
final class DefinitionFixtures {

    /** Stands in for the Qute-based checker: refuses unbalanced `{{`/`}}` and empty expressions. */
    static final ConditionChecker CONDITIONS = expression -> {
        int open = expression.split("\\{\\{", -1).length - 1;
        int close = expression.split("}}", -1).length - 1;
        if (open != close) {
            return Optional.of("unbalanced {{ }}");
        }
        return expression.replace("{{", "").replace("}}", "").isBlank()
                ? Optional.of("the expression is empty") : Optional.empty();
    };

    /** Stands in for the Qute-based template checker: refuses unbalanced braces. */
    static final TemplateChecker TEMPLATES = template -> template.chars().filter(c -> c == '{').count()
            == template.chars().filter(c -> c == '}').count() ? Optional.empty() : Optional.of("unbalanced braces");

    static final ConnectionLookup CONNECTIONS = ConnectionLookup.of(Map.of("slack-notification", "slack",
            "slack-connection", "slack", "some-connection", "webhook", "ops-webhook", "webhook"));

    static final Map<HubRef, ComponentSpec> COMPONENT_MAP = List.of("slack", "tensorboard", "my-component-dev")
            .stream().map(name -> component(resource("/definition/components/" + name + ".yaml")))
            .collect(Collectors.toMap(ComponentSpec::hubRef, Function.identity()));

    static final ComponentLookup COMPONENTS = ref -> Optional.ofNullable(COMPONENT_MAP.get(ref));

    private DefinitionFixtures() {
    }

    /** What intake reports for a hooks_yaml document: parse violations, then semantic ones, located. */
    static List<Violation> parseAndValidate(String document, String prefix) {
        ParseResult<List<HookSpec>> parsed = HookParser.parse(document, prefix);
        List<Violation> all = new ArrayList<>(parsed.violations());
        all.addAll(parsed.positions().locate(
                HookValidator.validate(parsed.value(), prefix, COMPONENTS, CONNECTIONS, CONDITIONS)));
        return all;
    }

    static ComponentSpec component(String yaml) {
        ParseResult<ComponentSpec> parsed = ComponentParser.parse(yaml, "", TEMPLATES);
        if (!parsed.valid()) {
            throw new IllegalStateException("test component is invalid: " + parsed.violations());
        }
        return parsed.value();
    }

    static String resource(String path) {
        try (InputStream in = DefinitionFixtures.class.getResourceAsStream(path)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
