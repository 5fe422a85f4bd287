"""Kort: one indicator for all 98 municipalities in one year. A geographic map when boundaries are loaded,
otherwise a tile map (every municipality an equal tile). Clicking a municipality opens its profile."""

from __future__ import annotations

import json
from typing import TypedDict
from urllib.parse import quote

import dash_bootstrap_components as dbc
from dash import Input, Output, State, callback, dcc, html
from dash.exceptions import PreventUpdate

from dashboard.charts.maps import choropleth_map, tile_map
from dashboard.core.measures import available_measures, figure_decimals, measure_label, measure_option
from dashboard.core.site import Page
from dashboard.core.state import ViewState, query_of
from dashboard.core.texts import t
from dashboard.pages.compare import DEFAULT_INDICATOR, indicator_options, missing_view
from dashboard.ui.components import chart_card, select, shell
from dashboard.ui.navigation import on_user_input
from dashboard.warehouse import selectors as ctx

PATH = "/kort"
PAGE = Page("map", PATH, 4, nav_key="nav_map")


class _MapText(TypedDict):
    """What the choropleth and the tile map share: keyword arguments of choropleth_map and tile_map."""

    title: str
    subtitle: str
    source_line: str
    unit_label: str
    lang: str
    demo: bool
    decimals: int | None


def resolve(**query: str) -> tuple[ViewState, ctx.IndicatorView]:
    """The view an address names; NotFound says what is wrong (also the app's cheap 404 check)."""
    return ctx.indicator_page(ctx.current_warehouse(), query, DEFAULT_INDICATOR)


def layout(**query: str) -> html.Div:
    warehouse = ctx.current_warehouse()
    demo = ctx.is_demo(warehouse)
    state, view = resolve(**query)
    lang = state.lang
    indicator_id, measure, period_list, period, base_year = (
        view.indicator_id,
        view.measure,
        view.periods,
        view.period,
        view.base_year,
    )
    other = state.with_(lang="en" if lang == "da" else "da")
    if view.missing is not None:
        latest_year = str(ctx.catalogue(warehouse)["last_period"].str[:4].max())
        return shell(
            [
                html.H2(t("nav_map", lang), className="h4"),
                _controls(
                    warehouse,
                    lang,
                    indicator_id,
                    [("count", t("measure_value", lang))],
                    "count",
                    [latest_year],
                    latest_year,
                ),
                missing_view("map", view, lang),
            ],
            lang,
            demo,
            active=PATH,
            other_lang_href=PATH + other.query(),
            issues=ctx.source_issues(warehouse),
        )
    frame = ctx.indicator_values(warehouse, indicator_id, measure, base_year)
    info = ctx.indicator_info(warehouse, indicator_id, lang)
    cat = ctx.catalogue(warehouse)
    unit = measure_label(measure, info, lang, base_year)
    title = ctx.indicator_title(ctx.one_row(cat, indicator_id), lang)
    values = frame[(frame["period"] == period) & (frame["area_level"] == "kommune")]
    values = values[["area_code", "area_name", "shown"]].rename(columns={"shown": "value"})
    common: _MapText = {
        "title": title,
        "subtitle": f"{unit} · {period}",
        "source_line": ctx.source_line(warehouse, indicator_id, lang),
        "unit_label": unit,
        "lang": lang,
        "demo": demo,
        "decimals": figure_decimals(measure, info),
    }
    shapes = warehouse.query("boundaries")
    if len(shapes) == len(values):
        geojson = {
            "type": "FeatureCollection",
            "features": [
                {"type": "Feature", "properties": {"area_code": code}, "geometry": json.loads(geometry)}
                for code, geometry in zip(shapes["area_code"], shapes["geometry_geojson"], strict=True)
            ],
        }
        figure = choropleth_map(values, geojson, **common)
    else:
        tiles = values.merge(warehouse.query("tile_layout"), on="area_code")
        figure = tile_map(tiles, **common)
    years = sorted({p[:4] for p in period_list})
    controls = _controls(
        warehouse,
        lang,
        indicator_id,
        [(m, measure_option(m, info, lang)) for m in available_measures(info)],
        measure,
        years,
        period[:4],
    )
    table = values.sort_values("value", ascending=False, na_position="last")
    return shell(
        [
            html.H2(t("nav_map", lang), className="h4"),
            controls,
            html.P(t("map_click_hint", lang), className="small text-muted"),
            chart_card("map-figure", figure, table, title, lang, page_url=PATH + state.query()),
        ],
        lang,
        demo,
        active=PATH,
        other_lang_href=PATH + other.query(),
        issues=ctx.source_issues(warehouse),
    )


def _controls(
    warehouse: ctx.Warehouse,
    lang: str,
    indicator_id: str,
    measure_options: list[tuple[str, str]],
    measure: str,
    years: list[str],
    year: str,
) -> dbc.Row:
    marks_every = max(1, -(-len(years) // 8))  # at most about 8 labels
    return dbc.Row(
        [
            dbc.Col(
                select("map-indicator", indicator_options(warehouse, lang), indicator_id, t("indicator", lang)), md=5
            ),
            dbc.Col(select("map-measure", measure_options, measure, t("unit", lang)), md=3),
            dbc.Col(
                [
                    dbc.Label(t("year", lang), html_for="map-year", className="small mb-0"),
                    dcc.Slider(
                        id="map-year",
                        min=int(years[0]),
                        max=int(years[-1]),
                        step=1,
                        value=int(year),
                        marks={int(y): y for y in years[::marks_every]},
                        included=False,
                        tooltip={"placement": "bottom"},
                    ),
                ],
                md=4,
            ),
        ],
        className="g-2",
    )


@callback(
    Output("_pages_location", "href", allow_duplicate=True),
    Input("map-indicator", "value"),
    Input("map-measure", "value"),
    Input("map-year", "value"),
    State("_pages_location", "search"),
    prevent_initial_call=True,
)
@on_user_input
def update_url(indicator: str, measure: str, year: int, search: str | None) -> str:
    current = query_of(search)
    period = current.get("period")
    same_indicator = current.get("indicator", DEFAULT_INDICATOR) == indicator
    # The slider picks a year; keep the quarter suffix of quarterly series.
    new_period = f"{year}{period[4:] if period and same_indicator else ''}" if same_indicator else None
    state = ViewState(lang=current.get("lang", "da"), indicator=indicator, measure=measure, period=new_period)
    if state.query() == (search or ""):
        raise PreventUpdate
    return PATH + state.query()


@callback(
    Output("_pages_location", "href", allow_duplicate=True),
    Input("map-figure", "clickData"),
    State("_pages_location", "search"),
    prevent_initial_call=True,
)
@on_user_input
def open_profile(click: dict | None, search: str | None) -> str:
    points = (click or {}).get("points")
    point = points[0] if isinstance(points, list) and points else None
    code = point.get("customdata") if isinstance(point, dict) else None
    if isinstance(code, list):
        code = code[0] if code else None
    if not code or not isinstance(code, str):
        raise PreventUpdate
    lang = "en" if query_of(search).get("lang") == "en" else "da"
    return f"/kommune/{quote(code, safe='')}" + ViewState(lang=lang).query()
