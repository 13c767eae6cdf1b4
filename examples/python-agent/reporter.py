"""Sends RunCompletions over one Report stream and resends, on a new stream, every event that was
not acknowledged when a stream ends early. Resending is safe: an event_id that was stored before
is answered DUPLICATE with the original sequence and deliveries."""
import time

import grpc

# Codes after which the same events may be sent again (docs/api.md, "Error codes").
RESEND_AFTER = {
    grpc.StatusCode.UNAVAILABLE, grpc.StatusCode.RESOURCE_EXHAUSTED, grpc.StatusCode.INTERNAL,
    grpc.StatusCode.ABORTED, grpc.StatusCode.DEADLINE_EXCEEDED, grpc.StatusCode.UNKNOWN,
}


class NotAcknowledged(Exception):
    """Events were still unacknowledged when the reporter gave up."""


class Reporter:
    def __init__(self, stub, metadata, attempts=8, backoff_seconds=0.25, log=lambda line: None):
        self.stub = stub
        self.metadata = metadata
        self.attempts = attempts
        self.backoff_seconds = backoff_seconds
        self.log = log

    def report(self, events):
        """One ack per event, in the events' order."""
        acks = {}
        unacked = list(events)
        attempt = 0
        while unacked:
            attempt += 1
            failure = self._stream(unacked, acks)
            unacked = [event for event in unacked if event.event_id not in acks]
            if not unacked:
                break
            if failure is not None and failure.code() not in RESEND_AFTER:
                raise failure
            if attempt >= self.attempts:
                raise NotAcknowledged(f"{len(unacked)} events not acknowledged after {attempt} streams: {describe(failure)}")
            wait = min(self.backoff_seconds * 2 ** (attempt - 1), 5.0)
            self.log(f"report stream ended ({describe(failure)}); resending {len(unacked)} unacknowledged events in {int(wait * 1000)} ms")
            time.sleep(wait)
        return [acks[event.event_id] for event in events]

    def _stream(self, events, acks):
        """One stream: sends `events`, records their acks; returns the error that ended it, if any."""
        # Acks come in the order the events were sent.
        expected = iter(events)
        try:
            for ack in self.stub.Report(iter(events), metadata=self.metadata):
                event = next(expected, None)
                if event is None or ack.event_id != event.event_id:
                    raise NotAcknowledged(f"ack for {ack.event_id} out of order (expected {event and event.event_id})")
                acks[ack.event_id] = ack
        except grpc.RpcError as error:
            return error
        return None


def describe(failure):
    if failure is None:
        return "ended early"
    if isinstance(failure, grpc.RpcError):
        return f"{failure.code().name}: {failure.details()}"
    return str(failure)
