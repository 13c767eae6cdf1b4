"""Follows deliveries on Subscribe until each is in a final state, resuming after the last cursor
seen when the stream breaks (the status log gives exactly the changes after it, none twice)."""
import time

import grpc

from hookline.v1 import delivery_pb2, hook_service_pb2
from reporter import describe

FINAL = {
    delivery_pb2.DELIVERY_STATE_DELIVERED, delivery_pb2.DELIVERY_STATE_FAILED,
    delivery_pb2.DELIVERY_STATE_DEAD, delivery_pb2.DELIVERY_STATE_DISABLED,
    delivery_pb2.DELIVERY_STATE_SKIPPED,
}

RESUBSCRIBE_AFTER = {
    grpc.StatusCode.UNAVAILABLE, grpc.StatusCode.RESOURCE_EXHAUSTED, grpc.StatusCode.INTERNAL,
    grpc.StatusCode.UNKNOWN,
}


class NotFinal(Exception):
    """Some deliveries were not final before the timeout."""


class Follower:
    def __init__(self, stub, metadata, timeout_seconds=300, log=lambda line: None):
        self.stub = stub
        self.metadata = metadata
        self.timeout_seconds = timeout_seconds
        self.log = log

    def follow(self, run_uuid, planned):
        """Delivery id -> its final state: a DeliveryEvent, or the PlannedDelivery of a delivery
        already final at intake (its `reason` then says why)."""
        finals = {d.delivery_id: d for d in planned if d.state in FINAL}
        wanted = {d.delivery_id for d in planned}
        deadline = time.monotonic() + self.timeout_seconds
        after_cursor = 0
        while len(finals) < len(wanted):
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise NotFinal(f"deliveries not final within {self.timeout_seconds} s")
            request = hook_service_pb2.SubscribeRequest(run_uuid=run_uuid, after_cursor=after_cursor)
            changes = self.stub.Subscribe(request, metadata=self.metadata, timeout=remaining)
            try:
                for change in changes:
                    after_cursor = change.cursor
                    if change.delivery_id in wanted and change.state in FINAL:
                        finals[change.delivery_id] = change
                        if len(finals) == len(wanted):
                            changes.cancel()
                            break
            except grpc.RpcError as error:
                if error.code() == grpc.StatusCode.DEADLINE_EXCEEDED:
                    raise NotFinal(f"deliveries not final within {self.timeout_seconds} s") from error
                if error.code() not in RESUBSCRIBE_AFTER:
                    raise
                self.log(f"subscribe stream ended ({describe(error)}); resuming after cursor {after_cursor}")
                time.sleep(0.5)
        return finals
