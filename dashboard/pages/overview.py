"""Forside: the loaded indicators with their source, periods and latest national value."""

from __future__ import annotations

import dash_bootstrap_components as dbc
from dash import html

from dashboard.data import Warehouse
from dashboard.formatting import format_number
from dashboard.texts import t, unit_label

PATH = "/"


def layout(warehouse: Warehouse, lang: str = "da") -> html.Div:
    frame = warehouse.query("indicators_overview")
    header = html.Thead(html.Tr([html.Th(t(k, lang)) for k in
                                 ("col_indicator", "col_unit", "col_source", "col_periods", "col_latest")]))
    rows = [
        html.Tr([
            html.Td(row.title_da if lang == "da" else row.title_en, id=f"overview-indicator-{row.indicator_id}"),
            html.Td(unit_label(row.unit, lang)),
            html.Td(html.A(row.source_table, href=f"https://www.statistikbanken.dk/{row.source_table}")
                    if row.source_table.isalnum() else row.source_table),
            html.Td(f"{row.first_period}–{row.last_period}"),
            html.Td(format_number(row.latest_value_country, lang=lang)
                    + (f" ({t('computed_note', lang)})" if row.is_computed else "")),
        ])
        for row in frame.itertuples()
    ]
    return html.Div([
        html.H2(t("indicators_heading", lang)),
        dbc.Table([header, html.Tbody(rows)], striped=True, hover=True, responsive=True, size="sm",
                  id="overview-table"),
        html.Small(t("computed_legend", lang), className="text-muted"),
    ])
