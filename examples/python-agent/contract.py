"""Hookline's gRPC contract: the generated stubs in hookline/v1/ (see generate.sh)."""
import grpc

from hookline.v1 import hook_service_pb2_grpc


def hook_service(target, tls=False):
    """A HookService stub and its channel for `target` (host:port), TLS when `tls` is true."""
    if tls:
        channel = grpc.secure_channel(target, grpc.ssl_channel_credentials())
    else:
        channel = grpc.insecure_channel(target)
    return hook_service_pb2_grpc.HookServiceStub(channel), channel


def call_metadata(token):
    """Call metadata: the bearer token, when there is one."""
    return (("authorization", f"Bearer {token}"),) if token else ()
