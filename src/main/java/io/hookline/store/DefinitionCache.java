package io.hookline.store;

import io.hookline.render.RequestRenderer;
import io.hookline.definition.ComponentParser;
import io.hookline.definition.ComponentSpec;
import io.hookline.definition.HookParser;
import io.hookline.definition.HookSpec;
import io.hookline.definition.HubRef;
import io.hookline.definition.ParseResult;
import io.hookline.definition.PresetParser;
import io.hookline.definition.PresetSpec;
import io.hookline.definition.TemplateChecker;
import io.hookline.lifecycle.ShutdownOrder;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.vertx.VertxContextSupport;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.interceptor.Interceptor;
import org.jboss.logging.Logger;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Every stored definition, parsed, in memory, so resolving a run's hooks never waits on Postgres.
 * Loaded at start (after the built-in hub is written), reloaded after each local write, and
 * every few seconds to pick up other replicas' writes.
 */
@ApplicationScoped
public class DefinitionCache implements Definitions {

    private static final Logger LOG = Logger.getLogger(DefinitionCache.class);

    /** The components shipped in {@code src/main/resources/hub/}. */
    static final List<String> BUILTIN_HUB = List.of("slack", "discord", "mattermost", "teams", "pagerduty", "webhook",
            "kubernetes-job", "argo-workflow", "airflow-dag-run", "github-workflow", "polyaxon-operation");

    // Plain SQL, not the entities: one statement reads all three tables in one snapshot, and the
    // start does not wait for Hibernate to translate its first queries (about 0.7 s of it).
    private static final String READ_ALL = """
            SELECT 'component', hub_ref, definition FROM components
            UNION ALL SELECT 'preset', name, definition FROM presets
            UNION ALL SELECT 'project', project, hooks_yaml FROM project_hooks
            """;

    /** One stored definition: its key (hub ref, preset name or project) and its text. */
    private record Stored(String key, String text) {
        String identity() {
            return key + "\u0000" + text;
        }
    }

    private record Snapshot(long version, int fingerprint, Map<HubRef, ComponentSpec> components,
                            Map<String, PresetSpec> presets, Map<String, List<HookSpec>> projectHooks) {
    }

    private final RequestRenderer renderer;
    private final Vertx vertx;
    private final Pool pool;
    private final long refreshMillis;
    private long timer = -1;
    private volatile boolean stopped;
    private final AtomicLong readsStarted = new AtomicLong();
    private long appliedTicket; // guarded by this
    /** The built-ins as this build parsed them at start, by text: a row still holding that text is not parsed again. */
    private final Map<String, ComponentSpec> builtinsParsed = new ConcurrentHashMap<>();
    private CompletableFuture<List<Tuple>> builtinsAtStart;
    private volatile Snapshot snapshot = new Snapshot(0, 0, Map.of(), Map.of(), Map.of());

    DefinitionCache(RequestRenderer renderer, Vertx vertx, Pool pool, DefinitionsConfig config) {
        this.renderer = renderer;
        this.pool = pool;
        this.vertx = vertx;
        this.refreshMillis = config.refreshMillis();
    }

    /**
     * The built-ins are parsed (their YAML read, their templates compiled: ~0.1 s at start) on a
     * worker, beside the first start-up observers, which wait on the database.
     */
    void parseBuiltins(@Observes @Priority(Interceptor.Priority.PLATFORM_BEFORE - 1) StartupEvent event) {
        ClassLoader resources = Thread.currentThread().getContextClassLoader();
        builtinsAtStart = CompletableFuture.supplyAsync(
                () -> BUILTIN_HUB.stream().map(name -> builtin(name, resources)).toList(), Infrastructure.getDefaultWorkerPool());
    }

    void start(@Observes StartupEvent event) throws Throwable {
        List<Tuple> builtins;
        try {
            builtins = builtinsAtStart.join();
        } catch (CompletionException e) {
            throw e.getCause();
        }
        // One statement for all of them (merging entity by entity was 22 round trips at start);
        // a built-in is rewritten only when this build's text differs from the stored one.
        VertxContextSupport.subscribeAndAwait(() -> pool.preparedQuery("""
                INSERT INTO components (hub_ref, owner, name, tag, definition, builtin, updated_at)
                VALUES ($1, $2, $3, $4, $5, true, now())
                ON CONFLICT (hub_ref) DO UPDATE SET owner = EXCLUDED.owner, name = EXCLUDED.name,
                    tag = EXCLUDED.tag, definition = EXCLUDED.definition, builtin = true, updated_at = now()
                WHERE (components.definition, components.builtin) IS DISTINCT FROM (EXCLUDED.definition, true)
                """).executeBatch(builtins).replaceWithVoid().chain(this::reload));
        // reload() logs its own failure; the next turn tries again.
        timer = vertx.setPeriodic(refreshMillis, id -> reload().subscribe().with(done -> { }, failed -> { }));
    }

    void stop(@Observes @Priority(ShutdownOrder.BACKGROUND) ShutdownEvent event) {
        stopped = true;
        if (timer >= 0) {
            vertx.cancelTimer(timer);
        }
    }

    /** Templates are compiled when a component is accepted, not when a run ends. */
    public TemplateChecker templateChecker() {
        return renderer::compileProblem;
    }

    /**
     * Re-reads every definition. Reads overlap
     * (the periodic one and the one after a local write): each takes a ticket when it starts, and
     * a read that started before the last applied one is dropped, or a periodic read begun before
     * a write committed would put back the definitions the write replaced.
     */
    public Uni<Void> reload() {
        return Uni.createFrom().deferred(() -> {
            long ticket = readsStarted.incrementAndGet();
            return pool.query(READ_ALL).execute().invoke(rows -> {
                List<Stored> components = new ArrayList<>();
                List<Stored> presets = new ArrayList<>();
                List<Stored> projects = new ArrayList<>();
                for (Row row : rows) {
                    Stored stored = new Stored(row.getString(1), row.getString(2));
                    switch (row.getString(0)) {
                        case "component" -> components.add(stored);
                        case "preset" -> presets.add(stored);
                        default -> projects.add(stored);
                    }
                }
                replaceIfChanged(ticket, components, presets, projects);
            });
        })
                .onFailure().invoke(e -> {
                    if (!stopped) {
                        LOG.warnf("Could not reload definitions: %s", e.getMessage());
                    }
                })
                .replaceWithVoid();
    }

    @Override
    public long version() {
        return snapshot.version();
    }

    /**
     * Parses the definitions only when their text changed since the last read: the periodic
     * reload then costs one query, and caches keyed on {@link #version()} stay warm.
     */
    private synchronized void replaceIfChanged(long ticket, List<Stored> components, List<Stored> presets,
                                               List<Stored> projects) {
        if (ticket < appliedTicket) {
            return;
        }
        appliedTicket = ticket;
        int fingerprint = java.util.Objects.hash(
                components.stream().map(Stored::identity).sorted().toList(),
                presets.stream().map(Stored::identity).sorted().toList(),
                projects.stream().map(Stored::identity).sorted().toList());
        if (snapshot.version() > 0 && fingerprint == snapshot.fingerprint()) {
            return;
        }
        snapshot = parse(snapshot.version() + 1, fingerprint, components, presets, projects);
    }

    @Override
    public Optional<ComponentSpec> find(HubRef hubRef) {
        return Optional.ofNullable(snapshot.components().get(hubRef));
    }

    @Override
    public Optional<PresetSpec> preset(String name) {
        return Optional.ofNullable(snapshot.presets().get(name));
    }

    @Override
    public List<HookSpec> projectHooks(String project) {
        return snapshot.projectHooks().getOrDefault(project, List.of());
    }

    private Snapshot parse(long version, int fingerprint, List<Stored> components, List<Stored> presets,
                           List<Stored> projects) {
        Map<HubRef, ComponentSpec> byRef = new HashMap<>();
        for (Stored c : components) {
            ComponentSpec builtin = builtinsParsed.get(c.text());
            Optional<ComponentSpec> spec = builtin != null ? Optional.of(builtin)
                    : valid(ComponentParser.parse(c.text(), "definition", templateChecker()), "component " + c.key());
            spec.ifPresent(found -> byRef.put(HubRef.parse(c.key()), found));
        }
        Map<String, PresetSpec> byName = new HashMap<>();
        for (Stored p : presets) {
            valid(PresetParser.parse(p.key(), p.text(), "definition"), "preset " + p.key())
                    .ifPresent(spec -> byName.put(p.key(), spec));
        }
        Map<String, List<HookSpec>> byProject = new HashMap<>();
        for (Stored p : projects) {
            valid(HookParser.parse(p.text(), "hooks_yaml"), "hooks of project " + p.key())
                    .ifPresent(hooks -> byProject.put(p.key(), hooks));
        }
        return new Snapshot(version, fingerprint, Map.copyOf(byRef), Map.copyOf(byName), Map.copyOf(byProject));
    }

    /** A stored definition was valid when stored; if it no longer parses, say so and leave it out. */
    private static <T> Optional<T> valid(ParseResult<T> result, String what) {
        if (!result.valid()) {
            LOG.warnf("Stored %s no longer validates and is ignored: %s", what, result.violations());
            return Optional.empty();
        }
        return Optional.of(result.value());
    }

    /** A built-in component's row: hub_ref, owner, name, tag, definition. */
    private Tuple builtin(String name, ClassLoader resources) {
        String resource = "hub/" + name + ".yaml";
        String text;
        try (InputStream in = resources.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("Built-in component " + resource + " is missing from the build");
            }
            text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException("Cannot read built-in component " + resource, e);
        }
        ParseResult<ComponentSpec> parsed = ComponentParser.parse(text, resource, templateChecker());
        if (!parsed.valid()) {
            // A broken built-in is a build mistake: refuse to start rather than fail every run.
            throw new IllegalStateException("Built-in component " + resource + " is invalid: " + parsed.violations());
        }
        builtinsParsed.put(text, parsed.value());
        HubRef ref = parsed.value().hubRef();
        return Tuple.of(ref.toString(), ref.owner(), ref.name(), ref.tag(), text);
    }
}
