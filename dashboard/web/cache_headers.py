"""Cache-Control for what never changes at its address, so a repeat visit asks the server for nothing it has:
Dash's bundles carry their version in the file name (`dash_renderer.v4_4_1m….min.js`), the assets a fingerprint
in the query (`?m=<modification time>`, which changes whenever the file does), the favicon Dash's version
(`?v=`). These are kept a year and marked immutable (no revalidation on reload). Anything else, the HTML shell,
Dash's layout and callbacks and its unversioned lazy chunks (`async-graph.js`), keeps what Flask and Dash say."""

from __future__ import annotations

from dash.fingerprint import check_fingerprint
from flask import Flask, Response, request

IMMUTABLE = "public, max-age=31536000, immutable"
_COMPONENT_SUITES = "/_dash-component-suites/"


def is_fingerprinted() -> bool:
    """Whether this request's address names one version of a file for good."""
    path = request.path
    if path.startswith(_COMPONENT_SUITES):
        return bool(check_fingerprint(path)[1])
    if path.startswith("/assets/"):
        return "m" in request.args
    return path == "/_favicon.ico" and "v" in request.args


def register(server: Flask) -> None:
    @server.after_request
    def keep_fingerprinted_files(response: Response) -> Response:
        if request.method in ("GET", "HEAD") and response.status_code == 200 and is_fingerprinted():
            response.headers["Cache-Control"] = IMMUTABLE
        return response
