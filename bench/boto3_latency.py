#!/usr/bin/python3
"""Sequential device-loop latency through boto3 (the figures of issue 2's closing note).

Starts `fleetjobs serve` on a free loopback port in a temporary directory, makes 300 things in a group and one
job on it, then for each thing in turn: GetPendingJobExecutions, StartNextPendingJobExecution and
UpdateJobExecution SUCCEEDED (durable before the reply), each through a boto3 client with retries off. Prints
p50/p99 per operation; the figures include boto3's own client overhead.

  /usr/bin/python3 bench/boto3_latency.py [build/fleetjobs]
"""
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request

import boto3
import botocore.config

THINGS = 300


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def main():
    binary = sys.argv[1] if len(sys.argv) > 1 else "build/fleetjobs"
    data_dir = tempfile.mkdtemp(prefix="fj-boto3-bench-")
    port = free_port()
    endpoint = f"http://127.0.0.1:{port}"
    server = subprocess.Popen([binary, "serve", "--data-dir", data_dir, "--listen", f"127.0.0.1:{port}"],
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 10
        while True:
            try:
                urllib.request.urlopen(endpoint + "/health", timeout=1)
                break
            except OSError:
                if time.monotonic() > deadline:
                    raise SystemExit("fleetjobs did not start")
                time.sleep(0.05)
        with open(f"{data_dir}/credentials") as f:
            key, secret, _ = next(line for line in f if not line.startswith("#")).split()
        kw = dict(endpoint_url=endpoint, region_name="us-east-1", aws_access_key_id=key,
                  aws_secret_access_key=secret, config=botocore.config.Config(retries={"max_attempts": 1}))
        iot = boto3.client("iot", **kw)
        data = boto3.client("iot-jobs-data", **kw)
        iot.create_thing_group(thingGroupName="g")
        for i in range(THINGS):
            iot.create_thing(thingName=f"t{i}")
            iot.add_thing_to_thing_group(thingGroupName="g", thingName=f"t{i}")
        start = time.perf_counter()
        iot.create_job(jobId="j", targets=["arn:aws:iot:us-east-1:123456789012:thinggroup/g"], document='{"a":1}')
        print(f"create_job on {THINGS} things: {(time.perf_counter() - start) * 1000:.1f} ms")
        calls = {
            "get_pending": lambda t: data.get_pending_job_executions(thingName=t),
            "start_next": lambda t: data.start_next_pending_job_execution(thingName=t),
            "update_succeeded": lambda t: data.update_job_execution(thingName=t, jobId="j", status="SUCCEEDED"),
        }
        latency = {name: [] for name in calls}
        for i in range(THINGS):
            for name, call in calls.items():
                start = time.perf_counter()
                call(f"t{i}")
                latency[name].append(time.perf_counter() - start)
        for name, values in latency.items():
            values.sort()
            print(f"{name}: p50 {values[len(values) // 2] * 1000:.2f} ms  p99 {values[int(len(values) * 0.99)] * 1000:.2f}"
                  f" ms  (n={len(values)}, boto3 client, sequential)")
        print("job status:", iot.describe_job(jobId="j")["job"]["status"])
    finally:
        server.terminate()
        server.wait(timeout=20)
        shutil.rmtree(data_dir, ignore_errors=True)


if __name__ == "__main__":
    main()
