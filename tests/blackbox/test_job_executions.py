"""Job executions through the control plane (digest §2.1, §2.2 control forms, §5.2, §5.4)."""
import pytest

from fjtest import assert_recent_datetime, counters, expect_error, status_of, thing_arn, uniq

SUMMARY_KEYS = {"status", "queuedAt", "startedAt", "lastUpdatedAt", "executionNumber", "retryAttempt"}


def test_describe_queued_execution_control_form(iot, fleet):
    t = fleet.thing()
    job_id = fleet.job(things=[t])
    resp = iot.describe_job_execution(jobId=job_id, thingName=t)
    assert status_of(resp) == 200
    e = resp["execution"]
    assert e["jobId"] == job_id
    assert e["status"] == "QUEUED"
    assert e["thingArn"] == thing_arn(t)
    assert "thingName" not in e
    assert "jobDocument" not in e
    assert e["executionNumber"] == 1 and type(e["executionNumber"]) is int
    assert e["versionNumber"] == 1 and type(e["versionNumber"]) is int
    assert_recent_datetime(e["queuedAt"])
    assert_recent_datetime(e["lastUpdatedAt"])
    assert "startedAt" not in e
    assert e.get("forceCanceled", False) is False
    assert e.get("statusDetails", {}) in ({}, {"detailsMap": {}})
    assert "approximateSecondsBeforeTimedOut" not in e
    assert set(e) <= {"jobId", "status", "forceCanceled", "statusDetails", "thingArn", "queuedAt", "startedAt",
                      "lastUpdatedAt", "executionNumber", "versionNumber", "approximateSecondsBeforeTimedOut"}


def test_describe_started_execution_control_form(iot, data, fleet):
    t = fleet.thing()
    job_id = fleet.job(things=[t], timeoutConfig={"inProgressTimeoutInMinutes": 30})
    data.start_next_pending_job_execution(thingName=t, statusDetails={"step": "download", "pct": "10"})
    e = iot.describe_job_execution(jobId=job_id, thingName=t)["execution"]
    assert e["status"] == "IN_PROGRESS"
    assert e["statusDetails"] == {"detailsMap": {"step": "download", "pct": "10"}}
    assert e["versionNumber"] == 2
    assert_recent_datetime(e["startedAt"])
    assert e["startedAt"] >= e["queuedAt"]
    assert type(e["approximateSecondsBeforeTimedOut"]) is int
    assert 0 < e["approximateSecondsBeforeTimedOut"] <= 1800
    data.update_job_execution(thingName=t, jobId=job_id, status="SUCCEEDED")
    e = iot.describe_job_execution(jobId=job_id, thingName=t)["execution"]
    assert e["status"] == "SUCCEEDED" and e["versionNumber"] == 3
    assert "approximateSecondsBeforeTimedOut" not in e


def test_describe_execution_by_number_and_unknowns(iot, fleet):
    t = fleet.thing()
    job_id = fleet.job(things=[t])
    assert iot.describe_job_execution(jobId=job_id, thingName=t, executionNumber=1)["execution"][
        "executionNumber"] == 1
    for kwargs in ({"jobId": job_id, "thingName": t, "executionNumber": 2},
                   {"jobId": job_id, "thingName": fleet.thing()},
                   {"jobId": uniq("missing"), "thingName": t}):
        resp = expect_error("ResourceNotFoundException", iot.describe_job_execution, **kwargs)
        assert status_of(resp) == 404


def test_list_executions_for_job(iot, data, fleet):
    a, b, c = fleet.things(3)
    job_id = fleet.job(things=[a, b, c])
    data.start_next_pending_job_execution(thingName=b)
    data.update_job_execution(thingName=c, jobId=job_id, status="REJECTED")

    summaries = iot.list_job_executions_for_job(jobId=job_id)["executionSummaries"]
    assert sorted(s["thingArn"] for s in summaries) == sorted(thing_arn(x) for x in (a, b, c))
    by_thing = {s["thingArn"]: s["jobExecutionSummary"] for s in summaries}
    for s in summaries:
        assert set(s) == {"thingArn", "jobExecutionSummary"}
        js = s["jobExecutionSummary"]
        assert set(js) <= SUMMARY_KEYS
        assert js["executionNumber"] == 1
        assert_recent_datetime(js["queuedAt"])
        assert_recent_datetime(js["lastUpdatedAt"])
        assert js.get("retryAttempt", 0) == 0
    assert by_thing[thing_arn(a)]["status"] == "QUEUED" and "startedAt" not in by_thing[thing_arn(a)]
    assert by_thing[thing_arn(b)]["status"] == "IN_PROGRESS"
    assert_recent_datetime(by_thing[thing_arn(b)]["startedAt"])
    assert by_thing[thing_arn(c)]["status"] == "REJECTED"

    def filtered(status):
        return [s["thingArn"] for s in iot.list_job_executions_for_job(jobId=job_id, status=status)[
            "executionSummaries"]]

    assert filtered("QUEUED") == [thing_arn(a)]
    assert filtered("IN_PROGRESS") == [thing_arn(b)]
    assert filtered("REJECTED") == [thing_arn(c)]
    assert filtered("SUCCEEDED") == []


def test_list_executions_for_job_pagination(iot, fleet):
    things = fleet.things(3)
    job_id = fleet.job(things=things)
    seen, token, pages = [], None, 0
    while True:
        page = iot.list_job_executions_for_job(jobId=job_id, maxResults=1,
                                               **({"nextToken": token} if token else {}))
        pages += 1
        assert len(page["executionSummaries"]) == 1
        seen += [s["thingArn"] for s in page["executionSummaries"]]
        token = page.get("nextToken")
        if not token:
            break
        assert pages < 10
    assert pages == 3
    assert sorted(seen) == sorted(thing_arn(t) for t in things)
    expect_error("InvalidRequestException", iot.list_job_executions_for_job, jobId=job_id, maxResults=251)


def test_list_executions_for_thing(iot, data, fleet):
    t = fleet.thing()
    j1, j2, j3 = (fleet.job(things=[t]) for _ in range(3))
    data.update_job_execution(thingName=t, jobId=j2, status="IN_PROGRESS")
    data.update_job_execution(thingName=t, jobId=j3, status="SUCCEEDED")
    summaries = iot.list_job_executions_for_thing(thingName=t)["executionSummaries"]
    assert sorted(s["jobId"] for s in summaries) == sorted([j1, j2, j3])
    for s in summaries:
        assert set(s) == {"jobId", "jobExecutionSummary"}
        assert set(s["jobExecutionSummary"]) <= SUMMARY_KEYS
        assert s["jobExecutionSummary"]["executionNumber"] == 1
    status = {s["jobId"]: s["jobExecutionSummary"]["status"] for s in summaries}
    assert status == {j1: "QUEUED", j2: "IN_PROGRESS", j3: "SUCCEEDED"}

    def ids(**kwargs):
        return sorted(s["jobId"] for s in iot.list_job_executions_for_thing(thingName=t, **kwargs)[
            "executionSummaries"])

    assert ids(status="QUEUED") == [j1]
    assert ids(status="IN_PROGRESS") == [j2]
    assert ids(status="SUCCEEDED") == [j3]
    assert ids(status="FAILED") == []
    assert ids(jobId=j2) == [j2]

    seen, token, pages = [], None, 0
    while True:
        page = iot.list_job_executions_for_thing(thingName=t, maxResults=1,
                                                 **({"nextToken": token} if token else {}))
        pages += 1
        seen += [s["jobId"] for s in page["executionSummaries"]]
        token = page.get("nextToken")
        if not token:
            break
        assert pages < 10
    assert pages == 3 and sorted(seen) == sorted([j1, j2, j3])


def test_list_executions_for_thing_namespace(iot, fleet):
    t = fleet.thing()
    ns = uniq("ns")
    plain = fleet.job(things=[t])
    spaced = fleet.job(things=[t], namespaceId=ns)
    listed = [s["jobId"] for s in iot.list_job_executions_for_thing(thingName=t, namespaceId=ns)[
        "executionSummaries"]]
    assert listed == [spaced]
    assert plain != spaced


# ---------------------------------------------------------------- cancel execution


def test_cancel_queued_execution(iot, fleet):
    a, b = fleet.things(2)
    job_id = fleet.job(things=[a, b])
    resp = iot.cancel_job_execution(jobId=job_id, thingName=a, statusDetails={"why": "operator"})
    assert status_of(resp) == 200
    e = iot.describe_job_execution(jobId=job_id, thingName=a)["execution"]
    assert e["status"] == "CANCELED"
    assert e["versionNumber"] == 2
    assert e["statusDetails"] == {"detailsMap": {"why": "operator"}}
    assert e.get("forceCanceled", False) is False
    job = iot.describe_job(jobId=job_id)["job"]
    counters(job, queued=1, canceled=1)
    assert job["status"] == "IN_PROGRESS"
    iot.cancel_job_execution(jobId=job_id, thingName=b)
    job = iot.describe_job(jobId=job_id)["job"]
    assert job["status"] == "COMPLETED"  # SNAPSHOT: every execution is terminal
    counters(job, canceled=2)


def test_cancel_in_progress_execution_needs_force(iot, data, fleet):
    t = fleet.thing()
    job_id = fleet.job(things=[t])
    data.start_next_pending_job_execution(thingName=t)
    resp = expect_error("InvalidStateTransitionException", iot.cancel_job_execution, jobId=job_id, thingName=t)
    assert status_of(resp) == 409
    assert iot.describe_job_execution(jobId=job_id, thingName=t)["execution"]["status"] == "IN_PROGRESS"
    iot.cancel_job_execution(jobId=job_id, thingName=t, force=True)
    e = iot.describe_job_execution(jobId=job_id, thingName=t)["execution"]
    assert e["status"] == "CANCELED"
    assert e["forceCanceled"] is True
    assert e["versionNumber"] == 3
    expect_error("InvalidStateTransitionException", data.update_job_execution, thingName=t, jobId=job_id,
                 status="SUCCEEDED")


@pytest.mark.parametrize("terminal", ["SUCCEEDED", "FAILED", "REJECTED"])
def test_cancel_terminal_execution(iot, data, fleet, terminal):
    t = fleet.thing()
    job_id = fleet.job(things=[t])
    data.update_job_execution(thingName=t, jobId=job_id, status=terminal)
    for force in (False, True):
        resp = expect_error("InvalidStateTransitionException", iot.cancel_job_execution, jobId=job_id,
                            thingName=t, force=force)
        assert status_of(resp) == 409
    assert iot.describe_job_execution(jobId=job_id, thingName=t)["execution"]["status"] == terminal


def test_cancel_already_canceled_execution(iot, fleet):
    t = fleet.thing()
    job_id = fleet.job(things=[t])
    iot.cancel_job_execution(jobId=job_id, thingName=t)
    expect_error("InvalidStateTransitionException", iot.cancel_job_execution, jobId=job_id, thingName=t)


def test_cancel_execution_expected_version(iot, fleet):
    t = fleet.thing()
    job_id = fleet.job(things=[t])
    resp = expect_error("VersionConflictException", iot.cancel_job_execution, jobId=job_id, thingName=t,
                        expectedVersion=5)
    assert status_of(resp) == 409
    e = iot.describe_job_execution(jobId=job_id, thingName=t)["execution"]
    assert e["status"] == "QUEUED" and e["versionNumber"] == 1
    iot.cancel_job_execution(jobId=job_id, thingName=t, expectedVersion=1)
    assert iot.describe_job_execution(jobId=job_id, thingName=t)["execution"]["status"] == "CANCELED"


def test_cancel_execution_unknown(iot, fleet):
    t = fleet.thing()
    job_id = fleet.job(things=[t])
    expect_error("ResourceNotFoundException", iot.cancel_job_execution, jobId=job_id, thingName=fleet.thing())
    expect_error("ResourceNotFoundException", iot.cancel_job_execution, jobId=uniq("missing"), thingName=t)


def test_cancel_execution_status_details_too_many(iot, fleet):
    t = fleet.thing()
    job_id = fleet.job(things=[t])
    details = {f"k{i}": "v" for i in range(11)}
    resp = expect_error("InvalidRequestException", iot.cancel_job_execution, jobId=job_id, thingName=t,
                        statusDetails=details)
    assert "statusDetails" in resp["Error"]["Message"]
    assert iot.describe_job_execution(jobId=job_id, thingName=t)["execution"]["status"] == "QUEUED"


# ---------------------------------------------------------------- delete execution


def test_delete_terminal_execution(iot, data, fleet):
    a, b = fleet.things(2)
    job_id = fleet.job(things=[a, b])
    data.update_job_execution(thingName=a, jobId=job_id, status="SUCCEEDED")
    counters(iot.describe_job(jobId=job_id)["job"], queued=1, succeeded=1)
    resp = iot.delete_job_execution(jobId=job_id, thingName=a, executionNumber=1)
    assert status_of(resp) == 200
    expect_error("ResourceNotFoundException", iot.describe_job_execution, jobId=job_id, thingName=a)
    assert [s["thingArn"] for s in iot.list_job_executions_for_job(jobId=job_id)["executionSummaries"]] == [
        thing_arn(b)]
    assert iot.list_job_executions_for_thing(thingName=a)["executionSummaries"] == []
    counters(iot.describe_job(jobId=job_id)["job"], queued=1)


def test_delete_non_terminal_execution_needs_force(iot, data, fleet):
    queued, running = fleet.things(2)
    job_id = fleet.job(things=[queued, running])
    data.start_next_pending_job_execution(thingName=running)
    for thing in (queued, running):
        resp = expect_error("InvalidStateTransitionException", iot.delete_job_execution, jobId=job_id,
                            thingName=thing, executionNumber=1)
        assert status_of(resp) == 409
    counters(iot.describe_job(jobId=job_id)["job"], queued=1, inProgress=1)
    iot.delete_job_execution(jobId=job_id, thingName=running, executionNumber=1, force=True)
    expect_error("ResourceNotFoundException", iot.describe_job_execution, jobId=job_id, thingName=running)
    assert data.get_pending_job_executions(thingName=running)["inProgressJobs"] == []
    counters(iot.describe_job(jobId=job_id)["job"], queued=1)


def test_delete_execution_unknown_number(iot, data, fleet):
    t = fleet.thing()
    job_id = fleet.job(things=[t])
    data.update_job_execution(thingName=t, jobId=job_id, status="SUCCEEDED")
    expect_error("ResourceNotFoundException", iot.delete_job_execution, jobId=job_id, thingName=t,
                 executionNumber=9)
    assert iot.describe_job_execution(jobId=job_id, thingName=t)["execution"]["status"] == "SUCCEEDED"
