"""The device data plane `iot-jobs-data` (digest §3, §5.2, §5.4-§5.6)."""
import json

import pytest
from botocore.exceptions import ClientError

from fjtest import assert_recent_epoch_int, expect_error, status_of, uniq

DATA_EXEC_KEYS = {"jobId", "thingName", "status", "statusDetails", "queuedAt", "startedAt", "lastUpdatedAt",
                  "approximateSecondsBeforeTimedOut", "versionNumber", "executionNumber", "jobDocument"}
DATA_SUMMARY_KEYS = {"jobId", "queuedAt", "startedAt", "lastUpdatedAt", "versionNumber", "executionNumber"}


def doc_of(job_id):
    return json.dumps({"operation": "run", "job": job_id})  # what fleet.job() sends by default


def test_pending_executions_order_and_shape(data, fleet):
    t = fleet.thing()
    j1, j2, j3 = (fleet.job(things=[t]) for _ in range(3))
    pending = data.get_pending_job_executions(thingName=t)
    assert status_of(pending) == 200
    assert pending["inProgressJobs"] == []
    assert [s["jobId"] for s in pending["queuedJobs"]] == [j1, j2, j3]
    for s in pending["queuedJobs"]:
        assert set(s) <= DATA_SUMMARY_KEYS
        assert "status" not in s and "retryAttempt" not in s and "startedAt" not in s
        assert_recent_epoch_int(s["queuedAt"])
        assert_recent_epoch_int(s["lastUpdatedAt"])
        assert s["versionNumber"] == 1 and s["executionNumber"] == 1

    data.update_job_execution(thingName=t, jobId=j2, status="IN_PROGRESS")
    pending = data.get_pending_job_executions(thingName=t)
    assert [s["jobId"] for s in pending["inProgressJobs"]] == [j2]
    assert [s["jobId"] for s in pending["queuedJobs"]] == [j1, j3]
    started = pending["inProgressJobs"][0]
    assert_recent_epoch_int(started["startedAt"])
    assert started["versionNumber"] == 2

    data.update_job_execution(thingName=t, jobId=j1, status="SUCCEEDED")
    pending = data.get_pending_job_executions(thingName=t)
    assert [s["jobId"] for s in pending["inProgressJobs"]] == [j2]
    assert [s["jobId"] for s in pending["queuedJobs"]] == [j3]


def test_pending_executions_unknown_thing(data):
    # digest §9 leaves this open (docs/semantics.md D21: empty lists); both answers are acceptable
    try:
        resp = data.get_pending_job_executions(thingName=uniq("ghost"))
    except ClientError as e:
        assert e.response["Error"]["Code"] == "ResourceNotFoundException"
    else:
        assert resp["inProgressJobs"] == [] and resp["queuedJobs"] == []


def test_describe_execution_data_form(data, fleet):
    t = fleet.thing()
    job_id = fleet.job(things=[t])
    resp = data.describe_job_execution(thingName=t, jobId=job_id)
    e = resp["execution"]
    assert set(e) <= DATA_EXEC_KEYS
    assert e["jobId"] == job_id
    assert e["thingName"] == t
    assert "thingArn" not in e and "forceCanceled" not in e
    assert e["status"] == "QUEUED"
    assert e.get("statusDetails", {}) == {}
    assert_recent_epoch_int(e["queuedAt"])
    assert_recent_epoch_int(e["lastUpdatedAt"])
    assert "startedAt" not in e
    assert e["versionNumber"] == 1 and e["executionNumber"] == 1
    assert isinstance(e["jobDocument"], str)  # includeJobDocument defaults to true
    assert e["jobDocument"] == doc_of(job_id)

    without = data.describe_job_execution(thingName=t, jobId=job_id, includeJobDocument=False)["execution"]
    assert "jobDocument" not in without
    with_doc = data.describe_job_execution(thingName=t, jobId=job_id, includeJobDocument=True,
                                           executionNumber=1)["execution"]
    assert with_doc["jobDocument"] == doc_of(job_id)


def test_describe_execution_status_details_flat(data, fleet):
    t = fleet.thing()
    job_id = fleet.job(things=[t])
    data.update_job_execution(thingName=t, jobId=job_id, status="IN_PROGRESS", statusDetails={"a": "1", "b:c": "x y"})
    e = data.describe_job_execution(thingName=t, jobId=job_id)["execution"]
    assert e["statusDetails"] == {"a": "1", "b:c": "x y"}
    assert_recent_epoch_int(e["startedAt"])


def test_describe_execution_unknowns(data, fleet):
    t = fleet.thing()
    job_id = fleet.job(things=[t])
    for kwargs in ({"thingName": t, "jobId": uniq("missing")},
                   {"thingName": fleet.thing(), "jobId": job_id},
                   {"thingName": t, "jobId": job_id, "executionNumber": 2}):
        resp = expect_error("ResourceNotFoundException", data.describe_job_execution, **kwargs)
        assert status_of(resp) == 404


def test_describe_next(data, fleet):
    t = fleet.thing()
    assert "execution" not in data.describe_job_execution(thingName=t, jobId="$next")
    j1, j2 = fleet.job(things=[t]), fleet.job(things=[t])
    e = data.describe_job_execution(thingName=t, jobId="$next")["execution"]
    assert e["jobId"] == j1 and e["status"] == "QUEUED" and e["jobDocument"] == doc_of(j1)
    again = data.describe_job_execution(thingName=t, jobId="$next", includeJobDocument=False)["execution"]
    assert again["jobId"] == j1 and again["versionNumber"] == 1  # describing changes nothing
    assert "jobDocument" not in again
    data.update_job_execution(thingName=t, jobId=j2, status="IN_PROGRESS")
    assert data.describe_job_execution(thingName=t, jobId="$next")["execution"]["jobId"] == j2


def test_start_next(data, fleet):
    t = fleet.thing()
    assert "execution" not in data.start_next_pending_job_execution(thingName=t)
    j1, j2 = fleet.job(things=[t]), fleet.job(things=[t])
    resp = data.start_next_pending_job_execution(thingName=t, statusDetails={"phase": "download"})
    assert status_of(resp) == 200
    e = resp["execution"]
    assert set(e) <= DATA_EXEC_KEYS
    assert e["jobId"] == j1 and e["thingName"] == t
    assert e["status"] == "IN_PROGRESS"
    assert e["versionNumber"] == 2
    assert e["executionNumber"] == 1
    assert e["statusDetails"] == {"phase": "download"}
    assert_recent_epoch_int(e["startedAt"])
    assert e["jobDocument"] == doc_of(j1)

    # already in progress: returned unchanged, statusDetails untouched
    again = data.start_next_pending_job_execution(thingName=t, statusDetails={"phase": "other"})["execution"]
    assert again["jobId"] == j1
    assert again["versionNumber"] == 2
    assert again["statusDetails"] == {"phase": "download"}
    assert again["startedAt"] == e["startedAt"]

    data.update_job_execution(thingName=t, jobId=j1, status="SUCCEEDED")
    nxt = data.start_next_pending_job_execution(thingName=t)["execution"]
    assert nxt["jobId"] == j2 and nxt["status"] == "IN_PROGRESS" and nxt["versionNumber"] == 2
    data.update_job_execution(thingName=t, jobId=j2, status="FAILED")
    assert "execution" not in data.start_next_pending_job_execution(thingName=t)


def test_step_timeout(data, fleet):
    t = fleet.thing()
    job_id = fleet.job(things=[t], timeoutConfig={"inProgressTimeoutInMinutes": 60})
    e = data.start_next_pending_job_execution(thingName=t, stepTimeoutInMinutes=5)["execution"]
    assert 0 < e["approximateSecondsBeforeTimedOut"] <= 300
    data.update_job_execution(thingName=t, jobId=job_id, status="IN_PROGRESS", stepTimeoutInMinutes=-1)
    e = data.describe_job_execution(thingName=t, jobId=job_id)["execution"]
    assert 300 < e["approximateSecondsBeforeTimedOut"] <= 3600  # only the in-progress timer remains
    data.update_job_execution(thingName=t, jobId=job_id, status="IN_PROGRESS", stepTimeoutInMinutes=2)
    e = data.describe_job_execution(thingName=t, jobId=job_id)["execution"]
    assert 0 < e["approximateSecondsBeforeTimedOut"] <= 120
    data.update_job_execution(thingName=t, jobId=job_id, status="SUCCEEDED")
    e = data.describe_job_execution(thingName=t, jobId=job_id)["execution"]
    assert "approximateSecondsBeforeTimedOut" not in e


def test_update_progress_and_finish(data, fleet):
    t = fleet.thing()
    job_id = fleet.job(things=[t])
    data.start_next_pending_job_execution(thingName=t)
    resp = data.update_job_execution(thingName=t, jobId=job_id, status="IN_PROGRESS",
                                     statusDetails={"pct": "50"})
    assert status_of(resp) == 200
    assert "executionState" not in resp and "jobDocument" not in resp  # both default to false
    resp = data.update_job_execution(thingName=t, jobId=job_id, status="IN_PROGRESS",
                                     statusDetails={"pct": "75"}, includeJobExecutionState=True,
                                     includeJobDocument=True)
    assert resp["executionState"] == {"status": "IN_PROGRESS", "statusDetails": {"pct": "75"},
                                      "versionNumber": 4}
    assert isinstance(resp["jobDocument"], str) and resp["jobDocument"] == doc_of(job_id)
    resp = data.update_job_execution(thingName=t, jobId=job_id, status="SUCCEEDED", expectedVersion=4,
                                     includeJobExecutionState=True)
    assert resp["executionState"]["status"] == "SUCCEEDED"
    assert resp["executionState"]["versionNumber"] == 5
    assert resp["executionState"]["statusDetails"] == {"pct": "75"}  # omitted -> unchanged
    pending = data.get_pending_job_executions(thingName=t)
    assert pending["inProgressJobs"] == [] and pending["queuedJobs"] == []


def test_status_details_replace_not_merge(data, fleet):
    # digest §5.6 [INF]; docs/semantics.md D16: a supplied map replaces the stored one
    t = fleet.thing()
    job_id = fleet.job(things=[t])
    data.update_job_execution(thingName=t, jobId=job_id, status="IN_PROGRESS", statusDetails={"a": "1", "b": "2"})
    data.update_job_execution(thingName=t, jobId=job_id, status="IN_PROGRESS", statusDetails={"c": "3"})
    e = data.describe_job_execution(thingName=t, jobId=job_id)["execution"]
    assert e["statusDetails"] == {"c": "3"}


@pytest.mark.parametrize("terminal", ["SUCCEEDED", "FAILED", "REJECTED"])
def test_queued_to_terminal_directly(iot, data, fleet, terminal):
    t = fleet.thing()
    job_id = fleet.job(things=[t])
    data.update_job_execution(thingName=t, jobId=job_id, status=terminal)
    e = data.describe_job_execution(thingName=t, jobId=job_id)["execution"]
    assert e["status"] == terminal and e["versionNumber"] == 2
    resp = expect_error("InvalidStateTransitionException", data.update_job_execution, thingName=t,
                        jobId=job_id, status="IN_PROGRESS")
    assert status_of(resp) == 409
    expect_error("InvalidStateTransitionException", data.update_job_execution, thingName=t, jobId=job_id,
                 status=terminal)
    assert data.describe_job_execution(thingName=t, jobId=job_id)["execution"]["versionNumber"] == 2


@pytest.mark.parametrize("status", ["QUEUED", "CANCELED", "TIMED_OUT", "REMOVED", "BOGUS", "succeeded"])
def test_update_with_status_a_device_may_not_set(data, fleet, status):
    t = fleet.thing()
    job_id = fleet.job(things=[t])
    data.start_next_pending_job_execution(thingName=t)
    resp = expect_error("InvalidRequestException", data.update_job_execution, thingName=t, jobId=job_id,
                        status=status)
    assert status_of(resp) == 400
    e = data.describe_job_execution(thingName=t, jobId=job_id)["execution"]
    assert e["status"] == "IN_PROGRESS" and e["versionNumber"] == 2


def test_update_expected_version_mismatch(data, fleet):
    t = fleet.thing()
    job_id = fleet.job(things=[t])
    data.start_next_pending_job_execution(thingName=t)
    with pytest.raises(ClientError) as e:
        data.update_job_execution(thingName=t, jobId=job_id, status="SUCCEEDED", expectedVersion=1)
    # not modeled on the data plane (digest §9): 409 with VersionConflict or InvalidStateTransition
    assert e.value.response["ResponseMetadata"]["HTTPStatusCode"] == 409
    assert e.value.response["Error"]["Code"] in ("VersionConflictException", "InvalidStateTransitionException")
    ex = data.describe_job_execution(thingName=t, jobId=job_id)["execution"]
    assert ex["status"] == "IN_PROGRESS" and ex["versionNumber"] == 2
    data.update_job_execution(thingName=t, jobId=job_id, status="SUCCEEDED", expectedVersion=2)


def test_update_unknowns(data, fleet):
    t = fleet.thing()
    job_id = fleet.job(things=[t])
    expect_error("ResourceNotFoundException", data.update_job_execution, thingName=t, jobId=uniq("missing"),
                 status="IN_PROGRESS")
    expect_error("ResourceNotFoundException", data.update_job_execution, thingName=fleet.thing(), jobId=job_id,
                 status="IN_PROGRESS")
    expect_error("ResourceNotFoundException", data.update_job_execution, thingName=t, jobId=job_id,
                 status="IN_PROGRESS", executionNumber=3)


def test_update_job_counters_follow_device(iot, data, fleet):
    t = fleet.thing()
    job_id = fleet.job(things=[t])
    data.update_job_execution(thingName=t, jobId=job_id, status="IN_PROGRESS")
    d = iot.describe_job(jobId=job_id)["job"]["jobProcessDetails"]
    assert (d["numberOfQueuedThings"], d["numberOfInProgressThings"]) == (0, 1)


# ---------------------------------------------------------------- statusDetails validation


@pytest.mark.parametrize("details", [
    {f"k{i}": "v" for i in range(11)},        # more than 10 pairs
    {"bad key": "v"},                          # space not allowed in a key
    {"k!": "v"},
    {"k" * 129: "v"},                          # key longer than 128
    {"k": "v" * 1025},                         # value longer than 1024
    {"k": "line\nbreak"},                      # control character in a value
], ids=["11-pairs", "space-in-key", "bang-in-key", "long-key", "long-value", "control-char"])
def test_status_details_validation(data, fleet, details):
    t = fleet.thing()
    job_id = fleet.job(things=[t])
    resp = expect_error("InvalidRequestException", data.update_job_execution, thingName=t, jobId=job_id,
                        status="IN_PROGRESS", statusDetails=details)
    assert status_of(resp) == 400
    assert "statusDetails" in resp["Error"]["Message"]
    expect_error("InvalidRequestException", data.start_next_pending_job_execution, thingName=t,
                 statusDetails=details)
    e = data.describe_job_execution(thingName=t, jobId=job_id)["execution"]
    assert e["status"] == "QUEUED" and e["versionNumber"] == 1


def test_status_details_limits_accepted(data, fleet):
    t = fleet.thing()
    job_id = fleet.job(things=[t])
    details = {f"k{i}": "v" for i in range(9)}
    details["K" * 128] = "é" * 1024  # 1024 characters, more bytes
    data.update_job_execution(thingName=t, jobId=job_id, status="IN_PROGRESS", statusDetails=details)
    assert data.describe_job_execution(thingName=t, jobId=job_id)["execution"]["statusDetails"] == details


@pytest.mark.parametrize("step", [0, 10081, -2])
def test_step_timeout_validation(data, fleet, step):
    t = fleet.thing()
    fleet.job(things=[t])
    resp = expect_error("InvalidRequestException", data.start_next_pending_job_execution, thingName=t,
                        stepTimeoutInMinutes=step)
    assert "stepTimeoutInMinutes" in resp["Error"]["Message"]
    assert data.get_pending_job_executions(thingName=t)["inProgressJobs"] == []
