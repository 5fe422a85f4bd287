"""The dashboard for bench/web.py, served by gunicorn: `create_app` on $SOCIALTAL_DB plus one empty Dash callback,
the baseline every page callback is measured against (same server, same run, same request path through Dash).

    SOCIALTAL_DB=... gunicorn bench.web_app:server   (from the project root, so bench/ itself is not on the path)

The baseline's components are in no layout: the benchmark POSTs its payload to /_dash-update-component directly,
and Dash runs a callback by its output id whether or not the components are on a page.

$SOCIALTAL_BENCH_OFF (`bench/web.py --off`), for measuring what a cache layer pays: a comma-separated list of
layers switched off in this app only, after create_app. Not a setting of the dashboard: nothing else reads it."""

from __future__ import annotations

import os
from pathlib import Path

from dash import Dash, Input, Output

from dashboard import app as app_module
from dashboard.app import RENDER_CACHE, create_app
from dashboard.warehouse import selectors

PING_IN = "bench-ping-in"
PING_OUT = "bench-ping-out"
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


@app.callback(Output(PING_OUT, "data"), Input(PING_IN, "data"), prevent_initial_call=True)
def ping(value: object) -> object:
    return value


server = app.server
