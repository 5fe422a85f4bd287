"""Pages served as plain HTML documents written on the server, without Dash's renderer: the embeds
(`Page(plain_html=True)`, dashboard/core/site.py). An embed is one chart in another site's frame, mostly seen by
readers who never open Socialtal itself; React, Dash's renderer and its component bundles only to show that chart
were most of its first load. Here the page's layout (the very function Dash would draw, cached alike by
app.cached_layout) is written as HTML (dashboard/web/static_html.py), its figure as JSON in the page, and plotly.js
draws it (assets/embed/draw_charts.js), with the smaller partial bundle when the chart's traces are all scatter and
bar (on_demand_scripts.SCATTER_BAR_BUNDLE), else the one with every trace type (a map).

- The same scripts as on Dash's pages do the rest: chart_fit.js fits the chart to its width, embed_height.js tells
  the framing page how tall it is, the Danish locale for plotly in Danish; the styles are Bootstrap's few the embed
  uses (assets/embed/embed.css), not all of Bootstrap.
- Every script and stylesheet is ours, addressed with its fingerprint (`?m=`), so it is compressed once, cached for
  good (dashboard/web/cache_headers.py) and allowed by the pages' Content-Security-Policy (no inline script).
- The document is kept in the render cache (dashboard/web/render_cache.py) by data version and address, as sent,
  compressed: a repeated embed is a lookup.
- An address that names nothing (a bad code, indicator, page or chart) gets the app's friendly not-found page with
  a 404, drawn by Dash as before: rare, so its weight does not matter."""

from __future__ import annotations

import threading
from collections.abc import Callable, Sequence
from html import escape
from typing import Any

import dash
from dash import Dash
from flask import Response, request

from dashboard.core.state import single_values
from dashboard.warehouse.queries import Warehouse
from dashboard.web import compression, on_demand_scripts, page_head, render_cache, static_html

DOCUMENT_KEY = "plain-html"  # in a render-cache key, beside the data version: a document, not a router answer
CONTAINER_CLASS = "container-fluid px-3 px-lg-4"  # the frame Dash's app layout puts around every page (app.py)
ASSETS_FOLDER = "^embed$"  # assets/embed/: files of the plain pages alone, which Dash must not load on its own
STYLESHEETS = ("embed/embed.css",)
_GEO_TRACES = frozenset({"choropleth", "scattergeo"})  # need plotly_geo_offline.js before they draw

RenderPage = Callable[[str, dict[str, str]], Any]  # (path, query) → the found layout, or None


def register(
    app: Dash,
    paths: Sequence[str],
    render_page: RenderPage,
    describe: page_head.PageHeadOf,
    cache: render_cache.RenderCache,
    warehouse: Warehouse,
) -> None:
    """A Flask route for each path (a path or a Dash path template: both read `<variable>` alike) that answers with
    the plain document of that view."""
    assets = _Assets(app)

    def serve(**_path_variables: str) -> Response | tuple[str, int]:
        query = {k: str(v) for k, v in single_values(request.args.to_dict(flat=False)).items()}
        key = (warehouse.data_version(), DOCUMENT_KEY, *render_cache.view_address(request.path, query))
        encoding = compression.client_encoding()
        found, claimed = cache.answer_or_claim(key, encoding)  # waits for the same view being written
        if found is None:
            try:
                found = write(key, query, encoding)
            finally:
                if claimed:
                    cache.release(key)
        if found is None:
            return app.index(), 404  # the friendly not-found page, as Dash draws it for any page
        return compression.send(Response(mimetype="text/html"), *found)

    def write(key: tuple, query: dict[str, str], encoding: str | None) -> tuple[bytes, str | None] | None:
        layout = render_page(request.path, query)
        if layout is None:
            return None
        return cache.put(key, document(layout, describe(request.path, query), assets).encode(), encoding)

    for path in paths:
        app.server.add_url_rule(path, endpoint=f"plain_page{path}", view_func=serve, methods=["GET"])


def document(layout: Any, head: page_head.PageHead, assets: _Assets) -> str:
    """The whole page: its language and title, our styles and scripts (deferred: they run in order once the page is
    parsed, plotly.js first), and the layout as HTML."""
    types = static_html.trace_types(layout)
    scripts = [assets.plotly(types)]
    if head.lang == "da":  # graph_config(lang): plotly's locale "da" (month names); English is built in
        scripts.append(assets.url("vendor/plotly-locale-da.js"))
    if types & _GEO_TRACES:
        scripts.append(assets.url("plotly_geo_offline.js"))
    scripts += [assets.url(name) for name in ("chart_fit.js", "embed/draw_charts.js", "embed_height.js")]
    styles = "".join(f'<link rel="stylesheet" href="{escape(assets.url(name))}">' for name in STYLESHEETS)
    script_tags = "".join(f'<script defer src="{escape(src)}"></script>' for src in scripts)
    return (
        f'<!DOCTYPE html>\n<html lang="{escape(head.lang)}">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{escape(head.title)}</title>\n"
        f'<meta property="og:title" content="{escape(head.title)}">\n'  # what a link preview in a mail shows
        f'<link rel="icon" type="image/x-icon" href="{escape(assets.favicon())}">\n'  # not a 404 for /favicon.ico
        f"{styles}\n{script_tags}\n</head>\n<body>\n"
        f'<div class="{CONTAINER_CLASS}">{static_html.render(layout)}</div>\n</body>\n</html>\n'
    )


class _Assets:
    """Fingerprinted addresses of files in assets/, as Dash writes them (`?m=<modification time>`), found once."""

    def __init__(self, app: Dash) -> None:
        self._app = app
        self._urls: dict[str, str] = {}
        self._lock = threading.Lock()

    def url(self, relative: str) -> str:
        with self._lock:
            if relative not in self._urls:
                mtime = (on_demand_scripts.ASSETS / relative).stat().st_mtime
                self._urls[relative] = f"{self._app.get_asset_url(relative)}?m={mtime}"
            return self._urls[relative]

    def favicon(self) -> str:
        """Dash's own icon at Dash's address for it (versioned, so kept for good), as on Dash's pages."""
        return f"{self._app.config.requests_pathname_prefix}_favicon.ico?v={dash.__version__}"

    def plotly(self, trace_types: set[str]) -> str:
        """The smaller bundle when it draws every trace type the page has, else the one with all the pages' types."""
        pattern = (
            on_demand_scripts.SCATTER_BAR_BUNDLE
            if trace_types <= on_demand_scripts.SCATTER_BAR_TRACES
            else on_demand_scripts.PLOTLY_BUNDLE
        )
        bundle = on_demand_scripts.plotly_bundle(pattern)
        return self.url(f"{bundle.parent.name}/{bundle.name}")
