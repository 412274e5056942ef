"""MQTT helpers for the fleetjobs black-box tests: a mosquitto broker process and paho device clients.

* `Broker(dir, config_lines=..., port=None)`: `mosquitto -c <dir>/mosquitto.conf` on a free loopback port
  (`listener PORT 127.0.0.1` + `allow_anonymous true` unless other lines are given). `start()` waits (bounded)
  until the port accepts TCP connections; `stop()` SIGTERMs and waits; `restart()` reuses the port.
* `Device(port, thing, ...)`: a paho-mqtt 1.6 client subscribed (QoS 1, SUBACK awaited) to
  `$aws/things/<thing>/jobs/#`. `request(op, payload)` publishes `$aws/things/<thing>/jobs/<op>` with a fresh
  clientToken (unless the payload carries one) and returns (outcome, body) of the reply with that token;
  `expect(topic)` returns the next message on an exact topic. Every wait has a timeout; nothing sleeps.
* `mqtt_server(...)`: `fleetjobs serve --mqtt mqtt://127.0.0.1:PORT` as an `fjtest.ServerProcess`.
"""
import itertools
import json
import os
import queue
import shutil
import signal
import socket
import ssl
import subprocess
import threading
import time
import uuid
from pathlib import Path

import paho.mqtt.client as paho
import pytest

import fjtest

WAIT_S = 10  # default bound on every wait for a message
MOSQUITTO = shutil.which("mosquitto") or "/usr/sbin/mosquitto"
_ids = itertools.count(1)


def mosquitto_version():
    out = subprocess.run([MOSQUITTO, "-h"], capture_output=True, text=True).stdout
    first = out.splitlines()[0] if out else ""
    return first.split("version")[-1].strip() if "version" in first else ""


def free_port():
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Broker:
    def __init__(self, directory, config_lines=None, port=None):
        self.dir = Path(directory)
        self.dir.mkdir(parents=True, exist_ok=True)
        self.port = port or free_port()
        self.config_lines = config_lines
        self.proc = None
        self.log_path = self.dir / f"mosquitto-{next(_ids)}.log"

    def config_text(self):
        lines = self.config_lines
        if lines is None:
            lines = [f"listener {self.port} 127.0.0.1", "allow_anonymous true", "set_tcp_nodelay true"]
        extra = []
        if os.geteuid() == 0:
            # As root, mosquitto drops to its own user before reading password, ACL and certificate files,
            # which live in pytest's private temporary directory: stay root (tests only).
            extra.append("user root")
        return "\n".join(lines + extra + ["log_dest stderr", "log_type error", "log_type warning", "log_type notice",
                                  "log_type subscribe",
                                  "persistence false"]) + "\n"

    def start(self, timeout=10):
        conf = self.dir / "mosquitto.conf"
        conf.write_text(self.config_text())
        self._log = open(self.log_path, "ab")
        self.proc = subprocess.Popen([MOSQUITTO, "-c", str(conf)], stdout=self._log, stderr=self._log,
                                     stdin=subprocess.DEVNULL)
        deadline = time.monotonic() + timeout
        while True:
            if self.proc.poll() is not None:
                pytest.fail(f"mosquitto exited ({self.proc.returncode}):\n{self.log_text()}")
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=0.5):
                    return self
            except OSError:
                if time.monotonic() > deadline:
                    self.stop()
                    pytest.fail(f"mosquitto did not listen on {self.port} within {timeout}s:\n{self.log_text()}")
                time.sleep(0.02)  # bounded poll of a port we are waiting to open, not a synchronisation sleep

    def log_text(self):
        try:
            return self.log_path.read_text(errors="replace")[-3000:]
        except OSError:
            return ""

    @property
    def running(self):
        return self.proc is not None and self.proc.poll() is None

    def stop(self):
        if self.proc is None:
            return
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(timeout=10)
        self._log.close()

    def restart(self):
        self.stop()
        return self.start()


class Device:
    """A paho MQTT 3.1.1 client acting as one thing (or as any client with `subscribe`)."""

    def __init__(self, port, thing=None, client_id=None, username=None, password=None, tls=None,
                 subscribe=None, host="127.0.0.1", connect=True):
        self.thing = thing
        self.messages = queue.Queue()
        self._by_topic = {}
        self._lock = threading.Lock()
        self._suback = queue.Queue()
        self._connack = queue.Queue()
        self.client = paho.Client(client_id=client_id or f"dev-{uuid.uuid4().hex[:12]}", clean_session=True,
                                  protocol=paho.MQTTv311)
        if username is not None:
            self.client.username_pw_set(username, password)
        if tls:
            self.client.tls_set(ca_certs=tls.get("ca"), certfile=tls.get("cert"), keyfile=tls.get("key"),
                                cert_reqs=ssl.CERT_REQUIRED, tls_version=ssl.PROTOCOL_TLS_CLIENT)
        self.client.on_message = self._on_message
        self.client.on_subscribe = lambda c, u, mid, granted: self._suback.put(granted)
        self.client.on_connect = lambda c, u, flags, rc: self._connack.put(rc)
        self.host, self.port = host, port
        if connect:
            self.connect()
            filters = subscribe if subscribe is not None else ([f"$aws/things/{thing}/jobs/#"] if thing else [])
            for f in filters:
                granted = self.subscribe(f)
                assert granted == [1], f"subscription {f} refused: {granted}"

    def connect(self):
        self.client.connect(self.host, self.port, keepalive=30)
        self.client.socket().setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)  # no 40 ms Nagle stalls
        self.client.loop_start()
        rc = self._connack.get(timeout=WAIT_S)
        if rc != 0:
            self.close()
            raise ConnectionRefusedError(f"CONNACK {rc}")
        return rc

    def subscribe(self, topic_filter, qos=1):
        self.client.subscribe(topic_filter, qos)
        return list(self._suback.get(timeout=WAIT_S))

    def _on_message(self, client, userdata, msg):
        try:
            body = json.loads(msg.payload.decode("utf-8")) if msg.payload else None
        except ValueError:
            body = msg.payload
        item = (msg.topic, body, msg.qos)
        self.messages.put(item)
        with self._lock:
            self._by_topic.setdefault(msg.topic, queue.Queue()).put(item)

    def _topic_queue(self, topic):
        with self._lock:
            return self._by_topic.setdefault(topic, queue.Queue())

    def publish(self, topic, payload, qos=1):
        if isinstance(payload, (dict, list)):
            payload = json.dumps(payload)
        info = self.client.publish(topic, payload, qos=qos)
        info.wait_for_publish(timeout=WAIT_S)
        return info

    def expect(self, topic, timeout=WAIT_S):
        """The next message on exactly `topic` (body parsed as JSON)."""
        try:
            return self._topic_queue(topic).get(timeout=timeout)[1]
        except queue.Empty:
            pytest.fail(f"no message on {topic} within {timeout}s")

    def expect_qos(self, topic, timeout=WAIT_S):
        try:
            return self._topic_queue(topic).get(timeout=timeout)[2]
        except queue.Empty:
            pytest.fail(f"no message on {topic} within {timeout}s")

    def pending_on(self, topic):
        return self._topic_queue(topic).qsize()

    def drain(self, topic):
        q = self._topic_queue(topic)
        out = []
        while True:
            try:
                out.append(q.get_nowait()[1])
            except queue.Empty:
                return out

    def request(self, op, payload=None, thing=None, timeout=WAIT_S, qos=1, raw=None):
        """Publishes on $aws/things/<thing>/jobs/<op>; returns (outcome, body) of the matching reply.
        With `raw` (bytes/str) that exact payload is sent and the first reply on either topic is returned."""
        topic = f"$aws/things/{thing or self.thing}/jobs/{op}"
        accepted, rejected = self._topic_queue(topic + "/accepted"), self._topic_queue(topic + "/rejected")
        if raw is not None:
            self.publish(topic, raw, qos=qos)
            token = None
        else:
            body = dict(payload or {})
            body.setdefault("clientToken", uuid.uuid4().hex)
            token = body["clientToken"]
            self.publish(topic, body, qos=qos)
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            for outcome, q in (("accepted", accepted), ("rejected", rejected)):
                try:
                    _, reply, _ = q.get(timeout=0.01)
                except queue.Empty:
                    continue
                if token is None or (isinstance(reply, dict) and reply.get("clientToken") == token):
                    return outcome, reply
        pytest.fail(f"no reply to {topic} (clientToken {token}) within {timeout}s")

    def close(self):
        try:
            self.client.disconnect()
        finally:
            self.client.loop_stop()


def mqtt_args(port, *extra):
    return ["--mqtt", f"mqtt://127.0.0.1:{port}", *extra]


def start_mqtt_server(data_dir, log_dir, credentials, port, extra_args=()):
    proc = fjtest.ServerProcess(data_dir, log_dir, credentials=credentials,
                                extra_args=mqtt_args(port) + list(extra_args))
    return proc.start()
