"""Rollout rates (digest §5.9) and abort (§5.10) on `--virtual-clock` (issue 3), with the issue's example
(1,000 things in one group, maximumPerMinute 100, abort at 20% FAILED after 10 executed things) and the
digest's (exponential ramp base 50 × 2; ALL failures, queued retries canceled, IN_PROGRESS kept).

Engine rules under test (issue 3 brief):
* No rollout config and no windows: every execution at creation. With a rollout config executions are
  created in rollout "minutes": the first batch at creation (up to the rate), the next when a minute has
  passed since the current minute started. Exponential: rate = base × factor^floor(count/threshold), count =
  notified things or things whose latest execution SUCCEEDED, capped by maximumPerMinute; no 1000/min cap.
  While things wait, jobProcessDetails.processingTargets = the job's targets and isConcurrent is true.
* Abort: per thing (its latest execution); executed = things whose latest execution is SUCCEEDED, FAILED,
  REJECTED or TIMED_OUT; once executed >= minNumberOfExecutedThings and failures/executed >= threshold% the
  job is CANCELED (QUEUED executions CANCELED, IN_PROGRESS keep running), reasonCode ABORT_CRITERIA_MET, a
  comment with the numbers; evaluated in the transaction of the update / timeout that changes the counts.

One virtual-clock server per module holds a 1,000-thing group and a 200-thing group (created once, a few
seconds); every other test uses small fleets of its own. Each test measures time from its own start.
"""
import collections

import pytest

import fjtest
import vclock as vc
from fjtest import counters, expect_error, group_arn, thing_arn
from vclock import executions, things_with, ts

ABORT_REASON = "ABORT_CRITERIA_MET"


def close(x):
    return pytest.approx(x, abs=1e-3)


@pytest.fixture(scope="module")
def rserver(tmp_path_factory, credentials_file):
    base = tmp_path_factory.mktemp("rollout")
    proc = vc.start_virtual_server(base / "data", base / "logs", credentials_file)
    yield proc
    vc.stop_cleanly(proc)


@pytest.fixture(scope="module")
def riot(rserver):
    return rserver.iot()


@pytest.fixture(scope="module")
def rdata(rserver):
    return rserver.data()


@pytest.fixture(scope="module")
def rclock(rserver):
    return vc.VirtualClock(rserver)


class TidyFleet(fjtest.Fleet):
    """A Fleet that force-cancels, after the test, its jobs still active, so that no rollout of one test
    goes on releasing executions while later tests of the module advance the shared clock."""

    def __init__(self, iot):
        super().__init__(iot)
        self.jobs = []

    def job(self, *args, **kwargs):
        job_id = super().job(*args, **kwargs)
        self.jobs.append(job_id)
        return job_id

    def tidy(self):
        for job_id in self.jobs:
            if self.describe(job_id)["status"] in ("IN_PROGRESS", "SCHEDULED"):
                self.iot.cancel_job(jobId=job_id, force=True)


@pytest.fixture
def rfleet(riot):
    fleet = TidyFleet(riot)
    yield fleet
    fleet.tidy()


@pytest.fixture(scope="module")
def group_1000(riot):
    return vc.create_things_in_group(riot, 1000, prefix="k")


@pytest.fixture(scope="module")
def group_200(riot):
    return vc.create_things_in_group(riot, 200, prefix="h")


def queued_at_histogram(iot, job_id, t0):
    """{seconds after t0 (rounded to ms): number of executions queued then}."""
    hist = collections.Counter(round(ts(s["queuedAt"]) - t0, 3) for _, s in executions(iot, job_id))
    return dict(sorted(hist.items()))


def details(job):
    return job["jobProcessDetails"]


def assert_rolling_out(job, targets):
    assert job["isConcurrent"] is True, job
    assert details(job).get("processingTargets") == targets, details(job)


def assert_rolled_out(job):
    assert job["isConcurrent"] is False, job
    assert "processingTargets" not in details(job), details(job)


# ---------------------------------------------------------------- rollout


def test_without_rollout_config_every_execution_is_created_at_once(riot, rclock, group_1000, rfleet):
    group, things = group_1000
    t0 = rclock.now()
    job_id = rfleet.job(groups=[group])
    job = rfleet.describe(job_id)
    assert job["status"] == "IN_PROGRESS"
    assert_rolled_out(job)
    counters(job, queued=1000)
    assert queued_at_histogram(riot, job_id, t0) == {0.0: 1000}
    riot.cancel_job(jobId=job_id)
    counters(rfleet.describe(job_id), canceled=1000)


def test_constant_rate_releases_one_batch_per_minute(riot, rdata, rclock, rfleet):
    things = rfleet.things(10)
    targets = [thing_arn(t) for t in things]
    t0 = rclock.now()
    job_id = rfleet.job(things=things, jobExecutionsRolloutConfig={"maximumPerMinute": 3})
    rclock.advance(0)
    job = rfleet.describe(job_id)
    assert job["status"] == "IN_PROGRESS"
    assert_rolling_out(job, targets)
    counters(job, queued=3)
    released = things_with(riot, job_id, "QUEUED")
    assert released == sorted(things[:3]), "things are rolled out in target order"
    waiting = things[9]
    pending = rdata.get_pending_job_executions(thingName=waiting)
    assert (pending["queuedJobs"], pending["inProgressJobs"]) == ([], [])
    expect_error("ResourceNotFoundException", riot.describe_job_execution, jobId=job_id, thingName=waiting)

    rclock.advance(59.999)
    counters(rfleet.describe(job_id), queued=3)
    rclock.advance(0.001)
    counters(rfleet.describe(job_id), queued=6)
    # finishing everything released so far does not complete a job whose rollout is unfinished
    for t in things_with(riot, job_id, "QUEUED"):
        rdata.update_job_execution(thingName=t, jobId=job_id, status="SUCCEEDED")
    job = rfleet.describe(job_id)
    assert job["status"] == "IN_PROGRESS"
    assert_rolling_out(job, targets)
    counters(job, succeeded=6)

    rclock.advance(60)
    job = rfleet.describe(job_id)
    assert_rolling_out(job, targets)
    counters(job, succeeded=6, queued=3)
    rclock.advance(60)
    job = rfleet.describe(job_id)
    assert_rolled_out(job)
    counters(job, succeeded=6, queued=4)
    assert queued_at_histogram(riot, job_id, t0) == {0.0: 3, 60.0: 3, 120.0: 3, 180.0: 1}
    for t in things_with(riot, job_id, "QUEUED"):
        rdata.update_job_execution(thingName=t, jobId=job_id, status="SUCCEEDED")
    job = rfleet.describe(job_id)
    assert job["status"] == "COMPLETED"
    assert ts(job["completedAt"]) == close(t0 + 180)
    counters(job, succeeded=10)
    rclock.advance(600)
    counters(rfleet.describe(job_id), succeeded=10)


def test_batches_fall_at_their_own_minutes_within_one_advance(riot, rclock, rfleet):
    things = rfleet.things(7)
    t0 = rclock.now()
    job_id = rfleet.job(things=things, jobExecutionsRolloutConfig={"maximumPerMinute": 2})
    rclock.advance(3600)
    assert queued_at_histogram(riot, job_id, t0) == {0.0: 2, 60.0: 2, 120.0: 2, 180.0: 1}
    job = rfleet.describe(job_id)
    assert_rolled_out(job)
    counters(job, queued=7)


def test_rate_above_1000_is_not_capped(riot, rclock, group_1000, group_200, rfleet):
    targets = [group_arn(group_1000[0]), group_arn(group_200[0])]
    t0 = rclock.now()
    job_id = rfleet.job(groups=[group_1000[0], group_200[0]], jobExecutionsRolloutConfig={"maximumPerMinute": 1100})
    rclock.advance(0)
    job = rfleet.describe(job_id)
    assert_rolling_out(job, targets)
    counters(job, queued=1100)
    rclock.advance(60)
    job = rfleet.describe(job_id)
    assert_rolled_out(job)
    counters(job, queued=1200)
    assert queued_at_histogram(riot, job_id, t0) == {0.0: 1100, 60.0: 100}


def minute_counts(clock, fleet, job_id, minutes):
    """Advances one minute at a time; returns the number of executions created in each rollout minute."""
    counts = []
    total = 0
    for i in range(minutes):
        if i:
            clock.advance(60)
        else:
            clock.advance(0)
        now_total = details(fleet.describe(job_id))["numberOfQueuedThings"]
        counts.append(now_total - total)
        total = now_total
    return counts


def test_exponential_rate_on_notified_things_digest_example(riot, rclock, group_1000, rfleet):
    # digest §5.9: base 50, factor 2, threshold 1000 notified -> 50, 100, 200, 400; threshold scaled to 100
    # here so that 1,000 things show four increases.
    group, _ = group_1000
    t0 = rclock.now()
    job_id = rfleet.job(groups=[group], jobExecutionsRolloutConfig={"exponentialRate": {
        "baseRatePerMinute": 50, "incrementFactor": 2.0, "rateIncreaseCriteria": {"numberOfNotifiedThings": 100}}})
    # minute 0: 50 (notified 0 -> rate 50); 1: 50 (50 -> 50); 2: 100 (100 -> 100); 3: 200 (200 -> 200);
    # 4: rate 800 at 400 notified, the 600 left; then nothing.
    assert minute_counts(rclock, rfleet, job_id, 6) == [50, 50, 100, 200, 600, 0]
    assert queued_at_histogram(riot, job_id, t0) == {0.0: 50, 60.0: 50, 120.0: 100, 180.0: 200, 240.0: 600}
    assert_rolled_out(rfleet.describe(job_id))
    riot.cancel_job(jobId=job_id)


def test_exponential_rate_capped_by_maximum_per_minute(riot, rclock, group_1000, rfleet):
    group, _ = group_1000
    job_id = rfleet.job(groups=[group], jobExecutionsRolloutConfig={"maximumPerMinute": 150, "exponentialRate": {
        "baseRatePerMinute": 50, "incrementFactor": 2.0, "rateIncreaseCriteria": {"numberOfNotifiedThings": 100}}})
    assert minute_counts(rclock, rfleet, job_id, 10) == [50, 50, 100, 150, 150, 150, 150, 150, 50, 0]
    riot.cancel_job(jobId=job_id)


def test_exponential_rate_on_succeeded_things(riot, rdata, rclock, rfleet):
    things = rfleet.things(20)
    targets = [thing_arn(t) for t in things]
    job_id = rfleet.job(things=things, jobExecutionsRolloutConfig={"maximumPerMinute": 6, "exponentialRate": {
        "baseRatePerMinute": 2, "incrementFactor": 2.0, "rateIncreaseCriteria": {"numberOfSucceededThings": 2}}})
    rclock.advance(0)
    counters(rfleet.describe(job_id), queued=2)
    for t in things[:2]:
        rdata.update_job_execution(thingName=t, jobId=job_id, status="SUCCEEDED")
    rclock.advance(0)  # a rate raised mid-minute waits for the next rollout minute
    job = rfleet.describe(job_id)
    assert_rolling_out(job, targets)
    counters(job, succeeded=2)
    rclock.advance(60)  # 2 succeeded -> 2 × 2 = 4
    counters(rfleet.describe(job_id), succeeded=2, queued=4)
    batch = things_with(riot, job_id, "QUEUED")
    assert batch == sorted(things[2:6])
    for t in batch[:2]:
        rdata.update_job_execution(thingName=t, jobId=job_id, status="FAILED")  # failures do not count
    rclock.advance(60)  # still 2 succeeded -> 4
    counters(rfleet.describe(job_id), succeeded=2, failed=2, queued=6)
    for t in batch[2:]:
        rdata.update_job_execution(thingName=t, jobId=job_id, status="SUCCEEDED")
    rclock.advance(60)  # 4 succeeded -> 8, capped at 6
    counters(rfleet.describe(job_id), succeeded=4, failed=2, queued=10)
    rclock.advance(60)  # 4 more remain
    job = rfleet.describe(job_id)
    assert_rolled_out(job)
    counters(job, succeeded=4, failed=2, queued=14)
    riot.cancel_job(jobId=job_id)


# ---------------------------------------------------------------- abort


def test_issue_example_1000_things_100_per_minute_abort_at_20_percent(riot, rdata, rclock, group_1000, rfleet):
    group, things = group_1000
    t0 = rclock.now()
    job_id = rfleet.job(groups=[group], jobExecutionsRolloutConfig={"maximumPerMinute": 100}, abortConfig={
        "criteriaList": [{"failureType": "FAILED", "action": "CANCEL", "thresholdPercentage": 20,
                          "minNumberOfExecutedThings": 10}]})
    rclock.advance(0)
    job = rfleet.describe(job_id)
    assert_rolling_out(job, [group_arn(group)])
    counters(job, queued=100)
    rclock.advance(60)
    counters(rfleet.describe(job_id), queued=200)
    rclock.advance(60)
    counters(rfleet.describe(job_id), queued=300)
    assert queued_at_histogram(riot, job_id, t0) == {0.0: 100, 60.0: 100, 120.0: 100}

    released = things_with(riot, job_id, "QUEUED")
    assert len(released) == 300
    running, rest = released[:5], released[5:]
    for t in running:
        rdata.update_job_execution(thingName=t, jobId=job_id, status="IN_PROGRESS")
    fail = iter(rest[:10])
    succeed = iter(rest[10:])

    def update(thing, status):
        rdata.update_job_execution(thingName=thing, jobId=job_id, status=status)

    update(next(fail), "FAILED")
    for _ in range(8):
        update(next(succeed), "SUCCEEDED")
    # 9 executed, 1 failed: below minNumberOfExecutedThings anyway
    for _ in range(31):
        update(next(succeed), "SUCCEEDED")
    for _ in range(8):
        update(next(fail), "FAILED")
    job = rfleet.describe(job_id)  # 48 executed, 9 failed: 18.75% < 20%
    assert job["status"] == "IN_PROGRESS"
    counters(job, failed=9, succeeded=39, inProgress=5, queued=300 - 48 - 5)
    update(next(fail), "FAILED")  # 49 executed, 10 failed: 20.41% >= 20%

    job = rfleet.describe(job_id)
    assert job["status"] == "CANCELED"
    assert job["reasonCode"] == ABORT_REASON
    assert job["forceCanceled"] is False
    assert job["comment"] == ("Canceled by abortConfig: 10 of 49 executed things (20.41%) ended FAILED; "
                              "threshold 20% after at least 10")
    assert ts(job["completedAt"]) == close(t0 + 120)
    assert_rolled_out(job)
    counters(job, failed=10, succeeded=39, inProgress=5, canceled=300 - 49 - 5)
    assert things_with(riot, job_id, "IN_PROGRESS") == sorted(running)
    pending = rdata.get_pending_job_executions(thingName=rest[-1])
    assert (pending["queuedJobs"], pending["inProgressJobs"]) == ([], [])
    e = riot.describe_job_execution(jobId=job_id, thingName=rest[-1])["execution"]
    assert (e["status"], e["versionNumber"], e["forceCanceled"]) == ("CANCELED", 2, False)

    # the rollout stopped: the 700 things not reached never get an execution
    rclock.advance(1200)
    assert vc.execution_count(riot, job_id) == 300
    not_reached = sorted(set(things) - set(released))
    assert len(not_reached) == 700
    expect_error("ResourceNotFoundException", riot.describe_job_execution, jobId=job_id, thingName=not_reached[0])
    # IN_PROGRESS executions keep running and may still finish
    update(running[0], "SUCCEEDED")
    update(running[1], "FAILED")
    job = rfleet.describe(job_id)
    assert (job["status"], job["reasonCode"]) == ("CANCELED", ABORT_REASON)
    counters(job, failed=11, succeeded=40, inProgress=3, canceled=246)


def test_digest_example_all_failure_types_cancel_queued_retries_keep_in_progress(riot, rdata, rclock, rfleet):
    t1, t2, t3, t4, t5, t6 = rfleet.things(6)
    job_id = rfleet.job(things=[t1, t2, t3, t4, t5, t6], timeoutConfig={"inProgressTimeoutInMinutes": 10},
                        jobExecutionsRetryConfig={"criteriaList": [{"failureType": "FAILED", "numberOfRetries": 1}]},
                        abortConfig={"criteriaList": [{"failureType": "ALL", "action": "CANCEL",
                                                       "thresholdPercentage": 50, "minNumberOfExecutedThings": 4}]})
    t0 = rclock.now()
    rdata.update_job_execution(thingName=t1, jobId=job_id, status="FAILED")  # retried: t1 counts as QUEUED
    rdata.update_job_execution(thingName=t2, jobId=job_id, status="REJECTED")
    rdata.update_job_execution(thingName=t3, jobId=job_id, status="SUCCEEDED")
    rdata.update_job_execution(thingName=t4, jobId=job_id, status="SUCCEEDED")
    # 3 executed things (t2 REJECTED, t3, t4) -- 1 of 3 failed, and fewer than 4 executed
    rdata.update_job_execution(thingName=t5, jobId=job_id, status="IN_PROGRESS", stepTimeoutInMinutes=1)
    rdata.update_job_execution(thingName=t6, jobId=job_id, status="IN_PROGRESS")
    job = rfleet.describe(job_id)
    assert job["status"] == "IN_PROGRESS"
    counters(job, failed=1, rejected=1, succeeded=2, queued=1, inProgress=2)

    rclock.advance(59.999)
    assert rfleet.describe(job_id)["status"] == "IN_PROGRESS"
    rclock.advance(0.001)  # t5 times out: 4 executed, 2 of them (REJECTED + TIMED_OUT) failed = 50%
    job = rfleet.describe(job_id)
    assert job["status"] == "CANCELED"
    assert (job["reasonCode"], job["forceCanceled"]) == (ABORT_REASON, False)
    assert job["comment"] == ("Canceled by abortConfig: 2 of 4 executed things (50%) ended FAILED, REJECTED or "
                              "TIMED_OUT; threshold 50% after at least 4")
    assert ts(job["completedAt"]) == close(t0 + 60)
    counters(job, failed=1, rejected=1, succeeded=2, timedOut=1, canceled=1, inProgress=1)
    retry = rfleet.execution(job_id, t1)
    assert (retry["executionNumber"], retry["status"], retry["versionNumber"]) == (2, "CANCELED", 2)
    e6 = rfleet.execution(job_id, t6)
    assert (e6["status"], e6["versionNumber"]) == ("IN_PROGRESS", 2)

    rclock.advance(540)  # t6's in-progress timer still runs; no retry on a canceled job
    e6 = rfleet.execution(job_id, t6)
    assert (e6["status"], e6["versionNumber"]) == ("TIMED_OUT", 3)
    job = rfleet.describe(job_id)
    assert (job["status"], job["reasonCode"]) == ("CANCELED", ABORT_REASON)
    counters(job, failed=1, rejected=1, succeeded=2, timedOut=2, canceled=1)


def test_abort_counts_things_by_their_latest_execution(riot, rdata, rfleet):
    a, b = rfleet.things(2)
    job_id = rfleet.job(things=[a, b],
                        jobExecutionsRetryConfig={"criteriaList": [{"failureType": "FAILED", "numberOfRetries": 1}]},
                        abortConfig={"criteriaList": [{"failureType": "FAILED", "action": "CANCEL",
                                                       "thresholdPercentage": 60, "minNumberOfExecutedThings": 2}]})
    rdata.update_job_execution(thingName=a, jobId=job_id, status="FAILED")
    rdata.update_job_execution(thingName=a, jobId=job_id, status="FAILED", executionNumber=2)
    rdata.update_job_execution(thingName=b, jobId=job_id, status="SUCCEEDED")
    # per execution 2 of 3 failed (66.7%), per thing 1 of 2 (50%) < 60%: no abort
    job = rfleet.describe(job_id)
    assert job["status"] == "COMPLETED"
    assert "reasonCode" not in job
    counters(job, failed=2, succeeded=1)


def test_abort_waits_for_min_executed_things(riot, rdata, rfleet):
    a, b, c, d, e = rfleet.things(5)
    job_id = rfleet.job(things=[a, b, c, d, e], abortConfig={"criteriaList": [
        {"failureType": "FAILED", "action": "CANCEL", "thresholdPercentage": 50, "minNumberOfExecutedThings": 3}]})
    rdata.update_job_execution(thingName=a, jobId=job_id, status="FAILED")
    rdata.update_job_execution(thingName=b, jobId=job_id, status="FAILED")
    job = rfleet.describe(job_id)  # 100% failed, but only 2 executed
    assert job["status"] == "IN_PROGRESS"
    counters(job, failed=2, queued=3)
    rdata.update_job_execution(thingName=d, jobId=job_id, status="IN_PROGRESS")
    rdata.update_job_execution(thingName=c, jobId=job_id, status="SUCCEEDED")
    job = rfleet.describe(job_id)
    assert (job["status"], job["reasonCode"]) == ("CANCELED", ABORT_REASON)
    assert job["comment"] == ("Canceled by abortConfig: 2 of 3 executed things (66.67%) ended FAILED; "
                              "threshold 50% after at least 3")
    counters(job, failed=2, succeeded=1, inProgress=1, canceled=1)
    assert rfleet.execution(job_id, e)["status"] == "CANCELED"
    assert rfleet.execution(job_id, d)["status"] == "IN_PROGRESS"


def test_abort_below_threshold_completes(riot, rdata, rfleet):
    things = rfleet.things(4)
    job_id = rfleet.job(things=things, abortConfig={"criteriaList": [
        {"failureType": "FAILED", "action": "CANCEL", "thresholdPercentage": 60.0, "minNumberOfExecutedThings": 4}]})
    for t, status in zip(things, ("FAILED", "FAILED", "SUCCEEDED", "SUCCEEDED")):
        rdata.update_job_execution(thingName=t, jobId=job_id, status=status)
    job = rfleet.describe(job_id)  # 2 of 4 = 50% < 60%
    assert job["status"] == "COMPLETED"
    assert "reasonCode" not in job
    counters(job, failed=2, succeeded=2)


def test_abort_on_rejected_by_a_second_criterion(riot, rdata, rfleet):
    a, b, c = rfleet.things(3)
    job_id = rfleet.job(things=[a, b, c], abortConfig={"criteriaList": [
        {"failureType": "FAILED", "action": "CANCEL", "thresholdPercentage": 50, "minNumberOfExecutedThings": 1},
        {"failureType": "REJECTED", "action": "CANCEL", "thresholdPercentage": 30, "minNumberOfExecutedThings": 2}]})
    rdata.update_job_execution(thingName=a, jobId=job_id, status="REJECTED")
    assert rfleet.describe(job_id)["status"] == "IN_PROGRESS"  # FAILED 0%; REJECTED needs 2 executed
    rdata.update_job_execution(thingName=b, jobId=job_id, status="SUCCEEDED")  # REJECTED 1 of 2 = 50%
    job = rfleet.describe(job_id)
    assert (job["status"], job["reasonCode"]) == ("CANCELED", ABORT_REASON)
    assert job["comment"] == ("Canceled by abortConfig: 1 of 2 executed things (50%) ended REJECTED; "
                              "threshold 30% after at least 2")
    counters(job, rejected=1, succeeded=1, canceled=1)


def test_abort_on_timed_out_fires_inside_the_clock_advance(riot, rdata, rclock, rfleet):
    a, b, c = rfleet.things(3)
    job_id = rfleet.job(things=[a, b, c], timeoutConfig={"inProgressTimeoutInMinutes": 3}, abortConfig={
        "criteriaList": [{"failureType": "TIMED_OUT", "action": "CANCEL", "thresholdPercentage": 100,
                          "minNumberOfExecutedThings": 1}]})
    t0 = rclock.now()
    rdata.update_job_execution(thingName=a, jobId=job_id, status="IN_PROGRESS")
    rclock.advance(60)
    rdata.update_job_execution(thingName=b, jobId=job_id, status="IN_PROGRESS")
    rclock.advance(7200)  # a times out at t0+180 and the job is canceled then; b keeps its timer (t0+240)
    job = rfleet.describe(job_id)
    assert (job["status"], job["reasonCode"]) == ("CANCELED", ABORT_REASON)
    assert ts(job["completedAt"]) == close(t0 + 180)
    counters(job, timedOut=2, canceled=1)
    assert ts(rfleet.execution(job_id, b)["lastUpdatedAt"]) == close(t0 + 240)
    assert ts(rfleet.execution(job_id, c)["lastUpdatedAt"]) == close(t0 + 180)
