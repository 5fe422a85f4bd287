"""The dashboard for bench/web.py, served by gunicorn: `create_app` on $SOCIALTAL_DB plus the empty Dash callback of
bench/empty_callback.py, the baseline every page callback is measured against.

    SOCIALTAL_DB=... gunicorn bench.web_app:server   (from the project root, so bench/ itself is not on the path)

$SOCIALTAL_BENCH_OFF (`bench/web.py --off`), for measuring what a cache layer pays: a comma-separated list of
layers switched off in this app only, after create_app. Not a setting of the dashboard: nothing else reads it."""

from __future__ import annotations

import os
from pathlib import Path

from dash import Dash

from bench import empty_callback
from dashboard import app as app_module
from dashboard.app import RENDER_CACHE, create_app
from dashboard.warehouse import selectors

OFF_ENV = "SOCIALTAL_BENCH_OFF"
LAYERS = ("query", "derived", "layout", "render")


class Forgetful(dict):
    """A cache that keeps nothing: every lookup misses."""

    def __setitem__(self, key: object, value: object) -> None:
        pass


def switch_off(app: Dash, layers: set[str]) -> None:
    if "query" in layers:  # Warehouse: DataFrames by query and parameters
        app.server.config["SOCIALTAL_WAREHOUSE"]._cache = Forgetful()
    if "derived" in layers:  # selectors: values derived from queries
        selectors._DERIVED = Forgetful()
    if "layout" in layers:  # app.cached_layout: component trees
        app_module._LAYOUT_CACHE = Forgetful()
    if "render" in layers:  # render_cache: router answers as sent (compressed), and single flight
        cache = app.server.config[RENDER_CACHE]
        cache._memory = Forgetful()
        cache.claim = lambda key: None


app = create_app(Path(os.environ["SOCIALTAL_DB"]))
off = {layer for layer in os.environ.get(OFF_ENV, "").split(",") if layer}
if off - set(LAYERS):
    raise SystemExit(f"{OFF_ENV}: unknown layers {sorted(off - set(LAYERS))}; known: {', '.join(LAYERS)}")
switch_off(app, off)


empty_callback.add_to(app)
server = app.server
