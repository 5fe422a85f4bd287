"""Embed any chart: `/embed/view?page=<the page's address>&chart=<the chart's id>` shows that chart exactly as its
page draws it, without navigation, with the DEMODATA line for demo data and a link back to the page. The page is
rendered (cached) by the app's own router, handed in through the server config. Like the chart embed, it is served
as a plain HTML page without Dash's renderer (dashboard/web/plain_pages.py)."""

from __future__ import annotations

from urllib.parse import parse_qsl, urlsplit

from dash import dcc, html
from flask import current_app

from dashboard.core.site import Page
from dashboard.core.state import echo, lang_of
from dashboard.core.texts import t
from dashboard.ui.components import graph_config, not_found
from dashboard.ui.layout_search import find_figure
from dashboard.warehouse import selectors as ctx

PATH = "/embed/view"
PAGE = Page("embed_view", PATH, 8, warm=lambda _areas: [], plain_html=True)  # a view only with ?page=&chart=
RENDER_PAGE = "SOCIALTAL_RENDER_PAGE"  # server config key: (path, query) → layout or None


def layout(page: str = "", chart: str = "", **query: str) -> html.Div | html.Main:
    warehouse = ctx.current_warehouse()
    demo = ctx.is_demo(warehouse)
    parts = urlsplit(page)
    lang = lang_of(dict(parse_qsl(parts.query)))
    if not page.startswith("/") or parts.netloc or parts.path.startswith("/embed/"):
        return not_found(lang, f"page={echo(page)}", demo)
    rendered = current_app.config[RENDER_PAGE](parts.path, dict(parse_qsl(parts.query)))
    figure = find_figure(rendered, chart) if rendered is not None else None
    if figure is None:
        return not_found(lang, f"chart={echo(chart)}", demo)
    demo_line = (
        [
            html.P(
                t("embed_demo_line", lang), id="embed-demo", className="small text-warning-emphasis text-truncate mb-0"
            )
        ]
        if demo
        else []
    )
    return html.Main(
        [
            *demo_line,
            dcc.Graph(id="embed-graph", figure=figure, config=graph_config(lang)),
            html.P(html.A(t("embed_back", lang), href=page, target="_top", id="embed-back"), className="small mb-0"),
        ],
        id="embed",
        lang=lang,
        className="pt-1 pb-1",
    )
