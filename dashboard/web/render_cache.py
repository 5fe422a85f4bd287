"""Rendered pages, kept and shared. Dash's page router answers a pure function of the address (path and the query
parameters pages read) and the data version, so its answer is kept:

- in this process (the last answers, MEMORY_BYTES of them) as they were sent, compressed for the client's encoding
  (dashboard/web/compression.py), so a repeated view is neither drawn nor compressed again; with single flight:
  identical requests arriving together wait for the first render instead of all rendering;
- optionally on disk (diskcache) in a directory every worker on the machine shares, so a page one worker drew is
  served by the others, and by a worker forked after a restart;
- `warm()` (`dashboard warm`) draws the pages people open first (every municipality, region and page in its
  default view) into that shared cache; a worker that meets a new data version starts it once, in the background
  at low CPU priority, so the first politicians after `etl run` do not wait for the drawing.

The key is the data version and the address (`page_address`), not the request's bytes: the browser's JSON and
ours differ in spacing and order, and ?utm_source=… must not make a new entry. The pages served as plain HTML (the
embeds, dashboard/web/plain_pages.py) keep their documents here too, under keys of their own."""

from __future__ import annotations

import contextlib
import functools
import hashlib
import json
import logging
import os
import stat
import subprocess
import sys
import tempfile
import threading
from collections.abc import Callable, Mapping
from importlib import metadata
from pathlib import Path
from urllib.parse import parse_qsl

import brotli
import diskcache
from cachetools import LRUCache
from flask import Flask, Response, g, request

from dashboard import pages
from dashboard.core import settings
from dashboard.core.site import AreaCodes
from dashboard.core.state import QUERY_KEYS
from dashboard.ui import deferred
from dashboard.warehouse.queries import Warehouse
from dashboard.web import compression

log = logging.getLogger("socialtal.render_cache")

ROUTER_OUTPUT = ".._pages_content.children..._pages_store.data.."  # the page router callback
CALLBACK_PATH_END = "/_dash-update-component"
# Answers as sent, bounded by their bytes, not their number: a view and its ~5 deferred parts are ~60 KB in brotli
# but ~10 times that for a client that takes no compression, and a count of entries would let those fill memory.
MEMORY_BYTES = 16 * 1024 * 1024  # ~3,000 views at ~5 KB; beyond, the shared disk tier answers (~0.03 ms a hit)
SHARED_SIZE_LIMIT_BYTES = 512 * 1024 * 1024  # oldest-stored entries go first beyond this
CACHE_DIR_ENV = settings.RENDER_CACHE.name  # a directory, or "off"
WARM_ENV = settings.WARM.name  # "0" switches the background warming off
_WAIT_FOR_FIRST_RENDER_S = 60
# what else names a view besides the ViewState keys: path parameters, and the embedded view's page and chart
# (/embed/view?page=…&chart=…: without them every embedded chart, in either language, would share one render)
_PATH_PARAMS = {"code", "indicator_id", "page", "chart"}


def default_cache_dir(db_path: Path) -> Path | None:
    """$SOCIALTAL_RENDER_CACHE, "off" for none, else one directory per warehouse path under the temp dir."""
    configured = settings.RENDER_CACHE.read().strip()
    if configured.lower() == "off":
        return None
    if configured:
        return Path(configured)
    digest = hashlib.sha256(str(db_path.resolve()).encode()).hexdigest()[:12]
    return Path(tempfile.gettempdir()) / f"socialtal-renders-{os.getuid()}-{digest}"


def _private_directory(directory: Path) -> bool:
    """Create the directory for this user only; refuse one another user could write (they could plant pages)."""
    try:
        directory.mkdir(mode=0o700, parents=True, exist_ok=True)
        info = os.lstat(directory)
    except OSError as exc:
        log.warning("shared render cache off: cannot use %s (%s)", directory, exc.strerror)
        return False
    if not stat.S_ISDIR(info.st_mode) or info.st_uid != os.getuid() or info.st_mode & 0o077:
        log.warning(
            "shared render cache off: %s is not a private directory of this user (mode %o, owner %d)",
            directory,
            stat.S_IMODE(info.st_mode),
            info.st_uid,
        )
        return False
    return True


def page_address(payload: object) -> tuple[str, tuple[tuple[str, str], ...]] | None:
    """(pathname, sorted query parameters pages read) of a page router request (its parsed JSON), or None if the
    payload is not one."""
    if not isinstance(payload, dict) or payload.get("output") != ROUTER_OUTPUT:
        return None
    try:
        values = {f"{i['id']}.{i['property']}": i.get("value") for i in payload["inputs"]}
    except (KeyError, TypeError):
        return None
    pathname, search = values.get("_pages_location.pathname"), values.get("_pages_location.search")
    if not isinstance(pathname, str) or not isinstance(search, (str, type(None))):
        return None
    query = dict(parse_qsl((search or "").lstrip("?"), keep_blank_values=True))  # the last of a repeated key
    return view_address(pathname, query)


def view_address(pathname: str, query: Mapping[str, str]) -> tuple[str, tuple[tuple[str, str], ...]]:
    """(pathname, sorted query parameters pages read): what names a view, in a key of this cache."""
    return pathname, tuple(sorted((k, v) for k, v in query.items() if k in QUERY_KEYS or k in _PATH_PARAMS))


def part_address(payload: object) -> tuple[str, str] | None:
    """("part", its box's id as JSON) of a request for a deferred part of a page (dashboard/ui/deferred.py), or
    None if the payload is not one. The part is a function of its box's id (page, part and the view's address),
    and the answer names that id, so the id is the key as sent, not a normal form of the address in it."""
    if not isinstance(payload, dict):
        return None
    outputs = payload.get("outputs")
    box = outputs.get("id") if isinstance(outputs, dict) and outputs.get("property") == "children" else None
    if not isinstance(box, dict) or box.get("type") != deferred.PART_TYPE:
        return None
    if not all(isinstance(box.get(key), str) for key in ("page", "part", "view")) or len(box) != 4:
        return None
    return "part", deferred.id_json(box)


@functools.cache
def code_version() -> str:
    """A fingerprint of the code that draws pages: the dashboard package's files and the versions of Dash and
    plotly. The shared directory outlives a deploy, so its entries are keyed by this too: a new release never
    serves a page the old code drew for the same data."""
    digest = hashlib.sha256()
    package = Path(__file__).resolve().parents[1]
    for path in sorted(package.rglob("*")):
        if path.is_file() and path.suffix in {".py", ".js", ".css"}:
            digest.update(path.relative_to(package).as_posix().encode())
            digest.update(path.read_bytes())
    for distribution in ("dash", "plotly"):
        with contextlib.suppress(metadata.PackageNotFoundError):
            digest.update(f"{distribution}=={metadata.version(distribution)}".encode())
    return digest.hexdigest()[:16]


# A shared entry is its answer in brotli (b"b" + body), as most clients take it, or as it is (b"=" + body) when too
# small to compress. Stored uncompressed (~40 KB a profile), each entry was a file of diskcache's beside its row
# (values over 32 KB): a cold view's write cost ~0.35 ms; ~5 KB fits in the row, and a brotli client's answer
# from another worker is sent as it is stored.
_SHARED_BR, _SHARED_RAW = b"b", b"="


class RenderCache:
    """Router answers by key (data version, *address): in memory as they were sent, compressed for the client's
    encoding, under (key, encoding); in brotli in the shared directory, for any worker and any encoding, also
    keyed by the code's version (`code_version`)."""

    def __init__(
        self,
        shared_dir: Path | None = None,
        size_limit_bytes: int = SHARED_SIZE_LIMIT_BYTES,
        code: str | None = None,
    ) -> None:
        self.code = code if code is not None else code_version()
        self._memory: LRUCache[tuple, tuple[bytes, str | None]] = LRUCache(
            maxsize=MEMORY_BYTES, getsizeof=lambda answer: len(answer[0])
        )
        self._in_flight: dict[tuple, threading.Event] = {}
        self._lock = threading.Lock()
        self.shared_dir = shared_dir if shared_dir is not None and _private_directory(shared_dir) else None
        self._shared = (
            diskcache.Cache(str(self.shared_dir), size_limit=size_limit_bytes) if self.shared_dir is not None else None
        )
        self.stats = {"memory": 0, "shared": 0, "rendered": 0}

    def _disk_key(self, key: tuple) -> str:
        return hashlib.sha256(repr((self.code, key)).encode()).hexdigest()

    def get(self, key: tuple) -> bytes | None:
        """The uncompressed answer for `key`, or None."""
        found = self.answer(key, None)
        return None if found is None else found[0]

    def answer(self, key: tuple, encoding: str | None) -> tuple[bytes, str | None] | None:
        """The answer for `key` as it goes to a client taking `encoding` (br, gzip or None): its body and
        Content-Encoding (compression.encode); None if neither this process nor the shared directory has it."""
        with self._lock:
            found = self._memory.get((key, encoding))
            if found is not None:
                self.stats["memory"] += 1
                return found
        if self._shared is None:
            return None
        try:
            data = self._shared.get(self._disk_key(key))
        except OSError as exc:  # a full or broken disk costs a render, never an error page
            log.warning("shared render cache read failed: %s", exc)
            return None
        if not isinstance(data, bytes) or data[:1] not in (_SHARED_BR, _SHARED_RAW):
            return None
        body = data[1:]
        if data[:1] == _SHARED_BR and encoding == "br":
            found = (body, "br")
            with self._lock:
                self._memory[(key, encoding)] = found
        else:
            try:
                plain = brotli.decompress(body) if data[:1] == _SHARED_BR else body
            except brotli.error as exc:  # a damaged entry costs a render, never an error page
                log.warning("shared render cache entry unreadable: %s", exc)
                return None
            found = self._remember(key, encoding, plain)
        with self._lock:
            self.stats["shared"] += 1
        return found

    def put(self, key: tuple, data: bytes, encoding: str | None = None) -> tuple[bytes, str | None]:
        """Keep a new render (`data` uncompressed); returns it as it goes to a client taking `encoding`."""
        found = self._remember(key, encoding, data)
        with self._lock:
            self.stats["rendered"] += 1
        if self._shared is not None:
            body, stored_encoding = found if encoding == "br" else compression.encode(data, "br")
            try:
                self._shared.set(self._disk_key(key), (_SHARED_BR if stored_encoding == "br" else _SHARED_RAW) + body)
            except OSError as exc:
                log.warning("shared render cache write failed: %s", exc)
        return found

    def _remember(self, key: tuple, encoding: str | None, data: bytes) -> tuple[bytes, str | None]:
        found = compression.encode(data, encoding)
        with self._lock:
            self._memory[(key, encoding)] = found
        return found

    def answer_or_claim(self, key: tuple, encoding: str | None) -> tuple[tuple[bytes, str | None] | None, bool]:
        """(the answer for `key` as `answer` gives it, False) when it is kept; else (None, True) when this caller
        is the first for `key` and renders it (then `release`s). A caller that finds the same render in flight
        waits for it (single flight) and gets its answer, or (None, False) if that render failed: it renders
        itself, without the claim."""
        found = self.answer(key, encoding)
        if found is not None:
            return found, False
        waiting = self.claim(key)
        if waiting is None:
            return None, True
        waiting.wait(timeout=_WAIT_FOR_FIRST_RENDER_S)
        return self.answer(key, encoding), False

    def claim(self, key: tuple) -> threading.Event | None:
        """None if this request is the first for `key` (it renders, then `release`s); else the event to wait on."""
        with self._lock:
            waiting = self._in_flight.get(key)
            if waiting is None:
                self._in_flight[key] = threading.Event()
            return waiting

    def release(self, key: tuple) -> None:
        with self._lock:
            event = self._in_flight.pop(key, None)
        if event is not None:
            event.set()

    def claim_warming(self, version: str) -> bool:
        """True for exactly one caller per data version (and code version) across all processes sharing the
        directory."""
        if self.shared_dir is None:
            return False
        marker = self.shared_dir / f"warm-{hashlib.sha256(f'{self.code}:{version}'.encode()).hexdigest()[:16]}"
        try:
            os.close(os.open(marker, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600))
        except FileExistsError:
            return False
        except OSError as exc:
            log.warning("cannot start warming the render cache: %s", exc)
            return False
        return True


def register(
    server: Flask, warehouse: Warehouse, cache: RenderCache, start_warming: Callable[[], None] | None = None
) -> None:
    """Serve router answers from `cache` and keep new ones; with `start_warming`, call it once per new data
    version (in one process of all that share the cache's directory)."""
    versions_seen: set[str] = set()

    @server.before_request
    def serve_rendered_page() -> Response | None:
        if request.method != "POST" or not request.path.endswith(CALLBACK_PATH_END):
            return None
        payload = request.get_json(silent=True, cache=True)  # parsed once, by the callback check
        address = page_address(payload) or part_address(payload)
        if address is None:
            return None
        version = warehouse.data_version()
        if start_warming is not None and version not in versions_seen:
            versions_seen.add(version)
            if cache.claim_warming(version):
                start_warming()
        key = (version, *address)
        encoding = compression.client_encoding()
        found, claimed = cache.answer_or_claim(key, encoding)
        if found is None:  # render it: as the first (kept, then released), or after the first render failed
            if claimed:
                g.render_cache_key = key
            return None
        return compression.send(Response(mimetype="application/json"), *found)

    @server.after_request
    def keep_rendered_page(response: Response) -> Response:
        """Keep a new render, and send it compressed as it is kept (compression's own hook then passes it by)."""
        key = g.get("render_cache_key")
        if key is not None and response.status_code == 200 and not response.direct_passthrough:
            return compression.send(response, *cache.put(key, response.get_data(), compression.client_encoding()))
        return response

    @server.teardown_request
    def release_waiting_requests(_exc: BaseException | None) -> None:
        key = g.pop("render_cache_key", None)
        if key is not None:
            cache.release(key)


def spawn_warming(db_path: Path) -> Callable[[], None]:
    """A starter for `dashboard warm --db <db_path>` as a background process at low CPU priority (nice 10), so the
    workers' own requests come first."""

    def start() -> None:
        command = [sys.executable, "-m", "dashboard.cli", "warm", "--db", str(db_path)]
        try:
            process = subprocess.Popen(
                command,
                stdin=subprocess.DEVNULL,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
                start_new_session=True,
            )
            # after the start, not in a preexec_fn: that is unsafe in a process with threads (gthread workers)
            os.setpriority(os.PRIO_PROCESS, process.pid, 10)
        except OSError as exc:
            log.warning("could not start warming the render cache: %s", exc)
            return
        threading.Thread(target=process.wait, name="reap-warming", daemon=True).start()
        log.info("warming the render cache in the background (pid %d)", process.pid)

    return start


def default_addresses(warehouse: Warehouse) -> list[str]:
    """The views people open first, in their default state, as each page declares them (`PAGE.default_views`):
    the front page, every municipality and region, the compare, map and about pages."""
    areas = warehouse.query("areas_list")
    codes = AreaCodes(
        municipalities=tuple(sorted(areas.loc[areas["area_level"] == "kommune", "area_code"])),
        regions=tuple(sorted(areas.loc[areas["area_level"] == "region", "area_code"])),
    )
    return [address for module in pages.MODULES for address in module.PAGE.default_views(codes)]


def part_requests(router_answer: bytes) -> list[dict]:
    """The requests for the deferred parts a page router answer holds (its boxes' Stores, `data-near`), as the
    browser sends them once the boxes come near the screen (assets/deferred_parts.js): for warming and tests."""
    found: list[dict] = []

    def walk(value: object) -> None:
        if isinstance(value, dict):
            near = value.get("data-near")
            if isinstance(near, str):
                found.append(deferred.part_request(json.loads(near)))
            for item in value.values():
                walk(item)
        elif isinstance(value, list):
            for item in value:
                walk(item)

    walk(json.loads(router_answer))
    return found


def router_request(pathname: str, search: str = "") -> dict:
    """The page router's request as Dash's renderer POSTs it (shape captured from Chromium): for warming, and for
    tests and benchmarks that drive pages over HTTP."""
    props = ["_pages_location.pathname", "_pages_location.search"]
    return {
        "output": ROUTER_OUTPUT,
        "outputs": [{"id": "_pages_content", "property": "children"}, {"id": "_pages_store", "property": "data"}],
        "inputs": [
            {"id": "_pages_location", "property": "pathname", "value": pathname},
            {"id": "_pages_location", "property": "search", "value": search},
        ],
        "changedPropIds": props,
        "parsedChangedPropsIds": props,
    }
