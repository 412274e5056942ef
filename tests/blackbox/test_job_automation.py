"""Behaviour the job engine drives by itself, on `--virtual-clock` (issue 3): retries (digest §5.8) and
timeouts (§5.7). Time moves only through the clock endpoint (`advance`); no test sleeps or polls.

Rules under test (issue 3 brief):
* FAILED/TIMED_OUT with budget left -> a new QUEUED execution (executionNumber+1, retryAttempt+1), queued in
  the same transaction as the failure; REJECTED, CANCELED, REMOVED never retried.
* jobProcessDetails counts executions, every attempt (one thing failing twice: numberOfFailedThings 2).
* inProgressTimeoutInMinutes runs from the start; stepTimeoutInMinutes replaces the step timer, -1 cancels it,
  never beyond the in-progress deadline; expiry -> TIMED_OUT, versionNumber+1;
  approximateSecondsBeforeTimedOut exact against the virtual clock.
"""
import pytest

from fjtest import counters, expect_error
from vclock import thing_history, ts


def close(x):
    return pytest.approx(x, abs=1e-3)


def retry_config(*criteria):
    return {"criteriaList": [{"failureType": f, "numberOfRetries": n} for f, n in criteria]}


def attempts(iot, thing, job_id):
    """[(executionNumber, status, retryAttempt)] of the thing's executions of the job, oldest first."""
    return [(s["executionNumber"], s["status"], s["retryAttempt"]) for s in thing_history(iot, thing, job_id)]


def run_and_end(data, thing, job_id, status, execution_number):
    started = data.start_next_pending_job_execution(thingName=thing)["execution"]
    assert (started["jobId"], started["executionNumber"]) == (job_id, execution_number)
    data.update_job_execution(thingName=thing, jobId=job_id, status=status, executionNumber=execution_number)


# ---------------------------------------------------------------- retries


def test_failed_retries_until_the_budget_is_used(viot, vdata, vfleet):
    t, other = vfleet.things(2)
    job_id = vfleet.job(things=[t, other], jobExecutionsRetryConfig=retry_config(("FAILED", 2)))

    run_and_end(vdata, t, job_id, "FAILED", 1)
    # queued in the same transaction as the failure: visible to the very next call
    assert attempts(viot, t, job_id) == [(1, "FAILED", 0), (2, "QUEUED", 1)]
    latest = vfleet.execution(job_id, t)
    assert (latest["executionNumber"], latest["status"], latest["versionNumber"]) == (2, "QUEUED", 1)
    old = vfleet.execution(job_id, t, executionNumber=1)
    assert (old["status"], old["versionNumber"]) == ("FAILED", 3)
    counters(vfleet.describe(job_id), failed=1, queued=2)
    pending = vdata.get_pending_job_executions(thingName=t)
    assert pending["inProgressJobs"] == []
    assert [(p["jobId"], p["executionNumber"], p["versionNumber"]) for p in pending["queuedJobs"]] == [
        (job_id, 2, 1)]
    device = vdata.describe_job_execution(thingName=t, jobId=job_id)["execution"]
    assert (device["executionNumber"], device["status"], device["versionNumber"]) == (2, "QUEUED", 1)

    run_and_end(vdata, t, job_id, "FAILED", 2)
    assert attempts(viot, t, job_id) == [(1, "FAILED", 0), (2, "FAILED", 1), (3, "QUEUED", 2)]
    counters(vfleet.describe(job_id), failed=2, queued=2)

    run_and_end(vdata, t, job_id, "FAILED", 3)
    assert attempts(viot, t, job_id) == [(1, "FAILED", 0), (2, "FAILED", 1), (3, "FAILED", 2)]
    job = vfleet.describe(job_id)
    assert job["status"] == "IN_PROGRESS"
    counters(job, failed=3, queued=1)  # every attempt counts

    vdata.update_job_execution(thingName=other, jobId=job_id, status="SUCCEEDED")
    job = vfleet.describe(job_id)
    assert job["status"] == "COMPLETED"
    counters(job, failed=3, succeeded=1)
    by_job = sorted((thing, s["executionNumber"], s["status"], s["retryAttempt"])
                    for thing, s in [(x["thingArn"].split("/", 1)[1], x["jobExecutionSummary"]) for x in
                                     viot.list_job_executions_for_job(jobId=job_id)["executionSummaries"]])
    assert by_job == sorted([(t, 1, "FAILED", 0), (t, 2, "FAILED", 1), (t, 3, "FAILED", 2),
                             (other, 1, "SUCCEEDED", 0)])
    for n in (1, 2, 3):
        e = vfleet.execution(job_id, t, executionNumber=n)
        assert (e["executionNumber"], e["status"], e["versionNumber"]) == (n, "FAILED", 3)


def test_retry_that_succeeds_completes_the_job(viot, vdata, vfleet):
    t = vfleet.thing()
    job_id = vfleet.job(things=[t], jobExecutionsRetryConfig=retry_config(("FAILED", 3)))
    vdata.update_job_execution(thingName=t, jobId=job_id, status="FAILED")  # QUEUED -> FAILED directly
    run_and_end(vdata, t, job_id, "SUCCEEDED", 2)
    assert attempts(viot, t, job_id) == [(1, "FAILED", 0), (2, "SUCCEEDED", 1)]
    job = vfleet.describe(job_id)
    assert job["status"] == "COMPLETED"
    counters(job, failed=1, succeeded=1)


def test_timed_out_retries_only_with_a_timed_out_budget(viot, vdata, vfleet, advance):
    t = vfleet.thing()
    job_id = vfleet.job(things=[t], timeoutConfig={"inProgressTimeoutInMinutes": 5},
                        jobExecutionsRetryConfig=retry_config(("TIMED_OUT", 1)))
    vdata.start_next_pending_job_execution(thingName=t)
    now = advance(300)
    assert attempts(viot, t, job_id) == [(1, "TIMED_OUT", 0), (2, "QUEUED", 1)]
    assert ts(vfleet.execution(job_id, t)["queuedAt"]) == close(now)
    counters(vfleet.describe(job_id), timedOut=1, queued=1)

    started = vdata.start_next_pending_job_execution(thingName=t)["execution"]
    assert (started["executionNumber"], started["approximateSecondsBeforeTimedOut"]) == (2, 300)
    advance(300)
    assert attempts(viot, t, job_id) == [(1, "TIMED_OUT", 0), (2, "TIMED_OUT", 1)]
    job = vfleet.describe(job_id)
    assert job["status"] == "COMPLETED"
    counters(job, timedOut=2)

    # a FAILED execution is not retried under a TIMED_OUT-only budget
    u = vfleet.thing()
    job2 = vfleet.job(things=[u], timeoutConfig={"inProgressTimeoutInMinutes": 5},
                      jobExecutionsRetryConfig=retry_config(("TIMED_OUT", 3)))
    run_and_end(vdata, u, job2, "FAILED", 1)
    assert attempts(viot, u, job2) == [(1, "FAILED", 0)]
    counters(vfleet.describe(job2), failed=1)
    assert vfleet.describe(job2)["status"] == "COMPLETED"


def test_failed_is_not_retried_under_a_timed_out_budget_but_timed_out_is(viot, vdata, vfleet, advance):
    t = vfleet.thing()
    job_id = vfleet.job(things=[t], timeoutConfig={"inProgressTimeoutInMinutes": 2},
                        jobExecutionsRetryConfig=retry_config(("FAILED", 1), ("TIMED_OUT", 1)))
    run_and_end(vdata, t, job_id, "FAILED", 1)                     # FAILED budget 1 -> used
    vdata.start_next_pending_job_execution(thingName=t)
    advance(120)                                                    # TIMED_OUT budget 1 -> used
    run_and_end(vdata, t, job_id, "FAILED", 3)                      # FAILED budget exhausted
    assert attempts(viot, t, job_id) == [(1, "FAILED", 0), (2, "TIMED_OUT", 1), (3, "FAILED", 2)]
    job = vfleet.describe(job_id)
    assert job["status"] == "COMPLETED"
    counters(job, failed=2, timedOut=1)


def test_all_budget_is_shared_by_failed_and_timed_out(viot, vdata, vfleet, advance):
    t = vfleet.thing()
    job_id = vfleet.job(things=[t], timeoutConfig={"inProgressTimeoutInMinutes": 1},
                        jobExecutionsRetryConfig=retry_config(("ALL", 2)))
    run_and_end(vdata, t, job_id, "FAILED", 1)
    vdata.start_next_pending_job_execution(thingName=t)
    advance(60)
    assert attempts(viot, t, job_id) == [(1, "FAILED", 0), (2, "TIMED_OUT", 1), (3, "QUEUED", 2)]
    vdata.start_next_pending_job_execution(thingName=t)
    advance(60)
    assert attempts(viot, t, job_id) == [(1, "FAILED", 0), (2, "TIMED_OUT", 1), (3, "TIMED_OUT", 2)]
    job = vfleet.describe(job_id)
    assert job["status"] == "COMPLETED"
    counters(job, failed=1, timedOut=2)


def test_rejected_is_never_retried(viot, vdata, vfleet):
    t, u = vfleet.things(2)
    job_id = vfleet.job(things=[t, u], jobExecutionsRetryConfig=retry_config(("ALL", 3)))
    vdata.update_job_execution(thingName=t, jobId=job_id, status="REJECTED")
    run_and_end(vdata, u, job_id, "REJECTED", 1)
    assert attempts(viot, t, job_id) == [(1, "REJECTED", 0)]
    assert attempts(viot, u, job_id) == [(1, "REJECTED", 0)]
    job = vfleet.describe(job_id)
    assert job["status"] == "COMPLETED"
    counters(job, rejected=2)


def test_canceled_executions_and_canceled_jobs_are_never_retried(viot, vdata, vfleet):
    a, b, c = vfleet.things(3)
    job_id = vfleet.job(things=[a, b, c], jobExecutionsRetryConfig=retry_config(("ALL", 3)))
    viot.cancel_job_execution(jobId=job_id, thingName=a)
    assert attempts(viot, a, job_id) == [(1, "CANCELED", 0)]
    vdata.start_next_pending_job_execution(thingName=b)
    viot.cancel_job(jobId=job_id)  # without force: b keeps running, c is canceled
    assert attempts(viot, c, job_id) == [(1, "CANCELED", 0)]
    vdata.update_job_execution(thingName=b, jobId=job_id, status="FAILED")
    assert attempts(viot, b, job_id) == [(1, "FAILED", 0)], "no retry once the job is canceled"
    job = vfleet.describe(job_id)
    assert job["status"] == "CANCELED"
    counters(job, canceled=2, failed=1)


# ---------------------------------------------------------------- timeouts


def seconds_left(viot, vdata, vfleet, job_id, thing):
    """approximateSecondsBeforeTimedOut seen by the device and by the operator (they must agree)."""
    device = vdata.describe_job_execution(thingName=thing, jobId=job_id)["execution"]
    control = vfleet.execution(job_id, thing)
    assert device.get("approximateSecondsBeforeTimedOut") == control.get("approximateSecondsBeforeTimedOut"), (
        device, control)
    return device.get("approximateSecondsBeforeTimedOut")


def test_in_progress_timeout_fires_at_its_deadline(viot, vdata, vfleet, advance, vclock):
    t, waiting, done = vfleet.things(3)
    job_id = vfleet.job(things=[t, waiting, done], timeoutConfig={"inProgressTimeoutInMinutes": 10})
    assert "approximateSecondsBeforeTimedOut" not in vfleet.execution(job_id, t), "no timer while QUEUED"
    started_at = vclock.now()
    e = vdata.start_next_pending_job_execution(thingName=t)["execution"]
    assert (e["status"], e["versionNumber"], e["approximateSecondsBeforeTimedOut"]) == ("IN_PROGRESS", 2, 600)
    vdata.start_next_pending_job_execution(thingName=done)
    advance(100)
    assert seconds_left(viot, vdata, vfleet, job_id, t) == 500
    vdata.update_job_execution(thingName=done, jobId=job_id, status="SUCCEEDED")
    assert seconds_left(viot, vdata, vfleet, job_id, done) is None, "terminal: no timer"
    advance(499.5)
    assert seconds_left(viot, vdata, vfleet, job_id, t) == 0  # whole seconds: 0.5 s left
    assert vfleet.execution(job_id, t)["status"] == "IN_PROGRESS"
    advance(1000)  # crosses the deadline; the timer fires at its own time
    e = vfleet.execution(job_id, t)
    assert (e["status"], e["versionNumber"]) == ("TIMED_OUT", 3)
    assert "approximateSecondsBeforeTimedOut" not in e
    assert ts(e["lastUpdatedAt"]) == close(started_at + 600)
    device = vdata.describe_job_execution(thingName=t, jobId=job_id)["execution"]
    assert (device["status"], device["versionNumber"]) == ("TIMED_OUT", 3)
    assert "approximateSecondsBeforeTimedOut" not in device
    assert vfleet.execution(job_id, waiting)["status"] == "QUEUED", "a QUEUED execution never times out"
    counters(vfleet.describe(job_id), timedOut=1, succeeded=1, queued=1)
    err = expect_error("InvalidStateTransitionException", vdata.update_job_execution, thingName=t, jobId=job_id,
                       status="SUCCEEDED")
    assert err["ResponseMetadata"]["HTTPStatusCode"] == 409
    vdata.update_job_execution(thingName=waiting, jobId=job_id, status="REJECTED")
    job = vfleet.describe(job_id)
    assert job["status"] == "COMPLETED"
    counters(job, timedOut=1, succeeded=1, rejected=1)


def test_step_timeout_is_replaced_by_each_new_value(viot, vdata, vfleet, advance):
    t = vfleet.thing()
    job_id = vfleet.job(things=[t], timeoutConfig={"inProgressTimeoutInMinutes": 60})
    e = vdata.start_next_pending_job_execution(thingName=t, stepTimeoutInMinutes=10)["execution"]
    assert e["approximateSecondsBeforeTimedOut"] == 600
    advance(300)
    assert seconds_left(viot, vdata, vfleet, job_id, t) == 300
    # a longer step replaces the shorter one
    e = vdata.update_job_execution(thingName=t, jobId=job_id, status="IN_PROGRESS", stepTimeoutInMinutes=20,
                                   includeJobExecutionState=True)["executionState"]
    assert (e["status"], e["versionNumber"]) == ("IN_PROGRESS", 3)
    assert seconds_left(viot, vdata, vfleet, job_id, t) == 1200
    advance(600)  # past the first step's deadline: still running
    assert seconds_left(viot, vdata, vfleet, job_id, t) == 600
    # a shorter step replaces the longer one
    vdata.update_job_execution(thingName=t, jobId=job_id, status="IN_PROGRESS", stepTimeoutInMinutes=2)
    assert seconds_left(viot, vdata, vfleet, job_id, t) == 120
    # a progress report without stepTimeoutInMinutes leaves the step timer as it is
    advance(60)
    vdata.update_job_execution(thingName=t, jobId=job_id, status="IN_PROGRESS", statusDetails={"pct": "50"})
    assert seconds_left(viot, vdata, vfleet, job_id, t) == 60
    advance(59.999)
    assert vfleet.execution(job_id, t)["status"] == "IN_PROGRESS"
    advance(0.001)
    e = vfleet.execution(job_id, t)
    assert (e["status"], e["versionNumber"]) == ("TIMED_OUT", 6)  # 1 queued, 2 start, 3-5 reports, 6 timeout
    assert e["statusDetails"] == {"detailsMap": {"pct": "50"}}
    job = vfleet.describe(job_id)
    assert job["status"] == "COMPLETED"
    counters(job, timedOut=1)


def test_step_timeout_minus_one_cancels_the_step_timer(viot, vdata, vfleet, advance):
    t, u = vfleet.things(2)
    job_id = vfleet.job(things=[t], timeoutConfig={"inProgressTimeoutInMinutes": 30})
    vdata.start_next_pending_job_execution(thingName=t, stepTimeoutInMinutes=5)
    advance(100)
    assert seconds_left(viot, vdata, vfleet, job_id, t) == 200
    vdata.update_job_execution(thingName=t, jobId=job_id, status="IN_PROGRESS", stepTimeoutInMinutes=-1)
    assert seconds_left(viot, vdata, vfleet, job_id, t) == 1700  # the in-progress timer remains
    advance(400)  # past the canceled step deadline
    e = vfleet.execution(job_id, t)
    assert (e["status"], e["versionNumber"]) == ("IN_PROGRESS", 3)
    assert seconds_left(viot, vdata, vfleet, job_id, t) == 1300
    advance(1300)
    e = vfleet.execution(job_id, t)
    assert (e["status"], e["versionNumber"]) == ("TIMED_OUT", 4)

    # without an in-progress timeout, -1 leaves no timer at all
    job2 = vfleet.job(things=[u])
    e = vdata.start_next_pending_job_execution(thingName=u, stepTimeoutInMinutes=3)["execution"]
    assert e["approximateSecondsBeforeTimedOut"] == 180
    vdata.update_job_execution(thingName=u, jobId=job2, status="IN_PROGRESS", stepTimeoutInMinutes=-1)
    assert seconds_left(viot, vdata, vfleet, job2, u) is None
    advance(7 * 86400)
    e = vfleet.execution(job2, u)
    assert (e["status"], e["versionNumber"]) == ("IN_PROGRESS", 3)
    counters(vfleet.describe(job2), inProgress=1)


def test_step_timeout_never_extends_past_the_in_progress_deadline(viot, vdata, vfleet, advance):
    t = vfleet.thing()
    job_id = vfleet.job(things=[t], timeoutConfig={"inProgressTimeoutInMinutes": 10})
    e = vdata.start_next_pending_job_execution(thingName=t, stepTimeoutInMinutes=60)["execution"]
    assert e["approximateSecondsBeforeTimedOut"] == 600
    advance(300)
    vdata.update_job_execution(thingName=t, jobId=job_id, status="IN_PROGRESS", stepTimeoutInMinutes=30)
    assert seconds_left(viot, vdata, vfleet, job_id, t) == 300
    advance(299)
    assert seconds_left(viot, vdata, vfleet, job_id, t) == 1
    advance(1)
    e = vfleet.execution(job_id, t)
    assert (e["status"], e["versionNumber"]) == ("TIMED_OUT", 4)
    counters(vfleet.describe(job_id), timedOut=1)


def test_step_timeout_alone_times_out(viot, vdata, vfleet, advance):
    t = vfleet.thing()
    job_id = vfleet.job(things=[t])
    e = vdata.start_next_pending_job_execution(thingName=t, stepTimeoutInMinutes=2)["execution"]
    assert e["approximateSecondsBeforeTimedOut"] == 120
    advance(119)
    assert seconds_left(viot, vdata, vfleet, job_id, t) == 1
    advance(1)
    e = vfleet.execution(job_id, t)
    assert (e["status"], e["versionNumber"]) == ("TIMED_OUT", 3)
    counters(vfleet.describe(job_id), timedOut=1)


def test_update_job_timeout_applies_to_later_starts_only(viot, vdata, vfleet, advance):
    early, late = vfleet.things(2)
    job_id = vfleet.job(things=[early, late], timeoutConfig={"inProgressTimeoutInMinutes": 10})
    vdata.start_next_pending_job_execution(thingName=early)
    advance(60)
    viot.update_job(jobId=job_id, timeoutConfig={"inProgressTimeoutInMinutes": 20})
    assert seconds_left(viot, vdata, vfleet, job_id, early) == 540
    e = vdata.start_next_pending_job_execution(thingName=late)["execution"]
    assert e["approximateSecondsBeforeTimedOut"] == 1200
    advance(540)
    assert vfleet.execution(job_id, early)["status"] == "TIMED_OUT"
    assert vfleet.execution(job_id, late)["status"] == "IN_PROGRESS"
    assert seconds_left(viot, vdata, vfleet, job_id, late) == 660
    counters(vfleet.describe(job_id), timedOut=1, inProgress=1)
    advance(660)
    job = vfleet.describe(job_id)
    assert job["status"] == "COMPLETED"
    counters(job, timedOut=2)


def test_timeouts_fire_in_time_order_in_one_advance(viot, vdata, vfleet, advance, vclock):
    things = vfleet.things(3)
    job_id = vfleet.job(things=things, timeoutConfig={"inProgressTimeoutInMinutes": 30})
    t0 = vclock.now()
    for minutes, t in zip((7, 3, 5), things):
        vdata.start_next_pending_job_execution(thingName=t, stepTimeoutInMinutes=minutes)
    advance(3600)
    for minutes, t in zip((7, 3, 5), things):
        e = vfleet.execution(job_id, t)
        assert (e["status"], e["versionNumber"]) == ("TIMED_OUT", 3)
        assert ts(e["lastUpdatedAt"]) == close(t0 + minutes * 60)
    job = vfleet.describe(job_id)
    assert job["status"] == "COMPLETED"
    assert ts(job["completedAt"]) == close(t0 + 7 * 60)
    counters(job, timedOut=3)
