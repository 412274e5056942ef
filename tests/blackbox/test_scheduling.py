"""Scheduling (digest §5.11) on `--virtual-clock` (issue 3): SCHEDULED jobs start at startTime, each
endBehavior acts at endTime, and maintenance windows gate the creation of executions.

Engine rules under test (issue 3 brief):
* startTime (>= now+30 min, `YYYY-MM-DDTHH:MM` UTC) -> SCHEDULED with no executions; at startTime ->
  IN_PROGRESS with the targets resolved then.
* endTime + endBehavior: STOP_ROLLOUT (default) drops the things not yet rolled out; CANCEL is CancelJob;
  FORCE_CANCEL is CancelJob with force; the canceling ones set reasonCode SCHEDULED_END_TIME.
* schedulingConfig.maintenanceWindows [{startTime: "cron(...)", durationInMinutes}]: executions are created
  only while a window is open. Debian's botocore model lacks maintenanceWindows, so those CreateJob requests
  go as signed raw HTTP (vclock.raw_create_job) and are read back as raw JSON.
"""
import datetime

import pytest

from fjtest import assert_aws_error, counters, expect_error, thing_arn
from vclock import (execution_count, executions, minute_str, next_minute, raw_create_job,
                    raw_describe_job, things_with, ts)

END_REASON = "SCHEDULED_END_TIME"


def close(x):
    return pytest.approx(x, abs=1e-3)


def queued_at_histogram(iot, job_id, t0):
    hist = {}
    for _, s in executions(iot, job_id):
        k = round(ts(s["queuedAt"]) - t0, 3)
        hist[k] = hist.get(k, 0) + 1
    return dict(sorted(hist.items()))


def daily_cron(epoch):
    """cron() firing every day at the UTC hour:minute of `epoch`."""
    t = datetime.datetime.fromtimestamp(epoch, datetime.timezone.utc)
    return f"cron({t.minute} {t.hour} * * ? *)"


def assert_no_rollout_pending(job):
    assert job["isConcurrent"] is False, job
    assert "processingTargets" not in job["jobProcessDetails"], job["jobProcessDetails"]


# ---------------------------------------------------------------- startTime


def test_scheduled_job_starts_at_start_time_with_targets_resolved_then(viot, vdata, vfleet, vclock):
    a, b, c, late = vfleet.things(4)
    group = vfleet.group(things=[a, b])
    now = vclock.now()
    start = next_minute(now, 31 * 60)
    job_id = vfleet.job(groups=[group], things=[c], schedulingConfig={"startTime": minute_str(start)})
    job = vfleet.describe(job_id)
    assert job["status"] == "SCHEDULED"
    assert job["schedulingConfig"]["startTime"] == minute_str(start)
    counters(job)
    assert execution_count(viot, job_id) == 0
    assert vdata.get_pending_job_executions(thingName=a)["queuedJobs"] == []
    expect_error("ResourceNotFoundException", viot.describe_job_execution, jobId=job_id, thingName=a)
    # the registry changes before startTime count
    vfleet.add(late, group)
    viot.remove_thing_from_thing_group(thingGroupName=group, thingName=b)

    vclock.advance_to(start - 0.001)
    job = vfleet.describe(job_id)
    assert job["status"] == "SCHEDULED"
    counters(job)
    assert execution_count(viot, job_id) == 0
    vclock.advance(0.001)
    job = vfleet.describe(job_id)
    assert job["status"] == "IN_PROGRESS"
    counters(job, queued=3)
    assert things_with(viot, job_id, "QUEUED") == sorted([a, c, late])
    assert queued_at_histogram(viot, job_id, start) == {0.0: 3}
    e = vfleet.execution(job_id, late)
    assert (e["executionNumber"], e["versionNumber"]) == (1, 1)
    pending = vdata.get_pending_job_executions(thingName=late)["queuedJobs"]
    assert [(p["jobId"], p["executionNumber"], p["versionNumber"]) for p in pending] == [(job_id, 1, 1)]
    for t in (a, c, late):
        vdata.update_job_execution(thingName=t, jobId=job_id, status="SUCCEEDED")
    job = vfleet.describe(job_id)
    assert job["status"] == "COMPLETED"
    counters(job, succeeded=3)


def test_scheduled_job_with_a_rollout_rate_rolls_out_from_start_time(viot, vfleet, vclock):
    things = vfleet.things(5)
    start = next_minute(vclock.now(), 31 * 60)
    job_id = vfleet.job(things=things, schedulingConfig={"startTime": minute_str(start)},
                        jobExecutionsRolloutConfig={"maximumPerMinute": 2})
    vclock.advance_to(start)
    job = vfleet.describe(job_id)
    assert job["status"] == "IN_PROGRESS"
    assert job["isConcurrent"] is True
    assert job["jobProcessDetails"]["processingTargets"] == [thing_arn(t) for t in things]
    counters(job, queued=2)
    vclock.advance(600)
    assert queued_at_histogram(viot, job_id, start) == {0.0: 2, 60.0: 2, 120.0: 1}
    job = vfleet.describe(job_id)
    assert_no_rollout_pending(job)
    counters(job, queued=5)


def test_canceled_scheduled_job_never_starts(viot, vfleet, vclock):
    t = vfleet.thing()
    start = next_minute(vclock.now(), 45 * 60)
    job_id = vfleet.job(things=[t], schedulingConfig={"startTime": minute_str(start)})
    viot.cancel_job(jobId=job_id, reasonCode="NOT_NEEDED")
    vclock.advance_to(start + 86400)
    job = vfleet.describe(job_id)
    assert (job["status"], job["reasonCode"]) == ("CANCELED", "NOT_NEEDED")
    counters(job)
    assert execution_count(viot, job_id) == 0


# ---------------------------------------------------------------- endTime and endBehavior


def test_stop_rollout_is_the_default_and_drops_things_not_reached(viot, vdata, vfleet, vclock):
    things = vfleet.things(40)
    t0 = vclock.align(30)  # hh:mm:30.000, so no rollout minute falls exactly on endTime
    end = next_minute(t0, 31 * 60)  # t0 + 31.5 min
    job_id = vfleet.job(things=things, schedulingConfig={"endTime": minute_str(end)},
                        jobExecutionsRolloutConfig={"maximumPerMinute": 1})
    assert vfleet.describe(job_id)["status"] == "IN_PROGRESS"
    vclock.advance_to(end - 0.001)
    # one per minute at t0, t0+60 ... t0+1860: 32 released, 8 still waiting
    job = vfleet.describe(job_id)
    assert job["isConcurrent"] is True
    assert job["jobProcessDetails"]["processingTargets"] == [thing_arn(t) for t in things]
    counters(job, queued=32)
    assert things_with(viot, job_id, "QUEUED") == sorted(things[:32])
    for t in things[:32]:
        vdata.update_job_execution(thingName=t, jobId=job_id, status="SUCCEEDED")
    assert vfleet.describe(job_id)["status"] == "IN_PROGRESS", "8 things still wait for the rollout"

    vclock.advance(0.001)
    job = vfleet.describe(job_id)
    assert job["status"] == "COMPLETED"
    assert ts(job["completedAt"]) == close(end)
    assert_no_rollout_pending(job)
    assert job["forceCanceled"] is False
    counters(job, succeeded=32)
    vclock.advance(3600)
    assert execution_count(viot, job_id) == 32
    expect_error("ResourceNotFoundException", viot.describe_job_execution, jobId=job_id, thingName=things[39])


def test_stop_rollout_leaves_released_executions_running(viot, vdata, vfleet, vclock):
    things = vfleet.things(40)
    t0 = vclock.align(30)
    end = next_minute(t0, 31 * 60)
    job_id = vfleet.job(things=things, schedulingConfig={"endTime": minute_str(end), "endBehavior": "STOP_ROLLOUT"},
                        jobExecutionsRolloutConfig={"maximumPerMinute": 1})
    vdata.update_job_execution(thingName=things[0], jobId=job_id, status="IN_PROGRESS")
    vclock.advance_to(end + 600)
    job = vfleet.describe(job_id)
    assert job["status"] == "IN_PROGRESS"
    assert_no_rollout_pending(job)
    counters(job, inProgress=1, queued=31)
    e = vfleet.execution(job_id, things[31])
    assert (e["status"], e["versionNumber"]) == ("QUEUED", 1)
    assert execution_count(viot, job_id) == 32


def test_end_behavior_cancel_cancels_queued_and_drops_waiting(viot, vdata, vfleet, vclock):
    things = vfleet.things(40)
    t0 = vclock.align(30)
    end = next_minute(t0, 31 * 60)
    job_id = vfleet.job(things=things, schedulingConfig={"endTime": minute_str(end), "endBehavior": "CANCEL"},
                        jobExecutionsRolloutConfig={"maximumPerMinute": 1})
    vdata.update_job_execution(thingName=things[0], jobId=job_id, status="IN_PROGRESS")
    vclock.advance(60)
    vdata.update_job_execution(thingName=things[1], jobId=job_id, status="SUCCEEDED")
    vclock.advance_to(end - 0.001)
    counters(vfleet.describe(job_id), inProgress=1, succeeded=1, queued=30)
    vclock.advance(3600)
    job = vfleet.describe(job_id)
    assert job["status"] == "CANCELED"
    assert job["reasonCode"] == END_REASON
    assert job["forceCanceled"] is False
    assert minute_str(end) in job["comment"] and "CANCEL" in job["comment"], job["comment"]
    assert ts(job["completedAt"]) == close(end)
    assert_no_rollout_pending(job)
    counters(job, inProgress=1, succeeded=1, canceled=30)
    e = vfleet.execution(job_id, things[31])
    assert (e["status"], e["versionNumber"], e["forceCanceled"]) == ("CANCELED", 2, False)
    assert ts(e["lastUpdatedAt"]) == close(end)
    assert execution_count(viot, job_id) == 32
    # the IN_PROGRESS execution keeps running and may still finish
    vdata.update_job_execution(thingName=things[0], jobId=job_id, status="SUCCEEDED")
    job = vfleet.describe(job_id)
    assert (job["status"], job["reasonCode"]) == ("CANCELED", END_REASON)
    counters(job, succeeded=2, canceled=30)


def test_end_behavior_force_cancel_cancels_in_progress_too(viot, vdata, vfleet, vclock):
    a, b, c = vfleet.things(3)
    end = next_minute(vclock.now(), 40 * 60)
    job_id = vfleet.job(things=[a, b, c], schedulingConfig={"endTime": minute_str(end),
                                                             "endBehavior": "FORCE_CANCEL"})
    vdata.update_job_execution(thingName=a, jobId=job_id, status="IN_PROGRESS")
    vdata.update_job_execution(thingName=b, jobId=job_id, status="SUCCEEDED")
    vclock.advance_to(end - 0.001)
    counters(vfleet.describe(job_id), inProgress=1, succeeded=1, queued=1)
    vclock.advance(0.001)
    job = vfleet.describe(job_id)
    assert job["status"] == "CANCELED"
    assert (job["reasonCode"], job["forceCanceled"]) == (END_REASON, True)
    assert minute_str(end) in job["comment"] and "FORCE_CANCEL" in job["comment"], job["comment"]
    assert ts(job["completedAt"]) == close(end)
    counters(job, succeeded=1, canceled=2)
    ea = vfleet.execution(job_id, a)
    assert (ea["status"], ea["versionNumber"], ea["forceCanceled"]) == ("CANCELED", 3, True)
    ec = vfleet.execution(job_id, c)
    assert (ec["status"], ec["versionNumber"]) == ("CANCELED", 2)
    assert vfleet.execution(job_id, b)["status"] == "SUCCEEDED"
    expect_error("InvalidStateTransitionException", vdata.update_job_execution, thingName=a, jobId=job_id,
                 status="SUCCEEDED")


def test_start_and_end_time_together(viot, vdata, vfleet, vclock):
    a, b = vfleet.things(2)
    start = next_minute(vclock.now(), 31 * 60)
    end = start + 30 * 60
    job_id = vfleet.job(things=[a, b], schedulingConfig={"startTime": minute_str(start), "endTime": minute_str(end),
                                                         "endBehavior": "CANCEL"})
    assert vfleet.describe(job_id)["status"] == "SCHEDULED"
    vclock.advance_to(start)
    counters(vfleet.describe(job_id), queued=2)
    vdata.update_job_execution(thingName=a, jobId=job_id, status="SUCCEEDED")
    vclock.advance_to(end + 1)
    job = vfleet.describe(job_id)
    assert (job["status"], job["reasonCode"]) == ("CANCELED", END_REASON)
    assert ts(job["completedAt"]) == close(end)
    counters(job, succeeded=1, canceled=1)


def test_job_finished_before_end_time_is_left_alone(viot, vdata, vfleet, vclock):
    a = vfleet.thing()
    end = next_minute(vclock.now(), 31 * 60)
    job_id = vfleet.job(things=[a], schedulingConfig={"endTime": minute_str(end), "endBehavior": "FORCE_CANCEL"})
    vdata.update_job_execution(thingName=a, jobId=job_id, status="SUCCEEDED")
    done_at = vclock.now()
    vclock.advance_to(end + 60)
    job = vfleet.describe(job_id)
    assert job["status"] == "COMPLETED"
    assert "reasonCode" not in job
    assert ts(job["completedAt"]) == close(done_at)
    counters(job, succeeded=1)


# ---------------------------------------------------------------- maintenance windows


def create_windowed_job(server, job_id, things, windows, **extra):
    body = {"targets": [thing_arn(t) for t in things], "document": '{"op": "window"}',
            "schedulingConfig": {"maintenanceWindows": windows}}
    body.update(extra)
    resp = raw_create_job(server, job_id, body)
    assert resp.status == 200, resp
    assert resp.json()["jobId"] == job_id
    return job_id


def test_no_execution_while_the_window_is_closed(vserver, viot, vdata, vfleet, vclock):
    things = vfleet.things(3)
    opens = next_minute(vclock.now(), 10 * 60)
    windows = [{"startTime": daily_cron(opens), "durationInMinutes": 30}]
    job_id = create_windowed_job(vserver, "win-closed", things, windows)
    raw = raw_describe_job(vserver, job_id)
    assert raw["schedulingConfig"]["maintenanceWindows"] == windows
    job = vfleet.describe(job_id)
    assert job["status"] == "IN_PROGRESS"
    assert job["isConcurrent"] is True
    assert job["jobProcessDetails"]["processingTargets"] == [thing_arn(t) for t in things]
    counters(job)
    assert vdata.get_pending_job_executions(thingName=things[0])["queuedJobs"] == []

    vclock.advance_to(opens - 0.001)
    counters(vfleet.describe(job_id))
    assert execution_count(viot, job_id) == 0
    vclock.advance(0.001)
    job = vfleet.describe(job_id)
    assert job["status"] == "IN_PROGRESS"
    assert_no_rollout_pending(job)
    counters(job, queued=3)
    assert queued_at_histogram(viot, job_id, opens) == {0.0: 3}
    pending = vdata.get_pending_job_executions(thingName=things[0])["queuedJobs"]
    assert [(p["jobId"], p["executionNumber"]) for p in pending] == [(job_id, 1)]


def test_window_open_at_creation_creates_at_once(vserver, viot, vfleet, vclock):
    things = vfleet.things(2)
    now = vclock.now()
    opened = next_minute(now) - 5 * 60  # opened 4-5 minutes ago, open for 30
    create_windowed_job(vserver, "win-open", things, [{"startTime": daily_cron(opened), "durationInMinutes": 30}])
    vclock.advance(0)
    job = vfleet.describe("win-open")
    assert_no_rollout_pending(job)
    counters(job, queued=2)
    assert queued_at_histogram(viot, "win-open", now) == {0.0: 2}


def test_window_with_rate_continues_in_the_next_window(vserver, viot, vfleet, vclock):
    things = vfleet.things(5)
    opens = next_minute(vclock.now(), 20 * 60)
    create_windowed_job(vserver, "win-rate", things, [{"startTime": daily_cron(opens), "durationInMinutes": 2}],
                        jobExecutionsRolloutConfig={"maximumPerMinute": 2})
    vclock.advance_to(opens + 119.999)
    counters(vfleet.describe("win-rate"), queued=4)
    vclock.advance(0.001)  # the window closed at opens+120: the fifth waits for tomorrow's window
    job = vfleet.describe("win-rate")
    assert job["isConcurrent"] is True
    counters(job, queued=4)
    vclock.advance_to(opens + 86400 - 0.001)
    counters(vfleet.describe("win-rate"), queued=4)
    vclock.advance(0.001)
    job = vfleet.describe("win-rate")
    assert_no_rollout_pending(job)
    counters(job, queued=5)
    assert queued_at_histogram(viot, "win-rate", opens) == {0.0: 2, 60.0: 2, 86400.0: 1}


def test_several_windows_the_earliest_opening_wins(vserver, viot, vfleet, vclock):
    things = vfleet.things(2)
    now = vclock.now()
    later = next_minute(now, 50 * 60)
    sooner = next_minute(now, 15 * 60)
    create_windowed_job(vserver, "win-two", things, [{"startTime": daily_cron(later), "durationInMinutes": 10},
                                                     {"startTime": daily_cron(sooner), "durationInMinutes": 10}])
    vclock.advance_to(later)
    assert queued_at_histogram(viot, "win-two", sooner) == {0.0: 2}


def test_scheduled_job_rollouts_lists_the_next_seven_window_starts(vserver, vfleet, vclock):
    t = vfleet.thing()
    opens = next_minute(vclock.now(), 10 * 60)
    create_windowed_job(vserver, "win-list", [t], [{"startTime": daily_cron(opens), "durationInMinutes": 30}])
    raw = raw_describe_job(vserver, "win-list")
    assert raw.get("scheduledJobRollouts") == [{"startTime": minute_str(opens + i * 86400)} for i in range(7)], raw


def test_scheduled_job_rollouts_start_after_the_start_time(vserver, vfleet, vclock):
    t = vfleet.thing()
    start = next_minute(vclock.now(), 40 * 60)
    window = start - 10 * 60  # daily, 10 minutes before startTime: the first one counted is tomorrow's
    resp = raw_create_job(vserver, "win-sched", {
        "targets": [thing_arn(t)], "document": "{}",
        "schedulingConfig": {"startTime": minute_str(start),
                             "maintenanceWindows": [{"startTime": daily_cron(window), "durationInMinutes": 30}]}})
    assert resp.status == 200, resp
    raw = raw_describe_job(vserver, "win-sched")
    assert raw["status"] == "SCHEDULED"
    assert raw.get("scheduledJobRollouts") == [{"startTime": minute_str(window + i * 86400)} for i in range(1, 8)], raw
    # at startTime the window (opened 10 minutes earlier, 30 long) is open: the execution is created then
    vclock.advance_to(start)
    counters(vfleet.describe("win-sched"), queued=1)


def test_queued_executions_are_offered_only_inside_a_window(vserver, viot, vdata, vfleet, vclock):
    a, b, c = vfleet.things(3)
    opens = next_minute(vclock.now(), 10 * 60)
    create_windowed_job(vserver, "win-offer", [a, b, c], [{"startTime": daily_cron(opens), "durationInMinutes": 5}])
    vclock.advance_to(opens)
    pending = vdata.get_pending_job_executions(thingName=a)
    assert [(p["jobId"], p["executionNumber"]) for p in pending["queuedJobs"]] == [("win-offer", 1)]
    assert vdata.describe_job_execution(thingName=b, jobId="$next")["execution"]["jobId"] == "win-offer"
    vdata.start_next_pending_job_execution(thingName=b)
    vclock.advance(300)  # the window closed at opens+300
    counters(vfleet.describe("win-offer"), queued=2, inProgress=1)
    pending = vdata.get_pending_job_executions(thingName=a)
    assert (pending["queuedJobs"], pending["inProgressJobs"]) == ([], [])
    assert "execution" not in vdata.describe_job_execution(thingName=a, jobId="$next")
    assert "execution" not in vdata.start_next_pending_job_execution(thingName=a)
    assert vfleet.execution("win-offer", a)["status"] == "QUEUED"
    # an IN_PROGRESS execution is offered at any time
    pending = vdata.get_pending_job_executions(thingName=b)
    assert [p["jobId"] for p in pending["inProgressJobs"]] == ["win-offer"]
    assert vdata.describe_job_execution(thingName=b, jobId="$next")["execution"]["status"] == "IN_PROGRESS"
    # a device may still address a QUEUED execution by its jobId
    e = vdata.describe_job_execution(thingName=c, jobId="win-offer")["execution"]
    assert (e["status"], e["versionNumber"]) == ("QUEUED", 1)
    vdata.update_job_execution(thingName=c, jobId="win-offer", status="IN_PROGRESS")
    counters(vfleet.describe("win-offer"), queued=1, inProgress=2)
    # offered again when the next window opens
    vclock.advance_to(opens + 86400)
    pending = vdata.get_pending_job_executions(thingName=a)
    assert [(p["jobId"], p["executionNumber"]) for p in pending["queuedJobs"]] == [("win-offer", 1)]
    started = vdata.start_next_pending_job_execution(thingName=a)["execution"]
    assert (started["jobId"], started["status"], started["versionNumber"]) == ("win-offer", "IN_PROGRESS", 2)
    counters(vfleet.describe("win-offer"), inProgress=3)


def test_invalid_window_cron_is_refused(vserver, vfleet):
    t = vfleet.thing()
    for cron in ("cron(0 0 * * * *)", "rate(5 minutes)", "cron(0 0 ? * MON)", "0 0 * * ? *"):
        resp = raw_create_job(vserver, "win-bad", {
            "targets": [thing_arn(t)], "document": "{}",
            "schedulingConfig": {"maintenanceWindows": [{"startTime": cron, "durationInMinutes": 30}]}})
        assert_aws_error(resp, 400, "InvalidRequestException")


def test_schedule_times_are_checked_against_the_virtual_clock(viot, vfleet, vclock):
    t = vfleet.thing()
    real_soon = next_minute(vclock.now(), 60 * 60)  # an hour after the real time
    now = vclock.advance(2 * 86400)  # ... which is now in the virtual past
    for config in ({"startTime": minute_str(real_soon)}, {"endTime": minute_str(real_soon)}):
        expect_error("InvalidRequestException", vfleet.job, things=[t], schedulingConfig=config)
    start = next_minute(now, 31 * 60)
    job_id = vfleet.job(things=[t], schedulingConfig={"startTime": minute_str(start)})
    assert vfleet.describe(job_id)["status"] == "SCHEDULED"
    vclock.advance_to(start)
    counters(vfleet.describe(job_id), queued=1)
