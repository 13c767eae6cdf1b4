package io.hookline.resolve;

import io.hookline.definition.HookSpec;
import io.hookline.definition.ParamRef;
import io.hookline.definition.ParamSpec;
import io.hookline.render.RenderResult;
import io.hookline.render.polyaxon.TemplateStrings;
import io.hookline.store.Definitions;
import io.hookline.store.RunEventTable;
import io.hookline.store.RunEventTable.RunLookup;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlClient;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Finds, before a batch is planned, the stored runs its hooks' {@code ref} params name: one query
 * for the whole batch (in the same place as previous_status), so planning reads no database.
 */
@ApplicationScoped
public class StoredRunLookup {

    private final RunEventTable events;
    private final RunPayloads payloads;
    private final Definitions definitions;
    private final TemplateStrings strings;

    StoredRunLookup(RunEventTable events, RunPayloads payloads, Definitions definitions, TemplateStrings strings) {
        this.events = events;
        this.payloads = payloads;
        this.definitions = definitions;
        this.strings = strings;
    }

    /**
     * The stored runs the hooks of one run name, with their presets applied; a ref written as a
     * template is rendered as the planner will render it. Refs to the run itself need no lookup.
     */
    public Set<RunLookup> lookups(RunFacts run, String previousStatus, List<SourcedHook> hooks) {
        Set<RunLookup> lookups = new LinkedHashSet<>();
        for (SourcedHook sourced : hooks) {
            if (sourced.hook().presets().isEmpty() && sourced.hook().params().values().stream().allMatch(p -> p.ref() == null)) {
                continue;
            }
            HookSpec hook = HookPresets.apply(sourced.hook(), definitions::preset).hook();
            Map<String, Object> context = null;
            for (ParamSpec param : hook.params().values()) {
                if (param.ref() == null || param.ref().isBlank()) {
                    continue;
                }
                String ref = param.ref();
                if (HookSpec.isTemplate(ref)) {
                    if (context == null) {
                        context = RunContext.of(run, previousStatus, paramValues(hook));
                    }
                    RenderResult<String> rendered = strings.render(ref, context);
                    if (!(rendered instanceof RenderResult.Ok<String> ok)) {
                        continue;
                    }
                    ref = ok.value();
                }
                if (ParamRef.problem(ref).isEmpty()) {
                    ParamRefs.lookupFor(ParamRef.parse(ref), run).ifPresent(lookups::add);
                }
            }
        }
        return lookups;
    }

    /** The runs found among {@code lookups}, read when planning first needs them (not on the event loop). */
    public Uni<StoredRuns> find(SqlClient sql, Collection<RunLookup> lookups) {
        if (lookups.isEmpty()) {
            return Uni.createFrom().item(StoredRuns.none());
        }
        Set<RunLookup> asked = Set.copyOf(lookups);
        return events.latestPayloads(sql, List.copyOf(asked)).map(found -> new StoredRuns(asked, found, payloads));
    }

    private static Map<String, Object> paramValues(HookSpec hook) {
        Map<String, Object> values = new LinkedHashMap<>();
        hook.params().forEach((name, param) -> values.put(name, param.value()));
        return values;
    }
}
