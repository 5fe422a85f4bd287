"""bench/load.py stays runnable for others: a few users for a few seconds against the real server, no errors, the
report it prints. (The figures themselves are for the benchmark, not for a test on a shared machine.)"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_load_bench_runs_and_reports(demo_db: Path) -> None:
    result = subprocess.run(
        [
            sys.executable,
            "bench/load.py",
            "--users",
            "3",
            "--duration",
            "4",
            "--warmup",
            "1",
            "--think",
            "0.2",
            "--cold",
            "--db",
            str(demo_db),
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=240,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    out = result.stdout
    assert "page callback" in out and "throughput" in out and "memory (PSS" in out
    assert "empty callback" in out and "x the empty callback's p95" in out  # the floor, measured in the same run
    assert "errors 0 (0.00%)" in out, out
    assert "server still up after the run: yes" in out
