"""create_app(): the Dash app with its pages registered explicitly. No data is read at import time."""

from __future__ import annotations

from pathlib import Path

import dash_bootstrap_components as dbc
from dash import Dash, Input, Output, dcc, html

from dashboard.data import Warehouse, WarehouseMissing
from dashboard.pages import overview
from dashboard.texts import t

PAGES = {overview.PATH: overview.layout}


def _banner(warehouse: Warehouse, lang: str) -> list:
    info = warehouse.query("warehouse_info").iloc[0]
    parts = []
    if info.is_demo:
        parts.append(dbc.Alert(t("demo_banner", lang), color="warning", id="demo-banner", className="mb-3"))
    parts.append(html.Small(f"{t('built_at', lang)}: {info.built_at}", className="text-muted"))
    return parts


def _not_found(path: str, lang: str) -> html.Div:
    return html.Div([html.H2(t("not_found_title", lang)),
                     html.P(t("not_found_body", lang, path=path)),
                     dcc.Link(t("front_page", lang), href="/")], id="not-found")


def create_app(db_path: Path) -> Dash:
    warehouse = Warehouse(db_path)
    # Bootstrap's CSS is served from assets/vendor/ (MIT, 5.3.9), not a CDN: the dashboard works offline,
    # on a laptop in a meeting room.
    app = Dash(__name__, title=t("app_title"), suppress_callback_exceptions=True, serve_locally=True)
    app.layout = dbc.Container([
        dcc.Location(id="url"),
        html.Header([html.H1(t("app_title")), html.P(t("tagline"), className="lead")], className="my-3"),
        html.Div(id="page"),
    ], fluid=True)

    @app.callback(Output("page", "children"), Input("url", "pathname"))
    def render(pathname: str | None) -> list:
        lang = "da"
        page = PAGES.get(pathname or "/")
        if page is None:
            return [_not_found(pathname or "", lang)]
        try:
            return [*_banner(warehouse, lang), page(warehouse, lang)]
        except WarehouseMissing:
            return [dbc.Alert(t("no_warehouse", lang), color="danger")]

    app.server.config["SOCIALTAL_WAREHOUSE"] = warehouse
    return app
