"""Export benchmark: cold and warm PNG export of profile charts through the real route, on a demo warehouse.
Prints figures, not verdicts. Targets (issue 4): warm PNG under 0.5 s; a regional deck of all indicators under
30 s and under 10 MB.

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
        for i in range(args.repeat):  # a different chart each time: no response is reused
            url = (
                f"/export/kommune/{MUNICIPALITIES[i % len(MUNICIPALITIES)]}/"
                f"{INDICATORS[i % len(INDICATORS)]}.png?measure=per_capita"
            )
            start = time.perf_counter()
            resp = client.get(url)
            warm.append(time.perf_counter() - start)
            sizes.append(len(resp.data))
        square = client.get("/export/kommune/751/adults_sel108.png?size=square")
        svg = client.get("/export/kommune/751/adults_sel108.svg")
        start = time.perf_counter()
        region_deck = client.get("/deck/region/082.pptx")  # Region Midtjylland: 19 municipalities
        region_deck_s = time.perf_counter() - start
        start = time.perf_counter()
        municipality_deck = client.get("/deck/kommune/791.pptx")
        municipality_deck_s = time.perf_counter() - start
    warm_median, warm_max = statistics.median(warm), max(warm)
    print(f"Export benchmark: PNG 1920x1080 of profile charts, {args.repeat} warm exports")
    print(f"  cold (first export, browser start)   {cold_s:6.2f} s")
    print(
        f"  warm median                          {warm_median:6.2f} s   "
        f"ratio to the 0.5 s target {warm_median / 0.5:4.2f}x"
    )
    print(f"  warm max                             {warm_max:6.2f} s")
    print(
        f"  PNG size median                      {statistics.median(sizes) / 1024:6.0f} KB; square "
        f"{len(square.data) / 1024:.0f} KB; SVG {len(svg.data) / 1024:.0f} KB"
    )
    print(
        f"  regional deck (082, all indicators)  {region_deck_s:6.2f} s   {len(region_deck.data) / 1e6:5.1f} MB   "
        f"ratios to the targets: {region_deck_s / 30:4.2f}x of 30 s, {len(region_deck.data) / 10e6:4.2f}x of 10 MB"
    )
    print(
        f"  municipality deck (791)              {municipality_deck_s:6.2f} s   "
        f"{len(municipality_deck.data) / 1e6:5.1f} MB"
    )


if __name__ == "__main__":
    main()
