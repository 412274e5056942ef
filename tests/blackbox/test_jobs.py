"""Job operations of the control plane (digest §2.1, §2.2, §5.1, §5.3)."""
import datetime
import json

import pytest
from botocore.exceptions import ClientError, ParamValidationError

from fjtest import (assert_aws_error, assert_recent_datetime, counters, expect_error, group_arn, job_arn,
                    raw_request, status_of, thing_arn, uniq, wait_until)

ROLLOUT = {"exponentialRate": {"baseRatePerMinute": 2, "incrementFactor": 1.5,
                               "rateIncreaseCriteria": {"numberOfNotifiedThings": 5}}}
ABORT = {"criteriaList": [
    {"failureType": "FAILED", "action": "CANCEL", "thresholdPercentage": 50.0, "minNumberOfExecutedThings": 3},
    {"failureType": "ALL", "action": "CANCEL", "thresholdPercentage": 12.75, "minNumberOfExecutedThings": 10}]}
TIMEOUT = {"inProgressTimeoutInMinutes": 30}
RETRY = {"criteriaList": [{"failureType": "FAILED", "numberOfRetries": 2},
                          {"failureType": "TIMED_OUT", "numberOfRetries": 3}]}
PRESIGNED = {"roleArn": "arn:aws:iam::123456789012:role/jobs-s3", "expiresInSec": 600}


def execution_things(iot, job_id, **kwargs):
    summaries = iot.list_job_executions_for_job(jobId=job_id, **kwargs)["executionSummaries"]
    return sorted(s["thingArn"] for s in summaries)


def finish(data, thing, job_id, status="SUCCEEDED"):
    data.update_job_execution(thingName=thing, jobId=job_id, status=status)


# ---------------------------------------------------------------- create / describe


def test_create_and_describe_minimal_job(iot, fleet):
    t1, t2 = fleet.things(2)
    job_id = uniq("job")
    doc = '{"operation": "reboot",  "delay" : 5}'  # odd spacing: the text must come back verbatim
    created = iot.create_job(jobId=job_id, targets=[thing_arn(t1), thing_arn(t2)], document=doc,
                             description="reboot two")
    assert status_of(created) == 200
    assert created["jobArn"] == job_arn(job_id)
    assert created["jobId"] == job_id
    assert created["description"] == "reboot two"

    resp = iot.describe_job(jobId=job_id)
    assert "documentSource" not in resp
    job = resp["job"]
    assert job["jobArn"] == job_arn(job_id)
    assert job["jobId"] == job_id
    assert job["targetSelection"] == "SNAPSHOT"  # the default
    assert job["status"] == "IN_PROGRESS"
    assert job["targets"] == [thing_arn(t1), thing_arn(t2)]
    assert job["description"] == "reboot two"
    assert_recent_datetime(job["createdAt"])
    assert_recent_datetime(job["lastUpdatedAt"])
    assert job["lastUpdatedAt"] >= job["createdAt"]
    assert "completedAt" not in job
    assert job.get("forceCanceled", False) is False
    assert "document" not in job
    for absent in ("presignedUrlConfig", "jobExecutionsRolloutConfig", "abortConfig", "timeoutConfig",
                   "jobExecutionsRetryConfig", "schedulingConfig", "reasonCode", "comment", "namespaceId",
                   "jobTemplateArn"):
        assert absent not in job, f"{absent} set on a job created without it: {job[absent]!r}"
    counters(job, queued=2)

    got = iot.get_job_document(jobId=job_id)
    assert isinstance(got["document"], str)
    assert got["document"] == doc


def test_describe_job_echoes_every_config(iot, fleet):
    t = fleet.thing()
    job_id = fleet.job(things=[t], jobExecutionsRolloutConfig=ROLLOUT, abortConfig=ABORT,
                       timeoutConfig=TIMEOUT, jobExecutionsRetryConfig=RETRY, presignedUrlConfig=PRESIGNED)
    job = fleet.describe(job_id)
    assert job["jobExecutionsRolloutConfig"] == ROLLOUT
    assert job["abortConfig"] == ABORT
    assert job["timeoutConfig"] == TIMEOUT
    assert job["jobExecutionsRetryConfig"] == RETRY
    assert job["presignedUrlConfig"] == PRESIGNED
    assert job["status"] == "IN_PROGRESS"


def test_scheduled_job(iot, data, fleet):
    t = fleet.thing()
    sched = {"startTime": _minute(days=1), "endTime": _minute(days=3), "endBehavior": "STOP_ROLLOUT"}
    job_id = fleet.job(things=[t], schedulingConfig=sched)
    job = fleet.describe(job_id)
    assert job["status"] == "SCHEDULED"
    assert job["schedulingConfig"] == sched
    counters(job)
    assert execution_things(iot, job_id) == []
    pending = data.get_pending_job_executions(thingName=t)
    assert pending["queuedJobs"] == [] and pending["inProgressJobs"] == []
    assert job_id in _list_ids(iot, status="SCHEDULED")
    iot.cancel_job(jobId=job_id)
    assert fleet.describe(job_id)["status"] == "CANCELED"


def test_scheduling_with_maintenance_windows_raw(server, fleet):
    # maintenanceWindows is newer than Debian botocore's model: send and read it raw.
    t = fleet.thing()
    job_id = uniq("job")
    windows = [{"startTime": "cron(0 2 ? * SUN *)", "durationInMinutes": 120},
               {"startTime": "cron(30 14 * * ? *)", "durationInMinutes": 1430}]
    sched = {"startTime": _minute(days=2), "endTime": _minute(days=30), "endBehavior": "CANCEL",
             "maintenanceWindows": windows}
    body = {"targets": [thing_arn(t)], "document": json.dumps({"a": 1}), "schedulingConfig": sched}
    resp = raw_request(server.endpoint, "PUT", f"/jobs/{job_id}", body=body, service="execute-api")
    assert resp.status == 200, resp
    got = raw_request(server.endpoint, "GET", f"/jobs/{job_id}", service="execute-api")
    assert got.status == 200, got
    job = got.json()["job"]
    assert job["status"] == "SCHEDULED"
    assert job["schedulingConfig"] == sched
    rollouts = job.get("scheduledJobRollouts", [])
    assert isinstance(rollouts, list) and len(rollouts) <= 7
    for r in rollouts:
        assert set(r) == {"startTime"} and isinstance(r["startTime"], str)


def _minute(days=0, hours=0):
    t = datetime.datetime.now(datetime.timezone.utc) + datetime.timedelta(days=days, hours=hours)
    return t.strftime("%Y-%m-%dT%H:%M")


def test_duplicate_job_id(iot, fleet):
    t = fleet.thing()
    job_id = fleet.job(things=[t])
    resp = expect_error("ResourceAlreadyExistsException", fleet.job, things=[t], job_id=job_id)
    assert status_of(resp) == 409
    counters(fleet.describe(job_id), queued=1)


def test_unknown_target_creates_nothing(iot, fleet):
    t = fleet.thing()
    job_id = uniq("job")
    for bad in (thing_arn(uniq("missing")), group_arn(uniq("missing"))):
        expect_error(("ResourceNotFoundException", "InvalidRequestException"), iot.create_job,
                     jobId=job_id, targets=[thing_arn(t), bad], document="{}")
        expect_error("ResourceNotFoundException", iot.describe_job, jobId=job_id)
    assert fleet.job(things=[t], job_id=job_id) == job_id  # the id was never taken


def test_group_targets_include_nested_groups_and_one_execution_per_thing(iot, fleet):
    a, b, c, d = fleet.things(4)
    top = fleet.group(things=[a])
    child = fleet.group(parent=top, things=[b])
    grand = fleet.group(parent=child, things=[c])
    other = fleet.group(things=[a, c])
    job_id = fleet.job(things=[a, d], groups=[top, other, grand])
    assert execution_things(iot, job_id) == sorted(thing_arn(x) for x in (a, b, c, d))
    job = fleet.describe(job_id)
    counters(job, queued=4)
    assert job["targets"] == [thing_arn(a), thing_arn(d), group_arn(top), group_arn(other), group_arn(grand)]
    for thing in (a, b, c, d):
        e = fleet.execution(job_id, thing)
        assert e["executionNumber"] == 1 and e["status"] == "QUEUED"


def test_snapshot_job_ignores_later_members(iot, fleet):
    a, b = fleet.things(2)
    g = fleet.group(things=[a])
    job_id = fleet.job(groups=[g])
    fleet.add(b, g)
    assert execution_things(iot, job_id) == [thing_arn(a)]
    expect_error("ResourceNotFoundException", fleet.execution, job_id, b)


def test_snapshot_job_completes_when_every_execution_is_terminal(iot, data, fleet):
    a, b, c = fleet.things(3)
    job_id = fleet.job(things=[a, b, c])
    finish(data, a, job_id, "SUCCEEDED")
    job = fleet.describe(job_id)
    assert job["status"] == "IN_PROGRESS" and "completedAt" not in job
    counters(job, queued=2, succeeded=1)
    data.update_job_execution(thingName=b, jobId=job_id, status="IN_PROGRESS")
    counters(fleet.describe(job_id), queued=1, inProgress=1, succeeded=1)
    finish(data, b, job_id, "FAILED")
    finish(data, c, job_id, "REJECTED")
    job = fleet.describe(job_id)
    assert job["status"] == "COMPLETED"
    assert_recent_datetime(job["completedAt"])
    assert job["completedAt"] >= job["createdAt"]
    assert job["lastUpdatedAt"] >= job["createdAt"]
    counters(job, succeeded=1, failed=1, rejected=1)


def test_snapshot_job_on_empty_group_is_completed(iot, fleet):
    job_id = fleet.job(groups=[fleet.group()])
    job = fleet.describe(job_id)
    assert job["status"] == "COMPLETED"
    counters(job)


def test_continuous_job_follows_group_membership(iot, data, fleet):
    a, b = fleet.things(2)
    g = fleet.group(things=[a])
    job_id = fleet.job(groups=[g], targetSelection="CONTINUOUS")
    assert fleet.describe(job_id)["targetSelection"] == "CONTINUOUS"
    finish(data, a, job_id)
    assert fleet.describe(job_id)["status"] == "IN_PROGRESS"  # continuous jobs never complete

    fleet.add(b, g)
    wait_until(lambda: thing_arn(b) in execution_things(iot, job_id), what="execution for a new member")
    e = fleet.execution(job_id, b)
    assert e["status"] == "QUEUED" and e["executionNumber"] == 1 and e["versionNumber"] == 1

    iot.remove_thing_from_thing_group(thingGroupName=g, thingName=b)
    wait_until(lambda: fleet.execution(job_id, b)["status"] == "REMOVED", what="REMOVED after leaving")
    job = fleet.describe(job_id)
    assert job["status"] == "IN_PROGRESS"
    counters(job, succeeded=1, removed=1)


def _summaries(iot, job_id, thing):
    """The job's execution summaries of one thing, from ListJobExecutionsForJob."""
    return [s["jobExecutionSummary"] for s in iot.list_job_executions_for_job(jobId=job_id)["executionSummaries"]
            if s["thingArn"] == thing_arn(thing)]


def test_continuous_job_reaches_thing_added_later_through_child_group(iot, data, fleet):
    a, b = fleet.things(2)
    root = fleet.group(things=[a])
    job_id = fleet.job(groups=[root], targetSelection="CONTINUOUS")
    counters(fleet.describe(job_id), queued=1)

    child = fleet.group(parent=root)  # created after the job
    grandchild = fleet.group(parent=child)
    fleet.add(b, grandchild)
    assert execution_things(iot, job_id) == sorted([thing_arn(a), thing_arn(b)])
    e = fleet.execution(job_id, b)
    assert e["status"] == "QUEUED" and e["executionNumber"] == 1 and e["versionNumber"] == 1
    assert _summaries(iot, job_id, b)[0]["retryAttempt"] == 0
    counters(fleet.describe(job_id), queued=2)
    # The device sees it at once.
    pending = data.get_pending_job_executions(thingName=b)
    assert [j["jobId"] for j in pending["queuedJobs"]] == [job_id]
    assert pending["inProgressJobs"] == []
    for_thing = iot.list_job_executions_for_thing(thingName=b)["executionSummaries"]
    assert [s["jobId"] for s in for_thing] == [job_id]

    # A SNAPSHOT job on the same root does not follow.
    snap = fleet.job(groups=[root])
    c = fleet.thing()
    fleet.add(c, child)
    assert thing_arn(c) in execution_things(iot, job_id)
    assert thing_arn(c) not in execution_things(iot, snap)
    counters(fleet.describe(job_id), queued=3)


def test_continuous_job_removed_thing_is_counted(iot, data, fleet):
    a, b, c = fleet.things(3)
    g = fleet.group(things=[a, b, c])
    other = fleet.group(things=[c])  # c stays reachable through a second target
    job_id = fleet.job(groups=[g, other], targetSelection="CONTINUOUS")
    data.update_job_execution(thingName=b, jobId=job_id, status="IN_PROGRESS")
    counters(fleet.describe(job_id), queued=2, inProgress=1)

    iot.remove_thing_from_thing_group(thingGroupName=g, thingName=a)
    iot.remove_thing_from_thing_group(thingGroupName=g, thingName=b)
    iot.remove_thing_from_thing_group(thingGroupName=g, thingName=c)
    for thing, version in ((a, 2), (b, 3)):
        e = fleet.execution(job_id, thing)
        assert e["status"] == "REMOVED" and e["versionNumber"] == version
    assert fleet.execution(job_id, c)["status"] == "QUEUED"
    job = fleet.describe(job_id)
    assert job["status"] == "IN_PROGRESS"
    counters(job, queued=1, removed=2)
    removed = iot.list_job_executions_for_job(jobId=job_id, status="REMOVED")["executionSummaries"]
    assert sorted(s["thingArn"] for s in removed) == sorted([thing_arn(a), thing_arn(b)])
    # The device can no longer update it, and it is no longer pending.
    expect_error("InvalidStateTransitionException", data.update_job_execution, thingName=b, jobId=job_id,
                 status="SUCCEEDED")
    assert data.get_pending_job_executions(thingName=b)["inProgressJobs"] == []

    # Deleting the other group removes c's execution too.
    iot.delete_thing_group(thingGroupName=other)
    assert fleet.execution(job_id, c)["status"] == "REMOVED"
    counters(fleet.describe(job_id), removed=3)


def test_continuous_job_reentry_gets_execution_number_2(iot, data, fleet):
    t = fleet.thing()
    g = fleet.group(things=[t])
    job_id = fleet.job(groups=[g], targetSelection="CONTINUOUS")
    finish(data, t, job_id, "FAILED")
    iot.remove_thing_from_thing_group(thingGroupName=g, thingName=t)
    assert fleet.execution(job_id, t)["status"] == "FAILED"  # a finished execution stays as it is
    counters(fleet.describe(job_id), failed=1)

    fleet.add(t, g)
    e = fleet.execution(job_id, t)
    assert e["status"] == "QUEUED" and e["executionNumber"] == 2 and e["versionNumber"] == 1
    assert fleet.execution(job_id, t, executionNumber=1)["status"] == "FAILED"
    numbers = sorted((s["executionNumber"], s["retryAttempt"]) for s in _summaries(iot, job_id, t))
    assert numbers == [(1, 0), (2, 0)]
    counters(fleet.describe(job_id), failed=1, queued=1)
    # The device works on execution 2; adding the thing again (idempotent) changes nothing.
    resp = data.start_next_pending_job_execution(thingName=t)
    assert resp["execution"]["jobId"] == job_id and resp["execution"]["executionNumber"] == 2
    fleet.add(t, g)
    counters(fleet.describe(job_id), failed=1, inProgress=1)


def test_document_and_document_source_rules(iot, fleet):
    t = fleet.thing()
    job_id = uniq("job")
    source = "https://s3.amazonaws.com/bucket/jobs/doc.json"
    expect_error("InvalidRequestException", iot.create_job, jobId=job_id, targets=[thing_arn(t)],
                 document="{}", documentSource=source)
    expect_error("InvalidRequestException", iot.create_job, jobId=job_id, targets=[thing_arn(t)])
    iot.create_job(jobId=job_id, targets=[thing_arn(t)], documentSource=source)
    resp = iot.describe_job(jobId=job_id)
    assert resp["documentSource"] == source
    assert "documentSource" not in resp["job"]


def test_unknown_job(iot):
    missing = uniq("missing")
    for call, kwargs in ((iot.describe_job, {}), (iot.get_job_document, {}), (iot.cancel_job, {}),
                         (iot.delete_job, {}), (iot.update_job, {"description": "x"}),
                         (iot.list_job_executions_for_job, {}),
                         (iot.associate_targets_with_job, {"targets": [thing_arn("x")]})):
        resp = expect_error("ResourceNotFoundException", call, jobId=missing, **kwargs)
        assert status_of(resp) == 404


# ---------------------------------------------------------------- list


def _list_ids(iot, **kwargs):
    ids, token = [], None
    for _ in range(200):
        page = iot.list_jobs(**kwargs, **({"nextToken": token} if token else {}))
        ids += [j["jobId"] for j in page["jobs"]]
        token = page.get("nextToken")
        if not token:
            return ids
    pytest.fail("list_jobs never stopped paging")


def test_list_jobs_filters(iot, fleet):
    t = fleet.thing()
    g = fleet.group(things=[t])
    other = fleet.group()
    snap = fleet.job(groups=[g])
    cont = fleet.job(groups=[g], targetSelection="CONTINUOUS")
    canceled = fleet.job(groups=[g, other])
    iot.cancel_job(jobId=canceled)
    unrelated = fleet.job(things=[t])

    assert sorted(_list_ids(iot, thingGroupName=g)) == sorted([snap, cont, canceled])
    assert _list_ids(iot, thingGroupName=other) == [canceled]
    assert _list_ids(iot, thingGroupName=g, targetSelection="CONTINUOUS") == [cont]
    assert sorted(_list_ids(iot, thingGroupName=g, targetSelection="SNAPSHOT")) == sorted([snap, canceled])
    assert _list_ids(iot, thingGroupName=g, status="CANCELED") == [canceled]
    assert sorted(_list_ids(iot, thingGroupName=g, status="IN_PROGRESS")) == sorted([snap, cont])
    assert _list_ids(iot, thingGroupName=g, status="COMPLETED") == []
    gid = iot.describe_thing_group(thingGroupName=g)["thingGroupId"]
    assert sorted(_list_ids(iot, thingGroupId=gid)) == sorted([snap, cont, canceled])

    everything = _list_ids(iot)
    assert {snap, cont, canceled, unrelated} <= set(everything)
    assert len(everything) == len(set(everything))
    assert unrelated in _list_ids(iot, status="IN_PROGRESS")
    assert canceled not in _list_ids(iot, status="IN_PROGRESS")


def test_list_jobs_summary_shape(iot, fleet):
    g = fleet.group(things=[fleet.thing()])
    job_id = fleet.job(groups=[g], targetSelection="CONTINUOUS")
    jobs = iot.list_jobs(thingGroupName=g)["jobs"]
    assert len(jobs) == 1
    s = jobs[0]
    assert s["jobArn"] == job_arn(job_id)
    assert s["jobId"] == job_id
    assert s["targetSelection"] == "CONTINUOUS"
    assert s["status"] == "IN_PROGRESS"
    assert_recent_datetime(s["createdAt"])
    assert_recent_datetime(s["lastUpdatedAt"])
    assert "completedAt" not in s
    assert set(s) <= {"jobArn", "jobId", "thingGroupId", "targetSelection", "status", "createdAt",
                      "lastUpdatedAt", "completedAt", "isConcurrent"}


def test_list_jobs_namespace_filter(iot, fleet):
    t = fleet.thing()
    ns = uniq("ns")
    job_id = fleet.job(things=[t], namespaceId=ns)
    fleet.job(things=[t])
    assert fleet.describe(job_id)["namespaceId"] == ns
    assert _list_ids(iot, namespaceId=ns) == [job_id]
    assert _list_ids(iot, namespaceId=uniq("ns")) == []


def test_list_jobs_pagination(iot, fleet):
    g = fleet.group(things=[fleet.thing()])
    made = sorted(fleet.job(groups=[g]) for _ in range(3))
    seen, token, pages = [], None, 0
    while True:
        page = iot.list_jobs(thingGroupName=g, maxResults=1, **({"nextToken": token} if token else {}))
        pages += 1
        assert len(page["jobs"]) == 1, page
        seen += [j["jobId"] for j in page["jobs"]]
        token = page.get("nextToken")
        if not token:
            break
        assert isinstance(token, str) and token
        assert pages < 10
    assert pages == 3
    assert sorted(seen) == made
    via_paginator = [j["jobId"] for p in iot.get_paginator("list_jobs").paginate(
        thingGroupName=g, PaginationConfig={"PageSize": 2}) for j in p["jobs"]]
    assert sorted(via_paginator) == made


def test_list_jobs_max_results_bounds(server, iot):
    with pytest.raises(ParamValidationError):  # botocore checks the model's min client-side
        iot.list_jobs(maxResults=0)
    resp = expect_error("InvalidRequestException", iot.list_jobs, maxResults=251)
    assert status_of(resp) == 400
    assert "maxResults" in resp["Error"]["Message"]
    # the server must enforce the minimum too (raw clients skip botocore's check)
    raw = raw_request(server.endpoint, "GET", "/jobs", query={"maxResults": "0"}, service="execute-api")
    assert_aws_error(raw, 400, "InvalidRequestException")
    assert len(iot.list_jobs(maxResults=250)["jobs"]) <= 250


def test_list_jobs_bad_token(iot):
    with pytest.raises(ClientError) as e:
        iot.list_jobs(nextToken="definitely-not-a-token")
    assert e.value.response["Error"]["Code"] == "InvalidRequestException"


# ---------------------------------------------------------------- update / cancel / delete


def test_update_job(iot, fleet):
    job_id = fleet.job(things=[fleet.thing()], description="old")
    before = fleet.describe(job_id)
    new_abort = {"criteriaList": [{"failureType": "REJECTED", "action": "CANCEL", "thresholdPercentage": 99.99,
                                   "minNumberOfExecutedThings": 1}]}
    resp = iot.update_job(jobId=job_id, description="new", timeoutConfig={"inProgressTimeoutInMinutes": 90},
                          abortConfig=new_abort, presignedUrlConfig=PRESIGNED,
                          jobExecutionsRolloutConfig={"maximumPerMinute": 100},
                          jobExecutionsRetryConfig={"criteriaList": [{"failureType": "ALL", "numberOfRetries": 10}]})
    assert status_of(resp) == 200
    job = fleet.describe(job_id)
    assert job["description"] == "new"
    assert job["timeoutConfig"] == {"inProgressTimeoutInMinutes": 90}
    assert job["abortConfig"] == new_abort
    assert job["presignedUrlConfig"] == PRESIGNED
    assert job["jobExecutionsRolloutConfig"] == {"maximumPerMinute": 100}
    assert job["jobExecutionsRetryConfig"] == {"criteriaList": [{"failureType": "ALL", "numberOfRetries": 10}]}
    assert job["lastUpdatedAt"] >= before["lastUpdatedAt"]
    assert job["createdAt"] == before["createdAt"]
    iot.update_job(jobId=job_id, description="newer")  # unspecified configs stay
    job = fleet.describe(job_id)
    assert job["description"] == "newer" and job["timeoutConfig"] == {"inProgressTimeoutInMinutes": 90}


def test_cancel_job_without_force(iot, data, fleet):
    queued, running = fleet.things(2)
    job_id = fleet.job(things=[queued, running], description="d")
    data.start_next_pending_job_execution(thingName=running)
    resp = iot.cancel_job(jobId=job_id, reasonCode="OPERATOR_STOP", comment="stop it")
    assert (resp["jobArn"], resp["jobId"], resp["description"]) == (job_arn(job_id), job_id, "d")
    job = fleet.describe(job_id)
    assert job["status"] == "CANCELED"
    assert job["reasonCode"] == "OPERATOR_STOP"
    assert job["comment"] == "stop it"
    assert job.get("forceCanceled", False) is False
    counters(job, canceled=1, inProgress=1)
    assert fleet.execution(job_id, queued)["status"] == "CANCELED"
    assert fleet.execution(job_id, running)["status"] == "IN_PROGRESS"
    assert data.get_pending_job_executions(thingName=queued)["queuedJobs"] == []
    # an in-progress execution of a job canceled without force may still be finished by its device
    finish(data, running, job_id, "SUCCEEDED")
    job = fleet.describe(job_id)
    assert job["status"] == "CANCELED"
    counters(job, canceled=1, succeeded=1)


def test_cancel_job_with_force(iot, data, fleet):
    queued, running = fleet.things(2)
    job_id = fleet.job(things=[queued, running])
    data.start_next_pending_job_execution(thingName=running)
    iot.cancel_job(jobId=job_id, force=True)
    job = fleet.describe(job_id)
    assert job["status"] == "CANCELED"
    assert job["forceCanceled"] is True
    counters(job, canceled=2)
    e = fleet.execution(job_id, running)
    assert e["status"] == "CANCELED" and e["forceCanceled"] is True
    resp = expect_error("InvalidStateTransitionException", data.update_job_execution, thingName=running,
                        jobId=job_id, status="SUCCEEDED")
    assert status_of(resp) == 409


def test_cancel_terminal_job_is_rejected(iot, data, fleet):
    # digest §9 leaves the code open; docs/semantics.md D9 picks InvalidStateTransitionException
    t = fleet.thing()
    done = fleet.job(things=[t])
    finish(data, t, done)
    canceled = fleet.job(things=[t])
    iot.cancel_job(jobId=canceled, reasonCode="FIRST")
    for job_id, status in ((done, "COMPLETED"), (canceled, "CANCELED")):
        for force in (False, True):
            with pytest.raises(ClientError) as e:
                iot.cancel_job(jobId=job_id, force=force, reasonCode="SECOND")
            assert e.value.response["Error"]["Code"] in ("InvalidStateTransitionException",
                                                          "InvalidRequestException")
            assert e.value.response["ResponseMetadata"]["HTTPStatusCode"] in (400, 409)
        job = fleet.describe(job_id)
        assert job["status"] == status and job.get("reasonCode") == ("FIRST" if job_id == canceled else None)


def test_delete_job(iot, data, fleet):
    t = fleet.thing()
    job_id = fleet.job(things=[t])
    data.start_next_pending_job_execution(thingName=t)
    resp = expect_error("InvalidStateTransitionException", iot.delete_job, jobId=job_id)
    assert status_of(resp) == 409
    assert fleet.describe(job_id)["status"] == "IN_PROGRESS"
    assert status_of(iot.delete_job(jobId=job_id, force=True)) == 200
    expect_error("ResourceNotFoundException", iot.describe_job, jobId=job_id)
    expect_error("ResourceNotFoundException", fleet.execution, job_id, t)
    assert data.get_pending_job_executions(thingName=t)["inProgressJobs"] == []
    assert job_id not in _list_ids(iot)
    # the id is reusable at once
    fleet.job(things=[t], job_id=job_id, document='{"second": true}')
    assert iot.get_job_document(jobId=job_id)["document"] == '{"second": true}'
    counters(fleet.describe(job_id), queued=1)
    assert fleet.execution(job_id, t)["executionNumber"] == 1


def test_delete_finished_jobs_without_force(iot, data, fleet):
    t = fleet.thing()
    done = fleet.job(things=[t])
    finish(data, t, done)
    canceled = fleet.job(things=[t])
    iot.cancel_job(jobId=canceled)
    for job_id in (done, canceled):
        iot.delete_job(jobId=job_id)
        expect_error("ResourceNotFoundException", iot.describe_job, jobId=job_id)
    assert iot.list_job_executions_for_thing(thingName=t)["executionSummaries"] == []


# ---------------------------------------------------------------- associate targets


def test_associate_targets_with_continuous_job(iot, fleet):
    a, b, c = fleet.things(3)
    g = fleet.group(things=[c])
    job_id = fleet.job(things=[a], targetSelection="CONTINUOUS", description="cont")
    resp = iot.associate_targets_with_job(jobId=job_id, targets=[thing_arn(b), group_arn(g)], comment="more")
    assert (resp["jobArn"], resp["jobId"], resp["description"]) == (job_arn(job_id), job_id, "cont")
    assert execution_things(iot, job_id) == sorted(thing_arn(x) for x in (a, b, c))
    job = fleet.describe(job_id)
    assert set(job["targets"]) == {thing_arn(a), thing_arn(b), group_arn(g)}
    counters(job, queued=3)
    iot.associate_targets_with_job(jobId=job_id, targets=[thing_arn(a)])  # already targeted: no new execution
    counters(fleet.describe(job_id), queued=3)


def test_associate_targets_requires_continuous_in_progress(iot, fleet):
    a, b = fleet.things(2)
    snap = fleet.job(things=[a])
    cont = fleet.job(things=[a], targetSelection="CONTINUOUS")
    iot.cancel_job(jobId=cont)
    for job_id in (snap, cont):
        with pytest.raises(ClientError) as e:
            iot.associate_targets_with_job(jobId=job_id, targets=[thing_arn(b)])
        assert e.value.response["Error"]["Code"] in ("InvalidRequestException", "InvalidStateTransitionException")
        assert execution_things(iot, job_id) == [thing_arn(a)]
