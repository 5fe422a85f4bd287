"""The long-lived image browser (dashboard/routes/image_browser.py): PNGs with the pixels kaleido draws, images
from many threads at once, a browser that was killed or hangs is replaced on the next render, a figure plotly.js
cannot draw fails alone, and nothing is left running (or unreaped) when the browser or the process closes."""

from __future__ import annotations

import io
import os
import shutil
import signal
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import psutil
import pytest
from PIL import Image, ImageChops

from dashboard.routes import image_browser, images

pytestmark = pytest.mark.skipif(
    shutil.which("chromium") is None, reason="Debian's chromium is not installed (make test installs it)"
)

ROOT = Path(__file__).resolve().parents[2]
FIGURE = {"data": [{"type": "bar", "x": ["a", "b"], "y": [1, 2]}], "layout": {"title": {"text": "Prøve"}}}


@pytest.fixture
def browser():
    """A browser of its own, for a test that kills, stops or closes it."""
    instance = image_browser.ImageBrowser(images._browser_path(), pages=2, render_timeout_s=5)
    yield instance
    instance.close()


@pytest.fixture(scope="module")
def shared_browser():
    """One browser for the tests that leave it as they found it."""
    instance = image_browser.ImageBrowser(images._browser_path(), pages=2, render_timeout_s=5)
    yield instance
    instance.close()


def _png(browser: image_browser.ImageBrowser, figure: dict = FIGURE) -> Image.Image:
    data = browser.render(images._spec(figure, "png", 300, 200, 2), "png")
    return Image.open(io.BytesIO(data))


def _group_alive(pgid: int) -> bool:
    """Any process left in the browser's process group (choreographer's wrapper, Chromium, its helpers)?"""
    try:
        os.killpg(pgid, 0)
    except ProcessLookupError:
        return False
    return True


def _wait_gone(pgid: int, seconds: float = 10) -> bool:
    deadline = time.monotonic() + seconds
    while _group_alive(pgid) and time.monotonic() < deadline:
        time.sleep(0.1)
    return not _group_alive(pgid)


def _no_zombie_children() -> bool:
    return all(child.status() != psutil.STATUS_ZOMBIE for child in psutil.Process().children(recursive=True))


def test_images_from_many_threads_at_once_are_whole_and_their_own(shared_browser) -> None:
    browser = shared_browser
    figures = [{**FIGURE, "layout": {"width": 100 + 20 * i, "height": 100}} for i in range(8)]
    with ThreadPoolExecutor(max_workers=6) as pool:
        sizes = list(pool.map(lambda f: _png(browser, f).size, figures))
    assert sizes == [(300 * 2, 200 * 2)] * 8  # the size asked for, every one (the spec's size wins)
    with ThreadPoolExecutor(max_workers=4) as pool:
        svgs = list(
            pool.map(
                lambda i: browser.render(
                    images._spec({**FIGURE, "layout": {"title": {"text": f"nummer {i}"}}}, "svg", 300, 200, 1), "svg"
                ),
                range(6),
            )
        )
    assert all(f"nummer {i}".encode() in svg for i, svg in enumerate(svgs))


def test_a_killed_browser_is_replaced_on_the_next_render(browser) -> None:
    assert _png(browser).size == (600, 400)
    first = browser.browser_pid()
    assert first is not None
    os.killpg(first, signal.SIGKILL)  # Chromium crashed, or the OOM killer took it
    assert _wait_gone(first)
    assert _png(browser).size == (600, 400)
    second = browser.browser_pid()
    assert second not in (None, first)
    assert _no_zombie_children()


def test_a_hung_browser_fails_that_render_and_is_replaced(browser) -> None:
    assert _png(browser).size == (600, 400)
    hung = browser.browser_pid()
    assert hung is not None
    os.killpg(hung, signal.SIGSTOP)  # alive, but answers nothing
    start = time.monotonic()
    with pytest.raises(image_browser.BrowserFailed):
        _png(browser)
    assert time.monotonic() - start < 20
    assert _wait_gone(hung)  # killed, not left stopped
    assert _png(browser).size == (600, 400)
    assert browser.browser_pid() != hung
    assert _no_zombie_children()


def test_a_figure_plotly_cannot_draw_fails_alone(shared_browser) -> None:
    browser = shared_browser
    assert _png(browser).size == (600, 400)
    pid = browser.browser_pid()
    with pytest.raises(image_browser.FigureFailed):
        browser.render(images._spec({"data": [{"type": "no-such-trace"}], "layout": 5}, "png", 300, 200, 2), "png")
    assert _png(browser).size == (600, 400)
    assert browser.browser_pid() == pid  # the same browser: nothing was wrong with it


def test_close_leaves_no_browser_behind(browser) -> None:
    _png(browser)
    pid = browser.browser_pid()
    assert pid is not None
    browser.close()
    assert _wait_gone(pid)
    assert _no_zombie_children()


def test_a_process_that_exported_an_image_leaves_no_browser_when_it_exits(tmp_path: Path) -> None:
    script = (
        "from dashboard.routes import image_browser, images\n"
        f"images.render_at({FIGURE!r}, 'png', 300, 200, 2)\n"
        "print(image_browser.shared(images._browser_path()).browser_pid())\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script], cwd=ROOT, capture_output=True, text=True, timeout=120, check=True
    )
    pid = int(done.stdout.strip().splitlines()[-1])
    assert _wait_gone(pid), "the browser outlived the process that started it"


def test_the_page_is_reloaded_after_many_renders_and_still_draws(shared_browser, monkeypatch) -> None:
    loads: list[object] = []
    load = image_browser._Page.load

    async def counted(page: image_browser._Page, url: str) -> None:
        loads.append(page)
        await load(page, url)

    monkeypatch.setattr(image_browser._Page, "load", counted)
    monkeypatch.setattr(shared_browser, "reload_after_renders", 2)
    sizes = [_png(shared_browser).size for _ in range(5)]
    assert sizes == [(600, 400)] * 5
    assert len(loads) >= 2  # renders 3 and 5 on the same page came after a reload


def test_renders_under_way_when_the_browser_dies_are_drawn_by_the_next(browser) -> None:
    assert _png(browser).size == (600, 400)
    first = browser.browser_pid()
    assert first is not None
    futures = [browser.submit(images._spec(FIGURE, "png", 300, 200, 2), "png") for _ in range(6)]
    os.killpg(first, signal.SIGKILL)  # two on the pages, four waiting for one
    pngs = [browser.result(future) for future in futures]
    assert [Image.open(io.BytesIO(png)).size for png in pngs] == [(600, 400)] * 6
    assert browser.browser_pid() not in (None, first)


SQUARE = {"type": "Polygon", "coordinates": [[[10, 55], [11, 55], [11, 56], [10, 56], [10, 55]]]}
# one figure of each trace type the partial bundle draws, with what the charts carry: legend, annotations, a
# colour bar (redrawn before the snapshot), Danish letters, a map without a world outline
KINDS_OF_FIGURE = [
    FIGURE,
    {
        "data": [
            {"type": "scatter", "mode": "lines+markers", "name": "Landet", "x": [2019, 2020, 2021], "y": [3, 1, 2]},
            {"type": "scatter", "mode": "lines", "name": "Århus", "x": [2019, 2020, 2021], "y": [2, 2.5, 1.5]},
        ],
        "layout": {
            "title": {"text": "Børn anbragt <sub>pr. 1.000</sub>"},
            "annotations": [{"text": "Kilde: DEMODATA", "xref": "paper", "yref": "paper", "x": 0, "y": -0.2}],
            "separators": ",.",
        },
    },
    {"data": [{"type": "heatmap", "z": [[1, 2], [3, 4]], "colorbar": {"title": {"text": "antal"}}}]},
    {
        "data": [
            {
                "type": "choropleth",
                "geojson": {
                    "type": "FeatureCollection",
                    "features": [{"type": "Feature", "id": "x", "geometry": SQUARE}],
                },
                "locations": ["x"],
                "z": [3],
                "colorbar": {"title": {"text": "pr. 1.000"}},
            }
        ],
        "layout": {"geo": {"fitbounds": "locations", "visible": False}},
    },
]


def test_pngs_have_the_pixels_kaleido_draws(shared_browser, monkeypatch) -> None:
    """Our pages draw with the dashboard's partial plotly.js: the images must be kaleido's own, drawn by its server
    in the same Chromium on its page with the plotly package's full plotly.js (and the offline world outline,
    without which it cannot draw a map here), pixel for pixel."""
    import kaleido

    from dashboard.core import settings

    monkeypatch.setenv(settings.BROWSER_PATH.name, images._browser_path())  # the browser kaleido starts
    ours = [_png(shared_browser, figure) for figure in KINDS_OF_FIGURE]
    page = kaleido.PageGenerator(mathjax=False, others=[str(image_browser.GEO_OFFLINE_JS)])
    kaleido.start_sync_server(n=1, headless=True, silence_warnings=True, page_generator=page)
    try:
        theirs = [
            Image.open(
                io.BytesIO(kaleido.calc_fig_sync(f, opts={"format": "png", "width": 300, "height": 200, "scale": 2}))
            )
            for f in KINDS_OF_FIGURE
        ]
    finally:
        kaleido.stop_sync_server(silence_warnings=True)
    for mine, reference in zip(ours, theirs, strict=True):
        assert mine.size == reference.size == (600, 400)
        assert ImageChops.difference(mine.convert("RGBA"), reference.convert("RGBA")).getbbox() is None
    assert len({image.tobytes() for image in ours}) == len(KINDS_OF_FIGURE)  # four different pictures, not blanks
