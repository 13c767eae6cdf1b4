package io.hookline.render;

import io.quarkus.qute.Engine;
import io.quarkus.qute.IfSectionHelper;
import io.quarkus.qute.SetSectionHelper;
import io.quarkus.qute.Template;
import io.quarkus.qute.TemplateException;
import io.quarkus.qute.WhenSectionHelper;
import io.quarkus.qute.WithSectionHelper;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Hookline's one Qute {@link Engine}, built by hand so it works the same in plain unit tests and
 * at run time, and deliberately smaller than the one Quarkus injects:
 * <ul>
 * <li>no reflection resolver: {@code {run.getClass()}} or {@code {connection.secret.getBytes()}}
 * find nothing; only Qute's map, list, number and logic resolvers plus
 * {@link TemplateValueResolvers} exist;</li>
 * <li>no {@code config:}, {@code inject:} or any other namespace, and no template locator, so a
 * template reads neither the environment nor files (notifications-engine removes {@code env} from
 * its template functions for the same reason);</li>
 * <li>only the sections {@value #ALLOWED_SECTIONS}: no {@code {#eval}} (it would run run data as
 * a template), no {@code {#include}}, {@code {#insert}} or {@code {#fragment}} (a template renders
 * itself and nothing else); any other section is refused when the template is parsed, that is when
 * its component is written;</li>
 * <li>strict rendering: a missing name is an error, never an empty string;</li>
 * <li>output bounded in UTF-8 bytes, checked while rendering so a runaway loop stops early;</li>
 * <li>loop iterations and render time bounded ({@link RenderBudget}), since a loop that writes
 * nothing never reaches the output bound.</li>
 * </ul>
 */
public final class SandboxedTemplates {

    /** Default bound of one rendered field: 256 KiB. */
    public static final int DEFAULT_MAX_OUTPUT_BYTES = 256 * 1024;

    /** Default bound of the loop iterations of one rendered field. */
    public static final int DEFAULT_MAX_LOOP_ITERATIONS = 10_000;

    /** Default bound of the time one rendered field takes. */
    public static final Duration DEFAULT_MAX_RENDER_TIME = Duration.ofSeconds(1);

    static final String ALLOWED_SECTIONS = "if, for/each, with, let/set, when/switch";

    /** Parsed templates by source; bounded so stored components churning cannot grow it forever. */
    private static final int CACHED_TEMPLATES = 2048;

    /** Qute's message for a section it has no helper for, e.g. "no section helper found for {#eval x}". */
    private static final Pattern UNKNOWN_SECTION = Pattern.compile("no section helper found for \\{#([A-Za-z0-9_-]+)");

    private final Engine engine;
    private final int maxOutputBytes;
    private final int maxLoopIterations;
    private final Duration maxRenderTime;
    private final Map<String, Template> parsed = new ConcurrentHashMap<>();

    public SandboxedTemplates() {
        this(DEFAULT_MAX_OUTPUT_BYTES);
    }

    public SandboxedTemplates(int maxOutputBytes) {
        this(maxOutputBytes, DEFAULT_MAX_LOOP_ITERATIONS, DEFAULT_MAX_RENDER_TIME);
    }

    public SandboxedTemplates(int maxOutputBytes, int maxLoopIterations, Duration maxRenderTime) {
        if (maxOutputBytes <= 0) {
            throw new IllegalArgumentException("maxOutputBytes must be positive, was " + maxOutputBytes);
        }
        if (maxLoopIterations <= 0) {
            throw new IllegalArgumentException("maxLoopIterations must be positive, was " + maxLoopIterations);
        }
        if (maxRenderTime.isNegative() || maxRenderTime.isZero()) {
            throw new IllegalArgumentException("maxRenderTime must be positive, was " + maxRenderTime);
        }
        this.maxOutputBytes = maxOutputBytes;
        this.maxLoopIterations = maxLoopIterations;
        this.maxRenderTime = maxRenderTime;
        this.engine = Engine.builder()
                .addDefaultValueResolvers()
                .addSectionHelpers(new IfSectionHelper.Factory(), new BoundedLoops(), new WithSectionHelper.Factory(),
                        new SetSectionHelper.Factory(), new WhenSectionHelper.Factory())
                .addValueResolver(TemplateValueResolvers.json())
                .addValueResolver(TemplateValueResolvers.jsonEscaped())
                .addValueResolver(TemplateValueResolvers.truncate())
                .addResultMapper(TemplateValueResolvers.mapsAndListsAsJson())
                .removeStandaloneLines(true)
                .strictRendering(true)
                .build();
    }

    public int maxOutputBytes() {
        return maxOutputBytes;
    }

    /** Empty when {@code source} is a valid Qute template; otherwise the parser's reason with its line. */
    Optional<String> compileProblem(String source) {
        try {
            parse(source);
            return Optional.empty();
        } catch (TemplateException e) {
            return Optional.of(reason(e));
        }
    }

    /**
     * Renders {@code source} with {@code data}; {@code what} names the field in messages ("body",
     * "header Authorization").
     */
    public RenderResult<String> render(String source, Map<String, Object> data, String what) {
        Template template;
        try {
            template = parse(source);
        } catch (TemplateException e) {
            return RenderResult.failed(new RenderError(RenderError.Kind.SYNTAX, what + ": " + reason(e)));
        }
        var instance = template.instance();
        data.forEach(instance::data);
        RenderBudget budget = new RenderBudget(maxLoopIterations, maxRenderTime);
        instance.setAttribute(RenderBudget.ATTRIBUTE, budget);
        StringBuilder output = new StringBuilder();
        long[] bytes = {0};
        try {
            instance.consume(chunk -> {
                budget.checkTime();
                bytes[0] += utf8Length(chunk);
                if (bytes[0] > maxOutputBytes) {
                    throw new OutputTooLarge();
                }
                output.append(chunk);
            }).toCompletableFuture().join();
            return RenderResult.ok(output.toString());
        } catch (CompletionException | TemplateException | IllegalArgumentException | OutputTooLarge
                | RenderBudget.Exceeded e) {
            return RenderResult.failed(failure(unwrap(e), what));
        }
    }

    private Template parse(String source) {
        Template template = parsed.get(source);
        if (template == null) {
            template = engine.parse(source);
            if (parsed.size() >= CACHED_TEMPLATES) {
                parsed.clear();
            }
            parsed.put(source, template);
        }
        return template;
    }

    private RenderError failure(Throwable cause, String what) {
        if (cause instanceof OutputTooLarge) {
            return new RenderError(RenderError.Kind.TOO_LARGE,
                    what + " is larger than the limit of " + maxOutputBytes + " bytes (hookline.render.max-output-bytes)");
        }
        if (cause instanceof RenderBudget.Exceeded exceeded) {
            return new RenderError(RenderError.Kind.TOO_LARGE, what + ": " + exceeded.getMessage());
        }
        if (cause instanceof TemplateException e) {
            RenderError.Kind kind = e.getCode() != null && e.getCode().getName().contains("NOT_FOUND")
                    ? RenderError.Kind.MISSING_NAME : RenderError.Kind.INVALID_OUTPUT;
            return new RenderError(kind, what + ": " + reason(e));
        }
        return new RenderError(RenderError.Kind.INVALID_OUTPUT, what + ": " + cause.getMessage());
    }

    private static Throwable unwrap(Throwable e) {
        Throwable cause = e;
        while (cause instanceof CompletionException && cause.getCause() != null) {
            cause = cause.getCause();
        }
        // Qute wraps a resolver's own exception (e.g. a bad truncate argument) in a TemplateException.
        if (cause instanceof TemplateException
                && (cause.getCause() instanceof OutputTooLarge || cause.getCause() instanceof RenderBudget.Exceeded)) {
            return cause.getCause();
        }
        return cause;
    }

    /** Qute's message without its "Rendering error:" prefix, with the line when known. */
    private static String reason(TemplateException e) {
        String message = e.getMessage() == null ? e.toString() : e.getMessage()
                .replaceFirst("^(Rendering|Parser) error( in template \\[[^]]*])?( on line \\d+)?: ", "");
        Matcher unknown = UNKNOWN_SECTION.matcher(message);
        if (unknown.find()) {
            message = "the section {#" + unknown.group(1) + "} is not allowed in Hookline templates (only "
                    + ALLOWED_SECTIONS + "): a template cannot evaluate data as a template or include other templates";
        }
        return e.getOrigin() != null && e.getOrigin().getLine() > 0
                ? "line " + e.getOrigin().getLine() + ": " + message
                : message;
    }

    private static long utf8Length(String chunk) {
        // A loop, not chars().allMatch: this runs for every chunk of every render.
        for (int i = 0; i < chunk.length(); i++) {
            if (chunk.charAt(i) >= 0x80) {
                return chunk.getBytes(StandardCharsets.UTF_8).length;
            }
        }
        return chunk.length();
    }

    private static final class OutputTooLarge extends RuntimeException {
        OutputTooLarge() {
            super(null, null, false, false);
        }
    }
}
