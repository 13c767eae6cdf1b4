package io.hookline.resolve;

import io.hookline.store.Definitions;
import io.hookline.connections.Connection;
import io.hookline.connections.ConnectionCatalog;
import io.hookline.connections.ConnectionKind;
import io.hookline.connections.SecretMarker;
import io.hookline.definition.ComponentSpec;
import io.hookline.definition.HookSpec;
import io.hookline.definition.HookValidator;
import io.hookline.definition.HubRef;
import io.hookline.definition.IoSpec;
import io.hookline.definition.Violation;
import io.hookline.render.RenderError;
import io.hookline.render.RenderResult;
import io.hookline.render.RenderedRequest;
import io.hookline.render.RequestRenderer;
import io.hookline.render.RequestTemplate;
import io.hookline.render.polyaxon.ConditionEvaluator;
import io.hookline.render.polyaxon.ConditionResult;
import io.hookline.render.polyaxon.TemplateStrings;
import io.hookline.resolve.HookPlan.Decision;
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

    /** The built-in component that creates a Polyaxon run of a hubRef Hookline has no component for. */
    static final HubRef POLYAXON_OPERATION = new HubRef("hookline", "polyaxon-operation", HubRef.DEFAULT_TAG);

    private final TemplateStrings strings;
    private final ConditionEvaluator conditions;
    private final RequestRenderer renderer;
    private final Definitions definitions;
    private final ConnectionCatalog connections;
    private final HookValidation validation;
    private final ParamRenderer params;
    private final RunLinks links;

    DeliveryPlanner(TemplateStrings strings, ConditionEvaluator conditions, RequestRenderer renderer,
                    Definitions definitions, ConnectionCatalog connections, HookValidation validation, RunLinks links) {
        this.validation = validation;
        this.strings = strings;
        this.params = new ParamRenderer(strings);
        this.links = links;
        this.conditions = conditions;
        this.renderer = renderer;
        this.definitions = definitions;
        this.connections = connections;
    }

    /** Plans hooks whose refs read only the reported run; a ref to another run is refused as not looked up. */
    public List<HookPlan> plan(String eventId, RunFacts run, String previousStatus, List<SourcedHook> hooks) {
        return plan(eventId, run, previousStatus, hooks, StoredRuns.none());
    }

    /** @param stored the runs the hooks' refs name, found with {@link StoredRunLookup} */
    public List<HookPlan> plan(String eventId, RunFacts run, String previousStatus, List<SourcedHook> hooks,
                               StoredRuns stored) {
        List<HookPlan> plans = new ArrayList<>(hooks.size());
        RunFacts linked = links.withUrl(run);
        for (int i = 0; i < hooks.size(); i++) {
            plans.add(planOne(eventId, linked, previousStatus, stored, i, hooks.get(i)));
        }
        return plans;
    }

    private HookPlan planOne(String eventId, RunFacts run, String previousStatus, StoredRuns stored, int index,
                             SourcedHook sourced) {
        HookPresets.Applied withPresets = HookPresets.apply(sourced.hook(), definitions::preset);
        HookSpec hook = withPresets.hook();
        Draft draft = new Draft(index, sourced.source(), hook);
        if (!Triggers.matches(hook.trigger(), run.status())) {
            return draft.notTriggered("trigger `" + draft.trigger + "` does not match status `" + run.status() + "`");
        }
        if (withPresets.missingPreset().isPresent()) {
            return draft.failed("presets: no preset named `" + withPresets.missingPreset().get()
                    + "`; store it with HookAdmin.PutPreset");
        }
        Map<String, Object> context = RunContext.of(run, previousStatus, paramValues(hook));
        return renderHookFields(hook, run, stored, context, draft)
                .flatMap(rendered -> checkRenderedHook(hook, rendered, run.project()))
                .flatMap(rendered -> findTarget(rendered, run.project(), draft))
                .flatMap(target -> mergeParams(run, target, context)
                        .flatMap(params -> decide(eventId, run, previousStatus, draft, target, params)))
                .orElseGet(error -> draft.failed(error.reason()));
    }

    /** With its params known, a hook is skipped by its condition or sends its rendered request. */
    private RenderResult<HookPlan> decide(String eventId, RunFacts run, String previousStatus, Draft draft,
                                          Target target, Map<String, Object> params) {
        Map<String, Object> conditionContext = RunContext.of(run, previousStatus, params);
        params.forEach(conditionContext::putIfAbsent);
        Optional<String> skipped = checkCondition(target.hook().conditions(), conditionContext);
        if (skipped.isPresent()) {
            return RenderResult.ok(draft.skipped(skipped.get()));
        }
        return renderRequest(eventId, draft, target, params, conditionContext).map(draft::send);
    }

    /**
     * Polyaxon renders every string field of a hook against the run's context first. The draft
     * learns each field as soon as it is rendered, so a failure shows what rendered before it.
     */
    private RenderResult<RenderedHook> renderHookFields(HookSpec hook, RunFacts run, StoredRuns stored,
                                                        Map<String, Object> context, Draft draft) {
        return renderHubRef(hook.hubRef(), context, draft).flatMap(ref ->
                renderField("connection", hook.connection(), context).flatMap(connection -> {
                    draft.connection = connection;
                    return renderField("queue", hook.queue(), context).flatMap(queue -> {
                        draft.queue = queue;
                        return params.render(hook.params(), definitions.find(ref), run, stored, context)
                                .map(renderedParams -> new RenderedHook(
                                new HookSpec(hook.trigger(), connection, ref.toString(), hook.conditions(), queue,
                                        hook.namespace(), hook.presets(), hook.disableDefaults(),
                                        hook.disableDefaultsExpr(), renderedParams),
                                ref, draft.writtenRef));
                    });
                }));
    }

    private RenderResult<HubRef> renderHubRef(String hubRef, Map<String, Object> context, Draft draft) {
        return renderField("hubRef", hubRef, context).flatMap(text -> {
            draft.hubRef = text;
            draft.writtenRef = text;
            Optional<String> problem = HubRef.problem(text);
            if (problem.isPresent()) {
                return planningProblem("hubRef `" + text + "`: " + problem.get());
            }
            HubRef ref = HubRef.parse(text);
            draft.hubRef = ref.toString();
            return RenderResult.ok(ref);
        });
    }

    /** A field rendered, its name prefixed to the reason when it cannot be; an absent field stays absent. */
    private RenderResult<String> renderField(String field, String text, Map<String, Object> context) {
        if (text == null) {
            return RenderResult.ok(null);
        }
        RenderResult<String> rendered = strings.render(text, context);
        return rendered instanceof RenderResult.Failed<String> failed
                ? planningProblem(field + ": " + failed.error().reason())
                : rendered;
    }

    /**
     * What only shows once the fields are rendered: params that do not fit the component, a
     * component or connection the text names that does not exist. A hook without {{ }} was checked
     * when it was accepted (event) or stored (project, preset). Presets may have added params, so a
     * hook with presets is checked again too.
     */
    private RenderResult<RenderedHook> checkRenderedHook(HookSpec written, RenderedHook rendered, String project) {
        if (hasTemplates(written) || !written.presets().isEmpty()) {
            List<Violation> violations = validation.check(List.of(rendered.hook()), "hook", project);
            if (!violations.isEmpty()) {
                return planningProblem(violations.stream().map(Violation::toString).collect(Collectors.joining("; ")));
            }
        }
        return RenderResult.ok(rendered);
    }

    /**
     * The component and connection a rendered hook names; only its component may have gone since it
     * was checked. A hook without {@code connection} goes to the default connection of a kind its
     * component is sent through; a hubRef Hookline has no component for goes to Polyaxon as an
     * operation (see {@link HookValidator#isPolyaxonOperation}).
     */
    private RenderResult<Target> findTarget(RenderedHook rendered, String project, Draft draft) {
        Optional<ComponentSpec> own = definitions.find(rendered.ref());
        Optional<ComponentSpec> component = own.isPresent() ? own : definitions.find(POLYAXON_OPERATION);
        if (component.isEmpty()) {
            return planningProblem("hubRef `" + rendered.ref() + "` names no component (it may have been deleted)");
        }
        String named = rendered.hook().connection();
        Optional<Connection> connection = named != null ? connections.find(named)
                : component.get().connectionKinds().stream()
                        .flatMap(kind -> ConnectionKind.fromYamlName(kind)
                                .flatMap(known -> connections.defaultFor(known, project)).stream())
                        .findFirst();
        if (own.isEmpty() && connection.filter(c -> c.kind() == ConnectionKind.POLYAXON).isEmpty()) {
            return planningProblem("hubRef `" + rendered.ref() + "` names no component (it may have been deleted),"
                    + " and " + (named == null ? "no connection of kind polyaxon is the default"
                            : "connection `" + named + "` is not of kind polyaxon") + " to run it there as an operation");
        }
        if (connection.isEmpty()) {
            return planningProblem("no connection: set `connection:` to one of " + connections.names()
                    + ", or mark one of kind " + String.join(" or ", component.get().connectionKinds())
                    + " `default: true`, or make one the default of project `" + project
                    + "` (hookline.hooks.namespace-defaults)");
        }
        draft.connection = connection.get().name();
        return RenderResult.ok(new Target(rendered.hook(), rendered.ref(), component.get(), connection.get(),
                own.isEmpty() ? rendered.writtenRef() : null));
    }

    /**
     * The params the request and the condition see: Polyaxon's defaults unless disabled, then the
     * component's input values, then the hook's own. Polyaxon overwrites a user param with a
     * default of the same name; the user's wins here.
     */
    private RenderResult<Map<String, Object>> mergeParams(RunFacts run, Target target, Map<String, Object> context) {
        RenderResult<Boolean> defaultsOff = defaultsDisabled(target.hook(), context);
        if (defaultsOff instanceof RenderResult.Failed<Boolean> failed) {
            return planningProblem("disableDefaults: " + failed.error().reason());
        }
        return defaultsOff.map(disabled -> {
            Map<String, Object> params = new LinkedHashMap<>();
            if (!disabled) {
                params.putAll(RunContext.defaultParams(run));
            }
            for (IoSpec io : target.component().inputs()) {
                if (io.value() != null) {
                    params.put(io.name(), io.value());
                }
            }
            target.hook().params().forEach((name, param) -> params.put(name, param.value()));
            return params;
        });
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

    /** Why the hook is skipped: its condition is false or cannot be decided; empty when it holds. */
    private Optional<String> checkCondition(String condition, Map<String, Object> context) {
        if (condition == null || condition.isBlank()) {
            return Optional.empty();
        }
        ConditionResult holds = conditions.evaluate(condition, context);
        if (holds instanceof ConditionResult.Failed failed) {
            return Optional.of("condition `" + condition + "` could not be evaluated: " + failed.error().reason());
        }
        if (holds instanceof ConditionResult.False) {
            return Optional.of("condition `" + condition + "` is false");
        }
        return Optional.empty();
    }

    private RenderResult<RenderedRequest> renderRequest(String eventId, Draft draft, Target target,
                                                        Map<String, Object> params, Map<String, Object> context) {
        Map<String, Object> data = new LinkedHashMap<>(context);
        data.putAll(params);
        data.put("hook", Map.of("hub_ref", target.ref().toString(), "trigger", draft.trigger,
                "connection", target.connection().name(), "source", draft.source));
        String secretMarker = SecretMarker.fresh();
        data.put("connection", connectionData(target.connection(), secretMarker));
        data.put("delivery", Map.of("id", draft.id.toString(), "event_id", eventId));
        if (target.operationOf() != null) {
            data.put("operation", PolyaxonOperations.operation(target.operationOf(), target.hook().params(), params));
        }
        RequestTemplate request = new RequestTemplate(target.component().request().method(),
                target.component().request().headers(), target.component().request().body(),
                target.component().request().path());
        RenderResult<RenderedRequest> rendered = renderer.render(request, data);
        return rendered instanceof RenderResult.Failed<RenderedRequest> failed
                ? planningProblem("request: " + failed.error().reason())
                : rendered.map(done -> withSecretPlaced(done, secretMarker));
    }

    /** The secret goes only where the template put this render's marker (see {@link SecretMarker#placed}). */
    private static RenderedRequest withSecretPlaced(RenderedRequest request, String secretMarker) {
        Map<String, String> headers = new LinkedHashMap<>();
        request.headers().forEach((name, value) -> headers.put(name, SecretMarker.placed(value, secretMarker)));
        return new RenderedRequest(request.method(), headers, SecretMarker.placed(request.body(), secretMarker),
                SecretMarker.placed(request.path(), secretMarker));
    }

    private static Map<String, Object> paramValues(HookSpec hook) {
        Map<String, Object> values = new LinkedHashMap<>();
        hook.params().forEach((name, param) -> values.put(name, param.value()));
        return values;
    }

    private static boolean hasTemplates(HookSpec hook) {
        return HookSpec.isTemplate(hook.hubRef()) || HookSpec.isTemplate(hook.connection())
                || HookSpec.isTemplate(hook.queue())
                || hook.params().values().stream().anyMatch(p -> p.ref() != null || ParamRenderer.hasTemplate(p.value()));
    }

    /** The normalised reference when the text is one; a {@code {{ }}} template as written. */
    private static String displayedHubRef(String hubRef) {
        return HookSpec.isTemplate(hubRef) || HubRef.problem(hubRef).isPresent()
                ? hubRef : HubRef.parse(hubRef).toString();
    }

    /** What templates see of a connection: never its URL or secret, only this render's marker for the secret. */
    private static Map<String, Object> connectionData(Connection connection, String secretMarker) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("name", connection.name());
        data.put("kind", connection.kind().yamlName());
        data.put("secret", connection.secret().isPresent() ? secretMarker : null);
        data.put("settings", connection.settings());
        return data;
    }

    /**
     * Why the hook's delivery fails, carried down the chain of steps to {@link Draft#failed}; the
     * reason is complete (it names the field), so only the reason is kept.
     */
    private static <T> RenderResult<T> planningProblem(String reason) {
        return RenderResult.failed(new RenderError(RenderError.Kind.INVALID_OUTPUT, reason));
    }

    /** A hook with its string fields rendered, the component reference they came to, and that reference as rendered. */
    private record RenderedHook(HookSpec hook, HubRef ref, String writtenRef) {
    }

    /**
     * A rendered hook with the component and connection it names.
     *
     * @param operationOf the hubRef as written when Polyaxon runs it as an operation, else null
     */
    private record Target(HookSpec hook, HubRef ref, ComponentSpec component, Connection connection,
                          String operationOf) {
    }

    /** What is known about one hook while it is planned, and the plan it comes to. */
    private static final class Draft {
        private final UUID id = UUID.randomUUID();
        private final int index;
        private final String source;
        private final String trigger;
        private String hubRef;
        private String writtenRef;
        private String connection;
        private String queue;

        Draft(int index, String source, HookSpec hook) {
            this.index = index;
            this.source = source;
            this.hubRef = displayedHubRef(hook.hubRef());
            this.connection = hook.connection();
            this.trigger = Triggers.effective(hook.trigger());
            this.queue = hook.queue();
        }

        HookPlan notTriggered(String reason) {
            return build(false, null, reason, null);
        }

        HookPlan failed(String reason) {
            return build(true, Decision.FAILED, reason, null);
        }

        HookPlan skipped(String reason) {
            return build(true, Decision.SKIPPED, reason, null);
        }

        HookPlan send(RenderedRequest request) {
            return build(true, Decision.SEND, null, request);
        }

        private HookPlan build(boolean triggered, Decision decision, String reason, RenderedRequest request) {
            return new HookPlan(id, index, source, hubRef == null ? "" : hubRef, connection == null ? "" : connection,
                    trigger, queue == null ? "" : queue, triggered, decision, reason, request);
        }
    }
}
