"""The dashboard for bench/web.py, served by gunicorn: `create_app` on $SOCIALTAL_DB plus one empty Dash callback,
the baseline every page callback is measured against (same server, same run, same request path through Dash).

    SOCIALTAL_DB=... gunicorn bench.web_app:server   (from the project root, so bench/ itself is not on the path)

The baseline's components are in no layout: the benchmark POSTs its payload to /_dash-update-component directly,
and Dash runs a callback by its output id whether or not the components are on a page."""

from __future__ import annotations

import os
from pathlib import Path

from dash import Input, Output

from dashboard.app import create_app

PING_IN = "bench-ping-in"
PING_OUT = "bench-ping-out"

app = create_app(Path(os.environ["SOCIALTAL_DB"]))


@app.callback(Output(PING_OUT, "data"), Input(PING_IN, "data"), prevent_initial_call=True)
def ping(value: object) -> object:
    return value


server = app.server
