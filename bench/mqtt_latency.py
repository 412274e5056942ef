#!/usr/bin/python3
"""MQTT request latency of fleetjobs through mosquitto: publish of a request -> arrival of its /accepted reply.

Starts a private mosquitto (loopback, free port) and `fleetjobs serve --auth none --mqtt ...` in a temporary
directory (or uses --broker HOST:PORT with a server already attached to it and --endpoint for set-up), creates
one thing per device with one queued job, then measures for each operation:
  sequential: one device, N requests one after another;
  concurrent: C devices in parallel, each sending its share of N requests one after another.
Operations: `describe` ({jobId}/get, a read transaction) and `update` ({jobId}/update IN_PROGRESS, a write
transaction). Prints p50/p90/p99/max in milliseconds and the throughput. Every wait is bounded.

  /usr/bin/python3 bench/mqtt_latency.py [--requests 1000] [--concurrency 16] [--bin build/fleetjobs]
"""
import argparse
import json
import os
import queue
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from pathlib import Path

import boto3
import paho.mqtt.client as paho
from botocore.config import Config

REPO = Path(__file__).resolve().parents[1]
ACCOUNT, REGION = "123456789012", "us-east-1"


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_port(port, timeout=10):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                return
        except OSError:
            time.sleep(0.02)
    raise SystemExit(f"nothing listens on {port}")


class Device:
    def __init__(self, port, thing):
        self.thing = thing
        self.replies = queue.Queue()
        self.client = paho.Client(client_id=f"bench-{uuid.uuid4().hex[:10]}", clean_session=True)
        self.client.on_message = lambda c, u, m: self.replies.put((time.perf_counter(), m.topic, m.payload))
        subscribed = threading.Event()
        self.client.on_subscribe = lambda *a: subscribed.set()
        self.client.connect("127.0.0.1", port, 30)
        # paho leaves Nagle on; a device sending its next request right after acknowledging a reply
        # would then wait for a delayed ACK (~40 ms). Measure the server, not that.
        self.client.socket().setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        self.client.loop_start()
        self.client.subscribe(f"$aws/things/{thing}/jobs/+/+/accepted", 1)
        self.client.subscribe(f"$aws/things/{thing}/jobs/+/+/rejected", 1)
        if not subscribed.wait(10):
            raise SystemExit("no SUBACK")

    def call(self, op, payload):
        """One request; returns the latency in seconds."""
        token = uuid.uuid4().hex
        payload = dict(payload, clientToken=token)
        topic = f"$aws/things/{self.thing}/jobs/{op}"
        start = time.perf_counter()
        self.client.publish(topic, json.dumps(payload), qos=1)
        while True:
            at, reply_topic, body = self.replies.get(timeout=10)
            if json.loads(body).get("clientToken") == token:
                if not reply_topic.endswith("/accepted"):
                    raise SystemExit(f"{topic}: {body!r}")
                return at - start

    def close(self):
        self.client.disconnect()
        self.client.loop_stop()


def percentile(sorted_values, p):
    k = max(0, min(len(sorted_values) - 1, round(p / 100 * (len(sorted_values) - 1))))
    return sorted_values[k]


def run(devices, job_id, op, n_total):
    per = max(1, n_total // len(devices))
    payload = {"describe": {}, "update": {"status": "IN_PROGRESS"}}[op]
    topic_op = {"describe": f"{job_id}/get", "update": f"{job_id}/update"}[op]
    results = [[] for _ in devices]

    def loop(i, d):
        for _ in range(per):
            results[i].append(d.call(topic_op, payload))

    threads = [threading.Thread(target=loop, args=(i, d)) for i, d in enumerate(devices)]
    start = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    elapsed = time.perf_counter() - start
    lat = sorted(x for r in results for x in r)
    return {"n": len(lat), "p50": percentile(lat, 50) * 1e3, "p90": percentile(lat, 90) * 1e3,
            "p99": percentile(lat, 99) * 1e3, "max": lat[-1] * 1e3, "mean": statistics.fmean(lat) * 1e3,
            "rps": len(lat) / elapsed}


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--requests", type=int, default=1000, help="requests per operation and mode")
    ap.add_argument("--concurrency", type=int, default=16, help="devices in the concurrent mode")
    ap.add_argument("--bin", default=str(REPO / "build" / "fleetjobs"))
    ap.add_argument("--workers", type=int, default=4, help="serve --mqtt-workers")
    args = ap.parse_args()

    tmp = Path(tempfile.mkdtemp(prefix="fj-mqtt-bench-"))
    procs = []
    try:
        port = free_port()
        conf = tmp / "mosquitto.conf"
        conf.write_text(f"listener {port} 127.0.0.1\nallow_anonymous true\nset_tcp_nodelay true\npersistence false\n"
                        + ("user root\n" if os.geteuid() == 0 else ""))
        mosq = subprocess.Popen([shutil.which("mosquitto") or "/usr/sbin/mosquitto", "-c", str(conf)],
                                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        procs.append(mosq)
        wait_port(port)
        server = subprocess.Popen([args.bin, "serve", "--data-dir", str(tmp / "data"), "--listen", "127.0.0.1:0",
                                   "--auth", "none", "--mqtt", f"mqtt://127.0.0.1:{port}",
                                   "--mqtt-workers", str(args.workers)],
                                  stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
        procs.append(server)
        endpoint = None
        for line in server.stdout:
            if "listening on http://" in line:
                endpoint = "http://" + line.split("http://")[1].split(" ")[0]
                break
        if endpoint is None:
            raise SystemExit("fleetjobs did not start")
        iot = boto3.client("iot", endpoint_url=endpoint, region_name=REGION, aws_access_key_id="bench",
                           aws_secret_access_key="bench", config=Config(retries={"total_max_attempts": 1}))
        things = [f"bench-{i}" for i in range(args.concurrency)]
        for t in things:
            iot.create_thing(thingName=t)
        job_id = "bench-job"
        iot.create_job(jobId=job_id, document=json.dumps({"op": "bench"}),
                       targets=[f"arn:aws:iot:{REGION}:{ACCOUNT}:thing/{t}" for t in things])
        devices = [Device(port, t) for t in things]
        for d in devices:  # warm up connections and caches
            for _ in range(5):
                d.call(f"{job_id}/get", {})

        print(f"fleetjobs MQTT latency, request published -> /accepted received, through mosquitto on loopback")
        print(f"{os.cpu_count()} CPUs; serve --mqtt-workers {args.workers}; {args.requests} requests per row")
        print(f"{'operation':<10} {'mode':<16} {'n':>6} {'p50 ms':>8} {'p90 ms':>8} {'p99 ms':>8} {'max ms':>8} {'req/s':>8}")
        for op in ("describe", "update"):
            for mode, devs in (("sequential", devices[:1]), (f"concurrent x{len(devices)}", devices)):
                r = run(devs, job_id, op, args.requests)
                print(f"{op:<10} {mode:<16} {r['n']:>6} {r['p50']:>8.2f} {r['p90']:>8.2f} {r['p99']:>8.2f} "
                      f"{r['max']:>8.2f} {r['rps']:>8.0f}")
        for d in devices:
            d.close()
    finally:
        for p in reversed(procs):
            if p.poll() is None:
                p.send_signal(signal.SIGTERM)
                try:
                    p.wait(timeout=20)
                except subprocess.TimeoutExpired:
                    p.kill()
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
