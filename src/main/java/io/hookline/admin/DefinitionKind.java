package io.hookline.admin;

import io.hookline.definition.Violation;
import io.hookline.error.Refusal;
import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import io.smallrye.mutiny.Uni;

import java.util.List;
import java.util.function.Consumer;

/**
 * What one kind of definition (component, preset, project hooks) is to the {@link DefinitionStore}:
 * its key, its validation, its entity and whether some of it is built in. The store writes the
 * Put, Get, List and Delete path once for all of them.
 *
 * @param <E> the Panache entity the kind is stored as
 */
public interface DefinitionKind<E extends PanacheEntityBase> {

    /** Names the kind in refusals: {@code no component `acme/x:latest`}. */
    String noun();

    /** The key things are stored under for the key a caller gave; a {@link Refusal} when it is malformed. */
    default String key(String requested) {
        return requested;
    }

    /**
     * Checks a definition with the same rules and messages as intake and returns how to store it;
     * throws {@link Refusal#invalid} when it is not valid, and nothing is stored.
     *
     * @param requested the key the caller gave beside the text (it may be empty where the text names itself)
     */
    Accepted<E> accept(String requested, String text);

    /** Null when nothing is stored under the key. */
    Uni<E> find(String key);

    /** Everything stored of this kind, in the order List answers. */
    Uni<List<E>> all();

    E create();

    /** A built-in definition is neither replaced nor deleted through HookAdmin. */
    default boolean builtIn(E entity) {
        return false;
    }

    StoredDefinition stored(E entity);

    /** What Get answers for a key nothing is stored under. */
    default Uni<StoredDefinition> absent(String key) {
        return Uni.createFrom().failure(Refusal.notFound("no " + noun() + " `" + key + "`"));
    }

    /** Refuses the request when there is any violation. */
    static void refuseAny(List<Violation> violations) {
        if (!violations.isEmpty()) {
            throw Refusal.invalid(violations);
        }
    }

    /**
     * A valid definition, ready to store.
     *
     * @param key   the key it is stored under
     * @param write fills a new or existing entity with it
     */
    record Accepted<E>(String key, Consumer<E> write) {
    }
}
