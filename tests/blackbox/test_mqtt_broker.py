"""The MQTT front end against brokers configured like production: the deploy/mosquitto ACL (a device may
use only its own topics), mqtts with client certificates, and a broker restart (reconnect and resubscribe).
Each test runs its own mosquitto and fleetjobs and stops both."""
import re
import shutil
import subprocess
import time

import pytest

import fjtest
import mqttfix
from fjtest import uniq

DEPLOY = fjtest.REPO / "deploy" / "mosquitto"


@pytest.fixture
def stack(tmp_path, credentials_file):
    """Starts brokers, servers and devices on demand; stops all of them after the test."""
    brokers, servers, devices = [], [], []

    class Stack:
        def broker(self, config_lines=None, port=None):
            b = mqttfix.Broker(tmp_path / f"broker{len(brokers)}", config_lines=config_lines, port=port)
            brokers.append(b)
            return b.start()

        def server(self, port, *args, url=None):
            proc = fjtest.ServerProcess(tmp_path / f"data{len(servers)}", tmp_path / "logs",
                                        credentials=credentials_file,
                                        extra_args=["--mqtt", url or f"mqtt://127.0.0.1:{port}", *args])
            servers.append(proc)
            return proc.start()

        def device(self, port, thing=None, **kwargs):
            d = mqttfix.Device(port, thing, **kwargs)
            devices.append(d)
            return d

    yield Stack()
    for d in devices:
        d.close()
    for s in servers:
        if s.running:
            s.kill9()
    for b in brokers:
        b.stop()


def run_server_expecting_failure(credentials_file, tmp_path, *args):
    proc = fjtest.ServerProcess(tmp_path / "failing", tmp_path / "logs", credentials=credentials_file,
                                extra_args=list(args))
    done = subprocess.run(proc.args(), capture_output=True, timeout=60)
    return done.returncode, (done.stdout + done.stderr).decode(errors="replace")


# ------------------------------------------------------------------ ACL (deploy/mosquitto)


def deploy_broker_config(tmp_path, port):
    """deploy/mosquitto/mosquitto.conf with the listener on PORT and the files in tmp_path; the ACL file is
    used verbatim, the password file comes from deploy/mosquitto/make-passwords.sh."""
    acl = tmp_path / "acl"
    shutil.copy(DEPLOY / "acl", acl)
    passwd = tmp_path / "passwd"
    subprocess.run([str(DEPLOY / "make-passwords.sh"), str(passwd), "fleetjobs:server-secret", "dev-1:pw-1",
                    "dev-2:pw-2"], check=True, capture_output=True)
    lines = []
    for line in (DEPLOY / "mosquitto.conf").read_text().splitlines():
        if line.startswith("listener "):
            line = f"listener {port} 127.0.0.1"
        elif line.startswith("password_file "):
            line = f"password_file {passwd}"
        elif line.startswith("acl_file "):
            line = f"acl_file {acl}"
        elif line.startswith("log_"):
            continue  # mqttfix.Broker adds its own logging lines
        lines.append(line)
    return lines


def test_acl_confines_each_device_to_its_own_topics(tmp_path, stack, credentials_file):
    port = mqttfix.free_port()
    broker = stack.broker(config_lines=deploy_broker_config(tmp_path, port), port=port)
    server = stack.server(broker.port, "--mqtt-username", "fleetjobs", "--mqtt-password", "server-secret")
    iot = server.iot()
    fleet = fjtest.Fleet(iot)
    dev1, dev2 = "dev-1", "dev-2"
    fleet.thing(name=dev1)
    fleet.thing(name=dev2)

    d1 = stack.device(broker.port, dev1, username=dev1, password="pw-1")
    d2 = stack.device(broker.port, dev2, username=dev2, password="pw-2")
    # A spy with the server's account, to see whatever reaches dev-2's topics.
    spy = stack.device(broker.port, username="fleetjobs", password="server-secret",
                       subscribe=[f"$aws/things/{dev2}/jobs/+/update", f"$aws/things/{dev2}/jobs/get"])

    # mosquitto 2.0.11 grants these subscriptions but checks every message against the ACL on delivery,
    # so dev-1 still receives only its own topics (checked below).
    d1.subscribe(f"$aws/things/{dev2}/jobs/#")
    d1.subscribe("$aws/things/+/jobs/#")
    d1.subscribe("$aws/events/#")

    # dev-2's job is queued first, then dev-1's: the notifier handles things in that order, so when dev-1
    # has its own notify, dev-2's was already routed by the broker; dev-1 received none of dev-2's.
    j2 = fleet.job(things=[dev2])
    d2.expect(f"$aws/things/{dev2}/jobs/notify")
    j1 = fleet.job(things=[dev1])
    d1.expect(f"$aws/things/{dev1}/jobs/notify")
    d1.expect(f"$aws/things/{dev1}/jobs/notify-next")
    seen = [topic for topic, _, _ in list(d1.messages.queue)]
    assert seen and all(topic.startswith(f"$aws/things/{dev1}/jobs/") for topic in seen), seen

    # Publishing on another thing's topics is dropped by the broker: neither the server nor the spy sees it.
    d1.publish(f"$aws/things/{dev2}/jobs/{j2}/update", {"status": "SUCCEEDED", "clientToken": "evil"})
    d1.publish(f"$aws/things/{dev2}/jobs/get", {"clientToken": "evil-get"})
    outcome, body = d1.request(f"{j1}/update", {"status": "SUCCEEDED"})  # after the two above, in order
    assert outcome == "accepted", body
    assert spy.messages.qsize() == 0, list(spy.messages.queue)
    assert fleet.execution(j2, dev2)["status"] == "QUEUED"

    # dev-2 itself works normally.
    assert d2.request(f"{j2}/update", {"status": "SUCCEEDED"})[0] == "accepted"
    assert spy.expect(f"$aws/things/{dev2}/jobs/{j2}/update")["status"] == "SUCCEEDED"
    assert fleet.execution(j2, dev2)["status"] == "SUCCEEDED"

    # A device cannot pretend to be another one, nor connect without credentials.
    with pytest.raises(ConnectionRefusedError):
        stack.device(broker.port, username=dev1, password="pw-2")
    with pytest.raises(ConnectionRefusedError):
        stack.device(broker.port)

    # The server needs its account too: with bad credentials it refuses to start, clearly.
    rc, out = run_server_expecting_failure(credentials_file, tmp_path, "--mqtt", f"mqtt://127.0.0.1:{port}",
                                           "--mqtt-username", "fleetjobs", "--mqtt-password", "wrong")
    assert rc == 1 and "refused the connection" in out, out


# ------------------------------------------------------------------ mqtts with client certificates


def openssl(*args, cwd):
    subprocess.run(["openssl", *args], cwd=cwd, check=True, capture_output=True)


def make_pki(d, name):
    """A CA and certificates (EC P-256) for the broker (CN/SAN 127.0.0.1), the server and a device."""
    d.mkdir(parents=True, exist_ok=True)
    ec = ["-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes"]
    openssl("req", "-x509", *ec, "-keyout", "ca.key", "-out", "ca.pem", "-days", "2", "-subj",
            f"/CN={name}-ca", cwd=d)
    (d / "san.ext").write_text("subjectAltName=IP:127.0.0.1,DNS:localhost\n")
    for who, cn in (("broker", "127.0.0.1"), ("server", "fleetjobs"), ("device", "tls-dev")):
        openssl("req", *ec, "-keyout", f"{who}.key", "-out", f"{who}.csr", "-subj", f"/CN={cn}", cwd=d)
        extra = ["-extfile", "san.ext"] if who == "broker" else []
        openssl("x509", "-req", "-in", f"{who}.csr", "-CA", "ca.pem", "-CAkey", "ca.key", "-CAcreateserial",
                "-out", f"{who}.pem", "-days", "2", *extra, cwd=d)
    return d


def test_mqtts_with_client_certificates(tmp_path, stack, credentials_file):
    pki = make_pki(tmp_path / "pki", "test")
    other = make_pki(tmp_path / "other-pki", "other")
    port = mqttfix.free_port()
    broker = stack.broker(config_lines=[
        f"listener {port} 127.0.0.1", f"cafile {pki / 'ca.pem'}", f"certfile {pki / 'broker.pem'}",
        f"keyfile {pki / 'broker.key'}", "require_certificate true", "use_identity_as_username true",
        "allow_anonymous false"], port=port)
    url = f"mqtts://127.0.0.1:{port}"
    server = stack.server(port, "--mqtt-ca", str(pki / "ca.pem"), "--mqtt-cert", str(pki / "server.pem"),
                          "--mqtt-key", str(pki / "server.key"), url=url)
    assert f"{url} (mqtt $aws/things/+/jobs/#)" in server.listening_line
    fleet = fjtest.Fleet(server.iot())
    t = fleet.thing()
    job_id = fleet.job(things=[t])
    d = stack.device(port, t, tls={"ca": str(pki / "ca.pem"), "cert": str(pki / "device.pem"),
                                   "key": str(pki / "device.key")})
    outcome, body = d.request("get", {})
    assert outcome == "accepted" and [s["jobId"] for s in body["queuedJobs"]] == [job_id]

    # Failures are reported clearly, and the server exits 1 instead of running without its devices.
    cases = [
        ((["--mqtt-ca", str(pki / "ca.pem")]), r"TLS|closed the connection|refused|cannot connect"),  # no client cert
        ((["--mqtt-ca", str(other / "ca.pem"), "--mqtt-cert", str(pki / "server.pem"), "--mqtt-key",
           str(pki / "server.key")]), r"TLS|certificate|cannot connect|closed the connection"),  # wrong CA
        ((["--mqtt-ca", str(pki / "ca.pem"), "--mqtt-cert", str(tmp_path / "nope.pem"), "--mqtt-key",
           str(pki / "server.key")]), r"--mqtt-cert .*nope\.pem: cannot read the file"),
        ((["--mqtt-ca", str(pki / "ca.pem"), "--mqtt-cert", str(pki / "server.pem")]), r"must be given together"),
    ]
    for args, pattern in cases:
        rc, out = run_server_expecting_failure(credentials_file, tmp_path, "--mqtt", url, *args)
        assert rc == 1, (args, out)
        assert re.search(pattern, out), (args, out)


# ------------------------------------------------------------------ broker restart


def test_reconnects_and_resubscribes_after_a_broker_restart(tmp_path, stack):
    broker = stack.broker()
    server = stack.server(broker.port)
    fleet = fjtest.Fleet(server.iot())
    t = fleet.thing()
    j1 = fleet.job(things=[t])
    d = stack.device(broker.port, t)
    assert d.request("get", {})[0] == "accepted"
    d.close()

    broker.restart()  # same port; the server's session (and subscription) is gone
    d = stack.device(broker.port, t)

    # The server reconnects with backoff (1 s first); ask until it answers, bounded.
    deadline = time.monotonic() + 30
    while True:
        d.publish(f"$aws/things/{t}/jobs/get", {"clientToken": "after-restart"})
        try:
            body = d._topic_queue(f"$aws/things/{t}/jobs/get/accepted").get(timeout=1)[1]
            break
        except Exception:
            if time.monotonic() > deadline:
                pytest.fail(f"no answer 30 s after the broker restart; server log:\n{server.stderr_text()}")
    assert body["clientToken"] == "after-restart"
    assert [s["jobId"] for s in body["queuedJobs"]] == [j1]

    # Notifications flow again too.
    j2 = fleet.job(things=[t])
    assert [s["jobId"] for s in d.expect(f"$aws/things/{t}/jobs/notify")["jobs"]["QUEUED"]] == [j1, j2]

    # With the broker gone, SIGTERM still stops the server promptly and cleanly.
    d.close()
    broker.stop()
    assert server.stop() == 0
