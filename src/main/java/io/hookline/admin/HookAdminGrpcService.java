package io.hookline.admin;

import io.hookline.api.v1.MutinyHookAdminGrpc;
import io.quarkus.grpc.GrpcService;

/**
 * HookAdmin endpoints. Until each is implemented the generated base answers UNIMPLEMENTED with
 * the RPC's full name (e.g. {@code Method hookline.v1.HookAdmin/PutComponent is unimplemented}).
 */
@GrpcService
public class HookAdminGrpcService extends MutinyHookAdminGrpc.HookAdminImplBase {
}
