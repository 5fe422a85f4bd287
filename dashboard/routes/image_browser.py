"""A long-lived headless Chromium whose pages keep plotly.js loaded, for static images of figures.

kaleido's own server reloads its page (and with it plotly.js, ~0.5 s of browser CPU) after every image. Here the
same page (kaleido's PageGenerator and render script, so an image is drawn by exactly the code kaleido draws it
with) is loaded once per tab and reused, with the dashboard's own partial plotly.js (assets/vendor: the version the
plotly package ships, with the trace types the charts use, 1.4 MB against the package's 4.8 MB: a first image
~0.4 s sooner, a little less memory, the same pixels). kaleido's `kaleido_scopes.plotly` is called over the
DevTools protocol (choreographer, kaleido's own browser driver), and PDFs are printed as kaleido prints them. A
small pool of tabs lets a slide deck render several images at once.

The browser lives in one asyncio loop on a daemon thread per process (a forked worker starts its own); any thread
may call `render`. A browser that crashed or closed is started again on the next render; one that hangs past
`render_timeout_s` is killed, that render fails, and the next starts a new one. It is closed at exit."""

from __future__ import annotations

import asyncio
import atexit
import base64
import concurrent.futures
import contextlib
import json
import logging
import os
import signal
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

import choreographer
from choreographer.errors import ChannelClosedError
from kaleido import PageGenerator

log = logging.getLogger("socialtal.images")

ASSETS = Path(__file__).resolve().parents[1] / "assets"
# Plotly's map traces fetch a world outline from a CDN: the pages hand them the empty one the dashboard uses too.
GEO_OFFLINE_JS = ASSETS / "plotly_geo_offline.js"
# kaleido's PDF: the figure as SVG in the page's <img>, printed at the image's size (kaleido/_kaleido_tab).
PDF_PARAMS = {
    "printBackground": True,
    "marginTop": 0.1,
    "marginBottom": 0.1,
    "marginLeft": 0.1,
    "marginRight": 0.1,
    "preferCSSPageSize": True,
    "pageRanges": "1",
}
TEXT_FORMATS = ("svg",)
START_TIMEOUT_S = 60.0  # Chromium's cold start takes 5-10 s on two busy cores
CLOSE_TIMEOUT_S = 15.0
DEATH_GRACE_S = 1.0  # how long a browser whose channel closed may take to be seen gone


class BrowserFailed(RuntimeError):
    """The browser crashed, hung or could not start; the next render starts a new one."""


class FigureFailed(RuntimeError):
    """plotly.js could not draw the figure (the browser is fine)."""


def plotly_bundle() -> Path:
    """The dashboard's partial plotly.js (scripts/plotly_bundle), the one file of its name in assets/vendor/."""
    found = sorted((ASSETS / "vendor").glob("plotly-*-socialtal.min.js"))
    if len(found) != 1:
        raise BrowserFailed(f"assets/vendor/ must hold exactly one partial plotly.js bundle, found {len(found)}")
    return found[0]


class _Page:
    """One tab that has loaded the render page; used by one render at a time."""

    def __init__(self, tab: choreographer.Tab) -> None:
        self.tab = tab
        self.renders = 0

    async def load(self, url: str) -> None:
        loaded = self.tab.subscribe_once("Page.loadEventFired")
        _check(await self.tab.send_command("Page.enable"))
        _check(await self.tab.send_command("Page.navigate", params={"url": url}))
        await loaded
        self.renders = 0

    async def render(self, spec_json: str, fmt: str) -> bytes:
        # the spec as a string literal, parsed in the page: quicker for V8 than the same JSON as a JS literal
        expression = f"kaleido_scopes.plotly(JSON.parse({json.dumps(spec_json)})).then(JSON.stringify)"
        response = _check(
            await self.tab.send_command(
                "Runtime.evaluate", params={"expression": expression, "awaitPromise": True, "returnByValue": True}
            )
        )
        result = response.get("result", {})
        if "exceptionDetails" in result:
            raise FigureFailed(str(result["exceptionDetails"].get("text", "script error"))[:300])
        answer = json.loads(result.get("result", {}).get("value") or "{}")
        if answer.get("code") != 0:
            raise FigureFailed(f"plotly.js could not draw the figure: {answer.get('message')}"[:300])
        self.renders += 1
        if fmt == "pdf":
            printed = _check(await self.tab.send_command("Page.printToPDF", params=PDF_PARAMS))
            return base64.b64decode(printed["result"]["data"])
        if fmt in TEXT_FORMATS:
            return str(answer["result"]).encode()
        return base64.b64decode(answer["result"])


def _check(response: Any) -> dict:
    if not isinstance(response, dict) or "error" in response:
        raise BrowserFailed(f"the browser answered {str(response)[:300]}")
    return response


class ImageBrowser:
    """`render(spec_json, fmt)`: the image bytes of a kaleido spec (format, width, height, scale, data) as JSON."""

    def __init__(
        self,
        browser_path: str,
        pages: int = 2,
        render_timeout_s: float = 30.0,
        reload_after_renders: int = 200,
    ) -> None:
        self.browser_path = browser_path
        self.page_count = pages
        self.render_timeout_s = render_timeout_s
        self.reload_after_renders = reload_after_renders  # bounds what a page accumulates, at ~0.5 s per reload
        self._guard = threading.Lock()
        self._pid = -1
        self._loop: asyncio.AbstractEventLoop | None = None
        self._thread: threading.Thread | None = None
        # state below lives in the loop's thread
        self._browser: choreographer.Browser | None = None
        self._idle: asyncio.Queue[_Page | None] | None = None  # free pages; None: this browser is gone
        self._starting: asyncio.Lock | None = None
        self._folder: tempfile.TemporaryDirectory[str] | None = None
        self._loading: set[asyncio.Task[None]] = set()

    # --- called from any thread ---------------------------------------------------------------------------

    def render(self, spec_json: str, fmt: str) -> bytes:
        return self.result(self.submit(spec_json, fmt))

    def submit(self, spec_json: str, fmt: str) -> concurrent.futures.Future[bytes]:
        """Start a render and return at once; renders wait for a free page in the order submitted."""
        return asyncio.run_coroutine_threadsafe(self._render(spec_json, fmt), self._ensure_loop())

    def result(self, future: concurrent.futures.Future[bytes], waited_renders: int = 1) -> bytes:
        """The image of a submitted render, waiting at most for the browser's start and `waited_renders`
        renders (those ahead of it on its page)."""
        try:
            return future.result(START_TIMEOUT_S + waited_renders * self.render_timeout_s)
        except concurrent.futures.TimeoutError as exc:
            future.cancel()
            raise BrowserFailed("the browser did not answer in time") from exc
        except concurrent.futures.CancelledError as exc:  # choreographer cancels what is pending when it dies
            raise BrowserFailed("the browser closed during the render") from exc

    def browser_pid(self) -> int | None:
        """The process id of the browser (choreographer's wrapper of Chromium), while one runs."""
        browser = self._browser
        process = getattr(browser, "subprocess", None)
        return process.pid if process is not None and process.poll() is None else None

    def close(self) -> None:
        """Close the browser and stop the loop (at exit; the next render would start both again)."""
        with self._guard:
            loop, thread = self._loop, self._thread
            if loop is None or thread is None or self._pid != os.getpid():
                return
            try:
                asyncio.run_coroutine_threadsafe(self._close_browser(), loop).result(CLOSE_TIMEOUT_S)
            except Exception:  # at exit, a browser that will not close is killed
                self._kill_browser()
            loop.call_soon_threadsafe(loop.stop)
            thread.join(CLOSE_TIMEOUT_S)
            self._loop = self._thread = None

    def _ensure_loop(self) -> asyncio.AbstractEventLoop:
        with self._guard:
            if self._loop is None or self._pid != os.getpid():  # first use, or a forked worker: its own loop
                loop = asyncio.new_event_loop()
                thread = threading.Thread(target=loop.run_forever, name="image-browser", daemon=True)
                thread.start()
                self._loop, self._thread, self._pid = loop, thread, os.getpid()
                self._browser = self._idle = self._starting = None
                self._folder, self._loading = None, set()
            return self._loop

    # --- in the loop's thread -----------------------------------------------------------------------------

    async def _render(self, spec_json: str, fmt: str) -> bytes:
        crashes = 0
        while True:
            idle: asyncio.Queue[_Page | None] | None = await self._ready()
            assert idle is not None
            page = await idle.get()
            if page is None:  # that browser was discarded while this render waited: pass it on, try the next one
                idle.put_nowait(None)
                continue
            try:
                if page.renders >= self.reload_after_renders:
                    await asyncio.wait_for(page.load(self._page_url()), START_TIMEOUT_S)
                return await asyncio.wait_for(page.render(spec_json, fmt), self.render_timeout_s)
            except FigureFailed:
                raise
            except TimeoutError as exc:  # hung: kill it (it would not close); this render fails
                self._kill_browser()
                await self._discard_browser()
                raise BrowserFailed(f"the browser took over {self.render_timeout_s:.0f} s for one image") from exc
            except (asyncio.CancelledError, ChannelClosedError, BrowserFailed) as exc:
                task = asyncio.current_task()
                if isinstance(exc, asyncio.CancelledError) and task is not None and task.cancelling():
                    if idle is self._idle:  # called off by its caller mid-render: the page may still be drawing
                        self._loading.add(reload := asyncio.create_task(self._load_into(page, idle)))
                        reload.add_done_callback(self._loading.discard)
                        idle = None  # back into the pool once reloaded, not now
                    raise
                # it died under this render (choreographer cancels its pending answers): once more, in a new one
                crashes += 1
                alive = await self._still_alive_after(DEATH_GRACE_S)
                await self._discard_browser()
                if crashes == 2 or alive:
                    raise BrowserFailed("the browser failed during the render") from exc
                log.warning("image browser died during a render; starting a new one")
            finally:
                if idle is not None and idle is self._idle:  # back to its own browser's pool only
                    idle.put_nowait(page)

    async def _ready(self) -> asyncio.Queue[_Page | None]:
        if self._starting is None:
            self._starting = asyncio.Lock()
        async with self._starting:  # one start at a time; the others wait for it
            if self._idle is not None and self._browser_alive():
                return self._idle
            if self._browser is not None:
                log.warning("image browser is gone (crashed or killed); starting a new one")
                await self._discard_browser()
            try:
                self._idle = await asyncio.wait_for(self._start(), START_TIMEOUT_S)
            except TimeoutError as exc:
                await self._discard_browser()
                raise BrowserFailed(f"the browser at {self.browser_path} did not start in time") from exc
            except Exception as exc:
                await self._discard_browser()
                raise BrowserFailed(f"the browser at {self.browser_path} did not start: {exc}") from exc
            return self._idle

    async def _start(self) -> asyncio.Queue[_Page | None]:
        self._browser = browser = choreographer.Browser(path=self.browser_path, headless=True)
        await browser.open()
        tab = browser.get_tab() or await browser.create_tab(url="", window=True)
        # last in, first out: one request at a time keeps to the page whose plotly.js is warmed up (compiled)
        idle: asyncio.LifoQueue[_Page | None] = asyncio.LifoQueue()
        first = _Page(tab)
        await first.load(self._page_url())
        idle.put_nowait(first)
        for _ in range(self.page_count - 1):  # the first image need not wait for the other pages
            self._loading.add(task := asyncio.create_task(self._add_page(browser, idle)))
            task.add_done_callback(self._loading.discard)
        log.info("image browser started (pid %s)", self.browser_pid())
        return idle

    async def _add_page(self, browser: choreographer.Browser, idle: asyncio.Queue[_Page | None]) -> None:
        try:
            tab = await browser.create_tab(url="", window=True)
        except Exception:  # the pool makes do with the pages it has
            log.warning("could not open another image page; rendering with fewer pages", exc_info=True)
            return
        await self._load_into(_Page(tab), idle)

    async def _load_into(self, page: _Page, idle: asyncio.Queue[_Page | None]) -> None:
        try:
            await asyncio.wait_for(page.load(self._page_url()), START_TIMEOUT_S)
        except Exception:  # the pool makes do with the pages it has
            log.warning("an image page did not load; rendering with fewer pages", exc_info=True)
            return
        idle.put_nowait(page)

    def _page_url(self) -> str:
        if self._folder is None:
            self._folder = tempfile.TemporaryDirectory(prefix="socialtal-images-")
            index = Path(self._folder.name) / "index.html"
            # no MathJax: the charts have no TeX, and kaleido's default would fetch it from a CDN
            page = PageGenerator(
                plotly=(plotly_bundle().as_uri(), "utf-8"),
                mathjax=False,
                others=[GEO_OFFLINE_JS.as_uri()],
            )
            index.write_text(page.generate_index())
        return (Path(self._folder.name) / "index.html").as_uri()

    def _browser_alive(self) -> bool:
        process = getattr(self._browser, "subprocess", None)
        return process is not None and process.poll() is None

    async def _still_alive_after(self, grace_s: float) -> bool:
        """Whether the browser still runs `grace_s` after a render lost its channel: a killed browser's pipe can
        close a moment before its process is seen to exit, and that render is then retried, not failed."""
        deadline = time.monotonic() + grace_s
        while self._browser_alive() and time.monotonic() < deadline:
            await asyncio.sleep(0.05)
        return self._browser_alive()

    async def _discard_browser(self) -> None:
        try:
            await asyncio.wait_for(self._close_browser(), CLOSE_TIMEOUT_S)
        except Exception:  # a browser that will not close is killed
            self._kill_browser()
        self._browser = None

    async def _close_browser(self) -> None:
        for task in list(self._loading):  # pages still loading belong to this browser
            task.cancel()
        browser, self._browser = self._browser, None
        if self._idle is not None:  # renders waiting for one of its pages go on to the next browser
            self._idle.put_nowait(None)
            self._idle = None
        if browser is not None:
            self._browser = browser  # for _kill_browser, should close fail
            await browser.close()
            self._browser = None
        if self._folder is not None:
            self._folder.cleanup()
            self._folder = None

    def _kill_browser(self) -> None:
        """Chromium and its helpers, with choreographer's wrapper: they share its process group."""
        process = getattr(self._browser, "subprocess", None)
        if process is not None and process.poll() is None:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(process.pid, signal.SIGKILL)
            process.wait(5)


_shared: ImageBrowser | None = None
_shared_guard = threading.Lock()


def shared(browser_path: str) -> ImageBrowser:
    """The process's browser (one per worker), closed at exit."""
    global _shared
    with _shared_guard:
        if _shared is None or _shared.browser_path != browser_path:
            if _shared is not None:
                _shared.close()
            _shared = ImageBrowser(browser_path)
            atexit.register(_shared.close)
        return _shared
