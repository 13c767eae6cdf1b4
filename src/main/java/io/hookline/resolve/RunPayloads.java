package io.hookline.resolve;

/**
 * Reads a stored event's payload (the RunCompletion as received) back into the run it reported.
 * The wire format is the API edge's business, so the edge implements this.
 */
public interface RunPayloads {

    /** The reported run, as intake saw it. */
    RunFacts read(byte[] payload);
}
