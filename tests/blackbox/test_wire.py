"""Wire-level facts (digest §1, wire-facts.md): raw JSON types, headers, error bodies, plane dispatch."""
import json
import time

import pytest
from botocore.exceptions import ClientError

from fjtest import (assert_aws_error, expect_error, group_arn, make_client, raw_request, status_of, thing_arn,
                    uniq)

CONTROL_SCOPES = ["execute-api", "iot"]  # Debian botocore signs as execute-api, newer ones as iot


def control(server, method, path, scope="execute-api", **kw):
    return raw_request(server.endpoint, method, path, service=scope, **kw)


def device(server, method, path, **kw):
    return raw_request(server.endpoint, method, path, service="iot-jobs-data", **kw)


def assert_epoch_seconds_number(value):
    assert isinstance(value, (int, float)) and not isinstance(value, bool), f"not a JSON number: {value!r}"
    assert abs(value - time.time()) < 300, f"{value} is not epoch seconds near now (ms? ISO?)"


def assert_epoch_seconds_int(value):
    assert type(value) is int, f"data-plane time must be a JSON integer: {value!r}"
    assert abs(value - time.time()) < 300, f"{value} is not epoch seconds near now"


@pytest.mark.parametrize("scope", CONTROL_SCOPES)
def test_success_headers_and_control_timestamps(server, fleet, scope):
    t = fleet.thing()
    job_id = fleet.job(things=[t])
    resp = control(server, "GET", f"/jobs/{job_id}", scope)
    assert resp.status == 200, resp
    assert resp.headers["content-type"].startswith("application/json")
    assert resp.headers.get("x-amzn-requestid")
    job = resp.json()["job"]
    assert_epoch_seconds_number(job["createdAt"])
    assert_epoch_seconds_number(job["lastUpdatedAt"])
    assert job["jobProcessDetails"]["numberOfQueuedThings"] == 1

    listed = control(server, "GET", "/jobs", scope, query={"maxResults": "250"}).json()["jobs"]
    for s in listed:
        assert_epoch_seconds_number(s["createdAt"])

    e = control(server, "GET", f"/things/{t}/jobs/{job_id}", scope).json()["execution"]
    assert e["thingArn"] == thing_arn(t) and "thingName" not in e
    assert_epoch_seconds_number(e["queuedAt"])
    assert "jobDocument" not in e

    g = fleet.group()
    meta = control(server, "GET", f"/thing-groups/{g}", scope).json()["thingGroupMetadata"]
    assert_epoch_seconds_number(meta["creationDate"])


def test_request_ids_are_unique(server):
    ids = {control(server, "GET", "/jobs").headers["x-amzn-requestid"] for _ in range(3)}
    assert len(ids) == 3


def test_data_plane_raw_types(server, fleet):
    t = fleet.thing()
    job_id = fleet.job(things=[t], document='{"k": [1, 2]}')
    e = device(server, "GET", f"/things/{t}/jobs/{job_id}").json()["execution"]
    assert e["thingName"] == t and "thingArn" not in e
    assert isinstance(e["jobDocument"], str) and e["jobDocument"] == '{"k": [1, 2]}'
    assert_epoch_seconds_int(e["queuedAt"])
    assert_epoch_seconds_int(e["lastUpdatedAt"])
    assert type(e["versionNumber"]) is int and type(e["executionNumber"]) is int
    pending = device(server, "GET", f"/things/{t}/jobs").json()
    assert_epoch_seconds_int(pending["queuedJobs"][0]["queuedAt"])
    started = device(server, "PUT", f"/things/{t}/jobs/$next", body={"statusDetails": {"a": "b"}}).json()
    assert started["execution"]["statusDetails"] == {"a": "b"}
    assert_epoch_seconds_int(started["execution"]["startedAt"])
    doc = control(server, "GET", f"/jobs/{job_id}/job-document").json()
    assert doc == {"document": '{"k": [1, 2]}'}


def test_get_job_document_string_even_for_nested_json(iot, fleet):
    text = json.dumps({"steps": [{"action": "download", "args": {"url": "https://x/y"}}], "n": 1.5})
    job_id = fleet.job(things=[fleet.thing()], document=text)
    assert iot.get_job_document(jobId=job_id)["document"] == text


@pytest.mark.parametrize("scope", CONTROL_SCOPES)
def test_same_uri_dispatches_by_scope(server, fleet, scope):
    t = fleet.thing()
    job_id = fleet.job(things=[t])
    as_control = control(server, "GET", f"/things/{t}/jobs", scope).json()
    assert [s["jobId"] for s in as_control["executionSummaries"]] == [job_id]
    assert "queuedJobs" not in as_control
    as_device = device(server, "GET", f"/things/{t}/jobs").json()
    assert [s["jobId"] for s in as_device["queuedJobs"]] == [job_id]
    assert as_device["inProgressJobs"] == []
    assert "executionSummaries" not in as_device

    c = control(server, "GET", f"/things/{t}/jobs/{job_id}", scope).json()["execution"]
    d = device(server, "GET", f"/things/{t}/jobs/{job_id}").json()["execution"]
    assert "thingArn" in c and "thingName" not in c and "jobDocument" not in c
    assert "thingName" in d and "thingArn" not in d and "jobDocument" in d


def test_next_path_encodings(server, fleet):
    t = fleet.thing()
    job_id = fleet.job(things=[t])
    encoded = device(server, "GET", f"/things/{t}/jobs/%24next")  # botocore's DescribeJobExecution($next)
    assert encoded.status == 200, encoded
    assert encoded.json()["execution"]["jobId"] == job_id
    literal = device(server, "PUT", f"/things/{t}/jobs/$next", body={})  # botocore's StartNext
    assert literal.status == 200, literal
    assert literal.json()["execution"]["status"] == "IN_PROGRESS"
    assert device(server, "PUT", f"/things/{t}/jobs/%24next", body={}).json()["execution"]["jobId"] == job_id


def test_percent_encoded_names_end_to_end(iot, data):
    thing = uniq("my:thing")  # ':' is legal in thing names and travels as %3A
    group = uniq("grp:a")
    iot.create_thing(thingName=thing)
    iot.create_thing_group(thingGroupName=group)
    iot.add_thing_to_thing_group(thingGroupName=group, thingName=thing)
    assert iot.describe_thing(thingName=thing)["thingArn"] == thing_arn(thing)
    job_id = uniq("job")
    iot.create_job(jobId=job_id, targets=[group_arn(group)], document="{}")
    assert [s["jobId"] for s in data.get_pending_job_executions(thingName=thing)["queuedJobs"]] == [job_id]
    assert data.describe_job_execution(thingName=thing, jobId="$next")["execution"]["thingName"] == thing
    data.update_job_execution(thingName=thing, jobId=job_id, status="SUCCEEDED")
    e = iot.describe_job_execution(thingName=thing, jobId=job_id)["execution"]
    assert e["status"] == "SUCCEEDED" and e["thingArn"] == thing_arn(thing)


def test_empty_bodies(server, fleet):
    t = fleet.thing()
    job_id = fleet.job(things=[t])
    # CancelJob with no body at all (older botocore sends none when no member is set)
    resp = control(server, "PUT", f"/jobs/{job_id}/cancel")
    assert resp.status == 200, resp
    assert resp.json()["jobId"] == job_id
    resp = control(server, "DELETE", f"/jobs/{job_id}")  # Content-Length: 0
    assert resp.status == 200, resp
    assert resp.body in (b"", b"{}")
    resp = control(server, "DELETE", f"/things/{t}")
    assert resp.status == 200, resp


def test_resource_already_exists_body(server, iot):
    name = uniq("t")
    created = iot.create_thing(thingName=name, attributePayload={"attributes": {"a": "1"}})
    resp = control(server, "POST", f"/things/{name}", body={"attributePayload": {"attributes": {"a": "2"}}})
    body = assert_aws_error(resp, 409, "ResourceAlreadyExistsException")
    assert body["resourceArn"] == thing_arn(name)
    assert body["resourceId"] == created["thingId"]


def test_conflict_body(server, iot):
    tid = uniq("tmpl")
    iot.create_job_template(jobTemplateId=tid, description="d", document="{}")
    resp = control(server, "PUT", f"/job-templates/{tid}", body={"description": "d", "document": "{}"})
    body = assert_aws_error(resp, 409, "ConflictException")
    assert body["resourceId"] == tid


def test_error_shapes_both_planes(server):
    missing = uniq("missing")
    assert_aws_error(control(server, "GET", f"/jobs/{missing}"), 404, "ResourceNotFoundException")
    assert_aws_error(device(server, "GET", f"/things/t1/jobs/{missing}"), 404, "ResourceNotFoundException")
    assert_aws_error(control(server, "GET", "/jobs", query={"maxResults": "251"}), 400, "InvalidRequestException")


def test_boto3_error_metadata(iot):
    with pytest.raises(ClientError) as e:
        iot.describe_job(jobId=uniq("missing"))
    meta = e.value.response["ResponseMetadata"]
    assert meta["HTTPStatusCode"] == 404
    assert meta["RequestId"]
    assert meta["RetryAttempts"] == 0
    assert e.value.response["Error"]["Message"]


def test_empty_output_operations_parse(iot, fleet):
    t = fleet.thing()
    job_id = fleet.job(things=[t])
    for resp in (iot.update_job(jobId=job_id, description="x"),
                 iot.cancel_job_execution(jobId=job_id, thingName=t),
                 iot.delete_job_execution(jobId=job_id, thingName=t, executionNumber=1),
                 iot.delete_job(jobId=job_id, force=True)):
        assert status_of(resp) == 200
        assert set(resp) == {"ResponseMetadata"}


# ---------------------------------------------------------------- --data-plane-listen


def test_data_plane_listener(fresh_server):
    srv = fresh_server(data_plane=True)
    assert srv.data_port != srv.port
    iot = srv.iot()
    iot.create_thing(thingName="dp-thing")
    iot.create_job(jobId="dp-job", targets=[thing_arn("dp-thing")], document='{"x": 1}')

    data = make_client("iot-jobs-data", srv.data_endpoint)
    pending = data.get_pending_job_executions(thingName="dp-thing")
    assert [s["jobId"] for s in pending["queuedJobs"]] == ["dp-job"]
    # on this port even a control-plane scope means data plane
    for scope in CONTROL_SCOPES:
        resp = raw_request(srv.data_endpoint, "GET", "/things/dp-thing/jobs", service=scope)
        assert resp.status == 200, resp
        assert [s["jobId"] for s in resp.json()["queuedJobs"]] == ["dp-job"]
        resp = raw_request(srv.data_endpoint, "GET", "/things/dp-thing/jobs/dp-job", service=scope)
        assert resp.json()["execution"]["thingName"] == "dp-thing"
        # control-plane-only operations do not exist there
        assert_aws_error(raw_request(srv.data_endpoint, "GET", "/jobs", service=scope), 404,
                         "UnknownOperationException")
    expect_error("UnknownOperationException", make_client("iot", srv.data_endpoint).list_jobs)
    started = data.start_next_pending_job_execution(thingName="dp-thing")["execution"]
    assert started["status"] == "IN_PROGRESS"
    # the main port still serves both planes
    assert iot.describe_job_execution(thingName="dp-thing", jobId="dp-job")["execution"]["status"] == "IN_PROGRESS"
    assert srv.stop() == 0
