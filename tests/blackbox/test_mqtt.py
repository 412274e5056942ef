"""Devices over MQTT through a real mosquitto (digest §4, §5.13; docs/mqtt.md).

`fleetjobs serve --mqtt` is a client of the broker; these tests are other clients (paho) acting as devices.
Every wait is on a message with a timeout."""
import json
import subprocess
import time

import pytest

import fjtest
import mqttfix
from fjtest import assert_recent_epoch_int, uniq

EXEC_KEYS = {"jobId", "thingName", "jobDocument", "status", "statusDetails", "queuedAt", "startedAt",
             "lastUpdatedAt", "versionNumber", "executionNumber", "approximateSecondsBeforeTimedOut"}
SUMMARY_KEYS = {"jobId", "queuedAt", "startedAt", "lastUpdatedAt", "versionNumber", "executionNumber"}
REJECTED_CODES = {"InvalidTopic", "InvalidJson", "InvalidRequest", "InvalidStateTransition", "ResourceNotFound",
                  "VersionMismatch", "InternalError", "RequestThrottled", "TerminalStateReached"}


def doc_of(job_id):
    return {"operation": "run", "job": job_id}  # what Fleet.job() sends by default, as an object


def assert_rejected(reply, code):
    assert set(reply) <= {"code", "message", "clientToken", "timestamp", "executionState"}, reply
    assert reply["code"] == code, reply
    assert reply["code"] in REJECTED_CODES
    assert isinstance(reply["message"], str) and reply["message"]
    assert_recent_epoch_int(reply["timestamp"])
    return reply


# ------------------------------------------------------------------ the four request topics


def test_get_pending(mqtt_server, mfleet, device):
    t = mfleet.thing()
    j1, j2 = mfleet.job(things=[t]), mfleet.job(things=[t])
    d = device(t)
    outcome, body = d.request("get", {"clientToken": "tok-get"})
    assert outcome == "accepted", body
    assert body["clientToken"] == "tok-get"
    assert_recent_epoch_int(body["timestamp"])
    assert body["inProgressJobs"] == []
    assert [s["jobId"] for s in body["queuedJobs"]] == [j1, j2]
    for s in body["queuedJobs"]:
        assert set(s) <= SUMMARY_KEYS and "startedAt" not in s
        assert_recent_epoch_int(s["queuedAt"])
        assert s["versionNumber"] == 1 and s["executionNumber"] == 1
    # Device SDK v1 sends thingName in the body; an empty payload counts as {} (no clientToken echoed).
    outcome, body = d.request("get", {"thingName": t})
    assert outcome == "accepted" and len(body["queuedJobs"]) == 2
    outcome, body = d.request("get", raw=b"")
    assert outcome == "accepted" and "clientToken" not in body


def test_start_next_describe_update(mqtt_server, mfleet, device, miot):
    t = mfleet.thing()
    job_id = mfleet.job(things=[t])
    d = device(t)
    outcome, body = d.request("start-next", {"statusDetails": {"step": "download"}, "stepTimeoutInMinutes": 5})
    assert outcome == "accepted", body
    e = body["execution"]
    assert set(e) <= EXEC_KEYS, e
    assert e["jobId"] == job_id and e["thingName"] == t
    assert e["jobDocument"] == doc_of(job_id)  # a JSON object over MQTT
    assert e["status"] == "IN_PROGRESS" and e["statusDetails"] == {"step": "download"}
    assert e["versionNumber"] == 2 and e["executionNumber"] == 1
    for k in ("queuedAt", "startedAt", "lastUpdatedAt"):
        assert_recent_epoch_int(e[k])
    assert e["approximateSecondsBeforeTimedOut"] == 300  # the step timer just set

    outcome, body = d.request(f"{job_id}/get", {})
    assert outcome == "accepted" and body["execution"]["jobDocument"] == doc_of(job_id)
    outcome, body = d.request(f"{job_id}/get", {"includeJobDocument": False, "executionNumber": 1})
    assert outcome == "accepted" and "jobDocument" not in body["execution"]
    outcome, body = d.request("$next/get", {})
    assert outcome == "accepted" and body["execution"]["jobId"] == job_id

    outcome, body = d.request(f"{job_id}/update", {"status": "SUCCEEDED", "expectedVersion": 2,
                                                   "statusDetails": {"step": "done"},
                                                   "includeJobExecutionState": True, "includeJobDocument": True})
    assert outcome == "accepted", body
    assert body["executionState"] == {"status": "SUCCEEDED", "statusDetails": {"step": "done"}, "versionNumber": 3}
    assert body["jobDocument"] == doc_of(job_id)
    assert miot.describe_job_execution(jobId=job_id, thingName=t)["execution"]["status"] == "SUCCEEDED"

    # Nothing left: accepted without `execution`.
    outcome, body = d.request("start-next", {})
    assert outcome == "accepted" and "execution" not in body
    outcome, body = d.request("$next/get", {})
    assert outcome == "accepted" and "execution" not in body


def test_update_without_extras_returns_envelope_only(mqtt_server, mfleet, device):
    t = mfleet.thing()
    job_id = mfleet.job(things=[t])
    outcome, body = device(t).request(f"{job_id}/update", {"status": "IN_PROGRESS", "clientToken": "u1"})
    assert outcome == "accepted"
    assert set(body) == {"timestamp", "clientToken"}


# ------------------------------------------------------------------ rejections


def test_every_rejected_code_we_can_provoke(mqtt_server, mfleet, device):
    t = mfleet.thing()
    job_id = mfleet.job(things=[t])
    d = device(t)

    outcome, body = d.request("no-such-api", {"clientToken": "it"})
    assert outcome == "rejected" and assert_rejected(body, "InvalidTopic")["clientToken"] == "it"
    outcome, body = d.request(f"{job_id}/delete", {})
    assert_rejected(body, "InvalidTopic")

    for raw in (b"{not json", b"[1,2]", b"\"text\"", b"{\"a\":\"\xff\"}", b"\xff\xfe"):
        outcome, body = d.request("get", raw=raw)
        assert outcome == "rejected", raw
        assert_rejected(body, "InvalidJson")
        assert "clientToken" not in body

    bad_requests = [
        (f"{job_id}/update", {}),  # status is required
        (f"{job_id}/update", {"status": "QUEUED"}),  # not settable by a device
        (f"{job_id}/update", {"status": "SUCCESS"}),  # not a status
        (f"{job_id}/update", {"status": "IN_PROGRESS", "statusDetails": {"k": 1}}),
        (f"{job_id}/update", {"status": "IN_PROGRESS", "statusDetails": {"bad key!": "v"}}),
        (f"{job_id}/update", {"status": "IN_PROGRESS", "expectedVersion": "one"}),
        (f"{job_id}/update", {"status": "IN_PROGRESS", "stepTimeoutInMinutes": 0}),
        ("start-next", {"stepTimeoutInMinutes": 10081}),
        (f"{job_id}/get", {"includeJobDocument": "yes"}),
    ]
    for op, payload in bad_requests:
        outcome, body = d.request(op, payload)
        assert outcome == "rejected", (op, payload, body)
        assert_rejected(body, "InvalidRequest")
    outcome, body = d.request("get", raw=json.dumps({"clientToken": 42}))  # a token must be a string
    assert_rejected(body, "InvalidRequest")
    outcome, body = device("bad$thing").request("get", raw=b"{}")
    assert_rejected(body, "InvalidRequest")

    outcome, body = d.request(f"{uniq('nojob')}/get", {"clientToken": "nf"})
    assert assert_rejected(body, "ResourceNotFound")["clientToken"] == "nf"
    outcome, body = d.request(f"{uniq('nojob')}/update", {"status": "IN_PROGRESS"})
    assert_rejected(body, "ResourceNotFound")
    outcome, body = d.request(f"{job_id}/get", {"executionNumber": 7})
    assert_rejected(body, "ResourceNotFound")

    outcome, body = d.request(f"{job_id}/update", {"status": "IN_PROGRESS", "expectedVersion": 5,
                                                   "clientToken": "vm"})
    assert_rejected(body, "VersionMismatch")
    assert body["clientToken"] == "vm"
    assert body["executionState"] == {"status": "QUEUED", "statusDetails": {}, "versionNumber": 1}

    outcome, body = d.request(f"{job_id}/update", {"status": "REJECTED", "statusDetails": {"why": "no"}})
    assert outcome == "accepted"
    outcome, body = d.request(f"{job_id}/update", {"status": "IN_PROGRESS"})
    assert_rejected(body, "InvalidStateTransition")
    assert body["executionState"] == {"status": "REJECTED", "statusDetails": {"why": "no"}, "versionNumber": 2}


def test_rejection_of_unparsable_payload_still_answers_on_the_request_topic(mqtt_server, mfleet, device):
    t = mfleet.thing()
    d = device(t)
    d.publish(f"$aws/things/{t}/jobs/start-next", b"\x00\x01garbage")
    body = d.expect(f"$aws/things/{t}/jobs/start-next/rejected")
    assert_rejected(body, "InvalidJson")
    # The server is still healthy afterwards.
    assert d.request("get", {})[0] == "accepted"


def test_own_topics_are_ignored_and_replies_are_not_duplicated(mqtt_server, mfleet, device):
    t = mfleet.thing()
    mfleet.job(things=[t])
    d = device(t)
    # A message on a reply topic (as the server's own replies come back to it) gets no answer.
    d.publish(f"$aws/things/{t}/jobs/get/accepted", {"clientToken": "loop"})
    d.publish(f"$aws/things/{t}/jobs/notify", {"jobs": {}})
    for i in range(3):
        assert d.request("get", {"clientToken": f"c{i}"})[0] == "accepted"
    # The last request's reply has arrived; the server answered each request exactly once.
    accepted = d.drain(f"$aws/things/{t}/jobs/get/accepted")
    assert [a["clientToken"] for a in accepted] == []  # request() consumed c0..c2 and nothing else came
    assert d.pending_on(f"$aws/things/{t}/jobs/get/accepted/accepted") == 0
    assert d.pending_on(f"$aws/things/{t}/jobs/get/accepted/rejected") == 0
    assert d.pending_on(f"$aws/things/{t}/jobs/notify/rejected") == 0


def test_reply_qos_follows_the_request(mqtt_server, mfleet, device):
    t = mfleet.thing()
    d = device(t)
    d.publish(f"$aws/things/{t}/jobs/get", {"clientToken": "q0"}, qos=0)
    assert d.expect_qos(f"$aws/things/{t}/jobs/get/accepted") == 0
    d.publish(f"$aws/things/{t}/jobs/get", {"clientToken": "q1"}, qos=1)
    assert d.expect_qos(f"$aws/things/{t}/jobs/get/accepted") == 1


# ------------------------------------------------------------------ same engine as HTTP


def test_http_and_mqtt_give_the_same_results(mqtt_server, mfleet, device, mdata):
    """The same request through iot-jobs-data and through MQTT, on twin things in the same state."""
    a, b = mfleet.thing(), mfleet.thing()
    jobs = [mfleet.job(things=[a, b]) for _ in range(3)]
    d = device(b)

    def same_pending():
        http = mdata.get_pending_job_executions(thingName=a)
        _, mq = d.request("get", {})
        for key in ("inProgressJobs", "queuedJobs"):
            assert [strip_times(s) for s in http[key]] == [strip_times(s) for s in mq[key]]

    same_pending()
    http = mdata.start_next_pending_job_execution(thingName=a, statusDetails={"k": "v"},
                                                  stepTimeoutInMinutes=5)["execution"]
    _, mq = d.request("start-next", {"statusDetails": {"k": "v"}, "stepTimeoutInMinutes": 5})
    assert "approximateSecondsBeforeTimedOut" in mq["execution"]
    assert_same_execution(http, mq["execution"], a, b)
    same_pending()

    http = mdata.describe_job_execution(thingName=a, jobId=jobs[0])["execution"]
    _, mq = d.request(f"{jobs[0]}/get", {})
    assert_same_execution(http, mq["execution"], a, b)

    http = mdata.update_job_execution(thingName=a, jobId=jobs[1], status="IN_PROGRESS", expectedVersion=1,
                                      includeJobExecutionState=True, includeJobDocument=True)
    _, mq = d.request(f"{jobs[1]}/update", {"status": "IN_PROGRESS", "expectedVersion": 1,
                                            "includeJobExecutionState": True, "includeJobDocument": True})
    assert http["executionState"] == mq["executionState"]
    assert json.loads(http["jobDocument"]) == mq["jobDocument"]
    same_pending()

    # Errors: the same engine error, in each wire's spelling.
    with pytest.raises(Exception) as e:
        mdata.update_job_execution(thingName=a, jobId=jobs[1], status="SUCCEEDED", expectedVersion=1)
    assert "VersionConflict" in str(e.value) or "409" in str(e.value)
    _, mq = d.request(f"{jobs[1]}/update", {"status": "SUCCEEDED", "expectedVersion": 1})
    assert mq["code"] == "VersionMismatch"

    http = mdata.describe_job_execution(thingName=a, jobId="$next")["execution"]
    _, mq = d.request("$next/get", {})
    assert_same_execution(http, mq["execution"], a, b)


def strip_times(summary):
    return {k: v for k, v in summary.items() if not k.endswith("At")}


def assert_same_execution(http, mq, thing_http, thing_mqtt):
    h = dict(http)
    if "jobDocument" in h:
        h["jobDocument"] = json.loads(h["jobDocument"])
    assert h.pop("thingName") == thing_http
    m = dict(mq)
    assert m.pop("thingName") == thing_mqtt
    for k in ("queuedAt", "startedAt", "lastUpdatedAt", "approximateSecondsBeforeTimedOut"):
        assert (k in h) == (k in m), k
        if k in h:
            assert abs(h.pop(k) - m.pop(k)) <= 2
    assert h == m


# ------------------------------------------------------------------ notify and notify-next


def notify_ids(body, status):
    return [s["jobId"] for s in body["jobs"].get(status, [])]


def test_notify_sequence_create_start_finish_cancel(mqtt_server, mfleet, device, miot):
    t = mfleet.thing()
    d = device(t)
    notify, nxt = f"$aws/things/{t}/jobs/notify", f"$aws/things/{t}/jobs/notify-next"

    j1 = mfleet.job(things=[t])
    body = d.expect(notify)
    assert notify_ids(body, "QUEUED") == [j1] and "IN_PROGRESS" not in body["jobs"]
    assert_recent_epoch_int(body["timestamp"])
    assert set(body["jobs"]["QUEUED"][0]) <= SUMMARY_KEYS
    body = d.expect(nxt)
    assert body["execution"]["jobId"] == j1 and body["execution"]["jobDocument"] == doc_of(j1)
    assert body["execution"]["status"] == "QUEUED"

    j2 = mfleet.job(things=[t])
    body = d.expect(notify)
    assert notify_ids(body, "QUEUED") == [j1, j2]

    # Start j2 ahead of j1: the pending set is unchanged, the head moves to j2.
    assert d.request(f"{j2}/update", {"status": "IN_PROGRESS"})[0] == "accepted"
    body = d.expect(nxt)
    assert body["execution"]["jobId"] == j2 and body["execution"]["status"] == "IN_PROGRESS"

    # Finish j2: notify (set shrinks) and notify-next (head back to j1).
    assert d.request(f"{j2}/update", {"status": "SUCCEEDED"})[0] == "accepted"
    body = d.expect(notify)
    assert notify_ids(body, "QUEUED") == [j1] and notify_ids(body, "IN_PROGRESS") == []
    assert d.expect(nxt)["execution"]["jobId"] == j1

    # Cancel j1: empty list, notify-next with only a timestamp.
    miot.cancel_job(jobId=j1)
    assert d.expect(notify)["jobs"] == {}
    body = d.expect(nxt)
    assert set(body) == {"timestamp"}
    # No message for the head staying the same was sent in between (the queues are empty now).
    assert d.pending_on(nxt) == 0


def test_start_of_the_head_sends_no_notify_next(mqtt_server, mfleet, device):
    t = mfleet.thing()
    d = device(t)
    nxt = f"$aws/things/{t}/jobs/notify-next"
    j1 = mfleet.job(things=[t])
    d.expect(nxt)
    assert d.request("start-next", {})[0] == "accepted"
    # A later change that does move the head is the next notify-next we see.
    j2 = mfleet.job(things=[t])
    assert d.request(f"{j1}/update", {"status": "FAILED"})[0] == "accepted"
    body = d.expect(nxt)
    assert body["execution"]["jobId"] == j2, "the start of j1 must not have produced a notify-next"


def test_notifications_per_thing_for_a_group_job(mqtt_server, mfleet, device):
    things = mfleet.things(3)
    devices = [device(t) for t in things]
    group = mfleet.group(things=things)
    job_id = mfleet.job(groups=[group])
    for t, d in zip(things, devices):
        assert notify_ids(d.expect(f"$aws/things/{t}/jobs/notify"), "QUEUED") == [job_id]
        assert d.expect(f"$aws/things/{t}/jobs/notify-next")["execution"]["jobId"] == job_id


def test_deleting_a_thing_removes_its_pending_job(mqtt_server, mfleet, device, miot):
    t = mfleet.thing()
    d = device(t)
    mfleet.job(things=[t])
    d.expect(f"$aws/things/{t}/jobs/notify")
    miot.delete_thing(thingName=t)
    assert d.expect(f"$aws/things/{t}/jobs/notify")["jobs"] == {}
    d.expect(f"$aws/things/{t}/jobs/notify-next")


# ------------------------------------------------------------------ events


def test_job_and_execution_events(mqtt_server, mfleet, device, miot):
    watcher = device(subscribe=["$aws/events/#"])
    miot.update_event_configurations(eventConfigurations={"JOB": {"Enabled": True},
                                                          "JOB_EXECUTION": {"Enabled": True}})
    try:
        t1, t2 = mfleet.thing(), mfleet.thing()
        job_id = mfleet.job(things=[t1, t2], description="events")
        d1 = device(t1)
        d1.request(f"{job_id}/update", {"status": "SUCCEEDED", "statusDetails": {"r": "ok"}})
        e = watcher.expect(f"$aws/events/jobExecution/{job_id}/succeeded")
        assert e["eventType"] == "JOB_EXECUTION" and e["operation"] == "succeeded"
        assert e["jobId"] == job_id and e["thingArn"] == fjtest.thing_arn(t1)
        assert e["status"] == "SUCCEEDED" and e["statusDetails"] == {"r": "ok"}
        assert_recent_epoch_int(e["timestamp"])
        assert len(e["eventId"]) == 36

        device(t2).request(f"{job_id}/update", {"status": "FAILED"})
        assert watcher.expect(f"$aws/events/jobExecution/{job_id}/failed")["status"] == "FAILED"
        e = watcher.expect(f"$aws/events/job/{job_id}/completed")
        assert e["eventType"] == "JOB" and e["status"] == "COMPLETED"
        assert e["targets"] == [fjtest.thing_arn(t1), fjtest.thing_arn(t2)]
        assert e["description"] == "events" and e["targetSelection"] == "SNAPSHOT"
        assert e["jobProcessDetails"]["numberOfSucceededThings"] == 1
        assert e["jobProcessDetails"]["numberOfFailedThings"] == 1
        assert abs(e["completedAt"] / 1000 - time.time()) < 300  # epoch milliseconds

        j2 = mfleet.job(things=[t1])
        miot.cancel_job(jobId=j2, comment="enough")
        e = watcher.expect(f"$aws/events/job/{j2}/cancellation_in_progress")
        assert e["status"] == "CANCELLATION_IN_PROGRESS"
        e = watcher.expect(f"$aws/events/job/{j2}/canceled")
        assert e["status"] == "CANCELED" and e["comment"] == "enough"
        assert watcher.expect(f"$aws/events/jobExecution/{j2}/canceled")["thingArn"] == fjtest.thing_arn(t1)
        miot.delete_job(jobId=j2)
        assert watcher.expect(f"$aws/events/job/{j2}/deletion_in_progress")["status"] == "DELETION_IN_PROGRESS"
        assert watcher.expect(f"$aws/events/job/{j2}/deleted")["status"] == "DELETED"
    finally:
        miot.update_event_configurations(eventConfigurations={"JOB": {"Enabled": False},
                                                              "JOB_EXECUTION": {"Enabled": False}})


def test_no_events_while_disabled(mqtt_server, mfleet, device, miot):
    watcher = device(subscribe=["$aws/events/#"])
    t = mfleet.thing()
    d = device(t)
    job_id = mfleet.job(things=[t])
    d.request(f"{job_id}/update", {"status": "SUCCEEDED"})
    # Enable now: the next change produces events, and they are the first the watcher sees.
    miot.update_event_configurations(eventConfigurations={"JOB_EXECUTION": {"Enabled": True}})
    try:
        j2 = mfleet.job(things=[t])
        d.request(f"{j2}/update", {"status": "REJECTED"})
        topic, body, _ = watcher.messages.get(timeout=mqttfix.WAIT_S)
        assert topic == f"$aws/events/jobExecution/{j2}/rejected", (topic, body)
    finally:
        miot.update_event_configurations(eventConfigurations={"JOB_EXECUTION": {"Enabled": False}})


# ------------------------------------------------------------------ start-up and flags


def test_startup_errors_are_clear(tmp_path, credentials_file, broker):
    cases = [
        (["--mqtt", "tcp://127.0.0.1:1883"], "invalid MQTT URL"),
        (["--mqtt", "mqtt://127.0.0.1:99999"], "invalid MQTT URL"),
        (["--mqtt", f"mqtt://127.0.0.1:{mqttfix.free_port()}"], "cannot connect to the MQTT broker"),
        (["--mqtt", f"mqtts://127.0.0.1:{broker.port}", "--mqtt-ca", str(tmp_path / "missing-ca.pem")],
         "--mqtt-ca"),
        (["--mqtt", f"mqtt://127.0.0.1:{broker.port}", "--mqtt-cert", "x.pem", "--mqtt-key", "x.key"],
         "need an mqtts:// URL"),
        (["--mqtt-username", "u"], "need --mqtt"),
    ]
    for i, (args, message) in enumerate(cases):
        proc = fjtest.ServerProcess(tmp_path / f"d{i}", tmp_path / "logs", credentials=credentials_file,
                                    extra_args=args)
        done = subprocess.run(proc.args(), capture_output=True, timeout=30)
        err = (done.stdout + done.stderr).decode(errors="replace")  # spdlog writes to stdout
        assert done.returncode == 1, (args, done.returncode, err)
        assert message in err, (args, err)
        assert "Segmentation" not in err and "terminate called" not in err


def test_shared_subscription_flag(tmp_path, credentials_file):
    """--mqtt-shared-group subscribes through $share/NAME/. mosquitto 2.0.11 grants it but never delivers
    `$aws/...` messages to it (wire-facts.md), so a request goes unanswered there; the start-up line and a
    second, plain subscriber seeing the request prove what was subscribed. See docs/mqtt.md."""
    broker = mqttfix.Broker(tmp_path / "broker").start()  # its own: no other server may answer here
    proc = mqttfix.start_mqtt_server(tmp_path / "data", tmp_path / "logs", credentials_file, broker.port,
                                     extra_args=["--mqtt-shared-group", "fleet"])
    made = []

    def device(thing=None, **kwargs):
        made.append(mqttfix.Device(broker.port, thing, **kwargs))
        return made[-1]

    try:
        assert "(mqtt $share/fleet/$aws/things/+/jobs/#)" in proc.listening_line
        # The broker logged the subscription it granted to the server (log_type subscribe).
        assert " 1 $share/fleet/$aws/things/+/jobs/#" in broker.log_text(), broker.log_text()
        t = uniq("shared")
        d = device(t)
        spy = device(subscribe=[f"$aws/things/{t}/jobs/#"])
        d.publish(f"$aws/things/{t}/jobs/get", {"clientToken": "s1"})
        assert spy.expect(f"$aws/things/{t}/jobs/get")["clientToken"] == "s1"
        # What mosquitto 2.0.11 does with the shared subscription: nothing reaches the server. A plain
        # subscriber (the spy) got the request, and an unshared server answers the same request at once.
        plain = mqttfix.start_mqtt_server(tmp_path / "data2", tmp_path / "logs", credentials_file, broker.port)
        try:
            assert d.request("get", {"clientToken": "s2"})[0] == "accepted"
        finally:
            assert plain.stop() == 0
        if mqttfix.mosquitto_version().startswith("2.0.11"):
            assert d.pending_on(f"$aws/things/{t}/jobs/get/accepted") == 0, "mosquitto 2.0.11 delivered to $share"
    finally:
        for d in made:
            d.close()
        assert proc.stop() == 0
        broker.stop()
