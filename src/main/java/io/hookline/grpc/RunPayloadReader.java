package io.hookline.grpc;

import com.google.protobuf.InvalidProtocolBufferException;
import io.hookline.api.v1.RunCompletion;
import io.hookline.resolve.RunFacts;
import io.hookline.resolve.RunPayloads;
import jakarta.enterprise.context.ApplicationScoped;

/** A stored payload is a RunCompletion that passed validation when it was accepted. */
@ApplicationScoped
class RunPayloadReader implements RunPayloads {

    @Override
    public RunFacts read(byte[] payload) {
        try {
            return RunCompletionMapper.toReported(RunCompletion.parseFrom(payload)).run().toFacts();
        } catch (InvalidProtocolBufferException e) {
            throw new IllegalStateException("a stored run_events payload is not a RunCompletion", e);
        }
    }
}
