"""Load benchmark: N concurrent simulated users for D seconds against the dashboard as production serves it
(gunicorn with dashboard/gunicorn_conf.py and its worker count, on bench/load_app.py), on loopback, on a fresh
demo warehouse.

Each user loops over a mix of what people do before a meeting: by default around a home municipality of its own
(see Scenario), with --spread with a random municipality and random parameters every time. The kinds:

  page callback   the router callback that renders a page: profile, compare, map, region (the Dash renderer's
                  own payload, as bench/web.py captures it)
  control         a control's callback writing the URL (profile measure changed)
  page html       GET of a page's HTML shell (the first request of a visit)
  export csv      /export/kommune/<code>/<indicator>.csv and /data/<indicator>.csv
  export png      /export/kommune/<code>/<indicator>.png (Chromium, routes/image_browser.py)

A sampler reads the memory (PSS) of the gunicorn master and every process below it (workers and their
Chromium renderers) every second. One more client sends an empty Dash callback (bench/empty_callback.py) every
0.25 s throughout: the floor, what any callback costs on this server under this load. Prints p50/p95/p99 per kind,
throughput, errors and the memory curve; the targets (issue 12): zero errors, page callbacks' p95 at most 5x the
empty callback's p95 in the same run, memory flat over the run.

Before the load, `dashboard warm` draws the default views into the run's own shared render cache, as after each
`etl run` in production (`--cold` skips it: every first view is then drawn under load).

    .venv/bin/python bench/load.py [--users 50] [--duration 60] [--think 3] [--spread] [--cold] [--workers N]

--think is each user's mean pause between requests in seconds (exponential, default 3: reading a page; 0 = none,
a closed-loop stress test in which every user fires its next request as soon as the last one answered). 10 users
start a second (--spawn-rate), as locust does.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import random
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import psutil
import requests

ROOT = Path(__file__).resolve().parents[1]
# bench/ holds etl.py, named like the package: keep this folder off the path; import bench.web from the root.
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != Path(__file__).resolve().parent]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench.empty_callback import PING_IN  # noqa: E402
from bench.web import (  # noqa: E402
    HOST,
    NOT_FOUND_MARK,
    UPDATE,
    build_demo_warehouse,
    callback_payload,
    free_port,
    router_payload,
    stop,
    valid_combinations,
    wait_healthy,
)
from dashboard.warehouse.queries import Warehouse  # noqa: E402

TARGET_FLOOR_RATIO = 5.0  # issue 12: page callbacks' p95 at most 5x the empty callback's p95 in the same run
EMPTY_CALLBACK = "empty callback"
FLOOR_INTERVAL_S = 0.25
KEEPALIVE_S = 5.0  # dashboard/gunicorn_conf.py keepalive
PAGE_CALLBACK = "page callback"
MIX: tuple[tuple[str, float], ...] = (  # (kind, weight): mostly page renders, as people click through pages
    ("profile", 0.25),
    ("compare", 0.15),
    ("map", 0.15),
    ("region", 0.10),
    ("control", 0.10),
    ("page html", 0.10),
    ("export csv", 0.10),
    ("export png", 0.05),
)
KINDS = {"profile": PAGE_CALLBACK, "compare": PAGE_CALLBACK, "map": PAGE_CALLBACK, "region": PAGE_CALLBACK}


@dataclass
class Request:
    kind: str  # the reported kind (all router renders are "page callback")
    method: str
    path: str
    body: bytes | None = None
    expect_page: bool = False  # a router render: the friendly not-found page counts as an error


@dataclass
class Results:
    latencies_s: dict[str, list[float]] = field(default_factory=lambda: defaultdict(list))
    errors: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))
    events: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    finished: list[tuple[float, str, float]] = field(default_factory=list)  # (monotonic time, kind, latency)
    lock: threading.Lock = field(default_factory=threading.Lock)
    cpu: dict[str, float] = field(default_factory=dict)
    started: float = 0.0

    def count(self, event: str) -> None:
        with self.lock:
            self.events[event] += 1

    def add(self, kind: str, elapsed_s: float, error: str | None) -> None:
        with self.lock:
            self.latencies_s[kind].append(elapsed_s)
            self.finished.append((time.monotonic(), kind, elapsed_s))
            if error:
                self.errors[kind].append(error)


class Scenario:
    """One user's requests, drawn from the mix. With a home municipality (the default, `--spread` off) a user is
    a politician before a meeting: their own municipality's profile (mostly as it opens, sometimes in another
    unit or with other peers), their region, comparisons with neighbours, maps and exports of their own
    figures. With `spread`, every request names a random municipality and random parameters: nearly every page
    render misses the caches (the worst case, as right after `etl run`). Parameters are ones every page accepts,
    read from the warehouse."""

    def __init__(self, combos: dict, dependencies: list[dict], rng: random.Random, spread: bool) -> None:
        self.combos = combos
        self.dependencies = dependencies
        self.rng = rng
        self.spread = spread
        self.home = str(rng.choice(combos["municipalities"]))
        self.neighbours = rng.sample([c for c in combos["municipalities"] if c != self.home], 2)
        self.kinds = [k for k, _ in MIX]
        self.weights = [w for _, w in MIX]
        self.makers: dict[str, Callable[[], Request]] = {
            "profile": self._profile,
            "compare": self._compare,
            "map": self._map,
            "region": self._region,
            "control": self._control,
            "page html": self._html,
            "export csv": self._csv,
            "export png": self._png,
        }

    def next(self) -> Request:
        return self.makers[self.rng.choices(self.kinds, self.weights)[0]]()

    def _code(self) -> str:
        return str(self.rng.choice(self.combos["municipalities"])) if self.spread else self.home

    def _varied(self) -> bool:
        """Whether this request changes a control from its default (always when spread)."""
        return self.spread or self.rng.random() < 0.3

    def _indicator(self) -> str:
        return str(self.rng.choice(self.combos["indicators"]))

    def _measure(self, indicator: str) -> str:
        return str(self.rng.choice(self.combos["measures"][indicator]))

    def _profile(self) -> Request:
        search = ""
        if self._varied():
            search = (
                f"?measure={self.rng.choice(['per_capita', 'count', 'index'])}"
                f"&peers={self.rng.choice(['region', 'size'])}"
            )
        return Request(PAGE_CALLBACK, "POST", UPDATE, router_payload(f"/kommune/{self._code()}", search), True)

    def _compare(self) -> Request:
        indicator = self._indicator()
        others = self.rng.sample(self.combos["municipalities"], 2) if self.spread else self.neighbours
        areas = ",".join([self._code(), *others])
        search = f"?indicator={indicator}&areas={areas}"
        if self._varied():
            search += f"&measure={self._measure(indicator)}"
        return Request(PAGE_CALLBACK, "POST", UPDATE, router_payload("/sammenlign", search), True)

    def _map(self) -> Request:
        indicator = self._indicator()
        search = f"?indicator={indicator}"
        if self._varied():
            search += f"&measure={self._measure(indicator)}&period={self.rng.choice(self.combos['periods'][indicator])}"
        return Request(PAGE_CALLBACK, "POST", UPDATE, router_payload("/kort", search), True)

    def _region(self) -> Request:
        indicator = self._indicator()
        region = self.rng.choice(self.combos["regions"]) if self.spread else self.combos["region_of"][self.home]
        search = f"?indicator={indicator}" + (f"&measure={self._measure(indicator)}" if self._varied() else "")
        return Request(PAGE_CALLBACK, "POST", UPDATE, router_payload(f"/region/{region}", search), True)

    def _control(self) -> Request:
        code = self._code()
        measure = str(self.rng.choice(["per_capita", "count", "index"]))
        body = callback_payload(
            self.dependencies,
            {
                "profile-municipality.value": code,
                "profile-measure.value": measure,
                "profile-peers.value": "region",
                "profile-areas.value": [],
                "profile-base.value": None,
            },
            "profile-measure.value",
            {"_pages_location.search": "", "_pages_location.pathname": f"/kommune/{code}"},
        )
        return Request("control", "POST", UPDATE, body)

    def _html(self) -> Request:
        return Request("page html", "GET", f"/kommune/{self._code()}")

    def _csv(self) -> Request:
        indicator = self._indicator()
        if self.rng.random() < 0.5:
            return Request("export csv", "GET", f"/data/{indicator}.csv")
        return Request("export csv", "GET", f"/export/kommune/{self._code()}/{indicator}.csv")

    def _png(self) -> Request:
        return Request("export png", "GET", f"/export/kommune/{self._code()}/{self._indicator()}.png")


def user(base: str, scenario: Scenario, results: Results, deadline: float, think_s: float) -> None:
    session = requests.Session()
    session.headers["Content-Type"] = "application/json"
    idle_since = time.monotonic()
    while time.monotonic() < deadline:
        req = scenario.next()
        start = time.perf_counter()
        error = None
        try:
            try:
                response = session.request(req.method, base + req.path, data=req.body, timeout=60)
            except requests.ConnectionError:
                # As browsers do: a kept-alive connection the server closed while the user was reading is
                # retried once on a new connection. Only after an idle pause longer than gunicorn's keepalive.
                if time.monotonic() - idle_since < KEEPALIVE_S:
                    raise
                results.count("retried after an idle keep-alive close")
                session.close()
                response = session.request(req.method, base + req.path, data=req.body, timeout=60)
            body = response.content
            if response.status_code != 200:
                error = f"HTTP {response.status_code} {req.method} {req.path}"
            elif req.expect_page and NOT_FOUND_MARK in body:
                error = f"not-found page for {json.loads(req.body or b'{}')['inputs']}"
        except requests.RequestException as exc:
            error = f"{type(exc).__name__} {req.method} {req.path}: {str(exc)[:160]}"
        results.add(req.kind, time.perf_counter() - start, error)
        idle_since = time.monotonic()
        if think_s > 0:  # reading the page; a user does not start reading past the end of the run
            time.sleep(max(0.0, min(scenario.rng.expovariate(1 / think_s), 10 * think_s, deadline - time.monotonic())))
    session.close()


# ---------------------------------------------------------------------------------------------------------------
# Server and memory
# ---------------------------------------------------------------------------------------------------------------


def start_server(db: Path, port: int, workers: int | None, log: Path, env: dict[str, str]) -> subprocess.Popen:
    """gunicorn with the dashboard's own settings (dashboard/gunicorn_conf.py, as `dashboard` and Docker use them)
    on bench/load_app.py: the production app plus the empty callback the run's floor is measured with."""
    command = [sys.executable, "-m", "gunicorn", "--config", "python:dashboard.gunicorn_conf"]
    command += ["--bind", f"{HOST}:{port}", *(["--workers", str(workers)] if workers else []), "bench.load_app:server"]
    with log.open("wb") as out:
        return subprocess.Popen(
            command, cwd=ROOT, stdout=out, stderr=subprocess.STDOUT, env={**env, "SOCIALTAL_DB": str(db)}
        )


def probe_floor(base: str, payload: bytes, results: Results, deadline: float) -> None:
    """The empty callback, sent every FLOOR_INTERVAL_S by one more client while the users run: what any callback
    costs on this server under this load, the floor page callbacks are compared with."""
    session = requests.Session()
    while time.monotonic() < deadline:
        started = time.perf_counter()
        try:
            answer = session.post(base + UPDATE, data=payload, headers={"Content-Type": "application/json"}, timeout=60)
            error = None if answer.status_code == 200 else f"HTTP {answer.status_code}"
        except requests.RequestException as exc:
            error = type(exc).__name__
        results.add(EMPTY_CALLBACK, time.perf_counter() - started, error)
        time.sleep(FLOOR_INTERVAL_S)


def warm_renders(db: Path, env: dict[str, str]) -> float:
    """`dashboard warm`, as after each `etl run` in production: the default views into the shared cache."""
    started = time.monotonic()
    subprocess.run(
        [str(ROOT / ".venv" / "bin" / "dashboard"), "warm", "--db", str(db)],
        cwd=ROOT,
        env=env,
        check=True,
        capture_output=True,
    )
    return time.monotonic() - started


def descendants(pid: int) -> list[int]:
    """pid and every process below it (gunicorn master → workers → their image Chromium)."""
    try:
        return [pid, *(child.pid for child in psutil.Process(pid).children(recursive=True))]
    except psutil.Error:  # the server has gone
        return [pid]


def pss_mb(pid: int) -> float:
    """Proportional set size: shared pages (forked workers, Chromium's processes) split between their users,
    so a sum over processes is the memory they take together (a sum of RSS would count shared pages twice)."""
    try:
        return float(psutil.Process(pid).memory_full_info().pss) / 2**20
    except psutil.Error:
        return 0.0


def sample_memory(
    master: int, stop_event: threading.Event, samples: list[tuple[float, float, float]], interval_s: float = 1.0
) -> None:
    """(seconds since start, MB of all server processes, MB of the gunicorn workers alone)."""
    start = time.monotonic()
    while not stop_event.wait(interval_s):
        tree = descendants(master)
        workers = [p for p in tree if _parent(p) == master]
        samples.append((time.monotonic() - start, sum(pss_mb(p) for p in tree), sum(pss_mb(p) for p in workers)))


def cpu_seconds(pids: list[int]) -> float:
    """User + system CPU time of processes (and their reaped children)."""
    total = 0.0
    for pid in pids:
        with contextlib.suppress(psutil.Error):
            times = psutil.Process(pid).cpu_times()
            total += times.user + times.system + times.children_user + times.children_system
    return total


def cpu_split(pids: list[int]) -> dict[str, float]:
    """CPU seconds of the server's processes by kind: the dashboard's Python (gunicorn master and workers) and
    the headless Chromium that draws the image exports (routes/image_browser.py)."""
    split: dict[str, float] = defaultdict(float)
    for pid in pids:
        with contextlib.suppress(psutil.Error):
            kind = "chromium" if "chrom" in psutil.Process(pid).name() else "dashboard"
            split[kind] += cpu_seconds([pid])
    return split


def machine_yardstick_ms(db: Path, municipalities: list[int]) -> float:
    """Milliseconds this machine takes to draw one municipality's profile in-process (median of five, no cache):
    the load figures scale with it, so runs on shared machines, whose speed varies from day to day, are compared
    on it. A pure-Python loop was tried first and missed a 2.5× day-to-day difference this workload showed."""
    from dashboard.app import create_app  # only here: the server under test runs in its own processes

    client = create_app(db).server.test_client()
    codes = [str(code) for code in municipalities[:6]]
    timings = []
    for code in codes:
        started = time.perf_counter()
        response = client.post(
            UPDATE, data=router_payload(f"/kommune/{code}", ""), headers={"Content-Type": "application/json"}
        )
        timings.append(time.perf_counter() - started)
        if response.status_code != 200:
            raise SystemExit(f"yardstick render of /kommune/{code}: HTTP {response.status_code}")
    return statistics.median(timings[1:]) * 1000  # the first pays for opening the warehouse


def _parent(pid: int) -> int:
    try:
        return psutil.Process(pid).ppid()
    except psutil.Error:
        return -1


# ---------------------------------------------------------------------------------------------------------------
# Report
# ---------------------------------------------------------------------------------------------------------------


def percentile(values: list[float], q: float) -> float:
    return statistics.quantiles(values, n=100, method="inclusive")[q - 1] if len(values) > 1 else values[0]


def report(
    results: Results,
    duration_s: float,
    samples: list[tuple[float, float, float]],
    args: argparse.Namespace,
    workers: int,
) -> None:
    total = sum(len(v) for v in results.latencies_s.values())
    errors = sum(len(v) for v in results.errors.values())
    scenario = "spread (random municipality and parameters)" if args.spread else "home municipality per user"
    print(
        f"\n{args.users} users ({scenario}, {args.spawn_rate:g} started a second), {duration_s:.0f} s, "
        f"think {args.think} s, gunicorn workers {workers}, "
        f"{os.cpu_count()} cores, loopback"
    )
    print(
        f"machine yardstick: one profile page drawn in {args.yardstick_ms:.0f} ms in-process, uncached "
        "(figures scale with it: compare runs on shared machines by it)"
    )
    print(f"{'kind':<15} {'requests':>8} {'errors':>6} {'p50 ms':>8} {'p95 ms':>8} {'p99 ms':>8} {'max ms':>8}")
    kinds = [PAGE_CALLBACK, EMPTY_CALLBACK]
    kinds += [k for k in sorted(results.latencies_s) if k not in (PAGE_CALLBACK, EMPTY_CALLBACK)]
    for kind in kinds:
        values = results.latencies_s.get(kind, [])
        if not values:
            continue
        print(
            f"{kind:<15} {len(values):>8} {len(results.errors.get(kind, [])):>6} "
            f"{percentile(values, 50) * 1000:>8.0f} {percentile(values, 95) * 1000:>8.0f} "
            f"{percentile(values, 99) * 1000:>8.0f} {max(values) * 1000:>8.0f}"
        )
    everything = [v for values in results.latencies_s.values() for v in values]
    print(
        f"{'all':<15} {total:>8} {errors:>6} {percentile(everything, 50) * 1000:>8.0f} "
        f"{percentile(everything, 95) * 1000:>8.0f} {percentile(everything, 99) * 1000:>8.0f}"
    )
    print(f"throughput {total / duration_s:.1f} requests/s; errors {errors} ({errors / max(total, 1):.2%})")
    windows: dict[int, list[float]] = defaultdict(list)
    for at, kind, latency in results.finished:
        if kind == PAGE_CALLBACK:
            windows[int((at - results.started) // 10)].append(latency)
    print(
        "page callbacks p95 per 10 s: "
        + "  ".join(f"{w * 10}s:{percentile(v, 95) * 1000:.0f}ms" for w, v in sorted(windows.items()) if v)
    )
    for event, n in results.events.items():
        print(f"  {event}: {n}")
    if results.cpu:
        client_s, cores = results.cpu["client"], os.cpu_count() or 1
        dashboard_s, chromium_s = results.cpu.get("dashboard", 0.0), results.cpu.get("chromium", 0.0)
        server_s = dashboard_s + chromium_s
        busy = (server_s + client_s) / (duration_s * cores)
        print(
            f"CPU: server {server_s:.0f} s (dashboard {dashboard_s:.0f} s, Chromium for image export "
            f"{chromium_s:.0f} s), this client {client_s:.0f} s in {duration_s:.0f} s on {cores} cores "
            f"({busy:.0%} busy); server CPU per request {server_s / max(total, 1) * 1000:.0f} ms"
        )
    for kind, messages in results.errors.items():
        for message in sorted(set(messages))[:5]:
            print(f"  error [{kind}] {message}")
    if samples:
        settle = [s for s in samples if s[0] >= min(10.0, duration_s / 4)] or samples
        first, last = settle[: max(1, len(settle) // 10)], settle[-max(1, len(settle) // 10) :]
        start_mb, end_mb = statistics.mean(s[1] for s in first), statistics.mean(s[1] for s in last)
        print(
            f"memory (PSS, all server processes): {start_mb:.0f} MB after warm-up → {end_mb:.0f} MB at the end "
            f"({end_mb - start_mb:+.0f} MB, {(end_mb - start_mb) / start_mb:+.1%}); peak "
            f"{max(s[1] for s in samples):.0f} MB; workers alone {settle[0][2]:.0f} → {settle[-1][2]:.0f} MB"
        )
        step = max(1, len(samples) // 12)
        print("memory curve (s: MB) " + "  ".join(f"{s[0]:.0f}:{s[1]:.0f}" for s in samples[::step]))
    p95_pages = percentile(results.latencies_s[PAGE_CALLBACK], 95) if results.latencies_s[PAGE_CALLBACK] else 0
    floor = results.latencies_s.get(EMPTY_CALLBACK) or [float("nan")]
    p95_floor = percentile(floor, 95)
    print(
        f"\npage callbacks p95 {p95_pages * 1000:.0f} ms = {p95_pages / p95_floor:.1f}x the empty callback's p95 "
        f"{p95_floor * 1000:.0f} ms in this run (target <= {TARGET_FLOOR_RATIO:.0f}x) "
        f"= {p95_pages * 1000 / args.yardstick_ms:.1f} yardsticks; errors {errors} (target 0)"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--duration", type=float, default=60.0, help="seconds of load")
    parser.add_argument("--think", type=float, default=3.0, help="mean pause between a user's requests, s")
    parser.add_argument("--workers", type=int, help="gunicorn workers (default: the dashboard's own default)")
    parser.add_argument(
        "--spawn-rate",
        type=float,
        default=10.0,
        help="users started per second (0: all at once); locust's --spawn-rate",
    )
    parser.add_argument("--warmup", type=float, default=5.0, help="seconds of light load before measuring")
    parser.add_argument("--db", type=Path, help="an existing warehouse (default: a fresh demo warehouse)")
    parser.add_argument(
        "--spread",
        action="store_true",
        help="every request a random municipality and random parameters (worst case for caches)",
    )
    parser.add_argument(
        "--cold", action="store_true", help="no `dashboard warm` before the load: every first view is drawn under load"
    )
    parser.add_argument("--seed", type=int, default=5)
    args = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="socialtal-load-") as tmp:
        db = args.db or Path(tmp) / "demo.duckdb"
        if not args.db:
            build_demo_warehouse(db)
        combos = valid_combinations(db)
        areas = Warehouse(db).query("areas_list")
        combos["region_of"] = dict(zip(areas["area_code"], areas["region_code"], strict=True))
        args.yardstick_ms = machine_yardstick_ms(db, combos["municipalities"])
        port = free_port()
        base = f"http://{HOST}:{port}"
        log = Path(tmp) / "server.log"
        # A fresh render cache for this run; warmed explicitly below (not in the background during the load).
        env = {**os.environ, "SOCIALTAL_RENDER_CACHE": str(Path(tmp) / "renders"), "SOCIALTAL_WARM": "0"}
        warmed_s = None if args.cold else warm_renders(db, env)
        proc = start_server(db, port, args.workers, log, env)
        try:
            wait_healthy(base, proc, log)
            dependencies = requests.get(f"{base}/_dash-dependencies", timeout=30).json()
            ping_payload = callback_payload(dependencies, {f"{PING_IN}.data": 1}, f"{PING_IN}.data")

            def scenarios(n: int, seed: int) -> list[Scenario]:
                return [Scenario(combos, dependencies, random.Random(seed * 1000 + i), args.spread) for i in range(n)]

            # A short warm-up (a few users): imports, first connections and Chromium start-up are not the load.
            _drive(base, scenarios(min(4, args.users), args.seed + 1), Results(), args.warmup, 0.0)
            samples: list[tuple[float, float, float]] = []
            stop_sampling = threading.Event()
            sampler = threading.Thread(target=sample_memory, args=(proc.pid, stop_sampling, samples), daemon=True)
            sampler.start()
            results = Results()
            started = time.monotonic()
            server_cpu_before, client_cpu_before = cpu_split(descendants(proc.pid)), time.process_time()
            floor = threading.Thread(
                target=probe_floor,
                args=(base, ping_payload, results, time.monotonic() + args.duration),
                daemon=True,
            )
            floor.start()
            _drive(base, scenarios(args.users, args.seed), results, args.duration, args.think, args.spawn_rate)
            floor.join()
            results.started = started
            duration_s = time.monotonic() - started
            server_cpu = cpu_split(descendants(proc.pid))
            results.cpu = {kind: server_cpu[kind] - server_cpu_before.get(kind, 0.0) for kind in server_cpu}
            results.cpu["client"] = time.process_time() - client_cpu_before
            stop_sampling.set()
            sampler.join()
            workers = len([p for p in descendants(proc.pid) if _parent(p) == proc.pid])
            alive = proc.poll() is None and requests.get(f"{base}/healthz", timeout=10).status_code == 200
            report(results, duration_s, samples, args, workers)
            print(
                "render cache: "
                + (
                    "cold (not warmed)"
                    if warmed_s is None
                    else f"warmed with `dashboard warm` before the load ({warmed_s:.0f} s)"
                )
            )
            print(f"server still up after the run: {'yes' if alive else 'NO'}")
        finally:
            stop(proc)


def _drive(
    base: str, users: list[Scenario], results: Results, duration_s: float, think_s: float, spawn_rate: float = 0.0
) -> None:
    """Run the users until the deadline; with a spawn rate, users start that many a second (as locust does)."""
    deadline = time.monotonic() + duration_s
    threads = [
        threading.Thread(target=user, args=(base, scenario, results, deadline, think_s), daemon=True)
        for scenario in users
    ]
    for thread in threads:
        thread.start()
        if spawn_rate > 0:
            time.sleep(1 / spawn_rate)
    for thread in threads:
        thread.join()


if __name__ == "__main__":
    main()
