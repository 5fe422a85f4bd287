"""Kort: one indicator for all 98 municipalities in one year. A geographic map when boundaries are loaded,
otherwise a tile map (every municipality an equal tile), and beside it all 98 ranked by the value shown, each a
link to its profile. Clicking a municipality on the map opens its profile too; the municipalities chosen in the
address (`?areas=`, as on Sammenlign) are outlined on the map and marked in the list.

The list is the keyboard's way through the map: plotly's tiles and shapes cannot take focus, the list's links
can. Focusing or hovering a link shows that municipality's hover label (full name and value) on the map, and
hovering the map marks the municipality in the list (dashboard/assets/map_link.js, with the point on the map
each link carries in data-x/data-y). On a phone the list comes first and the map keeps a legible minimum width,
scrolling sideways (dashboard/assets/map.css)."""

from __future__ import annotations

from collections.abc import Collection, Mapping
from typing import Any, TypedDict
from urllib.parse import quote

import dash_bootstrap_components as dbc
import pandas as pd
from dash import Input, Output, State, callback, dcc, html
from dash.exceptions import PreventUpdate

from dashboard.charts.maps import (
    boundary_features,
    choropleth_map,
    shape_anchors,
    tile_anchors,
    tile_map,
    value_decimals,
)
from dashboard.charts.views import ranking_table
from dashboard.core.formatting import format_number
from dashboard.core.measures import available_measures, figure_decimals, measure_label, measure_option
from dashboard.core.periods import period_label
from dashboard.core.site import Page
from dashboard.core.state import MAX_AREAS, ViewState, query_of
from dashboard.core.texts import t
from dashboard.pages.compare import DEFAULT_INDICATOR, indicator_options, missing_view
from dashboard.ui.components import aria_label, chart_card, lang_query, select, shell
from dashboard.ui.elements import element
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
    chosen = list(state.areas)
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
                    chosen,
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
        "subtitle": f"{unit} · {period_label(period, lang)}",
        "source_line": ctx.source_line(warehouse, indicator_id, lang),
        "unit_label": unit,
        "lang": lang,
        "demo": demo,
        "decimals": figure_decimals(measure, info),
    }
    shapes = warehouse.query("boundaries")
    if len(shapes) == len(values):
        geojson = boundary_features(shapes["area_code"].tolist(), shapes["geometry_geojson"].tolist())
        figure = choropleth_map(values, geojson, outlined_codes=chosen, **common)
        anchors, map_kind = shape_anchors(geojson), "geo"
    else:
        tiles = values.merge(warehouse.query("tile_layout"), on="area_code")
        figure = tile_map(tiles, outlined_codes=chosen, **common)
        anchors, map_kind = tile_anchors(tiles), "tiles"
    years = sorted({p[:4] for p in period_list})
    controls = _controls(
        warehouse,
        lang,
        indicator_id,
        [(m, measure_option(m, info, lang)) for m in available_measures(info)],
        measure,
        years,
        period[:4],
        chosen,
    )
    decimals = value_decimals(pd.to_numeric(values["value"], errors="coerce").to_numpy(dtype=float), common["decimals"])
    table = ranking_table(values, unit, lang, decimals)
    ranked_list = ranked_list_section(
        ranked(values),
        anchors,
        map_kind,
        chosen,
        decimals,
        t("map_list_note", lang, unit=unit, period=period_label(period, lang)),
        lang,
    )
    return shell(
        [
            html.H2(t("nav_map", lang), className="h4"),
            controls,
            html.P(t("map_click_hint", lang), className="small text-muted"),
            dbc.Row(
                [
                    dbc.Col(chart_card("map-figure", figure, table, title, lang, page_url=PATH + state.query()), lg=8),
                    # first on a phone, beside the map from lg on; after the map in the document (and Tab order)
                    dbc.Col(ranked_list, lg=4, className="order-first order-lg-last"),
                ],
                className="g-3",
            ),
        ],
        lang,
        demo,
        active=PATH,
        other_lang_href=PATH + other.query(),
        issues=ctx.source_issues(warehouse),
    )


def ranked(values: pd.DataFrame) -> pd.DataFrame:
    """The municipalities by value, highest first: `rank` 1 is the highest, equal values share a rank, and those
    without a value come last (rank <NA>); equal ranks in name order."""
    frame = values.assign(value=pd.to_numeric(values["value"], errors="coerce"))
    frame = frame.assign(rank=frame["value"].rank(method="min", ascending=False).astype("Int64"))
    return frame.sort_values(["value", "area_name"], ascending=[False, True], na_position="last").reset_index(drop=True)


def profile_href(code: str, lang: str) -> str:
    """A municipality's profile in the page's language: where a tile, a shape or a list entry leads."""
    return f"/kommune/{quote(code, safe='')}" + lang_query(lang)  # not ViewState.query: ~10 µs, 98 times a view


def ranked_list_section(
    ranking: pd.DataFrame,
    anchors: Mapping[str, tuple[float, float]],
    map_kind: str,
    chosen: Collection[str],
    decimals: int,
    note: str,
    lang: str,
) -> html.Section:
    """All municipalities as ranked() orders them, each a link to its profile reading "rank. name value". A link
    carries its municipality's code and, where the map has it, the point the map's hover label points at
    (data-x, data-y; `map_kind` "tiles" or "geo" says what they mean) for dashboard/assets/map_link.js. The
    chosen municipalities are marked, as the map outlines them."""
    items = []
    for code, name, value, rank in zip(
        ranking["area_code"].astype(str), ranking["area_name"], ranking["value"], ranking["rank"], strict=True
    ):
        point = anchors.get(code)
        link_data = _attributes(
            {"data-code": code} | ({"data-x": str(point[0]), "data-y": str(point[1])} if point else {})
        )
        is_chosen = code in chosen
        items.append(  # ~500 components a view: made with ui.elements (~2 µs each, against Dash's ~13 µs)
            element(
                html.Li,
                element(
                    html.A,
                    [
                        element(html.Span, "–" if pd.isna(rank) else f"{rank}.", className="map-rank"),
                        element(html.Span, name, className="map-name"),
                        element(html.Span, format_number(value, decimals, lang), className="map-value"),
                    ]
                    + (
                        [element(html.Span, " " + t("map_chosen", lang), className="visually-hidden")]
                        if is_chosen
                        else []
                    ),
                    href=profile_href(code, lang),
                    className="map-list-link",
                    **link_data,
                ),
                className="map-list-item is-chosen" if is_chosen else "map-list-item",
                **_attributes({"data-code": code}),
            )
        )
    heading = t("map_list_heading", lang)
    return html.Section(
        [
            html.H3(heading, className="h6 mb-0", id="map-list-heading"),
            html.P(note, className="small text-muted mb-2"),
            html.Ol(
                items, id="map-list", className="map-list list-unstyled mb-0", **_attributes({"data-map": map_kind})
            ),
        ],
        className="card card-body mb-3",
        id="map-list-card",
        **aria_label(heading),
    )


def _attributes(attributes: Mapping[str, str]) -> dict[str, Any]:
    """`**_attributes({"data-code": "101"})`: data-* and aria-* props, which Dash takes as keywords that no
    signature declares."""
    return dict(attributes)


def _controls(
    warehouse: ctx.Warehouse,
    lang: str,
    indicator_id: str,
    measure_options: list[tuple[str, str]],
    measure: str,
    years: list[str],
    year: str,
    chosen: list[str],
) -> dbc.Row:
    return dbc.Row(
        [
            dbc.Col(
                select(
                    "map-indicator", indicator_options(warehouse, lang), indicator_id, t("indicator", lang), lang=lang
                ),
                lg=4,
            ),
            dbc.Col(select("map-measure", measure_options, measure, t("unit", lang), lang=lang), md=6, lg=2),
            dbc.Col(_year_control(years, year, lang), md=6, lg=3),
            dbc.Col(
                select(
                    "map-areas",
                    ctx.municipality_options(warehouse),
                    chosen,
                    t("map_areas", lang),
                    lang=lang,
                    multi=True,
                    clearable=True,
                ),
                lg=3,
            ),
        ],
        className="g-2",
        id="map-controls",
    )


def _year_control(years: list[str], year: str, lang: str) -> html.Div:
    """Dash's year slider with its number input, both named: Dash 4's dcc.Slider passes no aria-* or label to its
    thumb or its input, so the container names the elements that do (data-slider-label, data-input-label) and
    dashboard/assets/slider_names.js points the thumb's and the input's aria-labelledby at them."""
    marks_every = max(1, -(-len(years) // 8))  # at most about 8 labels
    return html.Div(
        [
            html.Span(t("year", lang), id="map-year-label", className="form-label small mb-0 d-block"),
            html.Span(  # a name only (aria-labelledby may point at hidden text): not read a second time
                t("map_year_input", lang),
                id="map-year-input-label",
                hidden=True,
                **_attributes({"aria-hidden": "true"}),
            ),
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
        id="map-year-control",
        **_attributes({"data-slider-label": "map-year-label", "data-input-label": "map-year-input-label"}),
    )


@callback(
    Output("_pages_location", "href", allow_duplicate=True),
    Input("map-indicator", "value"),
    Input("map-measure", "value"),
    Input("map-year", "value"),
    Input("map-areas", "value"),
    State("_pages_location", "search"),
    prevent_initial_call=True,
)
@on_user_input
def update_url(indicator: str, measure: str, year: int, areas: list[str] | None, search: str | None) -> str:
    current = query_of(search)
    period = current.get("period")
    same_indicator = current.get("indicator", DEFAULT_INDICATOR) == indicator
    # The slider picks a year; keep the quarter suffix of quarterly series.
    new_period = f"{year}{period[4:] if period and same_indicator else ''}" if same_indicator else None
    state = ViewState(
        lang=current.get("lang", "da"),
        indicator=indicator,
        measure=measure,
        period=new_period,
        areas=tuple(dict.fromkeys(areas or ()))[:MAX_AREAS],
    )
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
    return profile_href(code, "en" if query_of(search).get("lang") == "en" else "da")
