"""Helpers shared by the fleetjobs black-box tests: the server process, clients, raw signed requests.

Everything here drives the built binary from the outside, the way boto3 and the AWS CLI would.
Run with Debian's interpreter: `/usr/bin/python3 -m pytest tests/blackbox`.
"""
import datetime
import http.client
import itertools
import json
import os
import queue
import re
import secrets
import signal
import subprocess
import threading
import time
import urllib.parse
from pathlib import Path

import boto3
import pytest
from botocore.auth import SigV4Auth
from botocore.awsrequest import AWSRequest
from botocore.config import Config
from botocore.credentials import Credentials
from botocore.exceptions import ClientError

REPO = Path(__file__).resolve().parents[2]
REGION = "us-east-1"
ACCOUNT = "123456789012"
STARTUP_TIMEOUT_S = 30
STOP_TIMEOUT_S = 20

LISTEN_RE = re.compile(r"http://([0-9.]+):(\d+) \(control\+data\)")
DATA_LISTEN_RE = re.compile(r"http://([0-9.]+):(\d+) \(data plane\)")

ADMIN_KEY = "AKIDFJADMIN000000001"
ADMIN_SECRET = "adminSecret/" + secrets.token_hex(14)
THING_KEY_POOL = [f"kt-{i}" for i in range(1, 33)]  # thing names that own a thing:NAME key


# thing name -> (access key id, secret)
THING_KEYS = {t: (f"AKIDFJTHING{i:06d}", "thingSecret/" + secrets.token_hex(14))
              for i, t in enumerate(THING_KEY_POOL, 1)}

_SESSION = secrets.token_hex(2)
_COUNTER = itertools.count(1)


def binary():
    return Path(os.environ.get("FLEETJOBS_BIN") or REPO / "build" / "fleetjobs")


def uniq(prefix="x"):
    """A name unique in this test session, valid as jobId, thing, group and template name."""
    return f"{prefix}-{_SESSION}-{next(_COUNTER)}"


def thing_arn(name):
    return f"arn:aws:iot:{REGION}:{ACCOUNT}:thing/{name}"


def group_arn(name):
    return f"arn:aws:iot:{REGION}:{ACCOUNT}:thinggroup/{name}"


def job_arn(job_id):
    return f"arn:aws:iot:{REGION}:{ACCOUNT}:job/{job_id}"


def template_arn(template_id):
    return f"arn:aws:iot:{REGION}:{ACCOUNT}:jobtemplate/{template_id}"


def write_credentials(path):
    lines = ["# fleetjobs black-box test keys", f"{ADMIN_KEY} {ADMIN_SECRET} admin"]
    for thing in THING_KEY_POOL:
        key, secret = THING_KEYS[thing]
        lines.append(f"{key} {secret} thing:{thing}")
    Path(path).write_text("\n".join(lines) + "\n")
    return Path(path)


# ---------------------------------------------------------------- the server process


class ServerProcess:
    """One `fleetjobs serve` child. start() waits for the listening line (with a deadline)."""

    _ids = itertools.count(1)

    def __init__(self, data_dir, log_dir, credentials=None, auth=True, data_plane=False, extra_args=()):
        self.data_dir = Path(data_dir)
        self.log_dir = Path(log_dir)
        self.credentials = credentials
        self.auth = auth
        self.data_plane = data_plane
        self.extra_args = list(extra_args)
        self.proc = None
        self.endpoint = None
        self.data_endpoint = None
        self.listening_line = None
        self.stdout_lines = []
        self.next_key = 0  # index into THING_KEY_POOL for tests needing a thing key

    def args(self):
        args = [str(binary()), "serve", "--data-dir", str(self.data_dir), "--listen", "127.0.0.1:0",
                "--region", REGION, "--account-id", ACCOUNT]
        if self.credentials:
            args += ["--credentials", str(self.credentials)]
        if not self.auth:
            args += ["--auth", "none"]
        if self.data_plane:
            args += ["--data-plane-listen", "127.0.0.1:0"]
        return args + self.extra_args

    def start(self, timeout=STARTUP_TIMEOUT_S):
        if not binary().exists():
            pytest.fail(f"fleetjobs binary not found at {binary()} (build it or set FLEETJOBS_BIN)")
        self.log_dir.mkdir(parents=True, exist_ok=True)
        self.stderr_path = self.log_dir / f"server-{next(self._ids)}.stderr"
        self._stderr = open(self.stderr_path, "wb")
        self.proc = subprocess.Popen(self.args(), stdout=subprocess.PIPE, stderr=self._stderr,
                                     stdin=subprocess.DEVNULL)
        lines = queue.Queue()

        def pump():
            for raw in iter(self.proc.stdout.readline, b""):
                text = raw.decode("utf-8", "replace").rstrip("\n")
                self.stdout_lines.append(text)
                lines.put(text)
            lines.put(None)

        threading.Thread(target=pump, daemon=True).start()
        deadline = time.monotonic() + timeout
        while True:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                self.kill9()
                pytest.fail(f"no listening line within {timeout}s; stderr:\n{self.stderr_text()}")
            try:
                line = lines.get(timeout=remaining)
            except queue.Empty:
                continue
            if line is None:
                rc = self.proc.wait(timeout=5)
                pytest.fail(f"fleetjobs exited ({rc}) before listening; stderr:\n{self.stderr_text()}")
            m = LISTEN_RE.search(line)
            if not m:
                continue
            self.listening_line = line
            self.host, self.port = m.group(1), int(m.group(2))
            self.endpoint = f"http://{self.host}:{self.port}"
            if self.data_plane:
                d = DATA_LISTEN_RE.search(line)
                assert d, f"--data-plane-listen given but no data plane address in {line!r}"
                self.data_port = int(d.group(2))
                self.data_endpoint = f"http://{d.group(1)}:{self.data_port}"
            return self

    def stderr_text(self):
        try:
            return self.stderr_path.read_text(errors="replace")[-4000:]
        except OSError:
            return ""

    @property
    def running(self):
        return self.proc is not None and self.proc.poll() is None

    def stop(self, timeout=STOP_TIMEOUT_S):
        """SIGTERM and wait; returns the exit code."""
        self.proc.send_signal(signal.SIGTERM)
        try:
            rc = self.proc.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            self.kill9()
            pytest.fail(f"fleetjobs did not exit within {timeout}s of SIGTERM")
        self._stderr.close()
        return rc

    def kill9(self):
        if self.running:
            self.proc.kill()
        self.proc.wait(timeout=STOP_TIMEOUT_S)
        self._stderr.close()

    # clients bound to this server
    def client(self, service, key=ADMIN_KEY, secret=ADMIN_SECRET, endpoint=None):
        return make_client(service, endpoint or self.endpoint, key, secret)

    def iot(self, key=ADMIN_KEY, secret=ADMIN_SECRET):
        return self.client("iot", key, secret)

    def data(self, key=ADMIN_KEY, secret=ADMIN_SECRET):
        return self.client("iot-jobs-data", key, secret)

    def take_thing_key(self):
        """A thing name owning a thing:NAME key, not yet handed out on this server."""
        assert self.next_key < len(THING_KEY_POOL), "thing key pool exhausted; enlarge THING_KEY_POOL"
        name = THING_KEY_POOL[self.next_key]
        self.next_key += 1
        return name


def client_config():
    # total_max_attempts=1: exactly one HTTP attempt, no retries on 429/5xx/throttling.
    return Config(region_name=REGION, retries={"total_max_attempts": 1, "mode": "standard"},
                  connect_timeout=5, read_timeout=60)


def make_client(service, endpoint, key=ADMIN_KEY, secret=ADMIN_SECRET):
    return boto3.session.Session().client(
        service, endpoint_url=endpoint, region_name=REGION, aws_access_key_id=key,
        aws_secret_access_key=secret, config=client_config())


# ---------------------------------------------------------------- assertions


def expect_error(code, fn, *args, **kwargs):
    """Calls fn, asserts a ClientError whose code is `code` (or one of a tuple); returns the error response."""
    codes = code if isinstance(code, (tuple, list, set)) else (code,)
    with pytest.raises(ClientError) as excinfo:
        fn(*args, **kwargs)
    resp = excinfo.value.response
    assert resp["Error"]["Code"] in codes, f"expected {codes}, got {resp['Error']} ({resp['ResponseMetadata']})"
    return resp


def status_of(resp):
    return resp["ResponseMetadata"]["HTTPStatusCode"]


def strip(resp):
    resp = dict(resp)
    resp.pop("ResponseMetadata", None)
    return resp


def assert_recent_datetime(value, slack_s=300):
    assert isinstance(value, datetime.datetime), f"expected a datetime, got {type(value)} {value!r}"
    assert value.tzinfo is not None
    assert abs(value.timestamp() - time.time()) < slack_s, f"{value} is not close to now"


def assert_recent_epoch_int(value, slack_s=300):
    """Data-plane times: integer epoch seconds (not ms, not float, not bool)."""
    assert type(value) is int, f"expected int epoch seconds, got {type(value)} {value!r}"
    assert abs(value - time.time()) < slack_s, f"{value} is not epoch seconds near now"


COUNTERS = ["numberOfCanceledThings", "numberOfSucceededThings", "numberOfFailedThings",
            "numberOfRejectedThings", "numberOfQueuedThings", "numberOfInProgressThings",
            "numberOfRemovedThings", "numberOfTimedOutThings"]


def counters(job, **expected):
    """Asserts every jobProcessDetails counter is present, an int, and equal to expected (default 0)."""
    details = job["jobProcessDetails"]
    got = {}
    for name in COUNTERS:
        assert name in details, f"jobProcessDetails lacks {name}: {details}"
        assert type(details[name]) is int
        got[name] = details[name]
    want = {name: 0 for name in COUNTERS}
    for short, value in expected.items():
        want[f"numberOf{short[0].upper()}{short[1:]}Things"] = value
    diff = {k: (got[k], want[k]) for k in COUNTERS if got[k] != want[k]}
    assert got == want, f"jobProcessDetails (got, expected): {diff}"
    return details


def wait_until(predicate, timeout=10.0, interval=0.05, what="condition"):
    """Bounded polling, only for behaviour the server may perform asynchronously."""
    deadline = time.monotonic() + timeout
    while True:
        value = predicate()
        if value:
            return value
        if time.monotonic() > deadline:
            pytest.fail(f"timed out after {timeout}s waiting for {what}")
        time.sleep(interval)


def future_minute(delta):
    """`YYYY-MM-DDTHH:MM` UTC, delta from now (schedulingConfig times)."""
    t = datetime.datetime.now(datetime.timezone.utc) + delta
    return t.strftime("%Y-%m-%dT%H:%M")


# ---------------------------------------------------------------- raw HTTP


class RawResponse:
    def __init__(self, status, headers, body):
        self.status = status
        self.headers = {k.lower(): v for k, v in headers}
        self.body = body

    def json(self):
        return json.loads(self.body.decode("utf-8")) if self.body else {}

    def __repr__(self):
        return f"RawResponse({self.status}, {self.headers}, {self.body[:500]!r})"


def raw_request(endpoint, method, path, query=None, body=None, service=None, key=ADMIN_KEY,
                secret=ADMIN_SECRET, headers=None, tamper=None, region=REGION):
    """Sends one HTTP request. `path` is sent exactly as given (already percent-encoded).
    With `service`, the request is SigV4-signed (scope service = `service`) like botocore does.
    `tamper(headers, data)` may alter the request after signing; it returns (headers, data)."""
    netloc = urllib.parse.urlsplit(endpoint).netloc
    qs = urllib.parse.urlencode(query or {}, quote_via=urllib.parse.quote)
    target = path + ("?" + qs if qs else "")
    if isinstance(body, (dict, list)):
        data = json.dumps(body).encode()
    elif isinstance(body, str):
        data = body.encode()
    else:
        data = body
    hdrs = {"Host": netloc}
    if data is not None:
        hdrs["Content-Type"] = "application/json"
    hdrs.update(headers or {})
    if service:
        req = AWSRequest(method=method, url=endpoint + target, data=data or b"", headers=hdrs)
        SigV4Auth(Credentials(key, secret), service, region).add_auth(req)
        hdrs = dict(req.headers.items())
    if tamper:
        hdrs, data = tamper(hdrs, data)
    if data is not None:
        hdrs["Content-Length"] = str(len(data))
    elif method in ("DELETE", "POST", "PUT", "PATCH"):
        hdrs["Content-Length"] = "0"
    conn = http.client.HTTPConnection(netloc, timeout=30)
    try:
        conn.request(method, target, body=data, headers=hdrs)
        resp = conn.getresponse()
        return RawResponse(resp.status, resp.getheaders(), resp.read())
    finally:
        conn.close()


def assert_aws_error(resp, status, code):
    """An AWS restJson1 error: status, x-amzn-ErrorType, {"__type","message"}, x-amzn-RequestId."""
    assert resp.status == status, resp
    assert resp.headers.get("x-amzn-errortype", "").split(":")[0] == code, resp
    assert resp.headers.get("x-amzn-requestid"), resp
    assert resp.headers.get("content-type", "").startswith("application/json"), resp
    body = resp.json()
    assert body.get("__type", "").split("#")[-1] == code, body
    assert isinstance(body.get("message"), str) and body["message"], body
    return body


# ---------------------------------------------------------------- fleet builder


class Fleet:
    """Creates uniquely named things, groups and jobs through an admin control-plane client."""

    def __init__(self, iot):
        self.iot = iot

    def thing(self, prefix="t", attributes=None, name=None):
        name = name or uniq(prefix)
        kwargs = {"thingName": name}
        if attributes is not None:
            kwargs["attributePayload"] = {"attributes": attributes}
        self.iot.create_thing(**kwargs)
        return name

    def things(self, n, prefix="t"):
        return [self.thing(prefix) for _ in range(n)]

    def group(self, prefix="g", parent=None, things=()):
        name = uniq(prefix)
        kwargs = {"thingGroupName": name}
        if parent:
            kwargs["parentGroupName"] = parent
        self.iot.create_thing_group(**kwargs)
        for t in things:
            self.add(t, name)
        return name

    def add(self, thing, group):
        self.iot.add_thing_to_thing_group(thingGroupName=group, thingName=thing)

    def job(self, things=(), groups=(), document=None, prefix="j", job_id=None, **kwargs):
        job_id = job_id or uniq(prefix)
        targets = [thing_arn(t) for t in things] + [group_arn(g) for g in groups]
        if document is None and "jobTemplateArn" not in kwargs and "documentSource" not in kwargs:
            document = json.dumps({"operation": "run", "job": job_id})
        if document is not None:
            kwargs["document"] = document
        self.iot.create_job(jobId=job_id, targets=targets, **kwargs)
        return job_id

    def describe(self, job_id):
        return self.iot.describe_job(jobId=job_id)["job"]

    def execution(self, job_id, thing, **kwargs):
        return self.iot.describe_job_execution(jobId=job_id, thingName=thing, **kwargs)["execution"]
