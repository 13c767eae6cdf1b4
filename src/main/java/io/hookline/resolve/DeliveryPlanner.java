package io.hookline.resolve;

import io.hookline.connections.Connection;
import io.hookline.connections.ConnectionCatalog;
import io.hookline.outbox.DeliveryState;
import io.hookline.render.polyaxon.ConditionEvaluator;
import io.hookline.render.polyaxon.ConditionResult;
import io.hookline.render.RenderResult;
import io.hookline.render.RenderedRequest;
import io.hookline.render.RequestRenderer;
import io.hookline.render.RequestTemplate;
import io.hookline.connections.SecretMarker;
import io.hookline.render.polyaxon.TemplateStrings;
import io.hookline.definition.ComponentSpec;
import io.hookline.definition.HookSpec;
import io.hookline.definition.HubRef;
import io.hookline.definition.IoSpec;
import io.hookline.definition.ParamSpec;
import io.hookline.definition.Violation;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * Decides, for each hook that applies to a finished run, whether it fires and exactly what it
 * sends. Pure and in memory (definitions come from {@link Definitions}), so intake can plan a
 * whole batch inside its commit and Preview can show the same plan without storing anything.
 * One hook's problem is recorded on that hook's delivery; the others go on.
 */
@ApplicationScoped
public class DeliveryPlanner {

    private final TemplateStrings strings;
    private final ConditionEvaluator conditions;
    private final RequestRenderer renderer;
    private final Definitions definitions;
    private final ConnectionCatalog connections;
    private final HookValidation validation;

    DeliveryPlanner(TemplateStrings strings, ConditionEvaluator conditions, RequestRenderer renderer,
                    Definitions definitions, ConnectionCatalog connections, HookValidation validation) {
        this.validation = validation;
        this.strings = strings;
        this.conditions = conditions;
        this.renderer = renderer;
        this.definitions = definitions;
        this.connections = connections;
    }

    public List<HookPlan> plan(String eventId, RunFacts run, String previousStatus, List<SourcedHook> hooks) {
        List<HookPlan> plans = new ArrayList<>(hooks.size());
        for (int i = 0; i < hooks.size(); i++) {
            plans.add(planOne(eventId, run, previousStatus, i, hooks.get(i)));
        }
        return plans;
    }

    private HookPlan planOne(String eventId, RunFacts run, String previousStatus, int index, SourcedHook sourced) {
        HookPresets.Applied withPresets = HookPresets.apply(sourced.hook(), definitions::preset);
        HookSpec hook = withPresets.hook();
        UUID id = UUID.randomUUID();
        String trigger = Triggers.effective(hook.trigger());
        Outcome outcome = new Outcome(id, index, sourced.source(), displayedHubRef(hook.hubRef()),
                hook.connection(), trigger, hook.queue());
        if (!Triggers.matches(hook.trigger(), run.status())) {
            return outcome.notTriggered("trigger `" + trigger + "` does not match status `" + run.status() + "`");
        }
        if (withPresets.missingPreset().isPresent()) {
            return outcome.failed("presets: no preset named `" + withPresets.missingPreset().get()
                    + "`; store it with HookAdmin.PutPreset");
        }
        Map<String, Object> userParams = new LinkedHashMap<>();
        hook.params().forEach((name, param) -> userParams.put(name, param.value()));
        Map<String, Object> context = RunContext.of(run, previousStatus, userParams);

        // Polyaxon renders every string field of a hook against the run's context first.
        RenderResult<String> hubRefText = strings.render(hook.hubRef(), context);
        if (hubRefText instanceof RenderResult.Failed<String> f) {
            return outcome.failed("hubRef: " + f.error().reason());
        }
        String renderedHubRef = ((RenderResult.Ok<String>) hubRefText).value();
        outcome.hubRef = renderedHubRef;
        Optional<String> hubRefProblem = HubRef.problem(renderedHubRef);
        if (hubRefProblem.isPresent()) {
            return outcome.failed("hubRef `" + renderedHubRef + "`: " + hubRefProblem.get());
        }
        HubRef ref = HubRef.parse(renderedHubRef);
        outcome.hubRef = ref.toString();
        String connectionName = null;
        if (hook.connection() != null) {
            RenderResult<String> rendered = strings.render(hook.connection(), context);
            if (rendered instanceof RenderResult.Failed<String> f) {
                return outcome.failed("connection: " + f.error().reason());
            }
            connectionName = ((RenderResult.Ok<String>) rendered).value();
            outcome.connection = connectionName;
        }
        String queue = hook.queue();
        if (queue != null) {
            RenderResult<String> rendered = strings.render(queue, context);
            if (rendered instanceof RenderResult.Failed<String> f) {
                return outcome.failed("queue: " + f.error().reason());
            }
            queue = ((RenderResult.Ok<String>) rendered).value();
            outcome.queue = queue;
        }
        Map<String, ParamSpec> renderedParams = new LinkedHashMap<>();
        for (Map.Entry<String, ParamSpec> p : hook.params().entrySet()) {
            ParamSpec param = p.getValue();
            if (param.value() instanceof String text && param.ref() == null) {
                RenderResult<String> rendered = strings.render(text, context);
                if (rendered instanceof RenderResult.Failed<String> f) {
                    return outcome.failed("params." + p.getKey() + ".value: " + f.error().reason());
                }
                param = new ParamSpec(((RenderResult.Ok<String>) rendered).value(), param.ref(), param.contextOnly(),
                        param.connection(), param.toInit(), param.toEnv());
            }
            renderedParams.put(p.getKey(), param);
        }
        HookSpec rendered = new HookSpec(hook.trigger(), connectionName, ref.toString(), hook.conditions(), queue,
                hook.namespace(), hook.presets(), hook.disableDefaults(), hook.disableDefaultsExpr(), renderedParams);

        // What only shows once the fields are rendered: an unknown component or connection,
        // params that do not fit the component. A hook without {{ }} was checked when it was
        // accepted (event) or stored (project, preset); only its component may have gone since.
        // Presets may have added params, so a hook with presets is checked again too.
        if (hasTemplates(hook) || !hook.presets().isEmpty()) {
            List<Violation> violations = validation.check(List.of(rendered), "hook");
            if (!violations.isEmpty()) {
                return outcome.failed(violations.stream().map(Violation::toString).collect(Collectors.joining("; ")));
            }
        }
        Optional<ComponentSpec> found = definitions.find(ref);
        if (found.isEmpty()) {
            return outcome.failed("hubRef `" + ref + "` names no component (it may have been deleted)");
        }
        ComponentSpec component = found.get();
        Optional<Connection> connection = Optional.ofNullable(connectionName).flatMap(connections::find);
        if (connection.isEmpty()) {
            return outcome.failed("no connection: set `connection:` to one of " + connections.names());
        }

        Map<String, Object> params = new LinkedHashMap<>();
        RenderResult<Boolean> defaultsOff = defaultsDisabled(rendered, context);
        if (defaultsOff instanceof RenderResult.Failed<Boolean> f) {
            return outcome.failed("disableDefaults: " + f.error().reason());
        }
        if (!((RenderResult.Ok<Boolean>) defaultsOff).value()) {
            params.putAll(RunContext.defaultParams(run));
        }
        for (IoSpec io : component.inputs()) {
            if (io.value() != null) {
                params.put(io.name(), io.value());
            }
        }
        // Polyaxon overwrites a user param with a default of the same name; the user's wins here.
        renderedParams.forEach((name, param) -> params.put(name, param.value()));
        Map<String, Object> conditionContext = RunContext.of(run, previousStatus, params);
        params.forEach(conditionContext::putIfAbsent);

        if (hook.conditions() != null && !hook.conditions().isBlank()) {
            ConditionResult holds = conditions.evaluate(hook.conditions(), conditionContext);
            if (holds instanceof ConditionResult.Failed failed) {
                return outcome.skipped("condition `" + hook.conditions() + "` could not be evaluated: "
                        + failed.error().reason());
            }
            if (holds instanceof ConditionResult.False) {
                return outcome.skipped("condition `" + hook.conditions() + "` is false");
            }
        }

        Map<String, Object> data = new LinkedHashMap<>(conditionContext);
        data.putAll(params);
        data.put("hook", Map.of("hub_ref", ref.toString(), "trigger", trigger, "connection", connectionName,
                "source", sourced.source()));
        data.put("connection", connectionData(connection.get()));
        data.put("delivery", Map.of("id", id.toString(), "event_id", eventId));
        RenderResult<RenderedRequest> request = renderer.render(
                new RequestTemplate(component.request().method(), component.request().headers(),
                        component.request().body()), data);
        if (request instanceof RenderResult.Failed<RenderedRequest> f) {
            return outcome.failed("request: " + f.error().reason());
        }
        return outcome.pending(((RenderResult.Ok<RenderedRequest>) request).value());
    }

    private static boolean hasTemplates(HookSpec hook) {
        return HookSpec.isTemplate(hook.hubRef()) || HookSpec.isTemplate(hook.connection())
                || HookSpec.isTemplate(hook.queue())
                || hook.params().values().stream().anyMatch(p -> p.value() instanceof String v && HookSpec.isTemplate(v));
    }

    /** The normalised reference when the text is one; a {@code {{ }}} template as written. */
    private static String displayedHubRef(String hubRef) {
        return HookSpec.isTemplate(hubRef) || HubRef.problem(hubRef).isPresent()
                ? hubRef : HubRef.parse(hubRef).toString();
    }

    private RenderResult<Boolean> defaultsDisabled(HookSpec hook, Map<String, Object> context) {
        if (hook.disableDefaultsExpr() != null && !hook.disableDefaultsExpr().isBlank()) {
            ConditionResult result = conditions.evaluate(hook.disableDefaultsExpr(), context);
            if (result instanceof ConditionResult.Failed failed) {
                return RenderResult.failed(failed.error());
            }
            return RenderResult.ok(result instanceof ConditionResult.True);
        }
        return RenderResult.ok(Boolean.TRUE.equals(hook.disableDefaults()));
    }

    /** What templates see of a connection: never its URL or secret, only the secret's marker. */
    private static Map<String, Object> connectionData(Connection connection) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("name", connection.name());
        data.put("kind", connection.kind().yamlName());
        data.put("secret", connection.secret().isPresent() ? SecretMarker.TOKEN : null);
        data.put("settings", connection.settings());
        return data;
    }

    /** Accumulates what is known about one hook while it is planned. */
    private static final class Outcome {
        private final UUID id;
        private final int index;
        private final String source;
        private final String trigger;
        private String hubRef;
        private String connection;
        private String queue;

        Outcome(UUID id, int index, String source, String hubRef, String connection, String trigger, String queue) {
            this.id = id;
            this.index = index;
            this.source = source;
            this.hubRef = hubRef;
            this.connection = connection;
            this.trigger = trigger;
            this.queue = queue;
        }

        HookPlan notTriggered(String reason) {
            return build(false, null, reason, null);
        }

        HookPlan failed(String reason) {
            return build(true, DeliveryState.FAILED, reason, null);
        }

        HookPlan skipped(String reason) {
            return build(true, DeliveryState.SKIPPED, reason, null);
        }

        HookPlan pending(RenderedRequest request) {
            return build(true, DeliveryState.PENDING, null, request);
        }

        private HookPlan build(boolean triggered, DeliveryState state, String reason, RenderedRequest request) {
            return new HookPlan(id, index, source, hubRef == null ? "" : hubRef, connection == null ? "" : connection,
                    trigger, queue == null ? "" : queue, triggered, state, reason, request);
        }
    }
}
