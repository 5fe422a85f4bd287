"""One empty Dash callback (its input copied to its output), the floor every page callback is measured against in
the same run, on the same server, through the same request path in Dash: bench/web_app.py and bench/load_app.py
add it to the app they serve. Its components are in no layout: the benchmarks POST its payload to
/_dash-update-component directly, and Dash runs a callback by its output id whether or not they are on a page."""

from __future__ import annotations

from dash import Dash, Input, Output

PING_IN = "bench-ping-in"
PING_OUT = "bench-ping-out"


def add_to(app: Dash) -> None:
    @app.callback(Output(PING_OUT, "data"), Input(PING_IN, "data"), prevent_initial_call=True)
    def ping(value: object) -> object:
        return value
