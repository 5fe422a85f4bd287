"""What the web process tells browsers and what it refuses, in one place (`register(app)` from create_app):

- security headers on every response: nosniff, a referrer policy, framing denied except for /embed/ pages (any
  site may frame those), and for HTML a Content-Security-Policy the pages work under (scripts only from our own
  origin plus the hashes of Dash's own inline scripts);
- a size limit on request bodies, and a check of every callback request before Dash sees it: a JSON object naming
  a server callback Dash knows, with the inputs, state and outputs that callback declares and values of a fitting
  type; anything else is a 400 with a short JSON reason;
- one answer for an unexpected error: a generic page (or JSON for callbacks) without detail, while the server log
  gets the traceback.

Why ~100 lines of hooks and not flask-talisman: the policy differs per route kind (embeds may be framed, other
pages may not; only HTML documents need a CSP), the script hashes are only known after Dash has registered its
clientside callbacks (first request), and Talisman's HTTPS redirects and HSTS belong to the proxy in front of us.
Talisman would need a per-view override for every /embed/ route; these hooks are the whole policy on one screen."""

from __future__ import annotations

import functools
import json
import logging
import typing
from collections.abc import Callable
from types import NoneType, UnionType
from typing import Any, TypeVar

from dash import Dash
from dash.exceptions import DependencyException, PreventUpdate
from flask import Flask, Response, jsonify, request
from werkzeug.exceptions import HTTPException

from dashboard.embedding import EMBED_PREFIX
from dashboard.state import LANGUAGES
from dashboard.texts import t

CALLBACK_PATH = "/_dash-update-component"
MAX_REQUEST_BYTES = 1024 * 1024  # a callback body is a few KB; the largest, a lazy table's rows, well under 1 MB
MAX_PAYLOAD_DEPTH = 12
_REGISTERED_FLAG = "socialtal_security_registered"

log = logging.getLogger("socialtal.security")

# style-src needs 'unsafe-inline': Plotly and Dash's components set style attributes and inject <style> at run
# time. No 'unsafe-eval': tests/browser/test_security_headers.py loads every page kind under this policy and
# sees no violation (plotly.js's basic traces, geo from assets/, AG Grid's formatters and dcc all run without eval).
_BASE_POLICY = ("default-src 'self'", "style-src 'self' 'unsafe-inline'", "img-src 'self' data: blob:",
                "font-src 'self' data:", "connect-src 'self'", "object-src 'none'", "base-uri 'self'",
                "form-action 'self'")


class BadCallbackInput(ValueError):
    """A callback got a value no control of ours sends (wrong type, unknown shape): answered with 400."""


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


def has_control_characters(text: str) -> bool:
    return any(ord(c) < 32 or 127 <= ord(c) < 160 for c in text)


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
    body = (f'<!doctype html><html lang="{lang}"><head><meta charset="utf-8"><title>{t("app_title", lang)}</title>'
            f'</head><body><h1>{t("server_error_title", lang)}</h1><p>{t("server_error_body", lang)}</p>'
            f'<p><a href="/">{t("front_page", lang)}</a></p></body></html>')
    return Response(body, status=500, mimetype="text/html")


# --- callback requests -------------------------------------------------------------------------------------------

# What our controls send for a property; a property not listed may be any JSON value.
PROPERTY_TYPES: dict[str, tuple[type, ...]] = {
    "pathname": (str, NoneType), "search": (str, NoneType), "href": (str, NoneType), "hash": (str, NoneType),
    "n_clicks": (int, NoneType), "is_open": (bool, NoneType), "clickData": (dict, NoneType),
    "value": (str, int, float, list, NoneType),
}


def callback_problem(body: object, callback_map: dict[str, dict[str, Any]]) -> str | None:
    """Why a callback request body is not one our pages send, or None when it fits the callback it names."""
    if not isinstance(body, dict):
        return "the body must be a JSON object"
    output = body.get("output")
    if not isinstance(output, str):
        return "'output' must be a string"
    spec = callback_map.get(output)
    if spec is None:
        return "unknown output"
    if spec.get("callback") is None:
        return "not a server callback"
    if _depth(body) > MAX_PAYLOAD_DEPTH:
        return "nested too deeply"
    if not _valid_text(body):
        return "text that is not valid Unicode (lone surrogates)"
    declared_outputs = _declared_outputs(output)
    outputs = body.get("outputs")
    outputs = outputs if isinstance(outputs, list) or len(declared_outputs) != 1 else [outputs]
    if not isinstance(outputs, list) or len(outputs) != len(declared_outputs):
        return "'outputs' does not fit the callback"
    for item, prop in zip(outputs, declared_outputs, strict=True):
        if not _names_property(item, prop):
            return "'outputs' does not fit the callback"
    for key in ("inputs", "state"):
        declared = spec.get(key, [])
        sent = body.get(key, [] if key == "state" and not declared else None)  # the renderer omits empty state
        problem = _dependencies_problem(key, sent, declared)
        if problem:
            return problem
    changed = body.get("changedPropIds")
    if not isinstance(changed, list) or not all(isinstance(c, str) for c in changed):
        return "'changedPropIds' must be a list of strings"
    return None


def _declared_outputs(output: str) -> list[str]:
    """'..a.children...b.data..' → ['children', 'data']; 'x.href@hash' → ['href'] (property names only)."""
    names = output[2:-2].split("...") if output.startswith("..") and output.endswith("..") else [output]
    return [name.split("@", 1)[0].rsplit(".", 1)[-1] for name in names]


def _dependencies_problem(key: str, items: object, declared: list[dict[str, Any]]) -> str | None:
    if not isinstance(items, list) or len(items) != len(declared):
        return f"'{key}' does not fit the callback"
    for item, dep in zip(items, declared, strict=True):
        pattern = dep["id"].startswith("{")
        group = item if pattern and isinstance(item, list) else [item]  # ALL/ALLSMALLER send a list
        for entry in group:
            if not isinstance(entry, dict) or entry.get("property") != dep["property"]:
                return f"'{key}' does not fit the callback"
            if not _same_id(entry.get("id"), dep["id"], pattern):
                return f"'{key}' does not fit the callback"
            value = entry.get("value")
            if dep["property"] == "id" and value is not None and value != entry.get("id"):
                return f"'{key}': an id property must be the component's id"
            if dep["property"] == "pathname" and not (isinstance(value, str) and value.startswith("/")
                                                      and not has_control_characters(value)):
                return f"'{key}': a pathname is an absolute path without control characters"
            allowed = PROPERTY_TYPES.get(dep["property"])
            if allowed and (not isinstance(value, allowed) or (isinstance(value, bool) and bool not in allowed)):
                return f"'{key}': {dep['property']} has the wrong type"
    return None


def _same_id(sent: object, declared: str, pattern: bool) -> bool:
    if not pattern:
        return sent == declared
    wanted = json.loads(declared)
    if not isinstance(sent, dict) or set(sent) != set(wanted):
        return False
    return all(isinstance(v, (str, int, float)) and not isinstance(v, bool) if isinstance(wanted[k], list)
               else v == wanted[k] for k, v in sent.items())


def _names_property(item: object, prop: str) -> bool:
    sent = item.get("property") if isinstance(item, dict) else None  # 'href@<hash>' for allow_duplicate outputs
    return isinstance(sent, str) and sent.split("@", 1)[0] == prop and isinstance(item.get("id"), (str, dict))  # type: ignore[union-attr]


def _valid_text(value: object) -> bool:
    """No lone surrogates anywhere (JSON may escape them; UTF-8 cannot encode them, so the page code would fail)."""
    if isinstance(value, str):
        return not any("\ud800" <= c <= "\udfff" for c in value)
    if isinstance(value, dict):
        return all(_valid_text(k) and _valid_text(v) for k, v in value.items())
    if isinstance(value, list):
        return all(_valid_text(v) for v in value)
    return True


def _depth(value: object, level: int = 0) -> int:
    if level > MAX_PAYLOAD_DEPTH:
        return level
    if isinstance(value, dict):
        return max((_depth(v, level + 1) for v in value.values()), default=level + 1)
    if isinstance(value, list):
        return max((_depth(v, level + 1) for v in value), default=level + 1)
    return level


# --- callback arguments -------------------------------------------------------------------------------------------

F = TypeVar("F", bound=Callable[..., Any])


def typed_arguments(func: F) -> F:
    """Check a callback's arguments against its type hints (str, int, dict, list[str], X | None) before it
    runs: a value of another type is a BadCallbackInput (400), not an exception deep inside the callback."""
    hints = typing.get_type_hints(func)
    names = [name for name in func.__code__.co_varnames[:func.__code__.co_argcount]]

    @functools.wraps(func)
    def checked(*args: object) -> Any:
        for name, value in zip(names, args, strict=False):
            if name in hints and not fits(value, hints[name]):
                raise BadCallbackInput(f"{name} must be {hints[name]}")
        return func(*args)

    return checked  # type: ignore[return-value]


def fits(value: object, hint: Any) -> bool:
    """Whether a JSON value fits a simple type hint."""
    if hint is Any or hint is object:
        return True
    origin = typing.get_origin(hint)
    if origin in (UnionType, typing.Union):
        return any(fits(value, arm) for arm in typing.get_args(hint))
    if hint is None or hint is NoneType:
        return value is None
    if origin is list:
        (item,) = typing.get_args(hint) or (Any,)
        return isinstance(value, list) and all(fits(v, item) for v in value)
    if origin is dict or hint is dict:
        return isinstance(value, dict)
    if hint is bool:
        return isinstance(value, bool)
    if hint is int:
        return isinstance(value, int) and not isinstance(value, bool)
    if hint is float:
        return isinstance(value, (int, float)) and not isinstance(value, bool)
    return isinstance(hint, type) and isinstance(value, hint)
