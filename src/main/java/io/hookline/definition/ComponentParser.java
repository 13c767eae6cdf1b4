package io.hookline.definition;

import com.google.re2j.Pattern;
import com.google.re2j.PatternSyntaxException;
import io.hookline.definition.yaml.Documents;
import io.hookline.definition.yaml.FieldPath;
import io.hookline.definition.yaml.LocatedMapping;
import io.hookline.definition.yaml.LocatedNode;
import io.hookline.definition.yaml.ParseFindings;
import io.hookline.definition.yaml.SourcePosition;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Reads a Hookline component definition (YAML or JSON):
 *
 * <pre>
 * kind: component           # optional; if present, "component"
 * name: slack               # required; owner (default polyaxon) and tag (default latest) optional
 * connectionKinds: [slack]  # the connection kinds it can be sent through; empty = any
 * inputs: [V1IO, ...]
 * outputs: [V1IO, ...]
 * request: {method: POST, path: /api/..., headers: {...}, body: "..."}   # Qute templates, checked by the caller's checker
 * </pre>
 */
public final class ComponentParser {

    private ComponentParser() {
    }

    /**
     * @param pathPrefix path of the definition in violations ({@code definition} gives
     *                   {@code definition.inputs[0].name}); empty for top-level fields
     * @param templates  checks each header value and the body; its problems are reported at them
     * @return the component, or a null value when the text has no usable name
     */
    public static ParseResult<ComponentSpec> parse(String text, String pathPrefix, TemplateChecker templates) {
        ParseFindings findings = new ParseFindings();
        LocatedNode root = Documents.read(text, pathPrefix, findings);
        String documentName = pathPrefix.isEmpty() ? "the component definition" : pathPrefix;
        if (root == null && findings.violations.isEmpty()) {
            findings.add(pathPrefix, documentName + " is empty; a component needs at least `name` and `request`",
                    SourcePosition.NONE);
        }
        if (root == null) {
            return findings.result(null);
        }
        if (!root.isMapping()) {
            findings.add(pathPrefix, documentName + " must be a mapping with at least `name` and `request`, found "
                    + LocatedMapping.describe(root), root.position);
            return findings.result(null);
        }
        LocatedMapping component = LocatedMapping.open(root, pathPrefix, "a component", ComponentSpec.FIELDS, findings);
        String kind = component.string("kind");
        if (kind != null && !kind.equals("component")) {
            findings.add(component.path("kind"), "kind must be `component` (or left out), not `" + kind + "`",
                    component.node("kind").position);
        }
        HubRef hubRef = readHubRef(component, findings);
        List<IoSpec> inputs = readIos(component, "inputs", findings);
        List<IoSpec> outputs = readIos(component, "outputs", findings);
        reportRepeatedIoNames(component, inputs, outputs, findings);
        RequestSpec request = readRequest(component, templates, findings);
        ComponentSpec spec = hubRef == null ? null : new ComponentSpec(hubRef, component.string("description"),
                component.strings("connectionKinds"), inputs, outputs, request);
        return findings.result(spec);
    }

    private static HubRef readHubRef(LocatedMapping component, ParseFindings findings) {
        String name = component.string("name");
        String owner = component.string("owner");
        String tag = component.string("tag");
        boolean valid = true;
        if (name == null || name.isBlank()) {
            if (!component.has("name") || component.node("name").isNull()) {
                findings.add(component.path("name"), "name is required: the component's name, used in hubRef"
                        + " (e.g. `name: slack` for `hubRef: slack`)", component.position());
            }
            valid = false;
        } else if (!HubRef.isValidName(name)) {
            findings.add(component.path("name"), "name `" + name + "` is not a valid component name"
                    + " (letters, digits, `-`, `_`)", component.node("name").position);
            valid = false;
        }
        if (owner != null && !HubRef.isValidName(owner)) {
            findings.add(component.path("owner"), "owner `" + owner + "` is not a valid owner name"
                    + " (letters, digits, `-`, `_`); leave it out for `" + HubRef.DEFAULT_OWNER + "`",
                    component.node("owner").position);
            valid = false;
        }
        if (tag != null && !HubRef.isValidTag(tag)) {
            findings.add(component.path("tag"), "tag `" + tag + "` is not a valid tag (letters, digits, `.`, `-`, `_`);"
                    + " leave it out for `" + HubRef.DEFAULT_TAG + "`", component.node("tag").position);
            valid = false;
        }
        return valid ? new HubRef(owner == null ? HubRef.DEFAULT_OWNER : owner, name,
                tag == null ? HubRef.DEFAULT_TAG : tag) : null;
    }

    private static List<IoSpec> readIos(LocatedMapping component, String field, ParseFindings findings) {
        List<IoSpec> ios = new ArrayList<>();
        List<LocatedNode> items = component.list(field, "a list of inputs/outputs (`- name: ...`)");
        for (int i = 0; i < items.size(); i++) {
            String path = FieldPath.item(component.path(field), i);
            LocatedNode item = items.get(i);
            if (item.isMapping()) {
                ios.add(readIo(item, path, findings));
            } else {
                findings.add(path, "an input/output must be a mapping with at least `name`, found "
                        + LocatedMapping.describe(item), item.position);
            }
        }
        return ios;
    }

    /** Polyaxon's V1IO, with the checks of its {@code validate_io} and {@code handle_validation}. */
    private static IoSpec readIo(LocatedNode node, String path, ParseFindings findings) {
        LocatedMapping io = LocatedMapping.open(node, path, "an input/output", IoSpec.FIELDS, findings);
        String name = io.string("name");
        if (name == null || name.isBlank()) {
            if (!io.has("name") || io.node("name").isNull()) {
                findings.add(io.path("name"), "name is required: the name params use to set this input/output",
                        io.position());
            }
        } else if (IoSpec.RESERVED_NAMES.contains(name)) {
            findings.add(io.path("name"), "name `" + name + "` is taken by the template context ("
                    + String.join(", ", IoSpec.RESERVED_NAMES) + "); choose another name", io.node("name").position);
        }
        String type = io.string("type");
        if (type != null && IoType.named(type).isEmpty()) {
            String hint = Suggestions.closest(type, IoType.wireNames()).map(t -> "; did you mean `" + t + "`?")
                    .orElse("; use one of " + String.join(", ", IoType.wireNames()));
            findings.add(io.path("type"), "type `" + type + "` is not a Polyaxon IO type" + hint, io.node("type").position);
        }
        Boolean isOptional = io.bool("isOptional");
        Boolean isFlag = io.bool("isFlag");
        Object value = io.plain("value");
        IoValidation validation = readValidation(io, findings);
        IoSpec spec = new IoSpec(name, type, io.string("description"), isOptional, io.bool("isList"), isFlag,
                io.string("argFormat"), value, validation, io.string("connection"), io.bool("toInit"),
                io.string("toEnv"));
        String label = "`" + name + "`";
        if (value != null && Boolean.FALSE.equals(isOptional)) {
            findings.add(io.path("value"), label + " has a default value but isOptional: false; remove the value, or"
                    + " make it optional (a default alone makes an input optional)", io.node("value").position);
        }
        if (Boolean.TRUE.equals(isFlag) && !"bool".equals(type)) {
            findings.add(io.path("isFlag"), "isFlag needs type `bool`, but " + label + " has type `" + type + "`",
                    io.node("isFlag").position);
        }
        if (value != null && (type == null || IoType.named(type).isPresent())) {
            spec.problemWith(value).ifPresent(problem -> findings.add(io.path("value"),
                    "the default value of " + label + " " + problem, io.node("value").position));
        }
        return spec;
    }

    private static IoValidation readValidation(LocatedMapping io, ParseFindings findings) {
        LocatedNode node = io.mapping("validation", "a mapping of checks (e.g. `{gt: 0, le: 1}`)");
        // Polyaxon's handle_validation moves the deprecated top-level options/delayValidation into validation.
        Boolean delay = io.bool("delayValidation");
        List<Object> deprecatedOptions = options(io, findings);
        if (node == null) {
            return delay == null && deprecatedOptions == null ? null : new IoValidation(delay, null, null, null, null,
                    null, null, null, null, null, null, null, null, null, deprecatedOptions, null, null, null, null, null);
        }
        LocatedMapping v = LocatedMapping.open(node, io.path("validation"), "a validation", IoValidation.FIELDS,
                findings);
        String regex = v.string("regex");
        if (regex != null) {
            try {
                Pattern.compile(regex);
            } catch (PatternSyntaxException e) {
                findings.add(v.path("regex"), "regex `" + regex + "` does not compile: " + e.getDescription(),
                        v.node("regex").position);
                regex = null;
            }
        }
        Boolean validationDelay = v.bool("delay");
        List<Object> options = v.has("options") ? options(v, findings) : deprecatedOptions;
        return new IoValidation(validationDelay != null ? validationDelay : delay, v.number("gt"), v.number("ge"),
                v.number("lt"), v.number("le"), v.number("multipleOf"), v.count("minDigits"), v.count("maxDigits"),
                v.count("decimalPlaces"), regex, v.count("minLength"), v.count("maxLength"), v.plain("contains"),
                v.plain("excludes"), options, v.count("minItems"), v.count("maxItems"),
                v.has("keys") ? v.strings("keys") : null,
                v.has("containsKeys") ? v.strings("containsKeys") : null,
                v.has("excludesKeys") ? v.strings("excludesKeys") : null);
    }

    private static List<Object> options(LocatedMapping mapping, ParseFindings findings) {
        Object options = mapping.plain("options");
        if (options == null || options instanceof List<?>) {
            @SuppressWarnings("unchecked")
            List<Object> list = (List<Object>) options;
            return list;
        }
        findings.add(mapping.path("options"), "options must be a list of the allowed values, found "
                + LocatedMapping.describe(options), mapping.node("options").position);
        return null;
    }

    private static void reportRepeatedIoNames(LocatedMapping component, List<IoSpec> inputs, List<IoSpec> outputs,
            ParseFindings findings) {
        // A param is matched to an input or output by name alone, so a name must mean one thing.
        Map<String, String> seen = new HashMap<>();
        for (String field : List.of("inputs", "outputs")) {
            List<IoSpec> ios = field.equals("inputs") ? inputs : outputs;
            for (int i = 0; i < ios.size(); i++) {
                String name = ios.get(i).name();
                String where = field.equals("inputs") ? "an input" : "an output";
                String previous = name == null ? null : seen.putIfAbsent(name, where);
                if (previous != null) {
                    String path = FieldPath.child(FieldPath.item(component.path(field), i), "name");
                    findings.add(path, "`" + name + "` is already " + previous
                            + "; input and output names must be unique", findings.positions.of(path));
                }
            }
        }
    }

    private static RequestSpec readRequest(LocatedMapping component, TemplateChecker templates,
            ParseFindings findings) {
        LocatedNode node = component.mapping("request", "a mapping with method, headers and body");
        if (node == null) {
            if (!component.has("request")) {
                findings.add(component.path("request"), "request is required: the HTTP request this component sends"
                        + " (method, headers, body)", component.position());
            }
            return null;
        }
        LocatedMapping request = LocatedMapping.open(node, component.path("request"), "a request", RequestSpec.FIELDS,
                findings);
        String method = request.string("method");
        if (method != null) {
            method = method.toUpperCase(Locale.ROOT);
            if (!RequestSpec.METHODS.contains(method)) {
                findings.add(request.path("method"), "method must be one of " + String.join(", ", RequestSpec.METHODS)
                        + ", not `" + request.string("method") + "`", request.node("method").position);
            }
        }
        Map<String, String> headers = new LinkedHashMap<>();
        LocatedNode headersNode = request.mapping("headers", "a mapping of header name to value");
        if (headersNode != null) {
            String headersPath = request.path("headers");
            Documents.entries(headersNode, headersPath, findings).forEach((header, valueNode) -> {
                String path = FieldPath.child(headersPath, header);
                String value = LocatedMapping.string(valueNode, path, findings);
                if (RequestSpec.isReservedHeader(header)) {
                    findings.add(path, "header `" + header + "` cannot be set by a component: " + RequestSpec.RESERVED_HEADERS_REASON,
                            valueNode.position);
                } else if (value != null) {
                    headers.put(header, value);
                    templates.problem(value).ifPresent(problem -> findings.add(path,
                            "header `" + header + "` is not a valid template: " + problem, valueNode.position));
                }
            });
        }
        String body = request.string("body");
        if (body != null) {
            templates.problem(body).ifPresent(problem -> findings.add(request.path("body"),
                    "body is not a valid template: " + problem, request.node("body").position));
        }
        String path = request.string("path");
        if (path != null) {
            templates.problem(path).ifPresent(problem -> findings.add(request.path("path"),
                    "path is not a valid template: " + problem, request.node("path").position));
            if (!path.startsWith("/")) {
                findings.add(request.path("path"), "path must start with `/`: it is appended to the connection's URL",
                        request.node("path").position);
            }
        }
        return new RequestSpec(method == null ? "POST" : method, headers, body, path);
    }
}
