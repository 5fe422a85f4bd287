"""Embed: one municipality chart for another site's <iframe>, `/embed/kommune/<code>/<indicator_id>` with the same
query as the profile (measure, peers, areas, base, lang). No navigation: the chart (its title, unit and source line
are part of the figure), the DEMODATA line for demo data, and a link back to the full profile in the same view.
Served as a plain HTML page without Dash's renderer (dashboard/web/plain_pages.py writes this layout as HTML), so
this layout holds only html components and the graph. assets/embed_height.js tells the embedding page the height;
dashboard/ui/embed_code.py gives the <iframe> code."""

from __future__ import annotations

from dash import dcc, html

from dashboard.charts import views as charts
from dashboard.core.site import Page
from dashboard.core.texts import t
from dashboard.ui.components import aria_label, figure_json, graph_config
from dashboard.warehouse import selectors as ctx

PATH_TEMPLATE = "/embed/kommune/<code>/<indicator_id>"
PAGE = Page("embed", PATH_TEMPLATE, 7, plain_html=True)  # no Dash renderer: dashboard/web/plain_pages.py
EMBED_ID = "embed"
GRAPH_ID = "embed-graph"


def layout(code: str | None = None, indicator_id: str | None = None, **query: str) -> html.Main:
    warehouse = ctx.current_warehouse()
    demo = ctx.is_demo(warehouse)
    state, own, chart = charts.municipality_chart_for(warehouse, code, indicator_id, query)
    lang = state.lang
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
            dcc.Graph(id=GRAPH_ID, figure=figure_json(chart.figure), config=graph_config(lang)),
            html.P(
                html.A(
                    t("embed_back", lang),
                    href=f"/kommune/{own['area_code']}{state.query()}",
                    target="_top",
                    id="embed-back",
                ),
                className="small mb-0",
            ),
        ],
        id=EMBED_ID,
        lang=lang,
        className="pt-1 pb-1",
        **aria_label(chart.title),
    )
