"""RunCompletions as the agent builds them from a finished run."""
import uuid as uuids

from google.protobuf.timestamp_pb2 import Timestamp

from hookline.v1 import run_pb2


def run_completion(project, name, status, uuid=None, kind="job", hooks_yaml=""):
    """A RunCompletion for one run. The event_id is derived from the run and its final status, so
    that reporting the same run again (a retried CI step) is answered DUPLICATE instead of firing
    twice."""
    run_uuid = (uuid or uuids.uuid4().hex).replace("-", "")
    finished_at = Timestamp()
    finished_at.GetCurrentTime()
    return run_pb2.RunCompletion(
        event_id=f"run:{run_uuid}:{status}",
        run=run_pb2.Run(uuid=run_uuid, name=name, kind=kind, project=project, status=status,
                        finished_at=finished_at),
        # The polyaxonfile as written: Hookline reads its `hooks:` section and answers a mistake
        # with the line and column in this text.
        hooks_yaml=hooks_yaml,
    )


def read_hooks(path):
    """The text of a hooks file (a polyaxonfile or a bare list of hooks), or '' without one."""
    if not path:
        return ""
    with open(path, encoding="utf-8") as file:
        return file.read()


def read_run_list(path):
    """Runs listed one a line as `project name status [uuid]` (blank lines and # comments
    skipped). Raises ValueError naming the line of a malformed entry."""
    runs = []
    with open(path, encoding="utf-8") as file:
        for number, line in enumerate(file, start=1):
            fields = line.split("#", 1)[0].split()
            if not fields:
                continue
            if len(fields) not in (3, 4):
                raise ValueError(f'{path}:{number}: expected "project name status [uuid]", got "{line.strip()}"')
            project, name, status = fields[:3]
            runs.append({"project": project, "name": name, "status": status,
                         "uuid": fields[3] if len(fields) == 4 else None})
    return runs
