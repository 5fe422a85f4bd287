"""The dashboard keeps answering while `etl run` refreshes the warehouse, and shows the new figures after the swap
without a restart.

The real server (`dashboard` → gunicorn, 2 workers) serves a small-world warehouse. Two client threads request,
without pause, a page, the page's router callback, the whole-indicator CSV download (whose body holds the figure
checked) and /health, and record every answer. Meanwhile the local StatBank emulator republishes TKIDS with one
figure changed and a new `updated` stamp, and `etl run` runs as its own process against it (the real
`etl.cli.main`, with the small world's registry instead of etl/sources/). A watcher notes the moment the file is
swapped (its inode changes).

Asserted: every request answered 200, none failed, some while the run was going on; the CSVs served before the
swap hold the old figure; a CSV with the new one arrives within seconds of the swap; and no CSV asked for after
the swap holds the old figure (every worker reopens the new file on its next request).
"""

from __future__ import annotations

import csv
import io
import os
import subprocess
import sys
import threading
import time
from dataclasses import dataclass
from pathlib import Path

import requests
from servers import free_port, wait_for
from small_world import SmallWorld

from dashboard.web.render_cache import router_request
from etl.run import RunOptions, run

ROOT = Path(__file__).resolve().parents[1]
AREA, YEAR = "101", "2023"
OLD_FIGURE = "13"  # small_world.kids_municipal("101", "2023")
NEW_FIGURE = "4321"
NEW_STAMP = "2025-09-01T08:00:00"
CSV_PATH = "/data/children_placed.csv?variant=plain"
PAGE_PATH = "/kommune/101"
NEW_FIGURE_WITHIN_S = 5.0
CLIENT_THREADS = 2

# `etl run` in a process of its own, reading the small world's registry (the CLI itself reads etl/sources/).
ETL_LAUNCHER = """
import functools, sys
from pathlib import Path
import etl.cli, etl.registry
sources, catalogue, *argv = sys.argv[1:]
etl.cli.load_registry = functools.partial(etl.registry.load_registry, Path(sources), Path(catalogue))
sys.exit(etl.cli.main(argv))
"""


@dataclass(frozen=True)
class Answer:
    kind: str
    started: float
    finished: float
    status: int | None
    error: str | None = None
    figure: str | None = None  # the CSV's value for AREA, YEAR


def figure_in(csv_text: str) -> str | None:
    for row in csv.DictReader(io.StringIO(csv_text)):
        if row["area_code"] == AREA and row["period"] == YEAR:
            return row["value"]
    return None


class Clients:
    """Threads that request continuously and record every answer, until stopped."""

    def __init__(self, base: str) -> None:
        self.base = base
        self.answers: list[Answer] = []
        self._stop = threading.Event()
        self._threads = [threading.Thread(target=self._loop, daemon=True) for _ in range(CLIENT_THREADS)]

    def __enter__(self) -> Clients:
        for thread in self._threads:
            thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        for thread in self._threads:
            thread.join(timeout=60)

    def _loop(self) -> None:
        session = requests.Session()
        requests_to_make = (
            ("page", lambda: session.get(self.base + PAGE_PATH, timeout=30)),
            (
                "callback",
                lambda: session.post(self.base + "/_dash-update-component", json=router_request(PAGE_PATH), timeout=30),
            ),
            ("csv", lambda: session.get(self.base + CSV_PATH, timeout=30)),
            ("health", lambda: session.get(self.base + "/health", timeout=30)),
        )
        while not self._stop.is_set():
            for kind, call in requests_to_make:
                started = time.monotonic()
                try:
                    resp = call()
                except requests.RequestException as exc:
                    self.answers.append(Answer(kind, started, time.monotonic(), None, repr(exc)))
                    continue
                figure = figure_in(resp.text) if kind == "csv" and resp.status_code == 200 else None
                self.answers.append(Answer(kind, started, time.monotonic(), resp.status_code, figure=figure))


class SwapWatcher:
    """Notes when the warehouse file is replaced (a new inode at the path)."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.inode = path.stat().st_ino
        self.swapped_at: float | None = None
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._watch, daemon=True)
        self._thread.start()

    def _watch(self) -> None:
        while not self._stop.is_set() and self.swapped_at is None:
            try:
                if self.path.stat().st_ino != self.inode:
                    self.swapped_at = time.monotonic()
            except FileNotFoundError:  # never between old and new with os.replace; noted if it happens
                pass
            time.sleep(0.005)

    def stop(self) -> None:
        self._stop.set()
        self._thread.join(timeout=5)


def republish_with_changed_figure(world: SmallWorld) -> None:
    """DST republishes TKIDS: one municipality's figure changes (and the country total with it), new stamp."""
    rows = world.emulator.tables["TKIDS"].rows
    changed = 0
    for row in rows:
        if row["Tid"] == YEAR and row["ANBRINGELSE"] == "0" and row["ADMKOM"] in (AREA, "0"):
            assert row["ADMKOM"] != AREA or row["INDHOLD"] == OLD_FIGURE
            row["INDHOLD"] = str(int(row["INDHOLD"]) + int(NEW_FIGURE) - int(OLD_FIGURE))
            changed += 1
    assert changed == 2
    world.emulator.set_updated("TKIDS", NEW_STAMP)


def test_dashboard_keeps_answering_during_etl_run_and_shows_the_new_figure(
    small_world: SmallWorld, tmp_path: Path
) -> None:
    db = small_world.db_path
    run(RunOptions(db_path=db, client=small_world.client()), small_world.registry)
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    server_out, server_err = (tmp_path / "server.out").open("w"), (tmp_path / "server.err").open("w+")
    env = {k: v for k, v in os.environ.items() if k != "SOCIALTAL_WORKERS"}
    server = subprocess.Popen(
        [sys.executable, "-m", "dashboard.cli", "--db", str(db), "--port", str(port), "--workers", "2"],
        cwd=ROOT,
        env=env,
        stdout=server_out,
        stderr=server_err,
        text=True,
    )
    try:
        assert wait_for(f"{base}/health", server).status_code == 200
        first = requests.get(base + CSV_PATH, timeout=30)
        assert first.status_code == 200 and figure_in(first.text) == OLD_FIGURE
        watcher = SwapWatcher(db)
        with Clients(base) as clients:
            time.sleep(1.5)  # old figures served under load before the run
            republish_with_changed_figure(small_world)
            etl_started = time.monotonic()
            etl = subprocess.run(
                [
                    sys.executable,
                    "-c",
                    ETL_LAUNCHER,
                    str(tmp_path / "sources"),
                    str(tmp_path / "indicators.csv"),
                    "run",
                    "--db",
                    str(db),
                    "--base-url",
                    small_world.base_url,
                ],
                cwd=ROOT,
                capture_output=True,
                text=True,
                timeout=180,
            )
            etl_finished = time.monotonic()
            assert etl.returncode == 0, etl.stdout + etl.stderr
            deadline = etl_finished + NEW_FIGURE_WITHIN_S + 5
            while time.monotonic() < deadline and not any(a.figure == NEW_FIGURE for a in list(clients.answers)):
                time.sleep(0.05)
            time.sleep(1.5)  # and keep going for a while after the new figure has shown
        watcher.stop()
    finally:
        server.terminate()
        server.wait(timeout=60)
        server_out.close()
        server_err.seek(0)
        server_log = server_err.read()
        server_err.close()

    answers = sorted(clients.answers, key=lambda a: a.started)
    swapped_at = watcher.swapped_at
    assert swapped_at is not None and etl_started < swapped_at <= etl_finished, "etl run did not swap the file"
    failed = [a for a in answers if a.status != 200]
    assert not failed, f"{len(failed)} of {len(answers)} requests failed: {failed[:5]}\n{server_log[-3000:]}"
    kinds = {a.kind for a in answers}
    assert kinds == {"page", "callback", "csv", "health"}
    during_run = [a for a in answers if etl_started <= a.started < swapped_at]
    assert len(during_run) >= 4, "no requests were served while etl run was working"

    csvs = [a for a in answers if a.kind == "csv"]
    before = [a for a in csvs if a.finished < swapped_at]
    after = [a for a in csvs if a.started > swapped_at]
    assert before and {a.figure for a in before} == {OLD_FIGURE}, "old figures were not served before the swap"
    new = [a for a in csvs if a.figure == NEW_FIGURE]
    assert new, f"the new figure never appeared over HTTP (CSV figures after the swap: {[a.figure for a in after]})"
    seconds_to_new = new[0].finished - swapped_at
    assert seconds_to_new <= NEW_FIGURE_WITHIN_S
    assert after and {a.figure for a in after} == {NEW_FIGURE}, "a worker served the old figure after the swap"
    print(
        f"\nrefresh while serving: {len(answers)} requests ({len(during_run)} during the etl run of "
        f"{etl_finished - etl_started:.1f} s), {len(failed)} failed; new figure over HTTP "
        f"{seconds_to_new:.2f} s after the swap; {len(after)} CSVs after the swap, all new"
    )
