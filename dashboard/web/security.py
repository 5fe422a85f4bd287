"""What the web process tells browsers and what it refuses, in one place (`register(app)` from create_app):

- security headers on every response: nosniff, a referrer policy, framing denied except for /embed/ pages (any
  site may frame those), and for HTML a Content-Security-Policy the pages work under (scripts only from our own
  origin plus the hashes of Dash's own inline scripts);
- a size limit on request bodies, and a check of every callback request before Dash sees it
  (dashboard/web/callback_checks.py): anything our pages do not send is a 400 with a short JSON reason;
- one answer for an unexpected error: a generic page (or JSON for callbacks) without detail, while the server log
  gets the traceback.

Why ~100 lines of hooks and not flask-talisman: the policy differs per route kind (embeds may be framed, other
pages may not; only HTML documents need a CSP), the script hashes are only known after Dash has registered its
clientside callbacks (first request), and Talisman's HTTPS redirects and HSTS belong to the proxy in front of us.
Talisman would need a per-view override for every /embed/ route; these hooks are the whole policy on one screen."""

from __future__ import annotations

import functools
import logging
import typing

from dash import Dash
from dash.exceptions import DependencyException, PreventUpdate
from flask import Flask, Response, jsonify, request
from werkzeug.exceptions import HTTPException

from dashboard.core.state import LANGUAGES
from dashboard.core.texts import t
from dashboard.core.typed_callbacks import BadCallbackInput
from dashboard.ui.embed_code import EMBED_PREFIX
from dashboard.web.callback_checks import callback_problem, has_control_characters

CALLBACK_PATH = "/_dash-update-component"
MAX_REQUEST_BYTES = 1024 * 1024  # a callback body is a few KB; the largest, a lazy table's rows, well under 1 MB
_REGISTERED_FLAG = "socialtal_security_registered"

log = logging.getLogger("socialtal.security")

# style-src needs 'unsafe-inline': Plotly and Dash's components set style attributes and inject <style> at run
# time. No 'unsafe-eval': tests/browser/test_security_headers.py loads every page kind under this policy and
# sees no violation (plotly.js's basic traces, geo from assets/, AG Grid's formatters and dcc all run without eval).
_BASE_POLICY = (
    "default-src 'self'",
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self' data:",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
)


def register(app: Dash) -> None:
    """Add the hooks to the app's Flask server. Call right after creating the Dash app (its own first-request
    setup must run before the callback check). Registering twice is a no-op."""
    server: Flask = app.server
    if getattr(server, _REGISTERED_FLAG, False):
        return
    setattr(server, _REGISTERED_FLAG, True)
    server.config["MAX_CONTENT_LENGTH"] = MAX_REQUEST_BYTES
    policy = functools.cache(lambda: content_security_policy(app.csp_hashes()))

    @server.before_request
    def refuse_control_characters() -> Response | None:
        """No address of ours has a control character (a newline in a path also trips Dash's page matching)."""
        if has_control_characters(request.path):
            return Response(t("bad_address", _lang()) + "\n", status=400, mimetype="text/plain")
        return None

    @server.before_request
    def check_callback_request() -> Response | None:
        if request.method != "POST" or not request.path.endswith(CALLBACK_PATH):
            return None
        try:
            body = request.get_json(silent=True, cache=True)
        except RecursionError:  # nested deeper than the JSON parser goes
            body = None
        problem = callback_problem(body, app.callback_map)
        if problem is None:
            return None
        log.info("refused callback request: %s", problem)
        return _json_error(400, problem)

    @server.after_request
    def set_security_headers(response: Response) -> Response:
        headers = response.headers
        headers["X-Content-Type-Options"] = "nosniff"
        headers["Referrer-Policy"] = "strict-origin-when-cross-origin"
        embed = request.path.startswith(EMBED_PREFIX)  # any site may frame an embed; nothing else may be framed
        frame_ancestors = "frame-ancestors *" if embed else "frame-ancestors 'none'"
        if response.mimetype == "text/html":
            headers["Content-Security-Policy"] = f"{policy()}; {frame_ancestors}"
        elif not embed:
            headers["Content-Security-Policy"] = frame_ancestors
        if embed:
            headers.pop("X-Frame-Options", None)
        else:
            headers["X-Frame-Options"] = "DENY"
        return response

    server.register_error_handler(BadCallbackInput, _bad_callback_input)
    server.register_error_handler(DependencyException, _no_such_component_file)
    server.register_error_handler(Exception, _unexpected_error)


def content_security_policy(script_hashes: list[str] | typing.Sequence[str]) -> str:
    """The policy for HTML documents without its frame-ancestors directive (set per route)."""
    return "; ".join([_BASE_POLICY[0], "script-src 'self' " + " ".join(script_hashes), *_BASE_POLICY[1:]])


# --- errors ----------------------------------------------------------------------------------------------------


def _lang() -> str:
    lang = request.args.get("lang", "da")
    return lang if lang in LANGUAGES else "da"


def _json_error(status: int, message: str) -> Response:
    response = jsonify({"error": message})
    response.status_code = status
    return response


def _wants_json() -> bool:
    return request.path.endswith(CALLBACK_PATH) or request.path.startswith("/_dash")


def _bad_callback_input(exc: BadCallbackInput) -> Response:
    log.info("refused callback input on %s: %s", request.path, exc)
    return _json_error(400, f"bad callback input: {exc}")


def _no_such_component_file(_exc: DependencyException) -> Response:
    """Dash raises this for a /_dash-component-suites/ path it did not register (its message lists every path)."""
    return Response("not found\n", status=404, mimetype="text/plain")


def _unexpected_error(exc: Exception) -> Response | HTTPException:
    """HTTP errors keep their status and Werkzeug's short generic text (JSON for callbacks). Anything else is a
    bug: the log gets the traceback, the client a generic 500 without detail."""
    if isinstance(exc, HTTPException):
        return _json_error(exc.code or 400, exc.name) if _wants_json() else exc
    if isinstance(exc, PreventUpdate):  # Dash's own handler normally answers these
        return Response("", status=204)
    log.exception("unexpected error on %s %s", request.method, request.path[:200])
    if _wants_json():
        return _json_error(500, "internal error")
    lang = _lang()
    body = (
        f'<!doctype html><html lang="{lang}"><head><meta charset="utf-8"><title>{t("app_title", lang)}</title>'
        f"</head><body><h1>{t('server_error_title', lang)}</h1><p>{t('server_error_body', lang)}</p>"
        f'<p><a href="/">{t("front_page", lang)}</a></p></body></html>'
    )
    return Response(body, status=500, mimetype="text/html")
