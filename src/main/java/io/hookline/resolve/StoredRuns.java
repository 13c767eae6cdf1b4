package io.hookline.resolve;

import io.hookline.store.RunEventTable.RunLookup;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The stored runs a batch's {@code ref} params name, found before planning, so planning reads no
 * database: which were asked for, and the facts of those found. Runs planned earlier in the same
 * batch are added as they are planned, as if already stored. One batch's, used by one thread.
 */
public final class StoredRuns {

    private final Set<RunLookup> asked;
    private final Map<RunLookup, byte[]> payloads;
    private final RunPayloads reader;
    private final Map<RunLookup, RunFacts> found = new HashMap<>();

    /** @param payloads the stored payload of each run found; read when a ref first needs it, while planning */
    StoredRuns(Set<RunLookup> asked, Map<RunLookup, byte[]> payloads, RunPayloads reader) {
        this.asked = new HashSet<>(asked);
        this.payloads = new HashMap<>(payloads);
        this.reader = reader;
    }

    /** Nothing looked up: every ref to another run is refused as not looked up. */
    public static StoredRuns none() {
        return new StoredRuns(Set.of(), Map.of(), payload -> {
            throw new IllegalStateException("nothing was looked up");
        });
    }

    Optional<RunFacts> find(RunLookup lookup) {
        RunFacts run = found.get(lookup);
        if (run == null && payloads.containsKey(lookup)) {
            run = reader.read(payloads.remove(lookup));
            found.put(lookup, run);
        }
        return Optional.ofNullable(run);
    }

    boolean asked(RunLookup lookup) {
        return asked.contains(lookup);
    }

    /** A run of the batch, planned before the next ones: a later event's ref finds it as stored. */
    public void add(RunFacts run) {
        RunLookup byUuid = RunLookup.byUuid(run.project(), run.uuid());
        asked.add(byUuid);
        payloads.remove(byUuid);
        found.put(byUuid, run);
        if (run.pipelineUuid() != null) {
            RunLookup inPipeline = RunLookup.inPipeline(run.project(), run.pipelineUuid(), run.name());
            asked.add(inPipeline);
            payloads.remove(inPipeline);
            found.put(inPipeline, run);
        }
    }
}
