"""A page's component tree as HTML written on the server, for pages served without Dash's renderer
(dashboard/web/plain_pages.py): Dash's html components become their own tags, a dcc.Graph an empty <div> with its
figure and config beside it in a JSON data block, which assets/embed/draw_charts.js hands to plotly.js. Any other
component (a dropdown, a grid: things that need React) is refused, so a plain page can never lose one silently."""

from __future__ import annotations

import re
from html import escape
from typing import Any

from dash import dcc
from dash.development.base_component import Component
from plotly.io.json import to_json_plotly

FIGURE_ATTRIBUTE = "data-figure"  # on a graph's <div>: the id of the JSON block holding its figure and config
_HTML_NAMESPACE = "dash_html_components"
_VOID_TAGS = frozenset({"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "wbr"})
_RENAMED = {"className": "class", "htmlFor": "for"}
_CAPITAL = re.compile(r"(?<!^)([A-Z])")  # a style key's word boundary: fontSize → font-size
_DASH_ONLY = frozenset({"children", "n_clicks", "n_clicks_timestamp", "disable_n_clicks", "loading_state", "setProps"})


class NotStatic(TypeError):
    """A component that only Dash's renderer can draw."""


def render(node: Any) -> str:
    """The HTML of a component tree (components, lists of them, text and numbers)."""
    if node is None:
        return ""
    if isinstance(node, str | int | float):
        return escape(str(node), quote=False)
    if isinstance(node, list | tuple):
        return "".join(render(child) for child in node)
    if isinstance(node, dcc.Graph):
        return _graph(node)
    if isinstance(node, Component) and node._namespace == _HTML_NAMESPACE:
        tag = node._type.lower()
        attributes = _attributes(node.to_plotly_json()["props"])
        if tag in _VOID_TAGS:
            return f"<{tag}{attributes}>"
        return f"<{tag}{attributes}>{render(getattr(node, 'children', None))}</{tag}>"
    raise NotStatic(f"{type(node).__module__}.{type(node).__name__} needs Dash's renderer")


def json_block(element_id: str, data: object) -> str:
    """`data` in a <script type="application/json">: read by a script, never run (the Content-Security-Policy does
    not apply to it). '<' is written as \\u003c, so no text in it can close the element."""
    text = to_json_plotly(data).replace("<", "\\u003c")  # as Dash writes a figure: NaN as null
    return f'<script type="application/json" id="{escape(element_id, quote=True)}">{text}</script>'


def trace_types(node: Any) -> set[str]:
    """The trace types of every graph in a component tree (plotly's default type is scatter)."""
    if isinstance(node, list | tuple):
        return set().union(*(trace_types(child) for child in node))
    if isinstance(node, dcc.Graph):
        return {str(trace.get("type", "scatter")) for trace in (getattr(node, "figure", None) or {}).get("data", [])}
    if isinstance(node, Component):
        return trace_types(getattr(node, "children", None))
    return set()


def _graph(graph: dcc.Graph) -> str:
    """The graph's place, as dcc.Graph draws it (a <div> with the graph's id and class, plotly's own <div>
    inside it, added by the script), and its figure and config."""
    graph_id = getattr(graph, "id", None)
    if not isinstance(graph_id, str):
        raise NotStatic("a graph on a plain page needs a text id")
    props = {"id": graph_id, "className": " ".join(filter(None, ["dash-graph", getattr(graph, "className", None)]))}
    style = getattr(graph, "style", None)  # Dash sets props as attributes no class declares
    props |= {"style": style} if style else {}
    block = f"{graph_id}-figure"
    figure = getattr(graph, "figure", None) or {}
    config = getattr(graph, "config", None) or {}
    spec = {"data": figure.get("data", []), "layout": figure.get("layout", {}), "config": config}
    return f'<div{_attributes(props)} {FIGURE_ATTRIBUTE}="{escape(block, quote=True)}"></div>{json_block(block, spec)}'


def _attributes(props: dict[str, Any]) -> str:
    written = []
    for name, value in props.items():
        if name in _DASH_ONLY or value is None or value is False:
            continue
        if name == "id" and not isinstance(value, str):
            raise NotStatic(f"a pattern-matching id ({value!r}) needs Dash's renderer")
        attribute = _RENAMED.get(name, name if name.startswith(("aria-", "data-")) else name.lower())
        if value is True:
            written.append(f" {attribute}")
            continue
        text = _style(value) if name == "style" else str(value)
        written.append(f' {attribute}="{escape(text, quote=True)}"')
    return "".join(written)


def _style(style: object) -> str:
    if not isinstance(style, dict):
        raise NotStatic(f"style must be a dict, not {style!r}")
    return ";".join(_CAPITAL.sub(r"-\1", key).lower() + f":{value}" for key, value in style.items())
