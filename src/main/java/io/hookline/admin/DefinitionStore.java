package io.hookline.admin;

import io.hookline.error.Refusal;
import io.hookline.store.DefinitionCache;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.List;

/**
 * Stores, reads and deletes the definitions HookAdmin manages, whatever their kind. Every write is
 * followed by a reload of the {@link DefinitionCache}, so the next event on this replica sees it.
 */
@ApplicationScoped
public class DefinitionStore {

    private final DefinitionCache cache;

    DefinitionStore(DefinitionCache cache) {
        this.cache = cache;
    }

    /** Validates and upserts a definition; an invalid one is refused and nothing is stored. */
    public <E extends PanacheEntityBase> Uni<StoredDefinition> put(DefinitionKind<E> kind, String requested,
                                                                   String text) {
        return Uni.createFrom().item(() -> kind.accept(requested, text))
                .chain(accepted -> Panache.withTransaction(() -> kind.find(accepted.key()).chain(existing -> {
                    if (existing != null && kind.builtIn(existing)) {
                        return Uni.createFrom().<E>failure(Refusal.failedPrecondition("`" + accepted.key()
                                + "` is a built-in " + kind.noun() + "; store yours under another owner or tag"));
                    }
                    E entity = existing == null ? kind.create() : existing;
                    accepted.write().accept(entity);
                    return entity.<E>persist();
                })))
                .call(cache::reload)
                .map(kind::stored);
    }

    public <E extends PanacheEntityBase> Uni<StoredDefinition> get(DefinitionKind<E> kind, String requested) {
        return Uni.createFrom().item(() -> kind.key(requested))
                .chain(key -> Panache.withSession(() -> kind.find(key))
                        .chain(found -> found == null ? kind.absent(key) : Uni.createFrom().item(kind.stored(found))));
    }

    public <E extends PanacheEntityBase> Uni<List<StoredDefinition>> list(DefinitionKind<E> kind) {
        return Panache.withSession(kind::all).map(all -> all.stream().map(kind::stored).toList());
    }

    /** True when something was stored under the key and is now deleted. */
    public <E extends PanacheEntityBase> Uni<Boolean> delete(DefinitionKind<E> kind, String requested) {
        return Uni.createFrom().item(() -> kind.key(requested))
                .chain(key -> Panache.withTransaction(() -> kind.find(key).chain(found -> {
                    if (found == null) {
                        return Uni.createFrom().item(false);
                    }
                    if (kind.builtIn(found)) {
                        return Uni.createFrom().<Boolean>failure(Refusal.failedPrecondition(
                                "`" + key + "` is a built-in " + kind.noun() + " and cannot be deleted"));
                    }
                    return found.delete().replaceWith(true);
                })))
                .call(cache::reload);
    }
}
