"""`fleetjobs simulate`: virtual devices run a job over the HTTP data plane or MQTT (docs/simulate.md)."""
import json
import subprocess
import time

from fjtest import REGION, binary, uniq

RUN_TIMEOUT_S = 120


def simulate(server, credentials, *args):
    return subprocess.run([str(binary()), "simulate", "--endpoint", server.endpoint, "--credentials",
                           str(credentials), "--region", REGION, *args],
                          capture_output=True, text=True, timeout=RUN_TIMEOUT_S, stdin=subprocess.DEVNULL)


def test_twenty_devices_run_a_job_to_the_end(server, iot, fleet, credentials_file, tmp_path):
    prefix = uniq("sim") + "-"
    things = [fleet.thing(name=f"{prefix}{i}") for i in range(20)]
    group = fleet.group(things=things)
    job_id = fleet.job(groups=[group])
    out = tmp_path / "summary.json"
    r = simulate(server, credentials_file, "--things", prefix, "--devices", "20", "--until-idle",
                 "--connections", "4", "--progress-updates", "2", "--fail-rate", "0.2", "--reject-rate", "0.1",
                 "--seed", "7", "--json", str(out))
    assert r.returncode == 0, r
    for op in ("GetPendingJobExecutions", "StartNextPendingJobExecution", "UpdateJobExecution", "all"):
        assert op in r.stdout, r.stdout
    summary = json.loads(out.read_text())
    assert summary["devices"] == 20 and summary["interrupted"] is False
    ops = summary["operations"]
    assert ops["GetPendingJobExecutions"]["requests"] == 20
    # every device starts its one execution, then learns there is nothing more
    assert ops["StartNextPendingJobExecution"]["requests"] == 40
    assert ops["UpdateJobExecution"]["requests"] == 20 * 3  # two progress updates and the final one
    assert ops["all"]["errors"] == 0
    assert ops["all"]["p50_ms"] <= ops["all"]["p99_ms"] <= ops["all"]["max_ms"]
    finished = summary["finished"]
    assert sum(finished.values()) == 20
    assert (f"20 devices" in r.stdout and f"SUCCEEDED {finished['SUCCEEDED']}, FAILED {finished['FAILED']}, "
            f"REJECTED {finished['REJECTED']}") in r.stdout, r.stdout

    details = iot.describe_job(jobId=job_id)["job"]["jobProcessDetails"]
    assert details["numberOfSucceededThings"] == finished["SUCCEEDED"]
    assert details["numberOfFailedThings"] == finished["FAILED"]
    assert details["numberOfRejectedThings"] == finished["REJECTED"]
    assert details["numberOfQueuedThings"] == details["numberOfInProgressThings"] == 0
    assert iot.describe_job(jobId=job_id)["job"]["status"] == "COMPLETED"

    # the same seed draws the same outcomes
    job2 = fleet.job(groups=[group])
    r2 = simulate(server, credentials_file, "--thing-group", group, "--until-idle", "--fail-rate", "0.2",
                  "--reject-rate", "0.1", "--seed", "7", "--json", str(out))
    assert r2.returncode == 0, r2
    assert json.loads(out.read_text())["finished"] == finished
    assert iot.describe_job(jobId=job2)["job"]["status"] == "COMPLETED"


def test_device_keys_are_used(server, iot, thing_key, fleet, credentials_file, tmp_path):
    name, _, _ = thing_key()  # a thing owning a thing:NAME key in the credentials file
    job_id = fleet.job(things=[name])
    group = fleet.group(things=[name])
    r = simulate(server, credentials_file, "--thing-group", group, "--until-idle")
    assert r.returncode == 0, r
    assert iot.describe_job(jobId=job_id)["job"]["jobProcessDetails"]["numberOfSucceededThings"] == 1

    r = simulate(server, credentials_file, "--thing-group", group, "--until-idle", "--transport", "coap")
    assert r.returncode == 2 and "http or mqtt" in r.stderr, r


def simulate_mqtt(broker, *args):
    return subprocess.run([str(binary()), "simulate", "--transport", "mqtt", "--broker",
                           f"mqtt://127.0.0.1:{broker.port}", *args],
                          capture_output=True, text=True, timeout=RUN_TIMEOUT_S, stdin=subprocess.DEVNULL)


def test_twenty_devices_over_mqtt(broker, mqtt_server, mfleet, miot, tmp_path):
    prefix = uniq("msim") + "-"
    things = [mfleet.thing(name=f"{prefix}{i}") for i in range(20)]
    group = mfleet.group(things=things)
    job_id = mfleet.job(groups=[group])
    out = tmp_path / "summary.json"
    r = simulate_mqtt(broker, "--things", prefix, "--devices", "20", "--until-idle", "--threads", "2",
                      "--progress-updates", "2", "--fail-rate", "0.2", "--reject-rate", "0.1", "--seed", "7",
                      "--json", str(out))
    assert r.returncode == 0, r
    summary = json.loads(out.read_text())
    assert summary["devices"] == 20 and summary["interrupted"] is False
    ops = summary["operations"]
    assert ops["GetPendingJobExecutions"]["requests"] == 20
    assert ops["StartNextPendingJobExecution"]["requests"] == 40
    assert ops["UpdateJobExecution"]["requests"] == 20 * 3
    assert ops["all"]["errors"] == 0
    assert 0 < ops["all"]["p50_ms"] <= ops["all"]["p99_ms"] <= ops["all"]["max_ms"]
    finished = summary["finished"]
    assert sum(finished.values()) == 20 and summary["abandoned"] == 0
    details = miot.describe_job(jobId=job_id)["job"]["jobProcessDetails"]
    assert details["numberOfSucceededThings"] == finished["SUCCEEDED"]
    assert details["numberOfFailedThings"] == finished["FAILED"]
    assert details["numberOfRejectedThings"] == finished["REJECTED"]
    assert details["numberOfQueuedThings"] == details["numberOfInProgressThings"] == 0
    assert miot.describe_job(jobId=job_id)["job"]["status"] == "COMPLETED"
    assert "SUCCEEDED %d, FAILED %d, REJECTED %d" % (finished["SUCCEEDED"], finished["FAILED"],
                                                     finished["REJECTED"]) in r.stdout, r.stdout

    # The same seed draws the same outcomes whatever the transport's timing.
    job2 = mfleet.job(groups=[group])
    r2 = simulate_mqtt(broker, "--things", prefix, "--devices", "20", "--until-idle", "--progress-updates", "2",
                       "--fail-rate", "0.2", "--reject-rate", "0.1", "--seed", "7", "--json", str(out))
    assert r2.returncode == 0, r2
    assert json.loads(out.read_text())["finished"] == finished
    assert miot.describe_job(jobId=job2)["job"]["status"] == "COMPLETED"


def test_mqtt_devices_wake_on_notify_next(broker, mqtt_server, mfleet, miot, tmp_path):
    """Devices idle from the start are woken by notify-next when a job arrives, without polling."""
    prefix = uniq("mwake") + "-"
    things = [mfleet.thing(name=f"{prefix}{i}") for i in range(5)]
    group = mfleet.group(things=things)
    proc = subprocess.Popen([str(binary()), "simulate", "--transport", "mqtt", "--broker",
                             f"mqtt://127.0.0.1:{broker.port}", "--things", prefix, "--devices", "5",
                             "--wake-on-notify", "--duration", "30", "--progress-updates", "0",
                             "--json", str(tmp_path / "s.json")],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, stdin=subprocess.DEVNULL)
    try:
        # Wait (bounded) until the five devices have subscribed and found nothing to do.
        deadline = time.monotonic() + 20
        job_id = None
        while time.monotonic() < deadline:
            if mqttfix_subscribed(broker, prefix, 5):
                job_id = mfleet.job(groups=[group])
                break
            time.sleep(0.05)  # bounded poll of the broker log, not a synchronisation sleep
        assert job_id, broker.log_text()
        while time.monotonic() < deadline:
            d = miot.describe_job(jobId=job_id)["job"]
            if d["status"] == "COMPLETED":
                break
            time.sleep(0.05)  # bounded poll of the job's state
        assert d["jobProcessDetails"]["numberOfSucceededThings"] == 5, d
    finally:
        proc.terminate()
        proc.communicate(timeout=30)


def mqttfix_subscribed(broker, prefix, n):
    """Whether the broker logged the notify-next subscription of the n devices."""
    text = broker.log_path.read_text(errors="replace")
    return sum(1 for i in range(n) if f"$aws/things/{prefix}{i}/jobs/notify-next" in text) == n
