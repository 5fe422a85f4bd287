"""Region: the briefing before a region's debate meeting: all its municipalities side by side on every
indicator (latest year, chosen unit), and for one indicator the municipalities ranked and the trend."""

from __future__ import annotations

from typing import cast
from urllib.parse import quote

import dash_bootstrap_components as dbc
import pandas as pd
from dash import Input, Output, State, callback, html
from dash.exceptions import PreventUpdate

from dashboard.charts.ranking import ranking_chart
from dashboard.charts.trend import trend_chart
from dashboard.core.measures import available_measures, figure_decimals, measure_label, measure_option
from dashboard.core.site import Page
from dashboard.core.source_status import missing_message
from dashboard.core.state import NotFound, ViewState, query_of
from dashboard.core.texts import t
from dashboard.pages.compare import DEFAULT_INDICATOR, indicator_options, missing_view, municipal_indicators
from dashboard.ui.components import chart_card, data_grid, select, shell, slides_link
from dashboard.ui.navigation import on_user_input
from dashboard.warehouse import selectors as ctx

PATH_TEMPLATE = "/region/<code>"
PAGE = Page(
    "region",
    PATH_TEMPLATE,
    5,
    nav_key="nav_region",
    nav_href="/region/084",
    warm=lambda areas: [f"/region/{code}" for code in areas.regions],
)


def resolve(code: str | None = None, **query: str) -> tuple[ViewState, ctx.IndicatorView]:
    """The view an address names; NotFound says what is wrong (also the app's cheap 404 check)."""
    warehouse = ctx.current_warehouse()
    areas = ctx.areas(warehouse)
    if code not in set(areas.loc[areas["area_level"] == "region", "area_code"]):
        raise NotFound.area("region", code)
    return ctx.indicator_page(warehouse, query, DEFAULT_INDICATOR)


def layout(code: str | None = None, **query: str) -> html.Div:
    warehouse = ctx.current_warehouse()
    demo = ctx.is_demo(warehouse)
    all_areas = ctx.areas(warehouse)
    regions = all_areas[all_areas["area_level"] == "region"].set_index("area_code", drop=False)
    indicators = municipal_indicators(warehouse)
    state, view = resolve(code, **query)
    assert code is not None  # resolve raised NotFound for anything but a region code
    lang = state.lang
    members = all_areas[(all_areas["area_level"] == "kommune") & (all_areas["region_code"] == code)]
    cat = ctx.catalogue(warehouse)
    overview = _side_by_side(warehouse, indicators, members, code, state, lang)
    indicator_id, measure, period_list, latest, base_year = (
        view.indicator_id,
        view.measure,
        view.periods,
        view.period,
        view.base_year,
    )
    other = state.with_(lang="en" if lang == "da" else "da")
    here = f"/region/{code}{state.query()}"
    head = [
        html.H2(cast(str, regions.loc[code, "area_name"]), className="h4"),  # a name: a text column
        slides_link("region", code, lang),
        html.P(t("region_intro", lang, n=len(members)), className="small text-muted"),
    ]
    side_by_side = [
        html.H3(t("side_by_side", lang), className="h5 mt-3"),
        data_grid("region-overview", overview, height_px=560, lang=lang),
        html.P(t("side_by_side_note", lang), className="small text-muted"),
    ]
    if view.missing is not None:
        controls = _controls(
            warehouse, lang, regions, code, indicator_id, [("count", t("measure_value", lang))], "count"
        )
        return shell(
            [
                *head,
                controls,
                *side_by_side,
                dbc.Row(dbc.Col(missing_view("region", view, lang), lg=6), className="g-2 mt-2"),
            ],
            lang,
            demo,
            active="/region/084",
            other_lang_href=f"/region/{code}{other.query()}",
            issues=ctx.source_issues(warehouse),
        )
    frame = ctx.indicator_values(warehouse, indicator_id, measure, base_year)
    info = ctx.indicator_info(warehouse, indicator_id, lang)
    unit = measure_label(measure, info, lang, base_year)
    title = ctx.indicator_title(ctx.one_row(cat, indicator_id), lang)
    source = ctx.source_line(warehouse, indicator_id, lang)
    decimals = figure_decimals(measure, info)
    ranked = frame[(frame["period"] == latest) & frame["area_code"].isin(members["area_code"])]
    ranked = ranked[["area_code", "area_name", "shown"]].rename(columns={"shown": "value"})
    bars = ranking_chart(
        ranked,
        highlight_codes=set(),
        own_code=None,
        title=title,
        subtitle=f"{unit} · {latest}",
        source_line=source,
        unit_label=unit,
        lang=lang,
        demo=demo,
        decimals=decimals,
    )
    roles = {code: "region", "000": "country"} | {m: "peer" for m in members["area_code"]}
    series = frame[frame["area_code"].isin(roles)].assign(role=lambda f: f["area_code"].map(roles))
    series = series[["area_code", "area_name", "role", "period", "shown"]].rename(columns={"shown": "value"})
    trend = trend_chart(
        series,
        title=title,
        subtitle=f"{unit} · {period_list[0]}–{latest}",
        source_line=source,
        unit_label=unit,
        lang=lang,
        demo=demo,
        decimals=decimals,
    )
    controls = _controls(
        warehouse,
        lang,
        regions,
        code,
        indicator_id,
        [(m, measure_option(m, info, lang)) for m in available_measures(info)],
        measure,
    )
    return shell(
        [
            *head,
            controls,
            *side_by_side,
            dbc.Row(
                [
                    dbc.Col(chart_card("region-ranking", bars, ranked, title, lang, page_url=here), lg=6),
                    dbc.Col(chart_card("region-trend", trend, series, title, lang, page_url=here), lg=6),
                ],
                className="g-2 mt-2",
            ),
        ],
        lang,
        demo,
        active="/region/084",
        other_lang_href=f"/region/{code}{other.query()}",
        issues=ctx.source_issues(warehouse),
    )


def _controls(
    warehouse: ctx.Warehouse,
    lang: str,
    regions: pd.DataFrame,
    code: str,
    indicator_id: str,
    measure_options: list[tuple[str, str]],
    measure: str,
) -> dbc.Row:
    return dbc.Row(
        [
            dbc.Col(
                select(
                    "region-region",
                    list(zip(regions["area_code"], regions["area_name"], strict=True)),
                    code,
                    t("region", lang),
                ),
                md=3,
            ),
            dbc.Col(
                select("region-indicator", indicator_options(warehouse, lang), indicator_id, t("indicator", lang)), md=6
            ),
            dbc.Col(select("region-measure", measure_options, measure, t("unit", lang)), md=3),
        ],
        className="g-2",
    )


def _side_by_side(
    warehouse: ctx.Warehouse,
    indicators: list[str],
    members: pd.DataFrame,
    region_code: str,
    state: ViewState,
    lang: str,
) -> pd.DataFrame:
    """Municipalities (and the region, the country) as rows, indicators as columns, each in per-capita terms
    where the indicator has a denominator, at its latest period."""
    cat = ctx.catalogue(warehouse)
    codes = [*members["area_code"], region_code, "000"]
    table = pd.DataFrame({"area_code": codes}).merge(ctx.areas(warehouse)[["area_code", "area_name"]], on="area_code")
    for indicator_id in indicators:
        measure = ctx.resolve_measure(warehouse, ViewState(lang=lang), indicator_id)
        frame = ctx.indicator_values(warehouse, indicator_id, measure, None)
        latest = frame["period"].max()
        values = frame[frame["period"] == latest].set_index("area_code")["shown"]
        label = f"{ctx.indicator_title(ctx.one_row(cat, indicator_id), lang)} ({latest})"
        table[label] = table["area_code"].map(values)
    for missing in ctx.missing_municipal_indicators(warehouse):  # a row that says why it is empty
        table[f"{missing.title(lang)}: {missing_message(missing.issue, lang)}"] = float("nan")
    # Indicators as rows and the municipalities as columns: long indicator names read better down a column.
    return table.drop(columns="area_code").set_index("area_name").T.rename_axis(t("indicator", lang)).reset_index()


@callback(
    Output("_pages_location", "href", allow_duplicate=True),
    Input("region-region", "value"),
    Input("region-indicator", "value"),
    Input("region-measure", "value"),
    State("_pages_location", "search"),
    State("_pages_location", "pathname"),
    prevent_initial_call=True,
)
@on_user_input
def update_url(code: str, indicator: str, measure: str, search: str | None, pathname: str | None) -> str:
    current = query_of(search)
    state = ViewState(lang=current.get("lang", "da"), indicator=indicator, measure=measure)
    href = f"/region/{quote(code, safe='')}{state.query()}"
    if href == f"{pathname}{search or ''}":
        raise PreventUpdate
    return href
