"""Compressed responses. plotly.js, AG Grid and Dash's bundles never change for a given URL (their file names carry
a fingerprint), so each is compressed once (brotli at its best, or gzip for older clients) and served from memory
after that. Callback answers are compressed per request at a fast level; a page render is kept as it was sent,
compressed, by dashboard/web/render_cache.py, so a repeated view is not compressed again. This is what keeps a
first page load under 1 MB and a repeated view cheap."""

from __future__ import annotations

import gzip
import threading

import brotli
from cachetools import LRUCache
from flask import Flask, Response, request
from werkzeug.datastructures import Accept

_IMMUTABLE_PREFIXES = ("/_dash-component-suites/", "/assets/")
_NOT_CACHED = "not-cached"
_CALLBACK_PATH_END = "/_dash-update-component"
# Callback answers are made per request: brotli 5 packs a 310 KB page render into 45 KB in ~3 ms, where 9
# (right for bundles compressed once) takes ~21 ms for 1 % less. A profile's 39 KB first sight: 5 in 0.27 ms
# to 4.8 KB, 4 in 0.18 ms to 5.1 KB, 3 in 0.11 ms to 5.2 KB (2026-12-04; brotli was ~8 % of a cold view's CPU at 4).
CALLBACK_BR_QUALITY = 3
CALLBACK_GZIP_LEVEL = 6
# Assets once per process. Brotli's memory grows steeply past 7: for our plotly.js (1.44 MB) 7 gives 435 KB with
# ~13 MB of working memory, 9 gives 432 KB with ~37 MB, which put a worker's peak over 300 MB (bench/web.py).
ASSET_BR_QUALITY = 7  # gzip 9: 493 KB
ASSET_GZIP_LEVEL = 9
MIN_SIZE_BYTES = 1024


class BoundedCache:
    """The compressed assets (`compress_asset`): a least-recently-used cache (cachetools) behind a lock, with the
    `get`/`set` of a flask-compress backend; keys marked not-cached are never stored."""

    def __init__(self, max_entries: int = 160) -> None:  # more than Dash's bundles and the assets, in br and gzip
        self._entries: LRUCache[str, bytes] = LRUCache(maxsize=max_entries)
        self._lock = threading.Lock()

    def get(self, key: str) -> bytes | None:
        with self._lock:
            return self._entries.get(key)

    def set(self, key: str, value: bytes) -> None:
        if not key.split(";", 1)[-1].startswith(_NOT_CACHED):
            with self._lock:
                self._entries[key] = value


def configure(server: Flask) -> None:
    """Settings read by flask-compress when Dash(compress=True) initialises it. It compresses what the hooks of
    `register_callback_compression` leave without a Content-Encoding: the HTML shells and file downloads, per
    request (assets and callback answers are compressed there)."""
    server.config.update(
        COMPRESS_ALGORITHM=["br", "gzip"],
        COMPRESS_BR_LEVEL=9,
        COMPRESS_MIN_SIZE=MIN_SIZE_BYTES,
    )


def _accepted(accept: Accept) -> str | None:
    """br if the client takes it, else gzip, else None (Werkzeug's parse of Accept-Encoding: q=0 refuses, `*`
    stands for any encoding not named)."""
    return next((algorithm for algorithm in ("br", "gzip") if accept.quality(algorithm) > 0), None)


def client_encoding() -> str | None:
    """The encoding this request's client takes for a callback answer: br, gzip or None."""
    return _accepted(request.accept_encodings)


def encode(data: bytes, algorithm: str | None) -> tuple[bytes, str | None]:
    """A callback answer for a client taking `algorithm`, at the fast level: the body and its Content-Encoding,
    or `data` itself and None when the client takes neither or the answer is too small to gain."""
    if algorithm is None or len(data) < MIN_SIZE_BYTES:
        return data, None
    if algorithm == "br":
        return brotli.compress(data, quality=CALLBACK_BR_QUALITY), "br"
    return gzip.compress(data, compresslevel=CALLBACK_GZIP_LEVEL), "gzip"


def send(response: Response, body: bytes, encoding: str | None) -> Response:
    """`response` with `body` in `encoding` (None: uncompressed), which varies with Accept-Encoding."""
    response.set_data(body)
    if encoding is not None:
        response.headers["Content-Encoding"] = encoding
    response.vary.add("Accept-Encoding")
    return response


def register_callback_compression(server: Flask) -> None:
    """Compress assets once at the best level, and callback answers per request at a fast level, before
    flask-compress sees them (it then leaves a response with a Content-Encoding alone). Register right after Dash():
    Flask runs after_request hooks last-registered first, so these run after the app's own hooks (page renders
    leave dashboard/web/render_cache.py compressed already) and before flask-compress's."""

    assets = BoundedCache()
    best_level_lock = threading.Lock()

    @server.after_request
    def compress_asset(response: Response) -> Response:
        """A fingerprinted bundle or asset, compressed once per process (ASSET_BR_QUALITY) and served from memory
        after that. Done here rather than by flask-compress, for two reasons: Flask sends files from assets/ as a
        stream, which flask-compress compressed afresh on every request with zstd at level 3 (plotly.js: 498 KB,
        against 435 KB of brotli 7); and one compression at a time: brotli 7 of plotly.js takes ~13 MB (9: ~37 MB),
        and a first page load asks for four bundles at once, which raised a worker's peak by ~100 MB when they
        were compressed together at 9 (bench/web.py, its page-load phase)."""
        if request.method != "GET" or not request.path.startswith(_IMMUTABLE_PREFIXES) or response.status_code != 200:
            return response
        encoding = client_encoding()
        if encoding is None or "Content-Encoding" in response.headers:
            return response
        response.direct_passthrough = False
        data = response.get_data()
        if len(data) < MIN_SIZE_BYTES:
            return response
        key = f"{encoding};{request.full_path}"
        body = assets.get(key)
        if body is None:
            with best_level_lock:  # one at a time; the next request for the same file finds it made
                body = assets.get(key)
                if body is None:
                    body = (
                        brotli.compress(data, quality=ASSET_BR_QUALITY)
                        if encoding == "br"
                        else gzip.compress(data, compresslevel=ASSET_GZIP_LEVEL)
                    )
                    assets.set(key, body)
        return send(response, body, encoding)

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
        return send(response, *encode(response.get_data(), client_encoding()))
