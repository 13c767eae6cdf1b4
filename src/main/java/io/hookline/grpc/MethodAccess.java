package io.hookline.grpc;

import io.hookline.api.v1.HookServiceGrpc;

import java.util.Set;

/** Which token an RPC needs, by its full method name; what is not listed needs an admin token. */
enum MethodAccess {
    /** Probes: no token (Kubernetes and load balancers call them). */
    PUBLIC,
    /** Any valid token (server reflection, so grpcurl works with an agent token). */
    ANY_TOKEN,
    /** An agent token (for the run's or request's project) or an admin token. */
    AGENT,
    ADMIN;

    private static final Set<String> AGENT_METHODS = Set.of(
            HookServiceGrpc.getReportMethod().getFullMethodName(),
            HookServiceGrpc.getNotifyMethod().getFullMethodName(),
            HookServiceGrpc.getPreviewMethod().getFullMethodName(),
            HookServiceGrpc.getSubscribeMethod().getFullMethodName(),
            HookServiceGrpc.getGetDeliveryMethod().getFullMethodName(),
            HookServiceGrpc.getListDeliveriesMethod().getFullMethodName());

    static MethodAccess of(String fullMethodName) {
        if (fullMethodName.startsWith("grpc.health.v1.Health/")) {
            return PUBLIC;
        }
        if (fullMethodName.startsWith("grpc.reflection.")) {
            return ANY_TOKEN;
        }
        return AGENT_METHODS.contains(fullMethodName) ? AGENT : ADMIN;
    }
}
