"""Export benchmark: cold and warm PNG export of profile charts through the real route, on a demo warehouse, with
the CPU time the browser spends per image. Prints figures, not verdicts. Targets (issue 12): warm PNG at most
0.1 s and at most 0.15 s of Chromium CPU per image; a regional deck (082, 24 slides) at most 3 s.

The browser's CPU is the sum of user and system time over this process's child processes (the headless Chromium
and its renderers, with the children they have reaped), read with psutil before and after the warm exports (after
WARM_UP_IMAGES untimed ones: a server in use has its pages loaded and plotly.js compiled). The
browser's memory (PSS of its process tree) is read after the regional deck, both pages drawn on. The
same images and the regional deck are then drawn once more through kaleido's own server (which reloads its page
after every image), as the export did before, so the ratios of the two are measured in the same run.

    .venv/bin/python bench/export.py [--repeat 10]
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import psutil

if TYPE_CHECKING:
    from flask.testing import FlaskClient

ROOT = Path(__file__).resolve().parents[1]
# This folder holds etl.py, which would shadow the etl package: keep it off the import path.
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != Path(__file__).resolve().parent]

from dashboard.app import create_app  # noqa: E402
from dashboard.routes import image_browser, images  # noqa: E402

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
WARM_UP_IMAGES = 5


def browser_pss_mb() -> float:
    """Proportional set size of the browser's process tree (this process's children), in MB."""
    total = 0
    for child in psutil.Process().children(recursive=True):
        try:
            total += child.memory_full_info().pss
        except psutil.Error:  # gone, or not ours to read
            continue
    return total / 2**20


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


class KaleidoRenders:
    """images.Renders as the deck drew before: one image at a time through kaleido's server."""

    def __init__(self, fmt: str = "png", size: str = "wide") -> None:
        self.fmt, self.size = fmt, size
        self.figures: list[object] = []

    def add(self, figure: object) -> None:
        self.figures.append(figure)

    def __iter__(self) -> Iterator[bytes]:
        import kaleido

        for figure in self.figures:
            spec = json.loads(images._spec(figure, self.fmt, *images.SIZES[self.size]))
            yield kaleido.calc_fig_sync(spec.pop("data"), opts=spec)

    def __enter__(self) -> KaleidoRenders:
        return self

    def __exit__(self, *_exc: object) -> None:
        pass


def with_kaleido(specs: list[str], client: FlaskClient) -> tuple[float, float, float]:
    """kaleido's own sync server (one tab, reloaded after every image), as the export drew before: the median
    seconds and mean browser CPU seconds per image for the same specs (the first, its browser's start, left
    out), and the seconds of the regional deck drawn through it."""
    import kaleido

    from dashboard.core import settings

    os.environ[settings.BROWSER_PATH.name] = images._browser_path()  # kaleido reads it when it starts the browser
    kaleido.start_sync_server(n=1, headless=True, silence_warnings=True)
    renders = images.Renders
    try:
        decoded = [json.loads(spec) for spec in specs]
        opts = [{k: d[k] for k in ("format", "width", "height", "scale")} for d in decoded]
        kaleido.calc_fig_sync(decoded[0]["data"], opts=opts[0])
        seconds = []
        cpu_before = browser_cpu_seconds()
        for d, opt in zip(decoded, opts, strict=True):
            start = time.perf_counter()
            kaleido.calc_fig_sync(d["data"], opts=opt)
            seconds.append(time.perf_counter() - start)
        cpu_per_image_s = (browser_cpu_seconds() - cpu_before) / len(decoded)
        images.Renders = KaleidoRenders  # type: ignore[assignment,misc]
        start = time.perf_counter()
        assert client.get("/deck/region/082.pptx").status_code == 200
        deck_s = time.perf_counter() - start
        return statistics.median(seconds), cpu_per_image_s, deck_s
    finally:
        images.Renders = renders  # type: ignore[misc]
        kaleido.stop_sync_server(silence_warnings=True)


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
        for code in MUNICIPALITIES[
            :WARM_UP_IMAGES
        ]:  # a server that has drawn a few: its pages loaded, plotly.js compiled
            assert client.get(f"/export/kommune/{code}/notifications.png").status_code == 200
        warm, sizes = [], []
        specs: list[str] = []
        spec = images._spec
        images._spec = lambda *args: specs.append(spec(*args)) or specs[-1]  # type: ignore[func-returns-value]
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
        images._spec = spec
        square = client.get("/export/kommune/751/adults_sel108.png?size=square")
        svg = client.get("/export/kommune/751/adults_sel108.svg")
        cpu_before = browser_cpu_seconds()
        start = time.perf_counter()
        region_deck = client.get("/deck/region/082.pptx")  # Region Midtjylland: 19 municipalities
        region_deck_s = time.perf_counter() - start
        region_deck_cpu_s = browser_cpu_seconds() - cpu_before
        browser_mb = browser_pss_mb()  # both pages loaded and drawn on
        start = time.perf_counter()
        municipality_deck = client.get("/deck/kommune/791.pptx")
        municipality_deck_s = time.perf_counter() - start
        pages = image_browser.shared(images._browser_path())
        render_only = []
        for spec_json in specs:  # the render alone, as kaleido's is timed below: no chart built, no route
            start = time.perf_counter()
            pages.render(spec_json, "png")
            render_only.append(time.perf_counter() - start)
        render_only_s = statistics.median(render_only)
        kaleido_s, kaleido_cpu_s, kaleido_deck_s = with_kaleido(specs, client)
        pages.close()
    warm_median, warm_max = statistics.median(warm), max(warm)
    print(f"Export benchmark: PNG 1920x1080 of profile charts, {args.repeat} warm exports")
    print(f"  cold (first export, browser start)   {cold_s:6.2f} s")
    print(
        f"  warm median                          {warm_median:6.3f} s   "
        f"ratio to the {TARGET_WARM_S} s target {warm_median / TARGET_WARM_S:4.2f}x"
    )
    print(f"  warm max                             {warm_max:6.3f} s")
    print(
        f"  browser CPU per warm image           {cpu_per_image_s:6.3f} s   "
        f"ratio to the {TARGET_CPU_PER_IMAGE_S} s target {cpu_per_image_s / TARGET_CPU_PER_IMAGE_S:4.2f}x"
    )
    print(f"  render alone, same images            {render_only_s:6.3f} s   (the route less building the chart)")
    print(
        f"  kaleido's server, same images        {kaleido_s:6.3f} s   browser CPU {kaleido_cpu_s:.3f} s per image; "
        f"ratios ours/kaleido: render {render_only_s / kaleido_s:4.2f}x, CPU {cpu_per_image_s / kaleido_cpu_s:4.2f}x"
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
        f"  regional deck through kaleido        {kaleido_deck_s:6.2f} s   ratio ours/kaleido "
        f"{region_deck_s / kaleido_deck_s:4.2f}x"
    )
    print(f"  browser memory after the deck        {browser_mb:6.0f} MB PSS (Chromium's process tree, both pages)")
    print(
        f"  municipality deck (791)              {municipality_deck_s:6.2f} s   "
        f"{len(municipality_deck.data) / 1e6:5.1f} MB"
    )


if __name__ == "__main__":
    main()
