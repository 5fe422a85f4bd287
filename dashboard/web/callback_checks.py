"""Whether a callback request is one our pages send, before Dash runs it: a JSON object naming a server callback
Dash knows, with the outputs, inputs and state that callback declares and values of a fitting type
(`callback_problem`). Used by dashboard/web/security.py (400 for anything else); the callbacks check their own
arguments with dashboard/core/typed_callbacks.py."""

from __future__ import annotations

import json
from types import NoneType
from typing import Any

MAX_PAYLOAD_DEPTH = 12


def has_control_characters(text: str) -> bool:
    return any(ord(c) < 32 or 127 <= ord(c) < 160 for c in text)


# What our controls send for a property; a property not listed may be any JSON value.
PROPERTY_TYPES: dict[str, tuple[type, ...]] = {
    "pathname": (str, NoneType),
    "search": (str, NoneType),
    "href": (str, NoneType),
    "hash": (str, NoneType),
    "n_clicks": (int, NoneType),
    "is_open": (bool, NoneType),
    "clickData": (dict, NoneType),
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
            if dep["property"] == "pathname" and not (
                isinstance(value, str) and value.startswith("/") and not has_control_characters(value)
            ):
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
    return all(
        isinstance(v, (str, int, float)) and not isinstance(v, bool) if isinstance(wanted[k], list) else v == wanted[k]
        for k, v in sent.items()
    )


def _names_property(item: object, prop: str) -> bool:
    if not isinstance(item, dict):
        return False
    sent = item.get("property")  # 'href@<hash>' for allow_duplicate outputs
    return isinstance(sent, str) and sent.split("@", 1)[0] == prop and isinstance(item.get("id"), (str, dict))


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
