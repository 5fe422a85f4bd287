"""Export benchmark: cold and warm PNG export of profile charts through the real route, on a demo warehouse, with
the CPU time the browser spends per image. Prints figures, not verdicts. Targets (issue 12): warm PNG at most
0.1 s and at most 0.15 s of Chromium CPU per image; a regional deck (082, 24 slides) at most 3 s.

The browser's CPU is the sum of user and system time over this process's child processes (the headless Chromium
and its renderers, with the children they have reaped), read with psutil before and after the warm exports.

    .venv/bin/python bench/export.py [--repeat 10]
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import psutil

ROOT = Path(__file__).resolve().parents[1]
# This folder holds etl.py, which would shadow the etl package: keep it off the import path.
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != Path(__file__).resolve().parent]

from dashboard.app import create_app  # noqa: E402

INDICATORS = (
    "children_placed",
    "children_preventive_measures",
    "notifications",
    "adults_sel108",
    "adults_sel85",
    "spending_placements",
    "spending_adults_special_needs",
    "psychiatry_spending",
)
MUNICIPALITIES = ("101", "751", "461", "851", "825", "147", "561", "630", "710", "400")
TARGET_WARM_S, TARGET_CPU_PER_IMAGE_S, TARGET_DECK_S = 0.1, 0.15, 3.0


def browser_cpu_seconds() -> float:
    """CPU seconds used so far by this process's children (the browser's process tree), including the children
    they have reaped (a renderer that exited)."""
    total = 0.0
    for child in psutil.Process().children(recursive=True):
        try:
            times = child.cpu_times()
        except psutil.NoSuchProcess:
            continue
        total += times.user + times.system + times.children_user + times.children_system
    return total


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--repeat", type=int, default=10)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "bench.duckdb"
        subprocess.run(
            [sys.executable, "-m", "etl.cli", "run", "--demo", "--db", str(db)],
            check=True,
            capture_output=True,
            cwd=ROOT,
        )
        client = create_app(db).server.test_client()
        start = time.perf_counter()
        cold = client.get("/export/kommune/101/children_placed.png")
        cold_s = time.perf_counter() - start
        assert cold.status_code == 200, cold.data[:200]
        warm, sizes = [], []
        cpu_before = browser_cpu_seconds()
        for i in range(args.repeat):  # a different chart each time: no response is reused
            url = (
                f"/export/kommune/{MUNICIPALITIES[i % len(MUNICIPALITIES)]}/"
                f"{INDICATORS[i % len(INDICATORS)]}.png?measure=per_capita"
            )
            start = time.perf_counter()
            resp = client.get(url)
            warm.append(time.perf_counter() - start)
            sizes.append(len(resp.data))
        cpu_per_image_s = (browser_cpu_seconds() - cpu_before) / args.repeat
        square = client.get("/export/kommune/751/adults_sel108.png?size=square")
        svg = client.get("/export/kommune/751/adults_sel108.svg")
        cpu_before = browser_cpu_seconds()
        start = time.perf_counter()
        region_deck = client.get("/deck/region/082.pptx")  # Region Midtjylland: 19 municipalities
        region_deck_s = time.perf_counter() - start
        region_deck_cpu_s = browser_cpu_seconds() - cpu_before
        start = time.perf_counter()
        municipality_deck = client.get("/deck/kommune/791.pptx")
        municipality_deck_s = time.perf_counter() - start
    warm_median, warm_max = statistics.median(warm), max(warm)
    print(f"Export benchmark: PNG 1920x1080 of profile charts, {args.repeat} warm exports")
    print(f"  cold (first export, browser start)   {cold_s:6.2f} s")
    print(
        f"  warm median                          {warm_median:6.2f} s   "
        f"ratio to the {TARGET_WARM_S} s target {warm_median / TARGET_WARM_S:4.2f}x"
    )
    print(f"  warm max                             {warm_max:6.2f} s")
    print(
        f"  browser CPU per warm image           {cpu_per_image_s:6.2f} s   "
        f"ratio to the {TARGET_CPU_PER_IMAGE_S} s target {cpu_per_image_s / TARGET_CPU_PER_IMAGE_S:4.2f}x"
    )
    print(
        f"  PNG size median                      {statistics.median(sizes) / 1024:6.0f} KB; square "
        f"{len(square.data) / 1024:.0f} KB; SVG {len(svg.data) / 1024:.0f} KB"
    )
    print(
        f"  regional deck (082, all indicators)  {region_deck_s:6.2f} s   {len(region_deck.data) / 1e6:5.1f} MB   "
        f"ratio to the {TARGET_DECK_S:.0f} s target {region_deck_s / TARGET_DECK_S:4.2f}x; "
        f"browser CPU {region_deck_cpu_s:.1f} s"
    )
    print(
        f"  municipality deck (791)              {municipality_deck_s:6.2f} s   "
        f"{len(municipality_deck.data) / 1e6:5.1f} MB"
    )


if __name__ == "__main__":
    main()
