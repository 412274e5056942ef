"""Authentication and authorisation: SigV4 keys, thing-scoped keys, health, --auth none."""
import json

import pytest
from botocore.auth import SigV4Auth
from botocore.awsrequest import AWSRequest
from botocore.credentials import Credentials

from fjtest import (ADMIN_KEY, ADMIN_SECRET, REGION, THING_KEYS, assert_aws_error, expect_error, make_client, raw_request,
                    status_of, thing_arn, uniq)

UNKNOWN_KEY = "AKIDFJNOBODY00000000"


def test_health_needs_no_auth(server):
    resp = raw_request(server.endpoint, "GET", "/health")
    assert resp.status == 200, resp
    assert resp.json() == {"status": "ok"}


@pytest.mark.parametrize("method,path", [("GET", "/jobs"), ("GET", "/things/t1/jobs"), ("PUT", "/jobs/j1"),
                                         ("GET", "/no/such/route")])
def test_unsigned_request(server, method, path):
    body = {"targets": [thing_arn("t1")], "document": "{}"} if method == "PUT" else None
    resp = raw_request(server.endpoint, method, path, body=body)
    assert_aws_error(resp, 403, "MissingAuthenticationTokenException")


@pytest.mark.parametrize("service", ["iot", "iot-jobs-data"])
def test_unknown_access_key(server, service):
    client = make_client(service, server.endpoint, UNKNOWN_KEY, "whatever-secret")
    call = client.list_jobs if service == "iot" else (lambda: client.get_pending_job_executions(thingName="t1"))
    resp = expect_error("UnrecognizedClientException", call)
    assert status_of(resp) == 403
    assert resp["ResponseMetadata"]["RequestId"]


@pytest.mark.parametrize("service", ["iot", "iot-jobs-data"])
def test_wrong_secret(server, service):
    client = make_client(service, server.endpoint, ADMIN_KEY, ADMIN_SECRET + "x")
    call = client.list_jobs if service == "iot" else (lambda: client.get_pending_job_executions(thingName="t1"))
    resp = expect_error("InvalidSignatureException", call)
    assert status_of(resp) == 403


def test_wrong_secret_raw_error_shape(server):
    resp = raw_request(server.endpoint, "GET", "/jobs", service="execute-api", secret="not-the-secret")
    assert_aws_error(resp, 403, "InvalidSignatureException")


def test_tampered_body_is_rejected(server, iot):
    name = uniq("t")

    def tamper(headers, data):
        return headers, data.replace(b"orig", b"evil")

    resp = raw_request(server.endpoint, "POST", f"/things/{name}", service="execute-api",
                       body={"attributePayload": {"attributes": {"v": "orig"}}}, tamper=tamper)
    assert_aws_error(resp, 403, "InvalidSignatureException")
    expect_error("ResourceNotFoundException", iot.describe_thing, thingName=name)


def test_tampered_path_is_rejected(server, iot):
    signed_for, sent_to = uniq("t"), uniq("t")
    # sign a request for one thing, then send the same signed headers to another path
    req = AWSRequest(method="POST", url=f"{server.endpoint}/things/{signed_for}", data=b"{}",
                     headers={"Host": f"{server.host}:{server.port}", "Content-Type": "application/json"})
    SigV4Auth(Credentials(ADMIN_KEY, ADMIN_SECRET), "execute-api", REGION).add_auth(req)
    resp = raw_request(server.endpoint, "POST", f"/things/{sent_to}", body="{}", headers=dict(req.headers.items()))
    assert_aws_error(resp, 403, "InvalidSignatureException")
    expect_error("ResourceNotFoundException", iot.describe_thing, thingName=sent_to)
    # the untampered request is accepted
    resp = raw_request(server.endpoint, "POST", f"/things/{signed_for}", body="{}", headers=dict(req.headers.items()))
    assert resp.status == 200, resp
    iot.describe_thing(thingName=signed_for)


def test_wrong_region_in_scope(server):
    resp = raw_request(server.endpoint, "GET", "/jobs", service="execute-api", region="eu-west-1")
    assert resp.status == 403, resp
    assert resp.headers.get("x-amzn-errortype", "").split(":")[0] in ("InvalidSignatureException",
                                                                      "UnrecognizedClientException")


def test_signed_unknown_route(server):
    for service in ("execute-api", "iot", "iot-jobs-data"):
        resp = raw_request(server.endpoint, "GET", "/definitely/not/a/route", service=service)
        assert_aws_error(resp, 404, "UnknownOperationException")


# ---------------------------------------------------------------- thing keys


def test_thing_key_works_on_its_own_thing(iot, fleet, thing_key):
    name, device, _ = thing_key()
    job_id = fleet.job(things=[name])
    pending = device.get_pending_job_executions(thingName=name)
    assert [s["jobId"] for s in pending["queuedJobs"]] == [job_id]
    assert device.describe_job_execution(thingName=name, jobId="$next")["execution"]["jobId"] == job_id
    started = device.start_next_pending_job_execution(thingName=name)["execution"]
    assert started["jobId"] == job_id and started["status"] == "IN_PROGRESS"
    device.update_job_execution(thingName=name, jobId=job_id, status="SUCCEEDED")
    assert iot.describe_job_execution(thingName=name, jobId=job_id)["execution"]["status"] == "SUCCEEDED"


def test_thing_key_denied_on_another_thing(iot, fleet, thing_key):
    mine, device, _ = thing_key()
    other, _, _ = thing_key()
    job_id = fleet.job(things=[mine, other])
    calls = [
        lambda: device.get_pending_job_executions(thingName=other),
        lambda: device.describe_job_execution(thingName=other, jobId=job_id),
        lambda: device.describe_job_execution(thingName=other, jobId="$next"),
        lambda: device.start_next_pending_job_execution(thingName=other),
        lambda: device.update_job_execution(thingName=other, jobId=job_id, status="SUCCEEDED"),
    ]
    for call in calls:
        resp = expect_error("AccessDeniedException", call)
        assert status_of(resp) == 403
    e = iot.describe_job_execution(thingName=other, jobId=job_id)["execution"]
    assert e["status"] == "QUEUED" and e["versionNumber"] == 1
    # a thing that does not exist at all is still "another thing"
    expect_error("AccessDeniedException", device.get_pending_job_executions, thingName=uniq("ghost"))


def test_thing_key_denied_on_control_plane(iot, fleet, thing_key):
    name, _, control = thing_key()
    job_id = uniq("job")
    calls = [
        lambda: control.list_jobs(),
        lambda: control.describe_thing(thingName=name),
        lambda: control.list_job_executions_for_thing(thingName=name),
        lambda: control.describe_job_execution(thingName=name, jobId=job_id),
        lambda: control.create_job(jobId=job_id, targets=[thing_arn(name)], document="{}"),
        lambda: control.create_thing(thingName=uniq("t")),
    ]
    for call in calls:
        resp = expect_error("AccessDeniedException", call)
        assert status_of(resp) == 403
    expect_error("ResourceNotFoundException", iot.describe_job, jobId=job_id)


def test_thing_key_control_scope_on_data_route_is_denied(server, fleet, thing_key):
    # the same URI signed for the control plane is ListJobExecutionsForThing: still denied
    name, _, _ = thing_key()
    key, secret = THING_KEYS[name]
    resp = raw_request(server.endpoint, "GET", f"/things/{name}/jobs", service="execute-api", key=key,
                       secret=secret)
    assert_aws_error(resp, 403, "AccessDeniedException")


# ---------------------------------------------------------------- --auth none


def test_auth_none_accepts_unsigned_and_any_key(fresh_server):
    srv = fresh_server(auth=False, credentials=None)
    assert raw_request(srv.endpoint, "GET", "/health").json() == {"status": "ok"}
    resp = raw_request(srv.endpoint, "GET", "/jobs")
    assert resp.status == 200, resp
    assert resp.json().get("jobs", []) == []
    resp = raw_request(srv.endpoint, "POST", "/things/open-thing", body={})
    assert resp.status == 200, resp
    assert resp.json()["thingArn"] == thing_arn("open-thing")

    iot = make_client("iot", srv.endpoint, UNKNOWN_KEY, "any")
    data = make_client("iot-jobs-data", srv.endpoint, UNKNOWN_KEY, "any")
    iot.create_job(jobId="open-job", targets=[thing_arn("open-thing")], document=json.dumps({"x": 1}))
    pending = data.get_pending_job_executions(thingName="open-thing")
    assert [s["jobId"] for s in pending["queuedJobs"]] == ["open-job"]
    assert srv.stop() == 0
