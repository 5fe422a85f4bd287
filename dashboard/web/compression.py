"""Compressed responses, compressed once. plotly.js, AG Grid and Dash's bundles never change for a given URL
(their file names carry a fingerprint), and a rendered page is a pure function of its request and the data
version: so each is compressed once (brotli, or gzip for older clients) and served from memory after that.
This is what keeps a first page load near 2 MB and a repeated view cheap."""

from __future__ import annotations

import gzip
import threading
from collections import OrderedDict

import brotli
from flask import Flask, Response, current_app, request
from werkzeug.datastructures import Accept

from dashboard.web.render_cache import page_address

_IMMUTABLE_PREFIXES = ("/_dash-component-suites/", "/assets/")
_NOT_CACHED = "not-cached"
_CALLBACK_PATH_END = "/_dash-update-component"
# Callback answers are made per request: brotli 5 packs a 310 KB page render into 45 KB in ~3 ms, where 9
# (right for bundles compressed once) takes ~21 ms for 1 % less.
CALLBACK_BR_QUALITY = 5
CALLBACK_GZIP_LEVEL = 6
MIN_SIZE_BYTES = 1024


class BoundedCache:
    """The `get`/`set` backend flask-compress asks for: least recently used entries go first; keys marked
    not-cached are never stored (callback answers that are not page renders)."""

    def __init__(self, max_entries: int = 160) -> None:
        self._entries: OrderedDict[str, bytes] = OrderedDict()
        self._lock = threading.Lock()
        self.max_entries = max_entries

    def get(self, key: str) -> bytes | None:
        with self._lock:
            value = self._entries.get(key)
            if value is not None:
                self._entries.move_to_end(key)
            return value

    def set(self, key: str, value: bytes) -> None:
        if key.split(";", 1)[-1].startswith(_NOT_CACHED):
            return
        with self._lock:
            self._entries[key] = value
            self._entries.move_to_end(key)
            while len(self._entries) > self.max_entries:
                self._entries.popitem(last=False)


def cache_key() -> str:
    """Assets by URL; page renders by data version and address (as dashboard/web/render_cache.py keeps them);
    anything else is compressed afresh."""
    if request.method == "GET" and request.path.startswith(_IMMUTABLE_PREFIXES):
        return request.full_path
    if request.method == "POST" and request.path.endswith(_CALLBACK_PATH_END):
        address = page_address(request.get_json(silent=True, cache=True))
        if address is not None:
            version = current_app.config["SOCIALTAL_WAREHOUSE"].data_version()
            return f"page:{version}:{address!r}"
    return f"{_NOT_CACHED}:{request.full_path}"


def configure(server: Flask) -> None:
    """Settings read by flask-compress when Dash(compress=True) initialises it."""
    server.config.update(
        COMPRESS_ALGORITHM=["br", "gzip"],
        COMPRESS_BR_LEVEL=9,  # plotly.min.js: 4.8 MB → 1.23 MB (gzip: 1.47 MB); once, thanks to the cache
        COMPRESS_MIN_SIZE=1024,
        COMPRESS_CACHE_BACKEND=BoundedCache,
        COMPRESS_CACHE_KEY=lambda _request: cache_key(),
    )


def _accepted(accept: Accept) -> str | None:
    """br if the client takes it, else gzip, else None (Werkzeug's parse of Accept-Encoding: q=0 refuses, `*`
    stands for any encoding not named)."""
    return next((algorithm for algorithm in ("br", "gzip") if accept.quality(algorithm) > 0), None)


def register_callback_compression(server: Flask) -> None:
    """Compress callback answers at a fast level before flask-compress sees them (it then leaves a response
    with a Content-Encoding alone). Register right after Dash(): Flask runs after_request hooks last-registered
    first, so this runs after the app's own hooks (which keep the uncompressed page render) and before
    flask-compress's. Page renders are cached compressed, like the assets."""
    cache = BoundedCache()

    @server.after_request
    def compress_callback_answer(response: Response) -> Response:
        if (
            request.method != "POST"
            or not request.path.endswith(_CALLBACK_PATH_END)
            or response.status_code != 200
            or response.direct_passthrough
            or "Content-Encoding" in response.headers
        ):
            return response
        algorithm = _accepted(request.accept_encodings)
        data = response.get_data()
        response.vary.add("Accept-Encoding")
        if algorithm is None or len(data) < MIN_SIZE_BYTES:
            return response
        key = f"{algorithm};{cache_key()}"
        packed = cache.get(key)
        if packed is None:
            packed = (
                brotli.compress(data, quality=CALLBACK_BR_QUALITY)
                if algorithm == "br"
                else gzip.compress(data, compresslevel=CALLBACK_GZIP_LEVEL)
            )
            cache.set(key, packed)
        response.set_data(packed)
        response.headers["Content-Encoding"] = algorithm
        return response
