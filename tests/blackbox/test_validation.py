"""Input validation (digest §6): max/enum/pattern violations botocore lets through must be refused by the
server with InvalidRequestException (HTTP 400) and a message naming the field; nothing is written."""
import datetime
import json
from types import SimpleNamespace

import pytest

from fjtest import assert_aws_error, expect_error, raw_request, status_of, thing_arn, uniq


def _minute(**delta):
    t = datetime.datetime.now(datetime.timezone.utc) + datetime.timedelta(**delta)
    return t.strftime("%Y-%m-%dT%H:%M")


@pytest.fixture(scope="module")
def ctx(iot):
    t = uniq("vt")
    iot.create_thing(thingName=t)
    job = uniq("vj")
    iot.create_job(jobId=job, targets=[thing_arn(t)], document="{}", description="kept")
    return SimpleNamespace(thing=t, job=job)


def abort(**over):
    c = {"failureType": "FAILED", "action": "CANCEL", "thresholdPercentage": 10.0, "minNumberOfExecutedThings": 1}
    c.update(over)
    return {"criteriaList": [c]}


def expo(**over):
    e = {"baseRatePerMinute": 10, "incrementFactor": 2.0, "rateIncreaseCriteria": {"numberOfNotifiedThings": 5}}
    e.update(over)
    return {"exponentialRate": e}


# (kwargs for CreateJob on top of a valid request, field(s) the message must name)
CREATE_JOB_CASES = [
    ({"jobId": "bad id!"}, "jobId"),
    ({"jobId": "j" * 65}, "jobId"),
    ({"jobId": "$next"}, "jobId"),
    ({"description": "d" * 2029}, "description"),
    ({"description": "bell\x07"}, "description"),
    ({"description": ""}, "description"),
    ({"abortConfig": abort(thresholdPercentage=100.5)}, "thresholdPercentage"),
    ({"abortConfig": abort(thresholdPercentage=10.125)}, "thresholdPercentage"),
    ({"abortConfig": abort(action="STOP")}, "action"),
    ({"abortConfig": abort(failureType="SOMETIMES")}, "failureType"),
    ({"jobExecutionsRetryConfig": {"criteriaList": [{"failureType": "FAILED", "numberOfRetries": 11}]}},
     "numberOfRetries"),
    ({"jobExecutionsRetryConfig": {"criteriaList": [{"failureType": "REJECTED", "numberOfRetries": 1}]}},
     "failureType"),
    ({"jobExecutionsRetryConfig": {"criteriaList": [{"failureType": "FAILED", "numberOfRetries": 6},
                                                    {"failureType": "TIMED_OUT", "numberOfRetries": 5}]}},
     ("numberOfRetries", "criteriaList", "jobExecutionsRetryConfig")),
    ({"jobExecutionsRolloutConfig": expo(incrementFactor=6)}, "incrementFactor"),
    ({"jobExecutionsRolloutConfig": expo(incrementFactor=1.25)}, "incrementFactor"),
    ({"jobExecutionsRolloutConfig": expo(baseRatePerMinute=1001)}, "baseRatePerMinute"),
    ({"timeoutConfig": {"inProgressTimeoutInMinutes": 10081}}, "inProgressTimeoutInMinutes"),
    ({"timeoutConfig": {"inProgressTimeoutInMinutes": 0}}, "inProgressTimeoutInMinutes"),
    ({"presignedUrlConfig": {"roleArn": "arn:aws:iam::123456789012:role/r", "expiresInSec": 3601}},
     "expiresInSec"),
    ({"targetSelection": "SOMETIMES"}, "targetSelection"),
    ({"document": "{not json"}, "document"),
    ({"document": json.dumps({"pad": "x" * 32768})}, "document"),
    ({"document": ""}, "document"),
    ({"namespaceId": "ns!"}, "namespaceId"),
    ({"schedulingConfig": {"startTime": "tomorrow"}}, "startTime"),
    ({"schedulingConfig": {"startTime": _minute(days=-1)}}, "startTime"),
    ({"schedulingConfig": {"startTime": _minute(minutes=5)}}, "startTime"),
    ({"schedulingConfig": {"startTime": _minute(days=400)}}, "startTime"),
    ({"schedulingConfig": {"startTime": _minute(days=1), "endTime": _minute(days=1, minutes=10)}}, "endTime"),
    ({"schedulingConfig": {"startTime": _minute(days=2)[:11] + "25:00"}}, "startTime"),
    ({"tags": [{"Key": "k" * 129, "Value": "v"}]}, ("tags", "Key", "key")),
    ({"tags": [{"Key": "k", "Value": "v" * 257}]}, ("tags", "Value", "value")),
]


@pytest.mark.parametrize("over,field", CREATE_JOB_CASES,
                         ids=[f"{i}-{c[1] if isinstance(c[1], str) else c[1][0]}"
                              for i, c in enumerate(CREATE_JOB_CASES)])
def test_create_job_rejects(iot, ctx, over, field):
    kwargs = {"jobId": uniq("vjob"), "targets": [thing_arn(ctx.thing)], "document": '{"ok": true}'}
    kwargs.update(over)
    resp = expect_error("InvalidRequestException", iot.create_job, **kwargs)
    assert status_of(resp) == 400
    fields = (field,) if isinstance(field, str) else field
    assert any(f in resp["Error"]["Message"] for f in fields), resp["Error"]["Message"]
    if "jobId" not in over:
        expect_error("ResourceNotFoundException", iot.describe_job, jobId=kwargs["jobId"])


def test_document_at_the_limit_is_accepted(iot, ctx):
    doc = json.dumps({"pad": ""})
    doc = json.dumps({"pad": "x" * (32768 - len(doc))})
    assert len(doc) == 32768
    job_id = uniq("big")
    iot.create_job(jobId=job_id, targets=[thing_arn(ctx.thing)], document=doc)
    assert iot.get_job_document(jobId=job_id)["document"] == doc


UPDATE_JOB_CASES = [
    ({"description": "d" * 2029}, "description"),
    ({"abortConfig": abort(thresholdPercentage=101)}, "thresholdPercentage"),
    ({"jobExecutionsRetryConfig": {"criteriaList": [{"failureType": "ALL", "numberOfRetries": 11}]}},
     "numberOfRetries"),
    ({"timeoutConfig": {"inProgressTimeoutInMinutes": 20000}}, "inProgressTimeoutInMinutes"),
    ({"jobExecutionsRolloutConfig": expo(incrementFactor=5.5)}, "incrementFactor"),
]


@pytest.mark.parametrize("over,field", UPDATE_JOB_CASES, ids=[c[1] for c in UPDATE_JOB_CASES])
def test_update_job_rejects(iot, ctx, over, field):
    resp = expect_error("InvalidRequestException", iot.update_job, jobId=ctx.job, **over)
    assert field in resp["Error"]["Message"]
    job = iot.describe_job(jobId=ctx.job)["job"]
    assert job["description"] == "kept"
    for key in over:
        if key != "description":
            assert key not in job


@pytest.mark.parametrize("over,field", [({"reasonCode": "lower_case"}, "reasonCode"),
                                        ({"reasonCode": "R" * 129}, "reasonCode"),
                                        ({"comment": "c" * 2029}, "comment"),
                                        ({"comment": "tab\tinside"}, "comment")],
                         ids=["reason-pattern", "reason-length", "comment-length", "comment-control"])
def test_cancel_job_rejects(iot, ctx, over, field):
    resp = expect_error("InvalidRequestException", iot.cancel_job, jobId=ctx.job, **over)
    assert field in resp["Error"]["Message"]
    assert iot.describe_job(jobId=ctx.job)["job"]["status"] == "IN_PROGRESS"


LIST_CASES = [
    ("list_jobs", {"maxResults": 251}, "maxResults"),
    ("list_jobs", {"status": "BOGUS"}, "status"),
    ("list_jobs", {"targetSelection": "BOGUS"}, "targetSelection"),
    ("list_jobs", {"thingGroupName": "bad name!"}, "thingGroupName"),
    ("list_jobs", {"namespaceId": "bad ns"}, "namespaceId"),
    ("list_things", {"maxResults": 251}, "maxResults"),
    ("list_thing_groups", {"maxResults": 251}, "maxResults"),
    ("list_job_templates", {"maxResults": 251}, "maxResults"),
]


@pytest.mark.parametrize("op,kwargs,field", LIST_CASES, ids=[f"{c[0]}-{c[2]}" for c in LIST_CASES])
def test_list_rejects(iot, op, kwargs, field):
    resp = expect_error("InvalidRequestException", getattr(iot, op), **kwargs)
    assert status_of(resp) == 400
    assert field in resp["Error"]["Message"]


def test_execution_lists_reject(iot, ctx):
    for call in (lambda: iot.list_job_executions_for_job(jobId=ctx.job, maxResults=251),
                 lambda: iot.list_job_executions_for_thing(thingName=ctx.thing, maxResults=251)):
        assert "maxResults" in expect_error("InvalidRequestException", call)["Error"]["Message"]
    resp = expect_error("InvalidRequestException", iot.list_job_executions_for_job, jobId=ctx.job,
                        status="BOGUS")
    assert "status" in resp["Error"]["Message"]


@pytest.mark.parametrize("name", ["bad name!", "t" * 129, "slash/inside"])
def test_create_thing_rejects_name(iot, name):
    resp = expect_error("InvalidRequestException", iot.create_thing, thingName=name)
    assert "thingName" in resp["Error"]["Message"]


@pytest.mark.parametrize("name", ["bad name!", "g" * 129])
def test_create_thing_group_rejects_name(iot, name):
    resp = expect_error("InvalidRequestException", iot.create_thing_group, thingGroupName=name)
    assert "thingGroupName" in resp["Error"]["Message"]


def test_control_plane_job_id_next_is_invalid(iot, ctx):
    resp = expect_error("InvalidRequestException", iot.describe_job_execution, thingName=ctx.thing, jobId="$next")
    assert "jobId" in resp["Error"]["Message"]


def test_data_plane_job_id_pattern(data, ctx):
    for call in (lambda: data.describe_job_execution(thingName=ctx.thing, jobId="$nope"),
                 lambda: data.update_job_execution(thingName=ctx.thing, jobId="bad id", status="IN_PROGRESS")):
        resp = expect_error("InvalidRequestException", call)
        assert "jobId" in resp["Error"]["Message"]


def test_cancel_execution_status_details_bad_key(iot, ctx):
    resp = expect_error("InvalidRequestException", iot.cancel_job_execution, jobId=ctx.job, thingName=ctx.thing,
                        statusDetails={"bad key": "v"})
    assert "statusDetails" in resp["Error"]["Message"]
    assert iot.describe_job_execution(jobId=ctx.job, thingName=ctx.thing)["execution"]["status"] == "QUEUED"


def test_maintenance_window_duration_raw(server, ctx):
    body = {"targets": [thing_arn(ctx.thing)], "document": "{}",
            "schedulingConfig": {"startTime": _minute(days=1), "endTime": _minute(days=5),
                                 "maintenanceWindows": [{"startTime": "cron(0 1 * * ? *)",
                                                         "durationInMinutes": 1431}]}}
    resp = raw_request(server.endpoint, "PUT", f"/jobs/{uniq('mw')}", body=body, service="execute-api")
    err = assert_aws_error(resp, 400, "InvalidRequestException")
    assert "durationInMinutes" in err["message"]


def test_wrong_json_types_raw(server, ctx):
    # a string where an integer belongs, an object where a list belongs: 400, not a crash
    for body in ({"targets": [thing_arn(ctx.thing)], "document": "{}",
                  "timeoutConfig": {"inProgressTimeoutInMinutes": "ten"}},
                 {"targets": {"a": 1}, "document": "{}"},
                 {"targets": [thing_arn(ctx.thing)], "document": {"not": "a string"}}):
        resp = raw_request(server.endpoint, "PUT", f"/jobs/{uniq('wt')}", body=body, service="execute-api")
        assert_aws_error(resp, 400, "InvalidRequestException")
    resp = raw_request(server.endpoint, "PUT", f"/jobs/{uniq('wt')}", body="{truncated", service="execute-api")
    assert resp.status == 400, resp
