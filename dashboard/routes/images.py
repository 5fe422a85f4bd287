"""Static images of figures, drawn by plotly.js in Debian's Chromium (never a downloaded browser) on kaleido's
render page. One headless browser per process keeps its pages loaded (image_browser), so a second export costs a
render, not a browser start or a page reload."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from concurrent.futures import Future

import plotly.graph_objects as go
import plotly.io as pio

from dashboard.core import settings
from dashboard.routes import image_browser

FORMATS = {"png": "image/png", "svg": "image/svg+xml", "pdf": "application/pdf"}
# Layout size in CSS pixels and the scale that makes the requested image: 960×540 × 2 = 1920×1080 (16:9).
SIZES = {"wide": (960, 540, 2), "square": (540, 540, 2)}
_BROWSERS = ("/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome")


class ImageExportUnavailable(RuntimeError):
    """No browser to render with; the message says what to install."""


def _browser_path() -> str:
    configured = settings.BROWSER_PATH.read()
    if configured and os.path.exists(configured):
        return configured
    for path in _BROWSERS:
        if os.path.exists(path):
            return path
    found = shutil.which("chromium")  # only now: a search of PATH takes ~10 ms, every export used to pay it
    if found:
        return found
    raise ImageExportUnavailable(
        "image export needs a Chromium browser: install Debian's package with `apt-get install chromium` "
        "(or set BROWSER_PATH to a Chrome/Chromium binary); a browser download by kaleido is not used"
    )


def render(figure: go.Figure, fmt: str, size: str = "wide") -> bytes:
    """The figure as PNG, SVG or PDF at the requested size; the whole image is made before anything is sent,
    so a failed render never leaves half a file."""
    if size not in SIZES:
        raise ValueError(f"size {size!r}: use one of {', '.join(SIZES)}")
    return render_at(figure, fmt, *SIZES[size])


def render_as_shown(figure: go.Figure | dict, fmt: str) -> bytes:
    """A chart exactly as a page draws it (its own height; 960 px wide), at twice the resolution."""
    layout = (figure.get("layout", {}) if isinstance(figure, dict) else figure.layout.to_plotly_json()) or {}
    return render_at(figure, fmt, int(layout.get("width") or 960), int(layout.get("height") or 540), 2)


def render_at(figure: go.Figure | dict, fmt: str, width: int, height: int, scale: int) -> bytes:
    return image_browser.shared(_browser_path()).render(_spec(figure, fmt, width, height, scale), fmt)


class Renders:
    """Images of several figures at one size (a slide deck): each is handed to the browser as it is added and
    drawn on its pages side by side with the others while the caller goes on; `for image in renders` takes them
    in the order added. Leaving the `with` (or `close()`) calls off those not taken, as when a deck fails."""

    def __init__(self, fmt: str = "png", size: str = "wide") -> None:
        if size not in SIZES:
            raise ValueError(f"size {size!r}: use one of {', '.join(SIZES)}")
        self.fmt, self.size = fmt, size
        self._browser: image_browser.ImageBrowser | None = None
        self._futures: list[Future[bytes]] = []

    def add(self, figure: go.Figure | dict) -> None:
        """Start drawing the figure; ImageExportUnavailable when there is no browser."""
        if self._browser is None:
            self._browser = image_browser.shared(_browser_path())
        self._futures.append(self._browser.submit(_spec(figure, self.fmt, *SIZES[self.size]), self.fmt))

    def __iter__(self) -> Iterator[bytes]:
        for i, future in enumerate(self._futures):
            assert self._browser is not None
            yield self._browser.result(future, waited_renders=i + 1)

    def close(self) -> None:
        for future in self._futures:
            future.cancel()

    def __enter__(self) -> Renders:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()


def _spec(figure: go.Figure | dict, fmt: str, width: int, height: int, scale: int) -> str:
    """What kaleido's render script takes (kaleido's fig_tools.coerce_for_js), as JSON: the figure's data and
    layout, the size in CSS pixels and the scale (for PNG only, as kaleido was called)."""
    if fmt not in FORMATS:
        raise ValueError(f"format {fmt!r}: use one of {', '.join(FORMATS)}")
    data = figure.to_plotly_json() if isinstance(figure, go.Figure) else figure
    spec = {"format": fmt, "width": width, "height": height, "scale": scale if fmt == "png" else 1, "data": data}
    return pio.json.to_json_plotly(spec, engine="orjson")
