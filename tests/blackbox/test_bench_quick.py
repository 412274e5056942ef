"""Smoke test of `bench/run --quick`: every figure is produced (not a benchmark: no timing asserted)."""
import json
import os
import subprocess
import sys

import pytest

from fjtest import REPO, binary

RUN_TIMEOUT_S = 240


@pytest.mark.skipif(any(not os.path.exists(p) for p in ("/usr/bin/wrk", "/usr/sbin/nginx", "/usr/sbin/mosquitto")),
                    reason="wrk, nginx and mosquitto come from scripts/setup")
def test_bench_quick_produces_every_figure(tmp_path):
    out = tmp_path / "bench.md"
    raw = tmp_path / "bench.json"
    r = subprocess.run([sys.executable, str(REPO / "bench" / "run"), "--quick", "--bin", str(binary()), "--out",
                        str(out), "--json", str(raw)], capture_output=True, text=True, timeout=RUN_TIMEOUT_S,
                       stdin=subprocess.DEVNULL)
    assert r.returncode == 0, r.stderr[-3000:]
    figures = json.loads(raw.read_text())
    assert figures["b1"]["rps"] > 0 and figures["b1"]["nginx_rps"] > 0 and figures["b1"]["p99_ms"] > 0
    assert figures["b2"]["updates_per_s"] > 0
    assert figures["b3"]["seconds"] > 0 and figures["b3"]["sqlite3_seconds"] > 0
    assert figures["b3"]["peak_rss_mib"] > 0
    assert figures["b4"]["seconds"] > 0
    b5 = figures["b5"]
    for op in ("loopback", "describe", "update"):
        assert b5[op]["answered"] == b5[op]["sent"] > 0 and b5[op]["p99_ms"] > 0, b5[op]
    assert b5["describe"]["accepted"] == b5["describe"]["sent"]
    for kind in ("fanout", "fanout_baseline"):
        assert b5[kind]["notify"]["missing"] == 0 and b5[kind]["notify"]["last_ms"] > 0, b5[kind]
    assert b5["fanout"]["notify_next"]["missing"] == 0
    text = out.read_text()
    for row in ("| B1 |", "| B2 |", "| B3 |", "| B4 |", "| B5 |", "B5 details:", "Machine:"):
        assert row in text, text
    for row in ("B1", "B2", "B3", "B4", "B5"):
        assert any(line.startswith(row) for line in r.stdout.splitlines()), r.stdout
