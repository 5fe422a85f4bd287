"""`dashboard` as a user starts it: served by gunicorn from the warehouse named by --db or SOCIALTAL_DB, with the
settings of dashboard/gunicorn_conf.py (workers, no access log with client addresses, one JSON line per request,
never Flask's debugger)."""

from __future__ import annotations

import gc
import json
import os
import re
import subprocess
import sys
import threading
from pathlib import Path

import pytest
import requests
from servers import free_port, wait_for
from small_world import SmallWorld

from dashboard import gunicorn_conf
from dashboard.app import create_app
from etl.run import RunOptions, run

USER_AGENT = "serve-test-agent/1.0"


def test_missing_warehouse_is_a_clear_error(tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "dashboard.cli", "--db", str(tmp_path / "none.duckdb")],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 1
    assert "no warehouse at" in result.stderr and "etl run --demo" in result.stderr


def test_bad_worker_count_is_a_clear_error(tmp_path: Path) -> None:
    db = tmp_path / "w.duckdb"
    db.touch()
    result = subprocess.run(
        [sys.executable, "-m", "dashboard.cli", "--db", str(db)],
        capture_output=True,
        text=True,
        timeout=60,
        env={**os.environ, "SOCIALTAL_WORKERS": "many"},
    )
    assert result.returncode == 1
    assert "SOCIALTAL_WORKERS='many'" in result.stderr and "Traceback" not in result.stderr


@pytest.mark.parametrize("via_env", [False, True])
def test_serves_the_warehouse(small_world: SmallWorld, via_env: bool) -> None:
    """Default: 2 workers. Via the environment: the warehouse, 3 workers, and debug flags that must be ignored."""
    run(RunOptions(db_path=small_world.db_path, client=small_world.client()), small_world.registry)
    port = free_port()
    args = ["--port", str(port)] + ([] if via_env else ["--db", str(small_world.db_path)])
    env = {k: v for k, v in os.environ.items() if k not in ("SOCIALTAL_WORKERS", "FLASK_DEBUG", "DASH_DEBUG")}
    if via_env:
        env.update(SOCIALTAL_DB=str(small_world.db_path), SOCIALTAL_WORKERS="3", FLASK_DEBUG="1", DASH_DEBUG="true")
    proc = subprocess.Popen(
        [sys.executable, "-m", "dashboard.cli", *args],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        resp = wait_for(f"http://127.0.0.1:{port}/healthz", proc)
        assert resp.status_code == 200
        resp = requests.get(f"http://127.0.0.1:{port}/", timeout=10, headers={"User-Agent": USER_AGENT})
        assert resp.status_code == 200
        assert "<title>Forside – Socialtal</title>" in resp.text
        assert requests.get(f"http://127.0.0.1:{port}/health", timeout=10).json()["status"] == "ok"
        # an error inside the app must not show Werkzeug's debugger, whatever FLASK_DEBUG says
        broken = requests.post(
            f"http://127.0.0.1:{port}/_dash-update-component",
            data=b"{",
            timeout=10,
            headers={"Content-Type": "application/json"},
        )
        assert broken.status_code >= 400
        assert "Werkzeug Debugger" not in broken.text and "Traceback" not in broken.text
    finally:
        proc.terminate()
        out, err = proc.communicate(timeout=60)
    assert len(re.findall(r"Booting worker with pid", err)) == (3 if via_env else gunicorn_conf.DEFAULT_WORKERS)
    lines = [json.loads(line) for line in out.splitlines() if line.startswith("{")]
    page = [line for line in lines if line["path"] == "/" and line["method"] == "GET"]
    assert len(page) == 1 and page[0]["route"] == "page" and page[0]["status"] == 200, lines
    assert USER_AGENT not in out + err  # neither our request log nor gunicorn's (switched off) access log
    assert '"GET / HTTP' not in err


def test_create_app_opens_no_warehouse_before_the_fork(small_world: SmallWorld) -> None:
    """preload_app builds the app in gunicorn's master: it must not open DuckDB there (a connection must never be
    shared by forked workers); the first request in a worker opens it."""
    run(RunOptions(db_path=small_world.db_path, client=small_world.client()), small_world.registry)
    server = create_app(small_world.db_path).server
    warehouse = server.config["SOCIALTAL_WAREHOUSE"]
    assert warehouse._con is None
    assert server.test_client().get("/health").status_code == 200
    assert warehouse._con is not None
    assert server.debug is False


def test_a_fresh_worker_serves_every_script_to_a_burst_of_first_requests(demo_db: Path) -> None:
    """A browser opening a page asks for a dozen scripts at once, and under gunicorn's threads they may reach a
    worker that has answered nothing yet. Each must come back 200 (Dash's own first-request set-up used to leave
    a gap in which they got 404s and the page stayed blank: plotly/dash#3971)."""
    index = create_app(demo_db).server.test_client().get("/").get_data(as_text=True)
    scripts = re.findall(r'<script src="(/_dash-component-suites/[^"]+)"', index)
    assert len(scripts) >= 8, index
    fresh = create_app(demo_db).server
    start = threading.Barrier(len(scripts))
    statuses: dict[str, int] = {}

    def fetch(url: str) -> None:
        client = fresh.test_client()
        start.wait()
        statuses[url] = client.get(url).status_code

    threads = [threading.Thread(target=fetch, args=(url,)) for url in scripts]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert statuses == dict.fromkeys(scripts, 200)


def test_worker_count_default_and_overrides(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("SOCIALTAL_WORKERS", raising=False)
    assert gunicorn_conf.settings()["workers"] == 2
    monkeypatch.setenv("SOCIALTAL_WORKERS", "4")
    assert gunicorn_conf.settings()["workers"] == 4
    assert gunicorn_conf.settings(workers=1)["workers"] == 1  # --workers wins over the environment
    for bad in ("0", "two"):
        monkeypatch.setenv("SOCIALTAL_WORKERS", bad)
        with pytest.raises(ValueError, match="worker"):
            gunicorn_conf.settings()


def test_the_master_freezes_its_objects_before_it_forks_a_worker() -> None:
    """The preloaded app's objects go to the collector's permanent generation (gunicorn_conf.freeze_startup_objects),
    so a worker's full collection does not walk them."""
    hook = gunicorn_conf.settings()["pre_fork"]
    tracked_before = len(gc.get_objects())
    try:
        hook(None, None)
        assert gc.get_freeze_count() >= tracked_before
        assert len(gc.get_objects()) < tracked_before / 10
    finally:
        gc.unfreeze()  # this test process goes on collecting as before


def test_settings_bound_memory_and_keep_client_addresses_out() -> None:
    config = gunicorn_conf.settings("127.0.0.1:9")
    assert config["accesslog"] is None and config["errorlog"] == "-"
    assert config["max_requests"] > 0 and 0 < config["max_requests_jitter"] < config["max_requests"]
    assert config["preload_app"] is True
    assert config["graceful_timeout"] <= config["timeout"]
    assert "debug" not in config and "reload" not in config


ARENAS_AFTER_THREADS = """
import ctypes, sys, threading
from dashboard import gunicorn_conf
if sys.argv[1] == "limited":
    gunicorn_conf.tune_malloc()
libc = ctypes.CDLL("libc.so.6")
libc.malloc.restype = ctypes.c_void_p
held = []
together = threading.Barrier(8)
def allocate():
    held.append(libc.malloc(4096))  # a thread's first malloc takes an arena of its own while the limit allows
    together.wait()  # all alive at once: no thread's arena is freed for the next to reuse
threads = [threading.Thread(target=allocate) for _ in range(8)]
for t in threads: t.start()
for t in threads: t.join()
libc.malloc_stats()  # one "Arena N:" block per arena, on stderr
"""


@pytest.mark.skipif(sys.platform != "linux", reason="malloc arenas are glibc's")
def test_a_worker_keeps_to_two_malloc_arenas() -> None:
    def arenas(mode: str) -> int:
        env = {k: v for k, v in os.environ.items() if k != "MALLOC_ARENA_MAX"}
        done = subprocess.run(
            [sys.executable, "-c", ARENAS_AFTER_THREADS, mode], capture_output=True, text=True, env=env, check=True
        )
        return len(re.findall(r"^Arena \d+:", done.stderr, re.M))

    assert gunicorn_conf.settings("127.0.0.1:9")["post_fork"] is gunicorn_conf.tune_malloc
    assert arenas("limited") == gunicorn_conf.MALLOC_ARENAS
    assert arenas("unlimited") > gunicorn_conf.MALLOC_ARENAS  # the check can fail: glibc's default is many more


MAPPED_AFTER_REUSE = """
import ctypes, sys
from dashboard import gunicorn_conf
if sys.argv[1] == "tuned":
    gunicorn_conf.tune_malloc()
class MallInfo2(ctypes.Structure):
    _fields_ = [(name, ctypes.c_size_t) for name in (
        "arena", "ordblks", "smblks", "hblks", "hblkhd", "usmblks", "fsmblks", "uordblks", "fordblks", "keepcost")]
libc = ctypes.CDLL("libc.so.6")
libc.malloc.restype = ctypes.c_void_p
libc.free.argtypes = [ctypes.c_void_p]
libc.mallinfo2.restype = MallInfo2
libc.free(libc.malloc(1 << 20))  # a 1 MB buffer freed: glibc's own threshold rises to 1 MB
before = libc.mallinfo2().hblks
block = libc.malloc(1 << 20)
print(libc.mallinfo2().hblks - before)  # blocks it mapped: 1 if the second 1 MB buffer is mapped, 0 on the heap
"""


@pytest.mark.skipif(sys.platform != "linux", reason="mmap thresholds are glibc's")
def test_a_worker_maps_large_buffers_on_their_own_after_freeing_one() -> None:
    def mapped(mode: str) -> int:
        env = {k: v for k, v in os.environ.items() if not k.startswith("MALLOC_")}
        done = subprocess.run(
            [sys.executable, "-c", MAPPED_AFTER_REUSE, mode], capture_output=True, text=True, env=env, check=True
        )
        return int(done.stdout.strip())

    assert mapped("tuned") == 1
    assert mapped("default") == 0  # the check can fail: glibc's dynamic threshold put it on the heap
