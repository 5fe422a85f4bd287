"""In-process render benchmark: one thread, no server. Each view is drawn for an address not drawn before in the
run (a cold view: a municipality or region not rendered yet, as on the first visit after `etl run`), with the
query cache and the values derived from it warm (one view of each page is drawn first). Two figures per view:

  layout      what the page router draws (the page's first_sight() where it has one, else its layout()) and its
              serialisation to JSON, as the router's callback sends it (dashboard/ui/layout_json.py)
  parts       the parts below the fold, drawn when they come near the screen (dashboard/ui/deferred.py): a
              profile's budget pressure and topics, a region's budget, psychiatry, grid and indicator, each as its
              callback draws and serialises it
  router      the whole page-router callback through Flask's test client (callback checks, Dash, compression),
              with the render cache off, so every request draws

Prints median and p95 in ms per page; with --profile PAGE, the cProfile of the layouts of that page.

    .venv/bin/python bench/render.py [--db WAREHOUSE] [--repeat 3] [--profile profile|region] [--top 30]
"""

from __future__ import annotations

import argparse
import cProfile
import io
import pstats
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
# bench/ holds etl.py, named like the package: keep this folder off the path so nothing imports it by accident.
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != Path(__file__).resolve().parent]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from dash._utils import to_json  # noqa: E402

from dashboard.app import create_app  # noqa: E402
from dashboard.pages import first_sight_of, profile, region  # noqa: E402
from dashboard.ui.layout_json import layout_fragment  # noqa: E402
from dashboard.warehouse import selectors as ctx  # noqa: E402
from dashboard.web.render_cache import CALLBACK_PATH_END, router_request  # noqa: E402

TARGET_PROFILE_MS = 50.0
MEASURES = ("per_capita", "count", "index", "share")


def build_demo_warehouse(db: Path) -> None:
    subprocess.run(
        [str(ROOT / ".venv" / "bin" / "etl"), "run", "--demo", "--db", str(db)], check=True, capture_output=True
    )


def profile_views(codes: list[str]) -> list[tuple[str, dict[str, str]]]:
    """Every municipality in every unit: 4 x 98 views, none drawn twice."""
    return [(code, {"measure": m} if m != "per_capita" else {}) for m in MEASURES for code in codes]


def region_views(codes: list[str], indicators: list[str]) -> list[tuple[str, dict[str, str]]]:
    """Every region with every indicator of its ranking (the page's charts change with it)."""
    return [(code, {"indicator": i}) for i in indicators for code in codes]


YARDSTICK_CPU_S: list[float] = []  # the yardstick's CPU seconds, measured between the renders


def yardstick() -> None:
    """A fixed piece of pure-Python work (~10 ms on the 2-core development machine): a shared machine's speed
    changes from hour to hour, and render times divided by it compare across runs."""
    start = time.thread_time()
    total = 0
    for i in range(300_000):
        total += i % 7
    YARDSTICK_CPU_S.append(time.thread_time() - start)


def timed(calls: list[Callable[[], object]]) -> tuple[list[float], list[float]]:
    """Wall-clock and CPU seconds (this thread's) of each call. On a shared machine the CPU time is the steadier
    figure: it leaves out the time other processes had the core."""
    wall, cpu = [], []
    for i, call in enumerate(calls):
        if i % 3 == 0:
            yardstick()
        start, start_cpu = time.perf_counter(), time.thread_time()
        call()
        wall.append(time.perf_counter() - start)
        cpu.append(time.thread_time() - start_cpu)
    return wall, cpu


def p95(values: list[float]) -> float:
    return statistics.quantiles(values, n=100, method="inclusive")[94] if len(values) > 1 else values[0]


def line(label: str, times: tuple[list[float], list[float]], target_ms: float | None = None) -> str:
    wall, cpu = times
    median_ms, p95_ms = 1000 * statistics.median(wall), 1000 * p95(wall)
    cpu_median_ms, cpu_p95_ms = 1000 * statistics.median(cpu), 1000 * p95(cpu)
    ratio = f"  CPU median = {cpu_median_ms / target_ms:.2f}x the {target_ms:.0f} ms target" if target_ms else ""
    yard_ms = 1000 * statistics.median(YARDSTICK_CPU_S)
    return (
        f"  {label:<30} n {len(wall):3d}  wall median {median_ms:6.1f} p95 {p95_ms:6.1f} ms"
        f"  CPU median {cpu_median_ms:6.1f} p95 {cpu_p95_ms:6.1f} ms = {cpu_median_ms / yard_ms:4.1f} yardsticks{ratio}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--db", type=Path, help="this warehouse instead of a freshly built demo one")
    parser.add_argument("--count", type=int, default=60, help="cold views per page and kind (default %(default)s)")
    parser.add_argument("--profile", choices=("profile", "region"), help="cProfile this page's layouts")
    parser.add_argument("--top", type=int, default=35, help="rows of the cProfile table")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="socialtal-bench-render-") as tmp:
        db = args.db
        if db is None:
            db = Path(tmp) / "bench.duckdb"
            build_demo_warehouse(db)
        app = create_app(db)
        app.server.config["socialtal.render_cache"]._memory = _Forgetful()
        server = app.server
        with server.test_request_context("/"):
            warehouse = ctx.current_warehouse()
            munis = sorted(ctx.municipalities(warehouse)["area_code"])
            regions = sorted(ctx.areas(warehouse).query("area_level == 'region'")["area_code"])
            indicators = ctx.municipal_indicator_ids(warehouse)
        views = {
            "profile": profile_views(munis),
            "region": region_views(regions, indicators),
        }
        layouts = {"profile": first_sight_of(profile), "region": first_sight_of(region)}
        paths = {"profile": "/kommune/", "region": "/region/"}
        client = server.test_client()

        def router(page: str, code: str, query: dict[str, str]) -> Callable[[], object]:
            search = "?" + "&".join(f"{k}={v}" for k, v in query.items()) if query else ""

            def call() -> object:
                response = client.post(CALLBACK_PATH_END, json=router_request(paths[page] + code, search))
                assert response.status_code == 200, response.status_code
                return response.data

            return call

        def render(page: str, code: str, query: dict[str, str]) -> Callable[[], object]:
            return lambda: to_json(layout_fragment(layouts[page](code, **query)))

        modules = {"profile": profile, "region": region}
        parts_of = {"profile": (profile.BUDGET_PART, *profile.TOPICS), "region": region.PARTS}

        def part(page: str, name: str, code: str, query: dict[str, str]) -> Callable[[], object]:
            search = "?" + "&".join(f"{k}={v}" for k, v in query.items()) if query else ""
            draw = modules[page].draw_part  # type: ignore[attr-defined]
            return lambda: to_json(layout_fragment(draw(name, f"{paths[page]}{code}{search}")))

        print(f"In-process renders, one thread, cold views (not drawn before), query cache warm; warehouse {db.name}")
        print("  yardstick: a fixed pure-Python loop timed between the renders (CPU ms at the end of the run)")
        with server.test_request_context("/"):
            for page, page_views in views.items():  # warm the queries and derived values with one of each unit
                for code, query in page_views[:: max(1, len(munis))][:8]:
                    render(page, code, query)()
            for page, page_views in views.items():
                n = min(args.count, len(page_views) // 2)
                first, second = page_views[len(munis) // 2 :][:n], page_views[len(munis) // 2 :][n : 2 * n]
                if page == "region":
                    first, second = page_views[1::2][:n], page_views[2::2][:n]
                if args.profile == page:
                    profiler = cProfile.Profile()
                    profiler.enable()
                layout_s = timed([render(page, c, q) for c, q in first])
                if args.profile == page:
                    profiler.disable()
                router_s = timed([router(page, c, q) for c, q in second])
                target = TARGET_PROFILE_MS if page == "profile" else None
                print(line(f"{page} layout + JSON", layout_s, target))
                print(line(f"{page} router (test client)", router_s, target))
                for name in parts_of[page]:
                    print(line(f"{page} part {name}", timed([part(page, name, c, q) for c, q in first])))
                if args.profile == page:
                    out = io.StringIO()
                    pstats.Stats(profiler, stream=out).sort_stats("cumulative").print_stats(args.top)
                    print(out.getvalue())
                    out = io.StringIO()
                    pstats.Stats(profiler, stream=out).sort_stats("tottime").print_stats(args.top)
                    print(out.getvalue())
        print(f"  yardstick CPU median {1000 * statistics.median(YARDSTICK_CPU_S):.1f} ms (n {len(YARDSTICK_CPU_S)})")


class _Forgetful(dict):
    """The render cache's memory that keeps nothing: every router request draws."""

    def __setitem__(self, key: object, value: object) -> None:
        pass


if __name__ == "__main__":
    main()
