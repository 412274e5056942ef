"""Job templates (digest §2.1, §5.13; docs/semantics.md D8, D30)."""
import json

from fjtest import (assert_recent_datetime, counters, expect_error, job_arn, raw_request, status_of,
                    template_arn, thing_arn, uniq)

ABORT = {"criteriaList": [{"failureType": "FAILED", "action": "CANCEL", "thresholdPercentage": 25.5,
                           "minNumberOfExecutedThings": 2}]}
TIMEOUT = {"inProgressTimeoutInMinutes": 45}
RETRY = {"criteriaList": [{"failureType": "FAILED", "numberOfRetries": 1}]}
ROLLOUT = {"maximumPerMinute": 50}
PRESIGNED = {"roleArn": "arn:aws:iam::123456789012:role/tmpl", "expiresInSec": 3600}
DOC = '{"operation":"install", "package": {"name": "agent", "version": "2.0"}}'


def make_template(iot, tid=None, **kwargs):
    tid = tid or uniq("tmpl")
    kwargs.setdefault("description", "template " + tid)
    if "jobArn" not in kwargs and "documentSource" not in kwargs:
        kwargs.setdefault("document", DOC)
    return tid, iot.create_job_template(jobTemplateId=tid, **kwargs)


def test_create_and_describe_template_from_document(iot):
    tid, created = make_template(iot, abortConfig=ABORT, timeoutConfig=TIMEOUT, jobExecutionsRetryConfig=RETRY,
                                 jobExecutionsRolloutConfig=ROLLOUT, presignedUrlConfig=PRESIGNED,
                                 description="install agent")
    assert status_of(created) == 200
    assert {k: v for k, v in created.items() if k != "ResponseMetadata"} == {
        "jobTemplateArn": template_arn(tid), "jobTemplateId": tid}

    d = iot.describe_job_template(jobTemplateId=tid)
    assert d["jobTemplateArn"] == template_arn(tid)
    assert d["jobTemplateId"] == tid
    assert d["description"] == "install agent"
    assert d["document"] == DOC
    assert_recent_datetime(d["createdAt"])
    assert d["abortConfig"] == ABORT
    assert d["timeoutConfig"] == TIMEOUT
    assert d["jobExecutionsRetryConfig"] == RETRY
    assert d["jobExecutionsRolloutConfig"] == ROLLOUT
    assert d["presignedUrlConfig"] == PRESIGNED
    for absent in ("documentSource", "jobArn", "tags"):
        assert absent not in d


def test_template_from_document_source(iot):
    source = "https://s3.amazonaws.com/bucket/tmpl.json"
    tid, _ = make_template(iot, documentSource=source)
    d = iot.describe_job_template(jobTemplateId=tid)
    assert d["documentSource"] == source
    assert "document" not in d


def test_template_from_job_arn(iot, fleet):
    t = fleet.thing()
    job_id = fleet.job(things=[t], document='{"copied": [1, 2, 3]}', timeoutConfig=TIMEOUT, abortConfig=ABORT,
                       jobExecutionsRetryConfig=RETRY, description="the job")
    tid, created = make_template(iot, jobArn=job_arn(job_id), description="from job")
    assert created["jobTemplateArn"] == template_arn(tid)
    d = iot.describe_job_template(jobTemplateId=tid)
    assert d["description"] == "from job"
    assert d["document"] == '{"copied": [1, 2, 3]}'
    assert d["timeoutConfig"] == TIMEOUT
    assert d["abortConfig"] == ABORT
    assert d["jobExecutionsRetryConfig"] == RETRY
    assert "jobArn" not in d


def test_template_from_unknown_job(iot):
    tid = uniq("tmpl")
    expect_error("ResourceNotFoundException", iot.create_job_template, jobTemplateId=tid, description="d",
                 jobArn=job_arn(uniq("missing")))
    expect_error("ResourceNotFoundException", iot.describe_job_template, jobTemplateId=tid)


def test_template_document_rules(iot):
    tid = uniq("tmpl")
    expect_error("InvalidRequestException", iot.create_job_template, jobTemplateId=tid, description="d")
    expect_error("InvalidRequestException", iot.create_job_template, jobTemplateId=tid, description="d",
                 document="{}", documentSource="https://s3.amazonaws.com/b/k")
    resp = expect_error("InvalidRequestException", iot.create_job_template, jobTemplateId=tid, description="d",
                        document="{not json")
    assert "document" in resp["Error"]["Message"]
    expect_error("InvalidRequestException", iot.create_job_template, jobTemplateId="bad id", description="d",
                 document="{}")
    expect_error("ResourceNotFoundException", iot.describe_job_template, jobTemplateId=tid)


def test_duplicate_template_conflicts(iot):
    tid, _ = make_template(iot)
    resp = expect_error("ConflictException", make_template, iot, tid)  # even with identical content
    assert status_of(resp) == 409
    expect_error("ConflictException", make_template, iot, tid, description="other")
    assert iot.describe_job_template(jobTemplateId=tid)["description"] == "template " + tid


def test_list_templates_and_pagination(iot):
    made = sorted(make_template(iot)[0] for _ in range(3))
    listed = []
    token, pages = None, 0
    while True:
        page = iot.list_job_templates(maxResults=1, **({"nextToken": token} if token else {}))
        pages += 1
        assert len(page["jobTemplates"]) == 1
        for item in page["jobTemplates"]:
            assert set(item) == {"jobTemplateArn", "jobTemplateId", "description", "createdAt"}
            assert item["jobTemplateArn"] == template_arn(item["jobTemplateId"])
            assert_recent_datetime(item["createdAt"])
        listed += [t["jobTemplateId"] for t in page["jobTemplates"]]
        token = page.get("nextToken")
        if not token:
            break
        assert pages < 500
    assert len(listed) == len(set(listed))
    assert set(made) <= set(listed)
    everything = [t["jobTemplateId"] for t in iot.list_job_templates(maxResults=250)["jobTemplates"]]
    assert sorted(everything) == sorted(listed)
    expect_error("InvalidRequestException", iot.list_job_templates, maxResults=251)


def test_delete_template(iot):
    tid, _ = make_template(iot)
    assert status_of(iot.delete_job_template(jobTemplateId=tid)) == 200
    resp = expect_error("ResourceNotFoundException", iot.describe_job_template, jobTemplateId=tid)
    assert status_of(resp) == 404
    expect_error("ResourceNotFoundException", iot.delete_job_template, jobTemplateId=tid)
    assert tid not in [t["jobTemplateId"] for t in iot.list_job_templates(maxResults=250)["jobTemplates"]]
    make_template(iot, tid)  # the id is free again
    iot.describe_job_template(jobTemplateId=tid)


def test_create_job_from_template_inherits(iot, data, fleet):
    t = fleet.thing()
    tid, _ = make_template(iot, abortConfig=ABORT, timeoutConfig=TIMEOUT, jobExecutionsRetryConfig=RETRY,
                           presignedUrlConfig=PRESIGNED)
    job_id = uniq("job")
    created = iot.create_job(jobId=job_id, targets=[thing_arn(t)], jobTemplateArn=template_arn(tid),
                             description="from template")
    assert created["jobArn"] == job_arn(job_id)
    job = iot.describe_job(jobId=job_id)["job"]
    assert job["jobTemplateArn"] == template_arn(tid)
    assert job["description"] == "from template"
    assert job["abortConfig"] == ABORT
    assert job["timeoutConfig"] == TIMEOUT
    assert job["jobExecutionsRetryConfig"] == RETRY
    assert job["presignedUrlConfig"] == PRESIGNED
    counters(job, queued=1)
    assert iot.get_job_document(jobId=job_id)["document"] == DOC
    assert data.describe_job_execution(thingName=t, jobId=job_id)["execution"]["jobDocument"] == DOC


def test_create_job_from_template_request_overrides(iot, fleet):
    t = fleet.thing()
    tid, _ = make_template(iot, abortConfig=ABORT, timeoutConfig=TIMEOUT)
    job_id = fleet.job(things=[t], jobTemplateArn=template_arn(tid),
                       timeoutConfig={"inProgressTimeoutInMinutes": 5}, document='{"own": true}')
    job = iot.describe_job(jobId=job_id)["job"]
    assert job["timeoutConfig"] == {"inProgressTimeoutInMinutes": 5}
    assert job["abortConfig"] == ABORT
    assert iot.get_job_document(jobId=job_id)["document"] == '{"own": true}'


def test_create_job_from_unknown_template(iot, fleet):
    t = fleet.thing()
    job_id = uniq("job")
    expect_error("ResourceNotFoundException", iot.create_job, jobId=job_id, targets=[thing_arn(t)],
                 jobTemplateArn=template_arn(uniq("missing")))
    expect_error("ResourceNotFoundException", iot.describe_job, jobId=job_id)


def test_template_maintenance_windows_raw(server):
    # maintenanceWindows on templates is newer than Debian botocore's model: raw request
    tid = uniq("tmpl")
    windows = [{"startTime": "cron(0 3 ? * MON-FRI *)", "durationInMinutes": 60}]
    resp = raw_request(server.endpoint, "PUT", f"/job-templates/{tid}", service="execute-api",
                       body={"description": "mw", "document": json.dumps({"a": 1}), "maintenanceWindows": windows})
    assert resp.status == 200, resp
    assert resp.json() == {"jobTemplateArn": template_arn(tid), "jobTemplateId": tid}
    got = raw_request(server.endpoint, "GET", f"/job-templates/{tid}", service="execute-api")
    assert got.status == 200, got
    assert got.json()["maintenanceWindows"] == windows
