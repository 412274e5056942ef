"""`fleetjobs serve --virtual-clock` (issue 3): the clock endpoints, and restarts that resume the stored
virtual time with every pending timer, rollout and schedule, firing nothing twice and skipping nothing.

No test sleeps: time moves only through POST /_fleetjobs/clock/advance."""
import datetime
import time

import pytest

import fjtest
import vclock as vc
from fjtest import assert_aws_error, counters, raw_request, thing_arn
from vclock import ADVANCE_PATH, CLOCK_PATH, minute_str, next_minute, ts

ms = pytest.approx  # virtual times are milliseconds; compare floats with abs=1e-3


def close(x):
    return ms(x, abs=1e-3)


# ---------------------------------------------------------------- the endpoints


def test_clock_starts_at_real_time_and_get_matches_advance(vclock):
    before = time.time()
    now = vclock.now()
    assert before - 5 <= now <= time.time() + 5, "the virtual clock starts at the real time"
    assert round(now * 1000) == pytest.approx(now * 1000, abs=1e-3), "millisecond resolution"
    # the clock does not move by itself
    assert vclock.now() == now
    assert vclock.advance(90) == close(now + 90)
    assert vclock.now() == close(now + 90)


def test_advance_is_exact_monotonic_and_accepts_zero_and_fractions(vclock):
    start = vclock.now()
    assert vclock.advance(0) == close(start)
    assert vclock.advance(1.5) == close(start + 1.5)
    assert vclock.advance(0.001) == close(start + 1.501)
    assert vclock.advance(3600) == close(start + 3601.501)
    assert vclock.advance(86400 * 400) == close(start + 3601.501 + 86400 * 400)
    assert vclock.now() == close(start + 3601.501 + 86400 * 400)


def test_advance_rejects_bad_bodies_with_invalid_request(vserver, vclock):
    start = vclock.now()
    for body in ({"seconds": -1}, {"seconds": -0.5}, {}, {"seconds": "10"}, {"seconds": None},
                 {"seconds": [1]}, {"seconds": True}, {"secs": 10}, "not json", "[10]", "10"):
        resp = vclock.post(body)
        assert_aws_error(resp, 400, "InvalidRequestException")
    resp = raw_request(vserver.endpoint, "POST", ADVANCE_PATH, service="iot")  # no body at all
    assert_aws_error(resp, 400, "InvalidRequestException")
    assert vclock.now() == start, "a refused advance does not move the clock"


def test_thing_credentials_are_refused(vserver, vclock, viot):
    start = vclock.now()
    thing = vserver.take_thing_key()
    viot.create_thing(thingName=thing)
    key, secret = fjtest.THING_KEYS[thing]
    as_thing = vc.VirtualClock(vserver, key, secret)
    assert_aws_error(as_thing.get(), 403, "AccessDeniedException")
    assert_aws_error(as_thing.post({"seconds": 60}), 403, "AccessDeniedException")
    assert vclock.now() == start


def test_endpoints_are_unknown_without_the_flag(server):
    for method, path, body in (("GET", CLOCK_PATH, None), ("POST", ADVANCE_PATH, {"seconds": 1})):
        resp = raw_request(server.endpoint, method, path, body=body, service="iot")
        assert_aws_error(resp, 404, "UnknownOperationException")


def test_api_timestamps_follow_the_virtual_clock(vclock, viot, vdata, vfleet):
    now = vclock.advance(7 * 86400 + 0.25)  # a week ahead of the real time
    t = vfleet.thing()
    job_id = vfleet.job(things=[t])
    job = vfleet.describe(job_id)
    assert ts(job["createdAt"]) == close(now)
    assert ts(job["lastUpdatedAt"]) == close(now)
    e = vfleet.execution(job_id, t)
    assert ts(e["queuedAt"]) == close(now)
    now2 = vclock.advance(100)
    started = vdata.start_next_pending_job_execution(thingName=t)["execution"]
    assert started["startedAt"] == int(now2)  # data plane: integer epoch seconds
    assert started["lastUpdatedAt"] == int(now2)
    assert ts(vfleet.execution(job_id, t)["startedAt"]) == close(now2)


# ---------------------------------------------------------------- restarts


def restart(fresh_server, proc):
    """SIGTERM `proc` and start a new --virtual-clock server on the same data dir."""
    assert proc.stop() == 0
    return fresh_server(data_dir=proc.data_dir, extra_args=[vc.VIRTUAL_CLOCK_FLAG])


def test_restart_resumes_the_stored_virtual_time(fresh_server):
    first = fresh_server(extra_args=[vc.VIRTUAL_CLOCK_FLAG])
    clock = vc.VirtualClock(first)
    reached = clock.advance(5 * 86400 + 0.123)
    second = restart(fresh_server, first)
    assert vc.VirtualClock(second).now() == close(reached), "resumes from the last virtual time"
    third = restart(fresh_server, second)
    assert vc.VirtualClock(third).now() == close(reached)
    assert third.stop() == 0


def test_restart_keeps_pending_timers_rollouts_and_schedules(fresh_server):
    first = fresh_server(extra_args=[vc.VIRTUAL_CLOCK_FLAG])
    iot, data, clock = first.iot(), first.data(), vc.VirtualClock(first)
    fleet = fjtest.Fleet(iot)
    t0 = clock.advance(3 * 86400)  # far ahead of real time, so the restart cannot land later

    # (a) an in-progress timer of 10 minutes, with one TIMED_OUT retry
    timed = fleet.thing()
    timer_job = fleet.job(things=[timed], timeoutConfig={"inProgressTimeoutInMinutes": 10},
                          jobExecutionsRetryConfig={"criteriaList": [{"failureType": "TIMED_OUT",
                                                                      "numberOfRetries": 1}]})
    data.start_next_pending_job_execution(thingName=timed)
    # (b) a rollout of 5 things at 2 per minute
    rolled = fleet.things(5)
    rollout_job = fleet.job(things=rolled, jobExecutionsRolloutConfig={"maximumPerMinute": 2})
    # (c) a scheduled job starting at a whole minute 40-41 minutes ahead
    sched_thing = fleet.thing()
    start = next_minute(t0, 40 * 60)
    sched_job = fleet.job(things=[sched_thing], schedulingConfig={"startTime": minute_str(start)})
    # (d) a timer that already fired before the restart
    fired = fleet.thing()
    fired_job = fleet.job(things=[fired], timeoutConfig={"inProgressTimeoutInMinutes": 1})
    data.start_next_pending_job_execution(thingName=fired)
    # (e) a maintenance window opening 20-21 minutes ahead (raw CreateJob: botocore lacks the field)
    windowed = fleet.thing()
    opens = next_minute(t0, 20 * 60)
    t = datetime.datetime.fromtimestamp(opens, datetime.timezone.utc)
    resp = vc.raw_create_job(first, "restart-window", {
        "targets": [thing_arn(windowed)], "document": "{}",
        "schedulingConfig": {"maintenanceWindows": [{"startTime": f"cron({t.minute} {t.hour} * * ? *)",
                                                     "durationInMinutes": 30}]}})
    assert resp.status == 200, resp
    # (f) an endTime with CANCEL, after the scheduled start
    ending = fleet.thing()
    end = next_minute(t0, 50 * 60)
    end_job = fleet.job(things=[ending], schedulingConfig={"endTime": minute_str(end), "endBehavior": "CANCEL"})

    t1 = clock.advance(90)  # (b) released 2 at t0 and 2 at t0+60; (d) timed out at t0+60
    assert vc.execution_count(iot, rollout_job) == 4
    assert fleet.execution(fired_job, fired)["status"] == "TIMED_OUT"
    assert fleet.execution(fired_job, fired)["versionNumber"] == 3

    second = restart(fresh_server, first)
    iot, data, clock = second.iot(), second.data(), vc.VirtualClock(second)
    fleet = fjtest.Fleet(iot)
    assert clock.now() == close(t1)
    # nothing fired at start-up: same state as before the restart
    assert vc.execution_count(iot, rollout_job) == 4
    e = data.describe_job_execution(jobId=timer_job, thingName=timed)["execution"]
    assert (e["status"], e["versionNumber"]) == ("IN_PROGRESS", 2)
    assert e["approximateSecondsBeforeTimedOut"] == 600 - 90
    assert fleet.describe(sched_job)["status"] == "SCHEDULED"

    clock.advance(29.999)  # t0+119.999: the next batch is due at t0+120
    assert vc.execution_count(iot, rollout_job) == 4
    clock.advance(0.001)
    assert vc.execution_count(iot, rollout_job) == 5
    job = fleet.describe(rollout_job)
    assert "processingTargets" not in job["jobProcessDetails"] and job["isConcurrent"] is False
    counters(job, queued=5)

    clock.advance_to(t0 + 600 - 0.001)
    assert fleet.execution(timer_job, timed)["status"] == "IN_PROGRESS"
    clock.advance(0.001)
    first_try = fleet.execution(timer_job, timed, executionNumber=1)
    assert (first_try["status"], first_try["versionNumber"]) == ("TIMED_OUT", 3)
    retry = fleet.execution(timer_job, timed)
    assert (retry["executionNumber"], retry["status"], retry["versionNumber"]) == (2, "QUEUED", 1)
    counters(fleet.describe(timer_job), timedOut=1, queued=1)

    # restart again between the timeout and the scheduled start: still exactly one retry
    third = restart(fresh_server, second)
    iot, data, clock = third.iot(), third.data(), vc.VirtualClock(third)
    fleet = fjtest.Fleet(iot)
    assert clock.now() == close(t0 + 600)
    assert [s["executionNumber"] for s in vc.thing_history(iot, timed, timer_job)] == [1, 2]
    assert fleet.execution(fired_job, fired)["versionNumber"] == 3
    counters(fleet.describe(fired_job), timedOut=1)

    clock.advance_to(opens - 0.001)
    assert vc.execution_count(iot, "restart-window") == 0
    clock.advance(0.001)
    counters(fleet.describe("restart-window"), queued=1)
    assert ts(fleet.execution("restart-window", windowed)["queuedAt"]) == close(opens)

    clock.advance_to(start - 0.001)
    assert fleet.describe(sched_job)["status"] == "SCHEDULED"
    assert vc.execution_count(iot, sched_job) == 0
    clock.advance(0.001)
    job = fleet.describe(sched_job)
    assert job["status"] == "IN_PROGRESS"
    counters(job, queued=1)
    assert ts(fleet.execution(sched_job, sched_thing)["queuedAt"]) == close(start)
    assert fleet.describe(end_job)["status"] == "IN_PROGRESS"

    fourth = restart(fresh_server, third)  # between the scheduled start and the endTime
    iot, clock = fourth.iot(), vc.VirtualClock(fourth)
    fleet = fjtest.Fleet(iot)
    assert clock.now() == close(start)
    clock.advance_to(end - 0.001)
    assert fleet.describe(end_job)["status"] == "IN_PROGRESS"
    clock.advance(0.001)
    job = fleet.describe(end_job)
    assert (job["status"], job["reasonCode"]) == ("CANCELED", "SCHEDULED_END_TIME")
    assert ts(job["completedAt"]) == close(end)
    counters(job, canceled=1)
    clock.advance(86400)
    # a day later nothing has fired twice
    assert vc.execution_count(iot, rollout_job) == 5
    counters(fleet.describe(rollout_job), queued=5)
    counters(fleet.describe(timer_job), timedOut=1, queued=1)
    counters(fleet.describe(sched_job), queued=1)
    counters(fleet.describe("restart-window"), queued=1)
    counters(fleet.describe(end_job), canceled=1)
    assert fleet.execution(timer_job, timed, executionNumber=1)["versionNumber"] == 3
    assert fourth.stop() == 0
