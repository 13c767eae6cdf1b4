"""The command: `report` one finished run and wait until its deliveries are final, or `backfill`
many runs from a list over one stream. Exit 0 when everything arrived, 1 when a delivery did not
(or an event was rejected), 2 on a usage error or when Hookline could not be reached."""
import argparse
import os
import sys

import grpc

from contract import call_metadata, hook_service
from follower import Follower, NotFinal
from hookline.v1 import delivery_pb2, hook_service_pb2
from reporter import NotAcknowledged, Reporter, describe
from runs import read_hooks, read_run_list, run_completion

ACCEPTED, DUPLICATE, REJECTED = (hook_service_pb2.REPORT_RESULT_ACCEPTED, hook_service_pb2.REPORT_RESULT_DUPLICATE,
                                 hook_service_pb2.REPORT_RESULT_REJECTED)
ARRIVED = {"DELIVERED", "SKIPPED"}


def log(line):
    print(f"hookline-agent: {line}", file=sys.stderr, flush=True)


def arguments(argv):
    parser = argparse.ArgumentParser(
        prog="hookline-agent",
        epilog='HOOKLINE_TOKEN, when set, is sent as "authorization: Bearer <token>".')
    parser.add_argument("--target", default=os.environ.get("HOOKLINE_TARGET", "localhost:8080"),
                        help="host:port of Hookline (or HOOKLINE_TARGET; default localhost:8080)")
    parser.add_argument("--tls", action="store_true", help="connect with TLS")
    parser.add_argument("--timeout", type=float, default=300, help="seconds to wait for final states")
    commands = parser.add_subparsers(dest="command", required=True)
    report = commands.add_parser("report", help="report one finished run and follow its deliveries")
    report.add_argument("--project", required=True)
    report.add_argument("--name", required=True)
    report.add_argument("--status", required=True)
    report.add_argument("--hooks", help="a polyaxonfile or a list of hooks, YAML or JSON")
    report.add_argument("--uuid")
    report.add_argument("--kind", default="job")
    backfill = commands.add_parser("backfill", help="report many runs over one stream")
    backfill.add_argument("--hooks")
    backfill.add_argument("runs_file", help="lines of: project name status [uuid]")
    # The shared options are accepted after the command too, as the Node agent accepts them.
    for command in (report, backfill):
        command.add_argument("--target", default=argparse.SUPPRESS)
        command.add_argument("--tls", action="store_true", default=argparse.SUPPRESS)
        command.add_argument("--timeout", type=float, default=argparse.SUPPRESS)
    return parser.parse_args(argv)


def rejection(ack):
    where = [f"{v.field}: {v.description}" + (f" (line {v.line}, column {v.column})" if v.line else "")
             for v in ack.error.violations]
    return f"{ack.error.code} " + ("; ".join(where) if where else ack.error.message)


def report(args, stub, metadata):
    event = run_completion(args.project, args.name, args.status, args.uuid, args.kind, read_hooks(args.hooks))
    [ack] = Reporter(stub, metadata, log=log).report([event])
    if ack.result == REJECTED:
        log(f"rejected: {rejection(ack)}")
        return 1
    finals = Follower(stub, metadata, timeout_seconds=args.timeout, log=log).follow(event.run.uuid, ack.deliveries)
    not_arrived = []
    for planned in ack.deliveries:
        final = finals[planned.delivery_id]
        state = delivery_pb2.DeliveryState.Name(final.state).removeprefix("DELIVERY_STATE_")
        http = f" (HTTP {final.http_status})" if getattr(final, "http_status", 0) else ""
        error = final.error if isinstance(final, delivery_pb2.DeliveryEvent) else final.reason
        line = f"{planned.hub_ref} via {planned.connection}: {state}{http}" + (f": {error}" if error else "")
        print(line, flush=True)
        if state not in ARRIVED:
            not_arrived.append(line.replace(f": {state}", f" is {state}", 1))
    if not ack.deliveries:
        print("no hook applies to this run")
    for line in not_arrived:
        log(line)
    return 1 if not_arrived else 0


def backfill(args, stub, metadata):
    hooks_yaml = read_hooks(args.hooks)
    events = [run_completion(hooks_yaml=hooks_yaml, **run) for run in read_run_list(args.runs_file)]
    acks = Reporter(stub, metadata, log=log).report(events)
    count = {result: sum(1 for ack in acks if ack.result == result) for result in (ACCEPTED, DUPLICATE, REJECTED)}
    print(f"{len(events)} runs: {count[ACCEPTED]} accepted, {count[DUPLICATE]} duplicate, {count[REJECTED]} rejected")
    for ack in acks:
        if ack.result == REJECTED:
            log(f"{ack.event_id} rejected: {rejection(ack)}")
    return 1 if count[REJECTED] else 0


def main(argv):
    args = arguments(argv)
    stub, channel = hook_service(args.target, args.tls)
    metadata = call_metadata(os.environ.get("HOOKLINE_TOKEN"))
    try:
        return (report if args.command == "report" else backfill)(args, stub, metadata)
    except grpc.RpcError as error:
        log(describe(error))
    except (NotAcknowledged, NotFinal, OSError, ValueError) as error:
        log(str(error))
    finally:
        channel.close()
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
