"""Virtual-clock helpers for the job-engine black-box tests (`fleetjobs serve --virtual-clock`).

The server's engine clock starts at the real time and moves only through
`POST /_fleetjobs/clock/advance {"seconds": N}` (SigV4, admin key, service `iot`), which fires every
event falling due, in time order, before it answers `{"now": <epoch seconds>}`. Nothing here sleeps.

* `VirtualClock(server)`: `now()` (GET /_fleetjobs/clock), `advance(seconds)` -> the new now,
  `advance_to(epoch)`, `align(second_of_minute)`; `get()` / `post(body)` give the raw responses.
* `minute_str(epoch)` / `epoch_of(text)` / `next_minute(epoch, at_least)`: schedulingConfig
  `YYYY-MM-DDTHH:MM` (UTC) <-> epoch seconds; `ts(value)`: a boto3 datetime or data-plane int as epoch.
* `executions(iot, job_id, status)`: every execution summary of a job (all pages), as (thingName, summary);
  `execution_count`, `things_with(iot, job_id, status)`, `thing_history(iot, thing, job_id)`.
* `raw_create_job(server, job_id, body)` / `raw_describe_job(server, job_id)`: signed raw HTTP for the
  fields Debian's botocore model lacks (maintenanceWindows, scheduledJobRollouts).
* `create_things_in_group(iot, n)`: a thing group holding n new things, created quickly.
* `start_virtual_server(...)` / `stop_cleanly(proc)`: a `--virtual-clock` server for module fixtures.
"""
import datetime
import math

import fjtest

CLOCK_PATH = "/_fleetjobs/clock"
ADVANCE_PATH = "/_fleetjobs/clock/advance"
VIRTUAL_CLOCK_FLAG = "--virtual-clock"


class VirtualClock:
    def __init__(self, server, key=fjtest.ADMIN_KEY, secret=fjtest.ADMIN_SECRET):
        self.server = server
        self.key = key
        self.secret = secret

    def get(self):
        return fjtest.raw_request(self.server.endpoint, "GET", CLOCK_PATH, service="iot", key=self.key,
                                  secret=self.secret)

    def post(self, body):
        return fjtest.raw_request(self.server.endpoint, "POST", ADVANCE_PATH, body=body, service="iot",
                                  key=self.key, secret=self.secret)

    def now(self):
        resp = self.get()
        assert resp.status == 200, resp
        return now_of(resp)

    def advance(self, seconds):
        """Moves the virtual clock forward by `seconds` (firing what falls due); returns the new now."""
        resp = self.post({"seconds": seconds})
        assert resp.status == 200, resp
        return now_of(resp)

    def advance_to(self, epoch):
        """Advances to exactly `epoch` (millisecond precision); returns the new now."""
        now = self.now()
        assert epoch >= now - 0.0005, f"cannot go back from {now} to {epoch}"
        reached = self.advance(round(max(0.0, epoch - now), 3))
        assert abs(reached - epoch) < 0.002, (reached, epoch)
        return reached

    def align(self, second_of_minute=0):
        """Advances to the next instant whose seconds are `second_of_minute`.000 (at least 1 s ahead)."""
        now = self.now()
        target = math.floor(now / 60) * 60 + second_of_minute
        while target < now + 1:
            target += 60
        return self.advance_to(target)


def start_virtual_server(data_dir, log_dir, credentials):
    """A started `fleetjobs serve --virtual-clock` (fjtest.ServerProcess)."""
    proc = fjtest.ServerProcess(data_dir, log_dir, credentials=credentials, extra_args=[VIRTUAL_CLOCK_FLAG])
    return proc.start()


def stop_cleanly(proc):
    """SIGTERM a still running server and assert it exits 0."""
    if proc.running:
        rc = proc.stop()
        assert rc == 0, f"fleetjobs exited {rc} on SIGTERM; stderr:\n{proc.stderr_text()}"


def now_of(resp):
    body = resp.json()
    assert set(body) == {"now"}, body
    assert isinstance(body["now"], (int, float)) and not isinstance(body["now"], bool), body
    return float(body["now"])


def minute_str(epoch):
    """`YYYY-MM-DDTHH:MM` (UTC) of a whole-minute epoch."""
    assert abs(epoch - round(epoch)) < 1e-6 and round(epoch) % 60 == 0, f"{epoch} is not a whole minute"
    return datetime.datetime.fromtimestamp(round(epoch), datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M")


def epoch_of(text):
    return datetime.datetime.strptime(text, "%Y-%m-%dT%H:%M").replace(tzinfo=datetime.timezone.utc).timestamp()


def next_minute(epoch, at_least=0.0):
    """The first whole minute >= epoch + at_least."""
    return math.ceil((epoch + at_least) / 60) * 60


def ts(value):
    """A boto3 datetime (control plane) or an int (data plane) as epoch seconds."""
    if isinstance(value, datetime.datetime):
        return value.timestamp()
    return float(value)


def executions(iot, job_id, status=None):
    """Every execution summary ListJobExecutionsForJob gives for a job (all pages), as (thingName, summary)."""
    out = []
    kwargs = {"jobId": job_id, "maxResults": 250}
    if status:
        kwargs["status"] = status
    while True:
        page = iot.list_job_executions_for_job(**kwargs)
        out += [(s["thingArn"].split("/", 1)[1], s["jobExecutionSummary"]) for s in page["executionSummaries"]]
        token = page.get("nextToken")
        if not token:
            return out
        kwargs["nextToken"] = token


def execution_count(iot, job_id, status=None):
    return len(executions(iot, job_id, status))


def things_with(iot, job_id, status):
    """Names of the things having an execution of `job_id` in `status`, sorted."""
    return sorted(t for t, _ in executions(iot, job_id, status))


def thing_history(iot, thing, job_id):
    """The thing's executions of one job, oldest first (ListJobExecutionsForThing)."""
    items = []
    kwargs = {"thingName": thing, "jobId": job_id, "maxResults": 250}
    while True:
        page = iot.list_job_executions_for_thing(**kwargs)
        items += [s["jobExecutionSummary"] for s in page["executionSummaries"]]
        if not page.get("nextToken"):
            break
        kwargs["nextToken"] = page["nextToken"]
    return sorted(items, key=lambda s: s["executionNumber"])


def create_things_in_group(iot, n, prefix="big"):
    """A new thing group with n new things in it; returns (group, [things])."""
    group = fjtest.uniq(prefix + "g")
    iot.create_thing_group(thingGroupName=group)
    base = fjtest.uniq(prefix)
    things = [f"{base}-{i:04d}" for i in range(n)]
    for t in things:
        iot.create_thing(thingName=t)
        iot.add_thing_to_thing_group(thingGroupName=group, thingName=t)
    return group, things


def raw_create_job(server, job_id, body):
    """CreateJob as raw signed HTTP (for fields Debian's botocore model lacks); returns the RawResponse."""
    return fjtest.raw_request(server.endpoint, "PUT", f"/jobs/{job_id}", body=body, service="iot")


def raw_describe_job(server, job_id):
    resp = fjtest.raw_request(server.endpoint, "GET", f"/jobs/{job_id}", service="iot")
    assert resp.status == 200, resp
    return resp.json()["job"]
