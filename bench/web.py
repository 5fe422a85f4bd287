"""Web benchmark: the dashboard under gunicorn on loopback (1 worker, 4 threads, as `dashboard` starts it) on a
fresh demo warehouse, driven by concurrent clients POSTing the browser's own callback payloads to
/_dash-update-component. Every page callback is measured against an empty Dash callback on the same server in
the same run (bench/web_app.py adds it).

Prints figures and ratios, not verdicts. Targets (issue): the heaviest callback's p95 at most 2x the empty
callback's p95 (compared on warm callbacks, the repeated view most users hit); first page load (HTML + assets +
initial callback responses) at most 1 MB for any page and 600 KB for an embed (issue 12), and a repeat visit that
fetches no fingerprinted file again; one worker's memory under 300 MB.

  warm       the same request over and over: the layout comes from the layout cache (app.cached_layout)
  cold-ish   a URL not rendered before in the run for every request (a parameter cycles, e.g. the 98
             municipality codes): a layout-cache miss, as on the first view after `etl run`, with the query
             cache already warm
  url        a control's callback writing the URL (one input changed, as a person changes one control)

Each callback runs as a phase in which all clients send it at once; phases are split into rounds and shuffled
within each round, so drift on a shared machine hits every callback alike. Requests per client are sized from
a short serial calibration so that a phase takes about --budget seconds (between --min and --max per client).

    .venv/bin/python bench/web.py [--clients 20] [--budget 5] [--max 40] [--min 2] [--rounds 4]
                                  [--off query,derived,layout,render] [--db WAREHOUSE] [--first-load-only]

--first-load-only measures the first page loads and the repeat visit alone (no callback load, no memory figure).

--off switches cache layers off in the benchmarked app only (bench/web_app.py, through $SOCIALTAL_BENCH_OFF), to
see what each pays: query (Warehouse's DataFrames), derived (selectors' values), layout (app.cached_layout),
render (render_cache's answers as sent, compressed, and its single flight). Assets stay compressed once.
"""

from __future__ import annotations

import argparse
import contextlib
import itertools
import json
import os
import random
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

import psutil
import requests

ROOT = Path(__file__).resolve().parents[1]
# bench/ holds etl.py, named like the package: keep this folder off the path so nothing imports it by accident.
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != Path(__file__).resolve().parent]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from dashboard.core.measures import available_measures  # noqa: E402
from dashboard.pages import profile, region  # noqa: E402
from dashboard.ui.deferred import NEAR_TYPE, part_request  # noqa: E402
from dashboard.warehouse import selectors as ctx  # noqa: E402
from dashboard.warehouse.queries import Warehouse  # noqa: E402
from dashboard.web.render_cache import router_request  # noqa: E402

OFF_ENV = "SOCIALTAL_BENCH_OFF"  # read by bench/web_app.py only
LAYERS = ("query", "derived", "layout", "render")

HOST = "127.0.0.1"
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
UPDATE = "/_dash-update-component"
NOT_FOUND_MARK = b'"page-not-found"'  # the id of the friendly 404 page (dashboard.ui.components.NOT_FOUND_ID)
CALIBRATION_COLD = 3  # serial requests of a cold-ish case before its load
TARGET_RATIO = 2.0
TARGET_PAGE_MB = 1.0  # issue 12: any page's first load, encoded
TARGET_EMBED_MB = 0.6
TARGET_WORKER_MB = 300.0

WARM_PAGES = (  # (label, pathname, search)
    ("/", "/", ""),
    ("/kommune/101", "/kommune/101", ""),
    ("/kommune/825?measure=index&peers=size", "/kommune/825", "?measure=index&peers=size"),
    ("/sammenlign?indicator=adults_sel108&areas=101,147", "/sammenlign", "?indicator=adults_sel108&areas=101,147"),
    ("/kort", "/kort", ""),
    ("/region/081", "/region/081", ""),
    ("/om-data", "/om-data", ""),
)
PAGE_LOADS = (
    "/",
    "/kommune/101",
    "/sammenlign",
    "/kort",
    "/region/082",
    "/om-data",
    "/embed/kommune/101/children_placed",
    "/embed/view?page=%2Fkort&chart=map-figure",  # an embedded map: the bundle with the map's trace types
)
REPEAT_VISIT = ("/kommune/101", "/kommune/751")  # a second page in the same browser: what still goes to the server
FINGERPRINTED = re.compile(r"\?m=[0-9.]+|\.v[0-9_]+m[0-9]+\.|_favicon\.ico\?v=")
BROWSER_METHOD = "Chromium via playwright: encoded response bodies, empty cache, until network idle"
REQUESTS_METHOD = "fallback, requests: the HTML, its scripts and CSS, the router callback; no lazy chunks"


# ---------------------------------------------------------------------------------------------------------------
# Payloads: the JSON the Dash renderer POSTs (shapes captured from Chromium on this app)
# ---------------------------------------------------------------------------------------------------------------


def router_payload(pathname: str, search: str) -> bytes:
    return json.dumps(router_request(pathname, search)).encode()


PROFILE_PARTS = (profile.BUDGET_PART, *profile.TOPICS)
REGION_PARTS = region.PARTS


def part_payload(page: str, part: str, view: str) -> bytes:
    """The request for a deferred part, as assets/deferred_parts.js makes the browser send it."""
    return json.dumps(part_request({"type": NEAR_TYPE, "page": page, "part": part, "view": view})).encode()


def callback_payload(
    dependencies: list[dict], inputs: dict[str, object], changed: str, state: dict[str, object] | None = None
) -> bytes:
    """The payload of the single-output callback whose inputs are exactly `inputs` ("id.prop" -> value), with
    ONE changed input; the output (with Dash's allow_duplicate hash) is read from /_dash-dependencies."""
    wanted = list(inputs)
    for dep in dependencies:
        if [f"{i['id']}.{i['property']}" for i in dep["inputs"]] == wanted:
            break
    else:
        raise LookupError(f"no callback with inputs {wanted}")
    out_id, out_prop = dep["output"].split(".", 1)
    body: dict[str, object] = {
        "output": dep["output"],
        "outputs": {"id": out_id, "property": out_prop},
        "inputs": [
            {"id": i["id"], "property": i["property"], "value": inputs[f"{i['id']}.{i['property']}"]}
            for i in dep["inputs"]
        ],
        "changedPropIds": [changed],
        "parsedChangedPropsIds": [changed],
    }
    if dep["state"]:
        state = state or {}
        body["state"] = [
            {"id": s["id"], "property": s["property"], "value": state.get(f"{s['id']}.{s['property']}")}
            for s in dep["state"]
        ]
    return json.dumps(body).encode()


class Cycle:
    """Payloads handed out in a fixed cycle, shared by all clients (thread-safe). A cold-ish case makes at most
    `size` requests of its cycle (calibrate), so no address comes twice: every request misses every cache of
    renders (the layout cache, and the render cache, whose 16 MB in memory hold thousands of answers)."""

    def __init__(self, payloads: list[bytes]) -> None:
        self.size = len(payloads)
        self._it = itertools.cycle(payloads)
        self._lock = threading.Lock()

    def __call__(self) -> bytes:
        with self._lock:
            return next(self._it)


@dataclass
class Case:
    name: str
    group: str  # baseline | warm | cold-ish | url
    next_payload: Callable[[], bytes]
    expect_page: bool = False  # a router render: the friendly 404 page counts as an error
    serial_s: float = 0.0
    per_client: int = 0
    latencies: list[float] = field(default_factory=list)
    sizes: list[int] = field(default_factory=list)
    errors: int = 0


def fixed(payload: bytes) -> Callable[[], bytes]:
    return lambda: payload


def valid_combinations(db: Path) -> dict[str, list]:
    """Parameters every page accepts (indicators with municipal figures, their measures and periods), read
    from the warehouse with the dashboard's own helpers, so cold-ish URLs render pages, not the 404 page."""
    warehouse = Warehouse(db)
    cat = ctx.catalogue(warehouse)
    areas = ctx.areas(warehouse)
    indicators, measures, periods = [], {}, {}
    for indicator_id in cat.index:
        frame = warehouse.query("indicator_values_with_denominator", indicator_id=indicator_id)
        if cat.loc[indicator_id, "topic"] == "population" or not (frame["area_level"] == "kommune").any():
            continue
        indicators.append(indicator_id)
        measures[indicator_id] = available_measures(ctx.indicator_info(warehouse, indicator_id))
        periods[indicator_id] = ctx.periods(frame)
    return {
        "indicators": indicators,
        "measures": measures,
        "periods": periods,
        "municipalities": sorted(areas.loc[areas["area_level"] == "kommune", "area_code"]),
        "regions": sorted(areas.loc[areas["area_level"] == "region", "area_code"]),
    }


def build_cases(dependencies: list[dict], combos: dict[str, list]) -> list[Case]:
    munis, regions, indicators = combos["municipalities"], combos["regions"], combos["indicators"]
    ping_value = itertools.count()
    cases = [
        Case(
            "empty callback",
            "baseline",
            lambda: callback_payload(dependencies, {"bench-ping-in.data": next(ping_value)}, "bench-ping-in.data"),
        )
    ]
    cases += [
        Case(f"router {label}", "warm", fixed(router_payload(path, search)), expect_page=True)
        for label, path, search in WARM_PAGES
    ]

    def period_filler(path: str) -> list[bytes]:  # pages without parameters: an ignored one forces a miss
        return [router_payload(path, f"?period={year}") for year in range(1000, 3000)]

    kommune = [
        router_payload(f"/kommune/{code}", f"?measure={m}&peers={p}")
        for m in ("per_capita", "count", "index", "share")
        for p in ("region", "size", "group")
        for code in munis
    ]
    compare = [
        router_payload("/sammenlign", f"?indicator=adults_sel108&measure={m}&areas=101,{code}&lang={lang}")
        for lang in ("da", "en")
        for m in ("per_capita", "count", "index", "share")
        for code in munis
        if code != "101"
    ]
    kort = [
        router_payload("/kort", f"?indicator={i}&measure={m}&period={p}")
        for m in ("per_capita", "count")
        for i in indicators
        for p in combos["periods"][i]
        if m in combos["measures"][i]
    ]
    region = [
        router_payload(f"/region/{r}", f"?indicator={i}&measure={m}&lang={lang}")
        for lang in ("da", "en")
        for i in indicators
        for m in combos["measures"][i]
        for r in regions
    ]
    cold = (
        ("/ (?period=N, ignored)", period_filler("/")),
        ("/kommune/<98 codes>?measure&peers", kommune),
        ("/sammenlign?areas=101,<code>&measure", compare),
        ("/kort?indicator&measure&period", kort),
        ("/region/<5 codes>?indicator&measure", region),
        ("/om-data (?period=N, ignored)", period_filler("/om-data")),
    )
    # the parts below the fold, drawn as a reader scrolls to them (dashboard/ui/deferred.py): a new view's parts
    profile_parts = [
        part_payload("profile", part, f"/kommune/{code}?measure={m}&peers={p}")
        for m in ("per_capita", "count", "index", "share")
        for p in ("region", "size", "group")
        for code in munis
        for part in PROFILE_PARTS
    ]
    region_parts = [
        part_payload("region", part, f"/region/{r}?indicator={i}&measure={m}")
        for i in indicators
        for m in combos["measures"][i]
        for r in regions
        for part in REGION_PARTS
    ]
    for label, payloads in (
        ("/kommune/<98 codes>?measure&peers: its 5 parts", profile_parts),
        ("/region/<5 codes>?indicator&measure: its 4 parts", region_parts),
    ):
        cases.append(Case(f"part {label}", "cold-ish", Cycle(payloads)))
    for label, payloads in cold:
        cases.append(Case(f"router {label}", "cold-ish", Cycle(payloads), expect_page=True))

    last_year = int(combos["periods"]["children_placed"][-1][:4])
    url = (
        (
            "overview go_to_profile",
            {"overview-municipality.value": "147", "overview-lang.data": "da"},
            "overview-municipality.value",
            None,
        ),
        (
            "profile update_url",
            {
                "profile-municipality.value": "101",
                "profile-measure.value": "index",
                "profile-peers.value": "region",
                "profile-areas.value": [],
                "profile-base.value": None,
            },
            "profile-measure.value",
            {"_pages_location.search": "", "_pages_location.pathname": "/kommune/101"},
        ),
        (
            "compare update_url",
            {
                "compare-indicator.value": "adults_sel108",
                "compare-measure.value": "per_capita",
                "compare-period.value": combos["periods"]["adults_sel108"][-1],
                "compare-areas.value": ["101", "147", "751"],
            },
            "compare-areas.value",
            {"_pages_location.search": "?indicator=adults_sel108&areas=101,147"},
        ),
        (
            "map update_url",
            {
                "map-indicator.value": "children_placed",
                "map-measure.value": "per_capita",
                "map-year.value": last_year - 2,
                "map-areas.value": ["791"],
            },
            "map-year.value",
            {"_pages_location.search": ""},
        ),
        (
            "map open_profile",
            {"map-figure.clickData": {"points": [{"customdata": "825"}]}},
            "map-figure.clickData",
            {"_pages_location.search": ""},
        ),
        (
            "region change_indicator",
            {"region-indicator.value": "adults_sel108", "region-measure.value": "per_capita"},
            "region-indicator.value",
            {
                "region-region.value": "081",
                "_pages_location.search": "",
                "_pages_location.pathname": "/region/081",
            },
        ),
    )
    cases += [
        Case(name, "url", fixed(callback_payload(dependencies, inputs, changed, state)))
        for name, inputs, changed, state in url
    ]
    return cases


# ---------------------------------------------------------------------------------------------------------------
# Server
# ---------------------------------------------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as s:
        s.bind((HOST, 0))
        return s.getsockname()[1]


def build_demo_warehouse(db: Path) -> None:
    subprocess.run(
        [str(ROOT / ".venv" / "bin" / "etl"), "run", "--demo", "--db", str(db)],
        check=True,
        capture_output=True,
        cwd=ROOT,
    )


def start_gunicorn(db: Path, port: int, log: Path, off: tuple[str, ...] = ()) -> subprocess.Popen:
    """gunicorn as `dashboard` configures it (dashboard/gunicorn_conf.py: its settings and hooks), with 1 worker of
    4 threads never recycled (so its memory is the run's), on bench/web_app.py; run from the project root as
    `bench.web_app`, so bench/ itself (with etl.py) is not on the worker's path."""
    env = {**os.environ, "SOCIALTAL_DB": str(db), OFF_ENV: ",".join(off)}
    with log.open("wb") as out:
        return subprocess.Popen(
            [
                sys.executable,
                "-m",
                "gunicorn",
                "--config",
                "python:dashboard.gunicorn_conf",  # the dashboard's own settings and hooks; the flags below win
                "--bind",
                f"{HOST}:{port}",
                "--workers",
                "1",
                "--threads",
                "4",
                "--timeout",
                "60",
                "--max-requests",
                "0",
                "bench.web_app:server",
            ],
            cwd=ROOT,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
        )


def wait_healthy(base: str, proc: subprocess.Popen, log: Path, timeout_s: float = 60) -> None:
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"gunicorn exited:\n{log.read_text(errors='replace')[-3000:]}")
        # a worker still starting on a loaded machine may take longer than a probe's timeout: ask again
        with contextlib.suppress(requests.ConnectionError, requests.Timeout):
            if requests.get(f"{base}/healthz", timeout=5).status_code == 200:
                return
        time.sleep(0.2)
    raise RuntimeError(f"{base}/healthz did not answer within {timeout_s} s")


def stop(proc: subprocess.Popen) -> None:
    if proc.poll() is None:
        proc.terminate()
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(timeout=10)


def worker_pids(master: int) -> list[int]:
    try:
        return [child.pid for child in psutil.Process(master).children()]
    except psutil.Error:
        return []


class PhasePeaks:
    """The workers' highest VmRSS in each phase of the run, sampled every 0.2 s: which requests raise the peak."""

    def __init__(self, pids: list[int]) -> None:
        self.pids, self.peaks_mb, self._phase = pids, {}, ""
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._sample, daemon=True)
        self._thread.start()

    def phase(self, name: str) -> None:
        self._phase = name
        self.peaks_mb.setdefault(name, 0.0)

    def _sample(self) -> None:
        while not self._stop.wait(0.2):
            for pid in self.pids:
                with contextlib.suppress(OSError):
                    rss = memory_mb(pid)["VmRSS"]
                    if self._phase:
                        self.peaks_mb[self._phase] = max(self.peaks_mb.get(self._phase, 0.0), rss)

    def stop(self) -> None:
        self._stop.set()
        self._thread.join()


def memory_mb(pid: int) -> dict[str, float]:
    """VmRSS (now) and VmHWM (peak resident set) of a process, in MB. psutil has the first but not the peak,
    which only the kernel's own counter knows."""
    fields = {}
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        key, _, value = line.partition(":")
        if key in ("VmRSS", "VmHWM"):
            fields[key] = int(value.split()[0]) / 1024
    return fields


# ---------------------------------------------------------------------------------------------------------------
# Load
# ---------------------------------------------------------------------------------------------------------------


class Clients:
    def __init__(self, url: str, n: int) -> None:
        self.url = url
        self.n = n
        self.sessions = [requests.Session() for _ in range(n)]
        for s in self.sessions:
            s.headers["Content-Type"] = "application/json"
        self.pool = ThreadPoolExecutor(max_workers=n)

    def send(self, session: requests.Session, case: Case) -> None:
        payload = case.next_payload()
        start = time.perf_counter()
        response = session.post(self.url, data=payload, timeout=180)
        body = response.content
        elapsed = time.perf_counter() - start
        ok = response.status_code == 200 and not (case.expect_page and NOT_FOUND_MARK in body)
        case.latencies.append(elapsed)
        case.sizes.append(len(body))
        case.errors += not ok

    def serial(self, case: Case, n: int) -> float:
        times = []
        for _ in range(n):
            start = time.perf_counter()
            response = self.sessions[0].post(self.url, data=case.next_payload(), timeout=180)
            times.append(time.perf_counter() - start)
            if response.status_code != 200 or (case.expect_page and NOT_FOUND_MARK in response.content):
                raise RuntimeError(f"{case.name}: HTTP {response.status_code} or the not-found page in calibration")
        return statistics.median(times)

    def phase(self, case: Case, per_client: int) -> None:
        barrier = threading.Barrier(self.n)

        def client(i: int) -> None:
            barrier.wait()
            for _ in range(per_client):
                self.send(self.sessions[i], case)

        for future in [self.pool.submit(client, i) for i in range(self.n)]:
            future.result()

    def close(self) -> None:
        self.pool.shutdown()
        for s in self.sessions:
            s.close()


def calibrate(clients: Clients, cases: list[Case], args: argparse.Namespace) -> None:
    for case in cases:
        if case.group != "cold-ish":
            clients.serial(case, 1)  # the first render fills the layout cache; warm from here on
        case.serial_s = clients.serial(case, CALIBRATION_COLD if case.group == "cold-ish" else 5)
        case.per_client = max(args.min, min(args.max, int(args.budget / (case.serial_s * args.clients))))
        if isinstance(case.next_payload, Cycle):  # never an address twice (Cycle)
            unused = case.next_payload.size - CALIBRATION_COLD
            if unused < args.min * args.clients:
                raise ValueError(f"{case.name}: {case.next_payload.size} addresses are too few for a cold-ish phase")
            case.per_client = min(case.per_client, unused // args.clients)


def run_load(clients: Clients, cases: list[Case], rounds: int, seed: int) -> float:
    rng = random.Random(seed)
    start = time.perf_counter()
    for r in range(rounds):
        order = cases[:]
        rng.shuffle(order)
        for case in order:
            n = case.per_client // rounds + (1 if r < case.per_client % rounds else 0)
            if n:
                clients.phase(case, n)
    return time.perf_counter() - start


# ---------------------------------------------------------------------------------------------------------------
# First page load
# ---------------------------------------------------------------------------------------------------------------


def page_load_browser(base: str, paths: tuple[str, ...]) -> dict[str, dict]:
    """Every response of a first visit (fresh browser context, empty cache) until the network is idle:
    encoded body bytes as Chromium counts them."""
    from playwright.sync_api import sync_playwright

    results = {}
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            for path in paths:
                context = browser.new_context()
                page = context.new_page()
                seen: list = []
                page.on("requestfinished", lambda request, seen=seen: seen.append(request))
                page.goto(base + path, wait_until="networkidle", timeout=120_000)
                page.wait_for_selector(".js-plotly-plot, .ag-cell", timeout=60_000)
                page.wait_for_load_state("networkidle")
                rows = []
                for req in seen:
                    response = req.response()
                    encoding = response.headers.get("content-encoding", "") if response else ""
                    rows.append((req.url, req.sizes()["responseBodySize"], encoding))
                results[path] = summarise_load(base, rows)
                context.close()
        finally:
            browser.close()
    return results


def repeat_visit_browser(base: str) -> dict[str, list[str]]:
    """A second page opened in the browser that has just loaded the first: the fingerprinted files it still fetched
    from the server (should be none: they are kept, immutable) and everything else it fetched."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            context = browser.new_context()
            first = context.new_page()
            first.goto(base + REPEAT_VISIT[0], wait_until="networkidle", timeout=120_000)
            second = context.new_page()
            session = context.new_cdp_session(second)
            session.send("Network.enable")
            fetched: list[str] = []
            session.on(
                "Network.responseReceived",
                lambda e: None if e["response"].get("fromDiskCache") else fetched.append(e["response"]["url"]),
            )
            second.goto(base + REPEAT_VISIT[1], wait_until="networkidle", timeout=120_000)
            second.wait_for_selector(".js-plotly-plot", timeout=60_000)
        finally:
            browser.close()
    local = [url[len(base) :] for url in fetched if url.startswith(base)]  # not the sparklines' data: images
    return {
        "fingerprinted": [u for u in local if FINGERPRINTED.search(u)],
        "other": [u for u in local if not FINGERPRINTED.search(u)],
    }


def page_load_requests(base: str, paths: tuple[str, ...]) -> dict[str, dict]:
    """Fallback without a browser: the HTML, the scripts and stylesheets it names, /_dash-layout,
    /_dash-dependencies and the router callback. Misses what the renderer loads lazily (async chunks such as
    plotly.js) and the pages' own initial callbacks."""
    results = {}
    for path in paths:
        session = requests.Session()
        html = session.get(base + path, timeout=60)
        rows = [(html.url, len(html.content), html.headers.get("content-encoding", ""))]
        for ref in re.findall(r'(?:src|href)="(/[^"]+\.(?:js|css)[^"]*)"', html.text):
            r = session.get(base + ref, timeout=60)
            rows.append((r.url, len(r.content), r.headers.get("content-encoding", "")))
        for ref in ("/_dash-layout", "/_dash-dependencies"):
            r = session.get(base + ref, timeout=60)
            rows.append((r.url, len(r.content), r.headers.get("content-encoding", "")))
        pathname, _, query = path.partition("?")
        r = session.post(
            base + UPDATE,
            data=router_payload(pathname, f"?{query}" if query else ""),
            headers={"Content-Type": "application/json"},
            timeout=60,
        )
        rows.append((r.url, len(r.content), r.headers.get("content-encoding", "")))
        results[path] = summarise_load(base, rows)
    return results


def summarise_load(base: str, rows: list[tuple[str, int, str]]) -> dict:
    def kind(url: str) -> str:
        local = url[len(base) :] if url.startswith(base) else url
        if local.startswith(UPDATE):
            return "callbacks"
        if local.startswith(("/_dash-layout", "/_dash-dependencies")):
            return "dash json"
        if local.startswith(("/_dash-component-suites", "/assets", "/_favicon")):
            return "js/css/assets"
        return "html"

    by_kind: dict[str, int] = {}
    for url, size, _ in rows:
        by_kind[kind(url)] = by_kind.get(kind(url), 0) + max(size, 0)
    largest = sorted(rows, key=lambda r: -r[1])[:3]
    return {
        "total": sum(max(r[1], 0) for r in rows),
        "requests": len(rows),
        "by_kind": by_kind,
        "largest": [(u.split("?")[0].rsplit("/", 1)[-1], s) for u, s, _ in largest],
        "compressed": sum(1 for r in rows if r[2]),
    }


# ---------------------------------------------------------------------------------------------------------------
# Report
# ---------------------------------------------------------------------------------------------------------------


def p95(values: list[float]) -> float:
    return statistics.quantiles(values, n=100, method="inclusive")[94] if len(values) > 1 else values[0]


def report(
    cases: list[Case],
    loads: dict[str, dict],
    load_method: str,
    memory: dict[str, float],
    elapsed_s: float,
    args: argparse.Namespace,
    repeat: dict[str, list[str]] | None = None,
) -> None:
    empty = next(c for c in cases if c.group == "baseline")
    empty_p95 = p95(empty.latencies)
    total = sum(len(c.latencies) for c in cases)
    print(
        f"Web benchmark: gunicorn 1 worker x 4 threads on loopback, {args.clients} concurrent clients, "
        f"{os.cpu_count()} cores; {total} callback requests in {elapsed_s:.0f} s ({args.rounds} shuffled rounds)"
    )
    print(f"  cache layers off: {', '.join(args.off) or 'none'}")
    print("  latency per request under load (all clients sending that callback); 'serial' = one client alone")
    header = (
        f"\n  {'callback':<46} {'n':>5} {'p50 ms':>8} {'p95 ms':>8} {'p95/empty':>9} "
        f"{'serial ms':>9} {'KB':>7} {'err':>4}"
    )
    titles = {
        "baseline": "baseline",
        "warm": "page router, warm (repeated URL: layout cache hit)",
        "cold-ish": "page router and deferred parts, cold-ish (new URL or part each request: a render)",
        "url": "URL-writing callbacks (one control changed)",
    }
    for group, title in titles.items():
        print(f"\n  {title}{header if group == 'baseline' else ''}")
        for c in (c for c in cases if c.group == group):
            q95 = p95(c.latencies)
            print(
                f"  {c.name[:46]:<46} {len(c.latencies):5d} {1000 * statistics.median(c.latencies):8.1f} "
                f"{1000 * q95:8.1f} {q95 / empty_p95:8.1f}x {1000 * c.serial_s:9.1f} "
                f"{statistics.median(c.sizes) / 1024:7.0f} {c.errors:4d}"
            )
    for groups, target in ((("warm", "url"), f"(target <= {TARGET_RATIO:.0f}x)"), (("cold-ish",), "(for information)")):
        heaviest = max((c for c in cases if c.group in groups), key=lambda c: p95(c.latencies))
        q95 = p95(heaviest.latencies)
        print(
            f"\n  heaviest {groups[0] + ' callback':<20} {heaviest.name}: p95 {1000 * q95:.0f} ms "
            f"= {q95 / empty_p95:.1f}x the empty callback's {1000 * empty_p95:.1f} ms  {target}"
        )
    report_first_load(loads, load_method, repeat)
    print(
        f"\n  gunicorn worker memory: VmRSS {memory['VmRSS']:.0f} MB at the end, VmHWM (peak) "
        f"{memory['VmHWM']:.0f} MB = {memory['VmHWM'] / TARGET_WORKER_MB:.2f}x the {TARGET_WORKER_MB:.0f} MB "
        f"target"
    )
    print(f"  {'':<24}after {memory['misses']} renders of addresses not drawn before")
    print(
        f"  {'':<24}highest VmRSS by phase: "
        + ", ".join(f"{name} {mb:.0f} MB" for name, mb in memory.get("phases", {}).items())
    )


def report_first_load(loads: dict[str, dict], load_method: str, repeat: dict[str, list[str]] | None) -> None:
    print(f"\n  first page load ({load_method})")
    for path, load in loads.items():
        target_mb = TARGET_EMBED_MB if path.startswith("/embed/") else TARGET_PAGE_MB
        parts = ", ".join(f"{k} {v / 1e6:.2f}" for k, v in sorted(load["by_kind"].items(), key=lambda kv: -kv[1]))
        largest = ", ".join(f"{name} {size / 1e6:.2f}" for name, size in load["largest"])
        print(
            f"    {path[:14]:<14} {load['total'] / 1e6:6.3f} MB in {load['requests']} requests  "
            f"= {load['total'] / 1e6 / target_mb:.2f}x the {target_mb:.1f} MB target; "
            f"{load['compressed']} responses compressed"
        )
        print(f"    {'':<14} by kind (MB): {parts}")
        print(f"    {'':<14} largest (MB): {largest}")
    if repeat is not None:
        print(
            f"\n  repeat visit ({REPEAT_VISIT[0]} then {REPEAT_VISIT[1]} in the same browser): "
            f"{len(repeat['fingerprinted'])} fingerprinted files fetched again (target 0), "
            f"{len(repeat['other'])} other requests (the page, Dash's layout and callbacks, unversioned chunks)"
        )


def layers(text: str) -> tuple[str, ...]:
    named = tuple(layer.strip() for layer in text.split(",") if layer.strip())
    unknown = sorted(set(named) - set(LAYERS))
    if unknown:
        raise argparse.ArgumentTypeError(f"unknown layers {unknown}; known: {', '.join(LAYERS)}")
    return named


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--clients", type=int, default=20, help="concurrent clients (default %(default)s)")
    parser.add_argument(
        "--budget", type=float, default=5.0, help="about this many seconds per callback phase (default %(default)s)"
    )
    parser.add_argument("--max", type=int, default=40, help="at most this many requests per client per callback")
    parser.add_argument("--min", type=int, default=2, help="at least this many requests per client per callback")
    parser.add_argument("--rounds", type=int, default=4, help="shuffled rounds the requests are split into")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--db", type=Path, help="a copy of this warehouse instead of a freshly built demo one")
    parser.add_argument(
        "--off", type=layers, default=(), help=f"cache layers to switch off, comma-separated: {', '.join(LAYERS)}"
    )
    parser.add_argument(
        "--first-load-only", action="store_true", help="only the first page loads and the repeat visit, in Chromium"
    )
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="socialtal-bench-web-") as tmp:
        db, log = Path(tmp) / "bench.duckdb", Path(tmp) / "gunicorn.log"
        if args.db is not None:
            shutil.copy(args.db, db)
        else:
            build_demo_warehouse(db)
        combos = valid_combinations(db)
        port = free_port()
        base = f"http://{HOST}:{port}"
        server = start_gunicorn(db, port, log, args.off)
        clients = None
        try:
            wait_healthy(base, server, log)
            if args.first_load_only:
                print(f"First page loads: gunicorn on loopback, {os.cpu_count()} cores")
                report_first_load(page_load_browser(base, PAGE_LOADS), BROWSER_METHOD, repeat_visit_browser(base))
                return
            end_id = json.loads(
                re.search(
                    r'<script id="_dash-config" type="application/json">(.*?)</script>',
                    requests.get(base + "/", timeout=60).text,
                    re.S,
                ).group(1)
            ).get("end_id")
            dependencies = requests.get(base + "/_dash-dependencies", timeout=60).json()
            cases = build_cases(dependencies, combos)
            url = base + UPDATE + (f"?endId={end_id}" if end_id else "")
            clients = Clients(url, args.clients)
            sampler = PhasePeaks(worker_pids(server.pid))
            sampler.phase("calibration")
            calibrate(clients, cases, args)
            sampler.phase("load")
            elapsed = run_load(clients, cases, args.rounds, args.seed)
            repeat = None
            sampler.phase("page loads")
            try:
                loads, method = page_load_browser(base, PAGE_LOADS), BROWSER_METHOD
                repeat = repeat_visit_browser(base)
            except Exception as exc:  # no playwright or no browser: say so, and count what requests can fetch
                print(f"note: browser page load unavailable ({exc!r}); falling back to requests", file=sys.stderr)
                loads, method = page_load_requests(base, PAGE_LOADS), REQUESTS_METHOD
            sampler.stop()
            workers = worker_pids(server.pid)
            mems = [memory_mb(pid) for pid in workers]
            misses = sum(len(c.latencies) + CALIBRATION_COLD for c in cases if c.group == "cold-ish") + len(WARM_PAGES)
            memory = {
                "VmRSS": max(m["VmRSS"] for m in mems),
                "VmHWM": max(m["VmHWM"] for m in mems),
                "misses": misses,
                "phases": sampler.peaks_mb,
            }
        except requests.ConnectionError:  # the server dropped a request: its log says why (not the request lines)
            lines = log.read_text(errors="replace").splitlines()
            said = "\n".join(line for line in lines if '"event": "request"' not in line)
            print(f"gunicorn log:\n{said[-5000:]}", file=sys.stderr)
            raise
        finally:
            if clients is not None:
                clients.close()
            stop(server)
        report(cases, loads, method, memory, elapsed, args, repeat)


if __name__ == "__main__":
    main()
