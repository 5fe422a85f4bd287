"""One JSON line per request on standard output, in place of gunicorn's access log (which is switched off in
dashboard/gunicorn_conf.py because it writes client addresses and user agents):

    {"timestamp": "2025-11-02T09:14:03.512345+00:00", "level": "INFO", "event": "request", "method": "GET",
     "path": "/kommune/101", "route": "page", "status": 200, "duration_ms": 41.7, "bytes": 3120,
     "query_keys": ["measure"], "data_version": "9f2c..."}

- `route` is the kind of request: page, callback (Dash's /_dash-update-component), export (/export/: images and
  chart CSV), data (/data/: whole-indicator downloads), deck (/deck/: slides), asset (scripts, CSS, Dash's
  framework requests), health (/health, /healthz).
- `duration_ms` runs from the request's arrival in the worker until the last byte of the body was handed to the
  server; `bytes` is the body as sent (compressed where it was compressed).
- `data_version` is the warehouse in force when the response was finished (null when there is none).
- `level` is ERROR for a 5xx status, INFO otherwise.

No personal data, by decision: no client address (nor X-Forwarded-For), no user agent, no referrer, no cookies,
no query-string values. The path is logged (it names a page, a municipality or a file, never a person; cut at
200 characters), and of the query string only the parameter names, sorted (at most 10, each cut at 32
characters): enough to tell `/export/view?page=&chart=` from a plain page without recording what was asked for.
A proxy or load balancer in front keeps its own logs; configure them to the same standard."""

from __future__ import annotations

import logging
import sys
import time
from collections.abc import Callable, Iterable, Iterator
from typing import Any, TextIO
from urllib.parse import parse_qsl

from flask import Flask
from pythonjsonlogger.json import JsonFormatter

from dashboard.warehouse.queries import Warehouse

LOGGER_NAME = "socialtal.requests"
MAX_PATH = 200
MAX_QUERY_KEYS = 10
MAX_KEY = 32
_PREFIX_KINDS = (  # first match wins
    ("/_dash-update-component", "callback"),
    ("/export/", "export"),
    ("/data/", "data"),
    ("/deck/", "deck"),
    ("/assets/", "asset"),
    ("/_dash", "asset"),  # Dash's bundles, layout and dependencies
    ("/_favicon", "asset"),
    ("/_reload", "asset"),
)
_HEALTH_PATHS = ("/health", "/healthz")

StartResponse = Callable[..., Any]
WsgiApp = Callable[[dict[str, Any], StartResponse], Iterable[bytes]]


def route_kind(path: str) -> str:
    if path in _HEALTH_PATHS:
        return "health"
    for prefix, kind in _PREFIX_KINDS:
        if path.startswith(prefix):
            return kind
    return "asset" if path == "/favicon.ico" else "page"


def query_keys(query_string: str) -> list[str]:
    names = {name[:MAX_KEY] for name, _ in parse_qsl(query_string, keep_blank_values=True)}
    return sorted(names)[:MAX_QUERY_KEYS]


class _Stdout(logging.StreamHandler):
    """Writes to whatever sys.stdout is when a line is written (a test's captured output, gunicorn's stdout)."""

    @property
    def stream(self) -> TextIO:
        return sys.stdout

    @stream.setter
    def stream(self, _value: TextIO) -> None:
        pass


def logger() -> logging.Logger:
    """The request logger: JSON lines on stdout, not passed on to the root logger (so never printed twice)."""
    log = logging.getLogger(LOGGER_NAME)
    if not any(isinstance(handler, _Stdout) for handler in log.handlers):
        handler = _Stdout()
        handler.setFormatter(
            JsonFormatter(
                "{levelname}{message}",
                style="{",
                timestamp=True,
                rename_fields={"levelname": "level", "message": "event"},
                json_ensure_ascii=False,
            )
        )
        log.addHandler(handler)
        log.setLevel(logging.INFO)
        log.propagate = False
    return log


class RequestLog:
    """WSGI middleware around the Flask app: it sees every request, including those Flask answers from a
    before_request hook, errors, and compressed bodies, and it times the whole body being sent."""

    def __init__(self, app: WsgiApp, warehouse: Warehouse) -> None:
        self.app = app
        self.warehouse = warehouse
        self.log = logger()

    def __call__(self, environ: dict[str, Any], start_response: StartResponse) -> Iterable[bytes]:
        started = time.perf_counter()
        status: list[int] = []

        def recording_start_response(status_line: str, headers: list[tuple[str, str]], *exc_info: Any) -> Any:
            status[:] = [int(status_line.split(" ", 1)[0])]
            return start_response(status_line, headers, *exc_info)

        def finish(sent: int) -> None:
            self._write(environ, status[0] if status else 500, started, sent)

        try:
            body = self.app(environ, recording_start_response)
        except BaseException:
            finish(0)
            raise
        return _CountingBody(body, finish)

    def _write(self, environ: dict[str, Any], status: int, started: float, sent: int) -> None:
        try:
            path = environ.get("PATH_INFO", "") or "/"
            fields = {
                "method": environ.get("REQUEST_METHOD", ""),
                "path": path[:MAX_PATH],
                "route": route_kind(path),
                "status": status,
                "duration_ms": round((time.perf_counter() - started) * 1000, 1),
                "bytes": sent,
                "query_keys": query_keys(environ.get("QUERY_STRING", "")),
                "data_version": self._data_version(),
            }
            self.log.log(logging.ERROR if status >= 500 else logging.INFO, "request", extra=fields)
        except Exception:  # a log line must never turn an answer into an error
            logging.getLogger(LOGGER_NAME).debug("request log line failed", exc_info=True)

    def _data_version(self) -> str | None:
        try:
            return self.warehouse.data_version() or None
        except Exception:  # no warehouse, or an unreadable one: /health says why
            return None


class _CountingBody:
    """The response body, passed through chunk by chunk, counted; the line is written when the server closes it
    (after the last byte, or when the client went away)."""

    def __init__(self, body: Iterable[bytes], finish: Callable[[int], None]) -> None:
        self._body = body
        self._finish = finish
        self._sent = 0
        self._done = False

    def __iter__(self) -> Iterator[bytes]:
        for chunk in self._body:
            self._sent += len(chunk)
            yield chunk

    def close(self) -> None:
        try:
            close = getattr(self._body, "close", None)
            if close is not None:
                close()
        finally:
            if not self._done:
                self._done = True
                self._finish(self._sent)


def register(server: Flask) -> None:
    """Wrap the app's WSGI callable. Safe to call twice (the second call does nothing)."""
    if isinstance(server.wsgi_app, RequestLog):
        return
    server.wsgi_app = RequestLog(server.wsgi_app, server.config["SOCIALTAL_WAREHOUSE"])  # type: ignore[method-assign]  # Flask's documented middleware hook
