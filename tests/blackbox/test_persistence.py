"""Durability: a restart on the same data dir keeps everything; `kill -9` after acknowledged writes loses none."""
import json

from fjtest import expect_error, group_arn, job_arn, strip, template_arn, thing_arn


def populate(iot, data):
    """A little of everything; returns the names to read back."""
    for t, attrs in (("p-t1", {"fw": "1"}), ("p-t2", {}), ("p-t3", {"room": "lab"})):
        iot.create_thing(thingName=t, attributePayload={"attributes": attrs})
    iot.create_thing_group(thingGroupName="p-top", thingGroupProperties={"thingGroupDescription": "top"})
    iot.create_thing_group(thingGroupName="p-child", parentGroupName="p-top")
    iot.add_thing_to_thing_group(thingGroupName="p-top", thingName="p-t1")
    iot.add_thing_to_thing_group(thingGroupName="p-child", thingName="p-t2")

    iot.create_job_template(jobTemplateId="p-tmpl", description="tmpl", document='{"t": 1}',
                            timeoutConfig={"inProgressTimeoutInMinutes": 100},
                            tags=[{"Key": "k", "Value": "v"}])
    iot.create_job(jobId="p-a", targets=[group_arn("p-top"), thing_arn("p-t3")], document='{"a":  1}',
                   description="job a", abortConfig={"criteriaList": [
                       {"failureType": "FAILED", "action": "CANCEL", "thresholdPercentage": 90.5,
                        "minNumberOfExecutedThings": 5}]},
                   jobExecutionsRetryConfig={"criteriaList": [{"failureType": "TIMED_OUT", "numberOfRetries": 2}]},
                   tags=[{"Key": "team", "Value": "fw"}])
    iot.create_job(jobId="p-b", targets=[group_arn("p-top")], targetSelection="CONTINUOUS",
                   jobTemplateArn=template_arn("p-tmpl"))
    iot.create_job(jobId="p-c", targets=[thing_arn("p-t3")], document="{}")
    iot.cancel_job(jobId="p-c", reasonCode="NOPE", comment="gone")

    data.start_next_pending_job_execution(thingName="p-t1", statusDetails={"step": "1"})  # p-a
    data.update_job_execution(thingName="p-t2", jobId="p-a", status="SUCCEEDED", statusDetails={"r": "ok"})
    data.update_job_execution(thingName="p-t3", jobId="p-a", status="IN_PROGRESS")
    data.update_job_execution(thingName="p-t3", jobId="p-a", status="IN_PROGRESS", statusDetails={"pct": "50"})
    iot.cancel_job_execution(jobId="p-b", thingName="p-t2")
    iot.update_event_configurations(eventConfigurations={"JOB": {"Enabled": True}})


def snapshot(iot, data):
    snap = {}
    for t in ("p-t1", "p-t2", "p-t3"):
        snap[f"thing {t}"] = strip(iot.describe_thing(thingName=t))
        snap[f"groups of {t}"] = sorted(g["groupName"] for g in iot.list_thing_groups_for_thing(thingName=t)[
            "thingGroups"])
        snap[f"pending {t}"] = strip(data.get_pending_job_executions(thingName=t))
        snap[f"executions {t}"] = sorted(
            json.dumps(s, default=str, sort_keys=True)
            for s in iot.list_job_executions_for_thing(thingName=t)["executionSummaries"])
    for g in ("p-top", "p-child"):
        snap[f"group {g}"] = strip(iot.describe_thing_group(thingGroupName=g))
    snap["recursive members"] = sorted(iot.list_things_in_thing_group(thingGroupName="p-top", recursive=True)[
        "things"])
    for j in ("p-a", "p-b", "p-c"):
        snap[f"job {j}"] = strip(iot.describe_job(jobId=j))
        snap[f"job executions {j}"] = sorted(
            json.dumps(s, default=str, sort_keys=True)
            for s in iot.list_job_executions_for_job(jobId=j)["executionSummaries"])
    snap["document p-a"] = iot.get_job_document(jobId="p-a")["document"]
    snap["document p-b"] = iot.get_job_document(jobId="p-b")["document"]
    for j, t in (("p-a", "p-t1"), ("p-a", "p-t2"), ("p-a", "p-t3"), ("p-b", "p-t1"), ("p-b", "p-t2")):
        snap[f"execution {j} {t}"] = strip(iot.describe_job_execution(jobId=j, thingName=t))
        device_view = strip(data.describe_job_execution(jobId=j, thingName=t))
        device_view["execution"].pop("approximateSecondsBeforeTimedOut", None)  # a countdown
        snap[f"device execution {j} {t}"] = device_view
    snap["template"] = strip(iot.describe_job_template(jobTemplateId="p-tmpl"))
    snap["tags p-a"] = iot.list_tags_for_resource(resourceArn=job_arn("p-a"))["tags"]
    snap["tags p-tmpl"] = iot.list_tags_for_resource(resourceArn=template_arn("p-tmpl"))["tags"]
    snap["events"] = strip(iot.describe_event_configurations())
    return snap


def test_restart_keeps_everything(fresh_server):
    first = fresh_server()
    iot, data = first.iot(), first.data()
    populate(iot, data)
    before = snapshot(iot, data)
    # sanity: the snapshot holds what populate() did
    assert before["job p-a"]["job"]["jobProcessDetails"]["numberOfSucceededThings"] == 1
    assert before["job p-c"]["job"]["status"] == "CANCELED"
    assert first.stop() == 0

    second = fresh_server(data_dir=first.data_dir)
    iot2, data2 = second.iot(), second.data()
    after = snapshot(iot2, data2)
    assert after.keys() == before.keys()
    for key in before:
        assert after[key] == before[key], key

    # the restarted server continues from the stored state
    resp = data2.update_job_execution(thingName="p-t1", jobId="p-a", status="SUCCEEDED",
                                      includeJobExecutionState=True)
    assert resp["executionState"]["versionNumber"] == 3
    expect_error("ResourceAlreadyExistsException", iot2.create_job, jobId="p-a", targets=[thing_arn("p-t1")],
                 document="{}")
    expect_error("ConflictException", iot2.create_job_template, jobTemplateId="p-tmpl", description="d",
                 document="{}")
    iot2.create_thing(thingName="p-t4")
    assert iot2.describe_thing(thingName="p-t4")["thingId"] not in {
        before[f"thing {t}"]["thingId"] for t in ("p-t1", "p-t2", "p-t3")}
    assert second.stop() == 0


def test_kill9_after_acknowledged_writes_loses_nothing(fresh_server):
    srv = fresh_server()
    iot, data = srv.iot(), srv.data()
    things = [f"k-{i}" for i in range(25)]
    for t in things:
        iot.create_thing(thingName=t, attributePayload={"attributes": {"i": t}})
    iot.create_thing_group(thingGroupName="k-group")
    for t in things[:10]:
        iot.add_thing_to_thing_group(thingGroupName="k-group", thingName=t)
    iot.create_job(jobId="k-job", targets=[thing_arn(t) for t in things], document='{"k": true}')
    for i, t in enumerate(things):
        if i % 3 == 0:
            data.update_job_execution(thingName=t, jobId="k-job", status="SUCCEEDED")
        elif i % 3 == 1:
            data.start_next_pending_job_execution(thingName=t, statusDetails={"n": str(i)})
    iot.create_job(jobId="k-last", targets=[group_arn("k-group")], document="{}")
    iot.cancel_job_execution(jobId="k-last", thingName=things[0])  # the very last acknowledged write
    srv.kill9()
    assert srv.proc.returncode == -9

    again = fresh_server(data_dir=srv.data_dir)
    iot, data = again.iot(), again.data()
    assert sorted(iot.list_things_in_thing_group(thingGroupName="k-group")["things"]) == sorted(things[:10])
    for i, t in enumerate(things):
        assert iot.describe_thing(thingName=t)["attributes"] == {"i": t}
        e = iot.describe_job_execution(jobId="k-job", thingName=t)["execution"]
        want = ("SUCCEEDED", 2) if i % 3 == 0 else ("IN_PROGRESS", 2) if i % 3 == 1 else ("QUEUED", 1)
        assert (e["status"], e["versionNumber"]) == want, t
        if i % 3 == 1:
            assert e["statusDetails"] == {"detailsMap": {"n": str(i)}}
    d = iot.describe_job(jobId="k-job")["job"]["jobProcessDetails"]
    assert (d["numberOfSucceededThings"], d["numberOfInProgressThings"], d["numberOfQueuedThings"]) == (9, 8, 8)
    assert iot.get_job_document(jobId="k-job")["document"] == '{"k": true}'
    assert iot.describe_job_execution(jobId="k-last", thingName=things[0])["execution"]["status"] == "CANCELED"
    last = iot.describe_job(jobId="k-last")["job"]["jobProcessDetails"]
    assert (last["numberOfCanceledThings"], last["numberOfQueuedThings"]) == (1, 9)
    assert again.stop() == 0
