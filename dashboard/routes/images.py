"""Static images of figures with Plotly's kaleido, using Debian's Chromium (never a downloaded browser). One
headless browser is kept warm per process, so a second export costs a render, not a browser start."""

from __future__ import annotations

import os
import shutil
import threading

import plotly.graph_objects as go

from dashboard.core import settings

FORMATS = {"png": "image/png", "svg": "image/svg+xml", "pdf": "application/pdf"}
# Layout size in CSS pixels and the scale that makes the requested image: 960×540 × 2 = 1920×1080 (16:9).
SIZES = {"wide": (960, 540, 2), "square": (540, 540, 2)}
_BROWSERS = ("/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome")


class ImageExportUnavailable(RuntimeError):
    """No browser to render with; the message says what to install."""


_lock = threading.Lock()
_started = False


def _browser_path() -> str:
    configured = settings.BROWSER_PATH.read()
    if configured and os.path.exists(configured):
        return configured
    for path in (*_BROWSERS, shutil.which("chromium") or ""):
        if path and os.path.exists(path):
            return path
    raise ImageExportUnavailable(
        "image export needs a Chromium browser: install Debian's package with `apt-get install chromium` "
        "(or set BROWSER_PATH to a Chrome/Chromium binary); a browser download by kaleido is not used"
    )


def _ensure_server() -> None:
    global _started
    if _started:
        return
    os.environ[settings.BROWSER_PATH.name] = _browser_path()  # kaleido reads it when it starts the browser
    import kaleido

    kaleido.start_sync_server(n=1, headless=True, silence_warnings=True)
    _started = True


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
    if fmt not in FORMATS:
        raise ValueError(f"format {fmt!r}: use one of {', '.join(FORMATS)}")
    import kaleido

    with _lock:  # one warm browser, one render at a time
        _ensure_server()
        return kaleido.calc_fig_sync(
            figure, opts={"format": fmt, "width": width, "height": height, "scale": scale if fmt == "png" else 1}
        )
