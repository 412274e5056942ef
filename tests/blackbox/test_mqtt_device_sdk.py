"""The unmodified AWS IoT Device SDK v2 for JavaScript (npm aws-iot-device-sdk-v2, installed by scripts/setup into
tests/blackbox/node/) runs the whole jobs device loop against fleetjobs through mosquitto, with both its v1
IotJobsClient (MQTT 3.1.1) and its v2 IotJobsClientv2 (MQTT5, replies matched on clientToken)."""
import json
import shutil
import subprocess

import pytest

import fjtest

NODE_DIR = fjtest.REPO / "tests" / "blackbox" / "node"


def test_device_sdk_v2_jobs_loop(mqtt_server, mfleet, broker):
    node = shutil.which("node")
    if node is None:
        pytest.skip("node is not installed (scripts/setup installs it)")
    assert (NODE_DIR / "node_modules" / "aws-iot-device-sdk-v2").is_dir(), \
        "run scripts/setup: it installs tests/blackbox/node/node_modules"
    t1, t2 = mfleet.thing(), mfleet.thing()
    j1 = mfleet.job(things=[t1], document=json.dumps({"operation": "reboot", "v": 1}))
    j2 = mfleet.job(things=[t2], document=json.dumps({"operation": "upgrade", "v": 2}))
    done = subprocess.run([node, "device_loop.js", "127.0.0.1", str(broker.port), t1, j1, t2, j2],
                          cwd=NODE_DIR, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, f"stdout:\n{done.stdout}\nstderr:\n{done.stderr}"
    result = json.loads(done.stdout.strip().splitlines()[-1])

    v1 = result["v1"]
    assert v1["get"] == {"clientToken": "v1-get", "queued": [j1], "inProgress": [], "timestampType": "number"}
    assert v1["startNext"] == {"jobId": j1, "status": "IN_PROGRESS", "versionNumber": 2,
                               "jobDocument": {"operation": "reboot", "v": 1}}
    assert v1["describe"] == {"jobId": j1, "status": "IN_PROGRESS", "statusDetails": {"step": "1"}}
    assert v1["update"] == {"state": {"status": "SUCCEEDED", "statusDetails": {"step": "1"}, "versionNumber": 3},
                            "clientToken": "v1-u"}
    assert v1["missing"] == {"code": "ResourceNotFound", "clientToken": "v1-m"}
    assert v1["notifyNext"][-1] is None

    v2 = result["v2"]
    assert v2["get"] == {"queued": [j2], "hasToken": True}
    assert v2["startNext"] == {"jobId": j2, "status": "IN_PROGRESS", "jobDocument": {"operation": "upgrade", "v": 2}}
    assert v2["describe"] == {"jobId": j2, "versionNumber": 2}
    assert v2["update"]["state"]["status"] == "SUCCEEDED"
    assert v2["missing"]["code"] == "ResourceNotFound"
    assert v2["terminal"]["code"] == "InvalidStateTransition"
    assert v2["terminal"]["state"]["status"] == "SUCCEEDED"
    assert v2["notifyList"]["jobs"] == {}
    assert v2["notifyNext"][-1] is None
