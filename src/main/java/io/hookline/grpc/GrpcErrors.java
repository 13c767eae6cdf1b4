package io.hookline.grpc;

import com.google.protobuf.Any;
import com.google.rpc.BadRequest;
import com.google.rpc.Code;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.protobuf.StatusProto;
import io.hookline.definition.Violation;
import io.hookline.error.Refusal;
import io.quarkus.grpc.ExceptionHandler;
import io.quarkus.grpc.ExceptionHandlerProvider;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

/**
 * The one place a failure becomes a gRPC status: a {@link Refusal} keeps its message and gets its
 * code, with its field violations as {@code google.rpc.BadRequest} details so that standard gRPC
 * tooling shows them; anything else is INTERNAL with no stack trace or internal message.
 */
@ApplicationScoped
public class GrpcErrors implements ExceptionHandlerProvider {

    private static final Logger LOG = Logger.getLogger(GrpcErrors.class);

    @Override
    public <ReqT, RespT> ExceptionHandler<ReqT, RespT> createHandler(ServerCall.Listener<ReqT> listener,
                                                                      ServerCall<ReqT, RespT> call, Metadata metadata) {
        return new ExceptionHandler<>(listener, call, metadata) {
            @Override
            protected void handleException(Throwable failure, ServerCall<ReqT, RespT> serverCall, Metadata trailers) {
                StatusRuntimeException status = toStatusException(failure);
                try {
                    serverCall.close(status.getStatus(), status.getTrailers() != null ? status.getTrailers() : trailers);
                } catch (IllegalStateException alreadyClosed) {
                    // the call ended (client gone, deadline) before the failure arrived: nothing to answer
                }
            }
        };
    }

    @Override
    public Throwable transform(Throwable failure) {
        return toStatusException(failure);
    }

    /** The status a caller sees for a failure. */
    public static StatusRuntimeException toStatusException(Throwable failure) {
        if (failure instanceof StatusRuntimeException status) {
            return status;
        }
        if (failure instanceof io.grpc.StatusException status) {
            return status.getStatus().asRuntimeException(status.getTrailers());
        }
        if (failure instanceof Refusal refusal) {
            return refused(refusal);
        }
        if (failure.getCause() instanceof Refusal refusal) {
            return refused(refusal);
        }
        LOG.errorf(failure, "Unexpected failure answering a call");
        return Status.INTERNAL.withDescription("internal error; the server log has the details").asRuntimeException();
    }

    private static StatusRuntimeException refused(Refusal refusal) {
        Code code = switch (refusal.kind()) {
            case INVALID_ARGUMENT -> Code.INVALID_ARGUMENT;
            case NOT_FOUND -> Code.NOT_FOUND;
            case FAILED_PRECONDITION -> Code.FAILED_PRECONDITION;
            case RESOURCE_EXHAUSTED -> Code.RESOURCE_EXHAUSTED;
            case OUT_OF_RANGE -> Code.OUT_OF_RANGE;
            case UNAVAILABLE -> Code.UNAVAILABLE;
        };
        com.google.rpc.Status.Builder status = com.google.rpc.Status.newBuilder()
                .setCode(code.getNumber())
                .setMessage(refusal.getMessage());
        if (!refusal.violations().isEmpty()) {
            BadRequest.Builder details = BadRequest.newBuilder();
            for (Violation v : refusal.violations()) {
                details.addFieldViolations(BadRequest.FieldViolation.newBuilder()
                        .setField(v.field())
                        .setDescription(v.line() > 0
                                ? v.description() + " (line " + v.line() + ", column " + v.column() + ")"
                                : v.description()));
            }
            status.addDetails(Any.pack(details.build()));
        }
        return StatusProto.toStatusRuntimeException(status.build());
    }
}
