"""ETL benchmark: the full registry against the local StatBank emulator (serving the demo snapshot's recorded
answers), measured against merely downloading the same responses with requests, in the same run.

Prints figures and ratios, not verdicts. Targets (issue 12): `etl run --force` on loopback at most 5x the bare
download; the re-run with nothing changed, as a CLI command (a fresh `etl run` process, wall clock, Python's start
and imports included), under 1 s. Earlier targets (issues 2 and 9): ETL total at most 1.5x the bare download with
the recorded live latency; peak memory under 500 MB; `etl check` (one `tables` request plus one `tableinfo` per
source, no data) a few requests' worth.

    .venv/bin/python bench/etl.py [--repeat 3]
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from pathlib import Path

import requests
from werkzeug.serving import make_server
from werkzeug.wrappers import Request

ROOT = Path(__file__).resolve().parents[1]
# This file is named etl.py like the package: take its own folder off the path, and add the tests' emulator.
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != Path(__file__).resolve().parent]
sys.path.insert(0, str(ROOT / "tests"))

from statbank_emulator import StatBankEmulator, load_snapshot_tables  # noqa: E402

from etl.kinds.statbank.check import check_sources  # noqa: E402
from etl.kinds.statbank.client import HttpTransport, StatBankClient  # noqa: E402
from etl.kinds.statbank.demo import DEMO_STATBANK_DIR  # noqa: E402
from etl.registry import load_registry  # noqa: E402
from etl.run import RunOptions, run  # noqa: E402

# Round-trip time of a small live StatBank request, from the recorded log of 2025-10-30 (0.235 s for a small
# data request, 0.293 s for tableinfo): the second scenario adds it to every request.
RECORDED_LATENCY_S = 0.25


def start_emulator(latency_s: float = 0.0) -> tuple[str, Callable[[], None]]:
    emulator = StatBankEmulator()
    emulator.set_delay("tableinfo", latency_s)
    emulator.set_delay("data", latency_s)
    emulator.set_delay("tables", latency_s)
    load_snapshot_tables(emulator, DEMO_STATBANK_DIR)
    server = make_server("127.0.0.1", 0, Request.application(emulator.handler), threaded=True)
    server.RequestHandlerClass.log_request = lambda *a, **k: None  # type: ignore[method-assign]  # quiet
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    return f"http://127.0.0.1:{server.server_port}/v1", server.shutdown


def bare_download(base_url: str) -> int:
    """What any client must do at least: the same tableinfo and data requests, bodies read, nothing parsed."""
    session = requests.Session()
    total = 0
    for request_path in sorted(DEMO_STATBANK_DIR.glob("*.request.json")):
        body = json.loads(request_path.read_text(encoding="utf-8"))
        info = session.post(f"{base_url}/tableinfo", json={"table": body["table"], "format": "JSON", "lang": "da"})
        data = session.post(f"{base_url}/data", json=body)
        info.raise_for_status()
        data.raise_for_status()
        total += len(info.content) + len(data.content)
    return total


def etl_in_process(base_url: str, db: Path, force: bool) -> None:
    client = StatBankClient(HttpTransport(base_url))
    run(RunOptions(db_path=db, client=client, base_url=base_url, force=force), load_registry())


def check_in_process(base_url: str) -> None:
    checks = check_sources(StatBankClient(HttpTransport(base_url)), list(load_registry().sources.values()))
    assert all(c.fits for c in checks), [c.source.id for c in checks if not c.fits]


def timed(fn: Callable[[], object]) -> float:
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


def cli(base_url: str, db: Path, *extra: str, command: str = "run") -> float:
    return cli_timed(base_url, db, *extra, command=command)[0]


def cli_timed(base_url: str, db: Path, *extra: str, command: str = "run") -> tuple[float, float]:
    """A fresh `etl` process: (wall seconds, CPU seconds, user and system, of the process and its threads)."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    subprocess.run(
        [sys.executable, "-m", "etl.cli", command, "--base-url", base_url, "--db", str(db), *extra],
        check=True,
        capture_output=True,
        cwd=ROOT,
    )
    wall_s = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall_s, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def measure(latency_s: float, repeat: int) -> dict[str, float]:
    base_url, stop = start_emulator(latency_s)
    try:
        with tempfile.TemporaryDirectory() as tmp:
            db = Path(tmp) / "bench.duckdb"
            etl_in_process(base_url, db, force=True)
            payload = bare_download(base_url)  # warms the emulator's rendered answers for both sides
            downloads, etls, reruns, checks = [], [], [], []
            for _ in range(repeat):  # interleaved, so drift on a shared machine hits both alike
                downloads.append(timed(lambda: bare_download(base_url)))
                etls.append(timed(lambda: etl_in_process(base_url, db, force=True)))
                reruns.append(timed(lambda: etl_in_process(base_url, db, force=False)))
                checks.append(timed(lambda: check_in_process(base_url)))
            reruns_cli = [cli_timed(base_url, db) for _ in range(repeat)]
            rerun_cli = statistics.median(wall for wall, _ in reruns_cli)
            rerun_cli_cpu = statistics.median(cpu for _, cpu in reruns_cli)
            start_cli = statistics.median(cli(base_url, db, "--help") for _ in range(repeat))
            check_cli = statistics.median(cli(base_url, db, command="check") for _ in range(repeat))
            db_mb = db.stat().st_size / 1e6
    finally:
        stop()
    return {
        "payload_mb": payload / 1e6,
        "download_s": statistics.median(downloads),
        "etl_s": statistics.median(etls),
        "rerun_s": statistics.median(reruns),
        "rerun_cli_s": rerun_cli,
        "rerun_cli_cpu_s": rerun_cli_cpu,
        "start_cli_s": start_cli,
        "check_s": statistics.median(checks),
        "check_cli_s": check_cli,
        "db_mb": db_mb,
    }


def peak_memory_mb() -> float:
    """ru_maxrss of children is a high-water mark: measured first, while `etl run` is the only child."""
    base_url, stop = start_emulator()
    try:
        with tempfile.TemporaryDirectory() as tmp:
            cli(base_url, Path(tmp) / "mem.duckdb", "--force")
    finally:
        stop()
    return resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    peak_mb = peak_memory_mb()
    tables = len(list(DEMO_STATBANK_DIR.glob("*.request.json")))
    print(
        f"ETL benchmark: {tables} StatBank tables from the demo snapshot, median of {args.repeat}, "
        f"{os.cpu_count()} cores"
    )
    for label, latency in (
        ("loopback, no latency", 0.0),
        (f"{RECORDED_LATENCY_S:.2f} s per request (recorded live latency)", RECORDED_LATENCY_S),
    ):
        m = measure(latency, args.repeat)
        print(f"\n  emulator: {label}; {m['payload_mb']:.1f} MB of answers")
        print(f"    bare download (requests)           {m['download_s']:7.2f} s")
        print(
            f"    etl run --force (in process)       {m['etl_s']:7.2f} s   ratio to bare download "
            f"{m['etl_s'] / m['download_s']:5.2f}x   (target: loopback <= 5x, live latency <= 1.5x)"
        )
        print(f"    re-run, nothing changed            {m['rerun_s']:7.2f} s   (in process)")
        print(
            f"    re-run, nothing changed, CLI       {m['rerun_cli_s']:7.2f} s   (a fresh `etl run` process; "
            "target < 1 s)"
        )
        print(f"    its CPU time                       {m['rerun_cli_cpu_s']:7.2f} s   (user + system)")
        print(f"    of which start and imports         {m['start_cli_s']:7.2f} s   (`etl run --help`)")
        print(
            f"    etl check (in process)             {m['check_s']:7.2f} s   = "
            f"{m['check_s'] / max(latency, 1e-9):5.1f} request latencies"
            if latency
            else f"    etl check (in process)             {m['check_s']:7.2f} s"
        )
        print(f"    etl check, CLI                     {m['check_cli_s']:7.2f} s   (incl. interpreter start)")
    print(f"\n  peak memory of `etl run --force`     {peak_mb:7.0f} MB  (target < 500 MB)")
    print(f"  warehouse size                       {m['db_mb']:7.1f} MB")


if __name__ == "__main__":
    main()
