"""Region: the briefing before a region's debate meeting, in the order a politician reads it: what stands out (the
region against the country on every indicator; the municipalities furthest above and below the country), the
budget pressure of its municipalities together, the psychiatry picture (the region's psychiatry beside the
municipalities' residential care and support), every municipality side by side on every indicator, and one
indicator ranked and over time. `?kommune=791` (the profile's link to its region, and the navigation after
visiting a municipality) highlights the reader's own municipality."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, cast
from urllib.parse import quote, urlsplit

import dash_bootstrap_components as dbc
import pandas as pd
from dash import Input, Output, State, callback, html
from dash.exceptions import PreventUpdate

from dashboard.charts.index import index_chart
from dashboard.charts.ranking import ranking_chart
from dashboard.charts.views import (
    areas_trend,
    indicator_breaks,
    period_table,
    ranking_table,
    series_breaks,
    shown_decimals,
)
from dashboard.core.area_names import COUNTRY_CODE
from dashboard.core.formatting import format_number
from dashboard.core.measures import available_measures, decimals_for, figure_decimals, measure_label, measure_option
from dashboard.core.periods import period_label, period_range
from dashboard.core.site import Page
from dashboard.core.source_status import missing_message
from dashboard.core.state import NotFound, ViewState, query_of
from dashboard.core.texts import t
from dashboard.pages.compare import DEFAULT_INDICATOR, indicator_options, missing_view, municipal_indicators
from dashboard.pages.profile import BUDGET_PAIRS
from dashboard.ui import deferred as deferred_parts
from dashboard.ui.area_grid import (
    DECIMALS_FIELD,
    INDICATOR_FIELD,
    AreaColumn,
    area_grid,
    indicator_cell,
    keep_together,
    markdown_text,
    register_fit,
)
from dashboard.ui.budget_card import budget_card
from dashboard.ui.components import chart_card, select, shell, slides_link
from dashboard.ui.elements import element
from dashboard.ui.navigation import on_user_input
from dashboard.warehouse import briefing
from dashboard.warehouse import selectors as ctx
from dashboard.warehouse.budget import budget_view

PATH_TEMPLATE = "/region/<code>"
DEFAULT_HREF = "/region/084"  # the navigation's Region link before any municipality was viewed: Hovedstaden
PAGE = Page(
    "region",
    PATH_TEMPLATE,
    5,
    nav_key="nav_region",
    nav_href=DEFAULT_HREF,
    warm=lambda areas: [f"/region/{code}" for code in areas.regions],
)
OVERVIEW_ID = "region-overview"
GRID_HEIGHT_PX = 620
AREA_FIELD_PREFIX = "area_"  # the grid's field of an area: area_082


def resolve(code: str | None = None, **query: str) -> tuple[ViewState, ctx.IndicatorView]:
    """The view an address names; NotFound says what is wrong (also the app's cheap 404 check). The highlighted
    municipality (?kommune=) must be one of the region's."""
    warehouse = ctx.current_warehouse()
    if code is None or code not in _regions(warehouse).index:
        raise NotFound.area("region", code)
    state, view = ctx.indicator_page(warehouse, query, DEFAULT_INDICATOR)
    if state.kommune is not None and state.kommune not in briefing.member_codes(warehouse, code):
        raise NotFound(f"kommune={state.kommune}")
    return state, view


def layout(code: str | None = None, **query: str) -> html.Div:
    """The whole briefing, every part drawn: what exports, embeds, decks and tests read, and what a print shows."""
    return _region(code, query, deferred=False)


def first_sight(code: str | None = None, **query: str) -> html.Div:
    """The briefing as the page router sends it: the region's name and what stands out drawn; the budget pressure,
    the psychiatry picture, the side-by-side grid and the one indicator below them as boxes drawn when they come
    near the screen (`draw_part`, dashboard/ui/deferred.py)."""
    return _region(code, query, deferred=True)


PARTS = ("budget", "psychiatry", "grid", "indicator")
# The parts' heights as drawn in Chromium (rem: narrow, from lg up), so their boxes keep their place
_PART_HEIGHTS_REM = {
    "budget": (110.0, 44.0),
    "psychiatry": (66.0, 45.0),
    "grid": (44.5, 42.0),
    "indicator": (94.0, 47.0),
}


@dataclass(frozen=True)
class _View:
    """What every part of a briefing is drawn for."""

    code: str
    region_name: str
    regions: pd.DataFrame
    members: pd.DataFrame
    state: ViewState
    indicator: ctx.IndicatorView

    @classmethod
    def of(cls, warehouse: ctx.Warehouse, code: str | None, query: dict[str, str]) -> _View:
        regions = _regions(warehouse)
        state, indicator = resolve(code, **query)
        assert code is not None  # resolve raised NotFound for anything but a region code
        region_name = ctx.area_names(warehouse)[code]
        return cls(code, region_name, regions, _members(warehouse)[code], state, indicator)

    @property
    def address(self) -> str:
        return f"/region/{self.code}{self.state.query()}"


def _regions(warehouse: ctx.Warehouse) -> pd.DataFrame:
    """The five regions by area_code, kept per data version (shared: never change it in place)."""

    def make() -> pd.DataFrame:
        all_areas = ctx.areas(warehouse)
        return all_areas[all_areas["area_level"] == "region"].set_index("area_code", drop=False)

    return ctx.derived(warehouse, "region_page_regions", make)


def _members(warehouse: ctx.Warehouse) -> dict[str, pd.DataFrame]:
    """Each region's municipalities, kept per data version (shared: never change them in place)."""

    def make() -> dict[str, pd.DataFrame]:
        all_areas = ctx.areas(warehouse)
        municipal = all_areas[all_areas["area_level"] == "kommune"]
        return {str(code): municipal[municipal["region_code"] == code] for code in _regions(warehouse).index}

    return ctx.derived(warehouse, "region_page_members", make)


def _part(warehouse: ctx.Warehouse, part: str, view: _View) -> html.Section | html.Div:
    demo, state, here = ctx.is_demo(warehouse), view.state, view.address
    if part == "budget":
        return _budget_section(warehouse, view.code, view.region_name, len(view.members), state, demo, here)
    if part == "psychiatry":
        return _psychiatry_section(warehouse, view.code, view.region_name, state, demo, here)
    if part == "grid":
        return _grid_section(warehouse, view.members, view.code, state)
    return _indicator_section(warehouse, view.regions, view.code, view.members, state, view.indicator, demo, here)


def draw_part(part: str, address: str) -> html.Section | html.Div:
    """One deferred part of the briefing at `address` (its canonical path and query). NotFound for a part or an
    address that names nothing."""
    parts = urlsplit(address)
    prefix = "/region/"
    if not parts.path.startswith(prefix) or part not in PARTS:
        raise NotFound(f"no part {part} of {address}")
    warehouse = ctx.current_warehouse()
    return _part(warehouse, part, _View.of(warehouse, parts.path[len(prefix) :], query_of(parts.query)))


deferred_parts.part_callback(PAGE.name, draw_part)


def _region(code: str | None, query: dict[str, str], deferred: bool) -> html.Div:
    warehouse = ctx.current_warehouse()
    demo = ctx.is_demo(warehouse)
    view = _View.of(warehouse, code, query)
    state, lang, regions = view.state, view.state.lang, view.regions
    other = state.with_(lang="en" if lang == "da" else "da")
    head = element(
        dbc.Row,
        [
            element(
                dbc.Col,
                [
                    element(html.H2, view.region_name, className="h4 mb-1"),
                    element(html.P, t("briefing_intro", lang, n=len(view.members)), className="small text-muted mb-2"),
                    slides_link("region", view.code, lang),
                ],
                md=8,
            ),
            element(
                dbc.Col,
                select(
                    "region-region",
                    list(zip(regions["area_code"], regions["area_name"], strict=True)),
                    view.code,
                    t("region", lang),
                    lang=lang,
                ),
                md=4,
            ),
        ],
        className="g-2",
    )
    below = [
        deferred_parts.placeholder(PAGE.name, part, view.address, _PART_HEIGHTS_REM[part])
        if deferred
        else _part(warehouse, part, view)
        for part in PARTS
    ]
    return shell(
        [head, _standouts_section(warehouse, view.code, state.kommune, lang), *below],
        lang,
        demo,
        active=DEFAULT_HREF,
        other_lang_href=f"/region/{view.code}{other.query()}",
        issues=ctx.source_issues(warehouse),
    )


# --- what stands out ---------------------------------------------------------------------------------------------


def _standouts_section(warehouse: ctx.Warehouse, code: str, own: str | None, lang: str) -> html.Section:
    """A table of the region against the country (largest difference first) and, beside it, the municipalities
    furthest above and below the country: a minute's reading before the meeting."""
    region_name = ctx.area_names(warehouse)[code]
    rows = [
        element(
            html.Tr,
            [
                element(
                    html.Td,
                    [
                        element(html.Span, keep_together(s.title), className="briefing-title"),
                        element(
                            html.Span,
                            keep_together(f"{s.unit} · {period_label(s.period, lang)}"),
                            className="briefing-unit",
                        ),
                    ],
                ),
                # data-label: on a phone each row stacks, the numbers named (assets/briefing.css)
                element(
                    html.Td,
                    format_number(s.region_value, s.decimals, lang),
                    className="briefing-number",
                    **_data_label(region_name),
                ),
                element(
                    html.Td,
                    format_number(s.country_value, s.decimals, lang),
                    className="briefing-number",
                    **_data_label(t("deck_country", lang)),
                ),
                element(
                    html.Td,
                    briefing.difference_words(s.difference, s.points is not None, lang),
                    className="briefing-difference " + _side_class(s.difference),
                ),
            ],
            id=f"standout-{s.indicator_id}",
        )
        for s in briefing.standouts(warehouse, code, lang)
    ]
    table = element(
        html.Table,
        [
            element(
                html.Thead,
                element(
                    html.Tr,
                    [
                        element(html.Th, t("indicator", lang)),
                        element(html.Th, region_name, className="briefing-number"),
                        element(html.Th, t("deck_country", lang), className="briefing-number"),
                        element(html.Th, t("briefing_col_difference", lang)),
                    ],
                ),
            ),
            element(html.Tbody, rows),
        ],
        className="table table-sm briefing-standouts mb-1",
        id="region-standouts",
    )
    above, below = briefing.extremes(warehouse, code, lang)
    extremes = element(
        html.Div,
        [
            element(html.H4, t("briefing_extremes", lang), className="h6 mb-1"),
            element(html.P, t("briefing_extremes_intro", lang), className="small text-muted mb-2"),
            element(html.H5, t("briefing_furthest_above", lang), className="briefing-side-heading"),
            _extreme_list("region-above", above, own, lang),
            element(html.H5, t("briefing_furthest_below", lang), className="briefing-side-heading"),
            _extreme_list("region-below", below, own, lang),
        ],
    )
    return element(
        html.Section,
        [
            element(html.H3, t("briefing_standouts", lang), className="h5 mt-3"),
            element(html.P, t("briefing_standouts_intro", lang), className="small text-muted mb-2"),
            element(
                dbc.Row,
                [
                    element(dbc.Col, element(html.Div, table, className="table-responsive"), lg=7),
                    element(dbc.Col, extremes, lg=5),
                ],
                className="g-3",
            ),
        ],
        id="region-standouts-section",
    )


def _data_label(text: str) -> dict[str, Any]:
    """`**_data_label(text)`: Dash takes data-* props as keywords that no signature declares."""
    return {"data-label": text}


def _side_class(difference: float) -> str:
    return "briefing-above" if difference > 0 else "briefing-below" if difference < 0 else ""


def _extreme_list(list_id: str, items: list[briefing.Extreme], own: str | None, lang: str) -> html.Ul:
    if not items:
        return element(html.Ul, element(html.Li, t("briefing_none", lang)), className="briefing-extremes", id=list_id)
    return element(
        html.Ul,
        [
            element(
                html.Li,
                [
                    element(html.Strong, item.area_name, className="briefing-name"),
                    f" · {keep_together(item.title)}: ",
                    t(
                        "briefing_extreme_detail",
                        lang,
                        value=format_number(item.value, item.decimals, lang),
                        unit=keep_together(item.unit),
                        period=keep_together(period_label(item.period, lang)),
                        difference=briefing.difference_words(item.difference, item.points is not None, lang),
                        rank=item.rank,
                        total=item.total,
                    ),
                ],
                className="briefing-own" if item.area_code == own else None,
                id=f"{list_id}-{item.area_code}",
            )
            for item in items
        ],
        className="briefing-extremes",
        id=list_id,
    )


# --- budget pressure and psychiatry --------------------------------------------------------------------------------


def _budget_section(
    warehouse: ctx.Warehouse, code: str, region_name: str, n: int, state: ViewState, demo: bool, page_url: str
) -> html.Section | html.Div:
    """The profile's 'Flere borgere, samme penge?' for the region's municipalities together."""
    lang = state.lang
    members = briefing.member_codes(warehouse, code)
    cards = []
    for topic, (spending, recipients) in BUDGET_PAIRS.items():
        view = budget_view(warehouse, members, spending, recipients, state.base)  # the profile's computation
        if view is None:
            continue
        title = t(f"budget_title_{topic}", lang, area=region_name)
        card = budget_card(
            warehouse, view, f"region-budget-{topic}", title, (spending, *recipients), lang, demo, page_url
        )
        cards.append(dbc.Col(card, lg=6))
    if not cards:
        return html.Div()
    return html.Section(
        [
            html.H3(t("budget_pressure", lang), className="h5 mt-3"),
            html.P(t("briefing_budget_intro", lang, n=n), className="small text-muted"),
            dbc.Row(cards, className="g-2"),
        ],
        id="region-budget",
    )


def psychiatry_labels(view: briefing.IndexView, lang: str) -> dict[str, str]:
    return {key: t(f"briefing_series_{key}", lang) for key in view.indices}


def _psychiatry_section(
    warehouse: ctx.Warehouse, code: str, region_name: str, state: ViewState, demo: bool, page_url: str
) -> html.Section:
    lang = state.lang
    view = briefing.psychiatry_view(warehouse, code, state.base)
    parts: list = [
        html.H3(t("briefing_psychiatry", lang), className="h5 mt-3"),
        html.P(t("briefing_psychiatry_intro", lang), className="small text-muted"),
    ]
    if view is None:
        parts.append(html.P(t("briefing_psychiatry_none", lang), className="text-muted", id="region-psychiatry-none"))
        return html.Section(parts, id="region-psychiatry-section")
    labels = psychiatry_labels(view, lang)
    frame = view.frame(labels)
    title = t("briefing_psychiatry_title", lang, area=region_name)
    figure = index_chart(
        frame,
        title=title,
        subtitle=t("index_label", lang, year=view.base_year),
        source_line=briefing.index_source_line(warehouse, view.indices, lang),
        lang=lang,
        demo=demo,
        breaks=series_breaks(warehouse, {labels[key]: [key] for key in view.indices}, lang),  # keys: indicator ids
    )
    notes = [briefing.movement_sentence(view, labels, lang), t("briefing_psychiatry_note", lang)]
    if briefing.crosses_lpr3(view):
        notes.append(t("caveat_lpr3", lang))
    # the index chart's hover shows one decimal, as the budget view's (dashboard/ui/budget_card.py)
    table = period_table(
        view.years, {labels[k]: index[view.years].to_numpy() for k, index in view.indices.items()}, lang, 1
    )
    card = chart_card("region-psychiatry", figure, table, title, lang, note=" ".join(notes), page_url=page_url)
    parts.append(dbc.Row(dbc.Col(card, lg=8), className="g-2"))
    return html.Section(parts, id="region-psychiatry-section")


# --- every municipality side by side -------------------------------------------------------------------------------


def _grid_section(warehouse: ctx.Warehouse, members: pd.DataFrame, code: str, state: ViewState) -> html.Section:
    lang = state.lang
    rows, columns = side_by_side(warehouse, members, code, state.kommune, lang)
    note = t("briefing_grid_note", lang)
    if state.kommune is not None:
        note += " " + t("briefing_grid_own", lang, name=next(c.name for c in columns if c.highlighted))
    return html.Section(
        [
            html.H3(t("side_by_side", lang), className="h5 mt-3"),
            area_grid(OVERVIEW_ID, rows, t("indicator", lang), columns, lang, GRID_HEIGHT_PX),
            html.P(note, className="small text-muted"),
        ],
        id="region-grid-section",
    )


def side_by_side(
    warehouse: ctx.Warehouse, members: pd.DataFrame, region_code: str, own: str | None, lang: str
) -> tuple[list[dict], list[AreaColumn]]:
    """Indicators as rows (long names read better down a column), the region and the country, then the
    municipalities by name as columns; each indicator per capita where it has a denominator, at its latest period.
    An indicator of a missing source is a row that says why it is empty. Kept per data version (the same on
    every view of the region's page); each caller gets rows of its own."""
    key = ("side_by_side", region_code, tuple(members["area_code"]), own, lang)
    rows, columns = ctx.derived(warehouse, key, lambda: _side_by_side(warehouse, members, region_code, own, lang))
    return [dict(row) for row in rows], list(columns)


def _side_by_side(
    warehouse: ctx.Warehouse, members: pd.DataFrame, region_code: str, own: str | None, lang: str
) -> tuple[list[dict], list[AreaColumn]]:
    cat = ctx.catalogue(warehouse)
    names = ctx.area_names(warehouse)
    ordered = members.assign(key=members["area_name"].str.casefold()).sort_values("key")
    columns = [
        AreaColumn(f"{AREA_FIELD_PREFIX}{region_code}", str(names[region_code]), pinned=True),
        AreaColumn(f"{AREA_FIELD_PREFIX}000", t("deck_country", lang), pinned=True),
    ] + [
        AreaColumn(f"{AREA_FIELD_PREFIX}{c}", str(n), highlighted=c == own)
        for c, n in zip(ordered["area_code"], ordered["area_name"], strict=True)
    ]
    codes = [region_code, COUNTRY_CODE, *ordered["area_code"]]
    rows: list[dict] = []
    for indicator_id in municipal_indicators(warehouse):
        measure = ctx.resolve_measure(warehouse, ViewState(lang=lang), indicator_id)
        frame = ctx.indicator_values(warehouse, indicator_id, measure, None)
        latest = str(frame["period"].max())
        values = frame[frame["period"] == latest].set_index("area_code")["shown"]
        info = ctx.indicator_info(warehouse, indicator_id, lang)
        detail = f"{measure_label(measure, info, lang)} · {period_label(latest, lang)}"
        row: dict = {
            INDICATOR_FIELD: indicator_cell(ctx.indicator_title(ctx.one_row(cat, indicator_id), lang), detail),
            DECIMALS_FIELD: decimals_for(measure, info),
        }
        row |= {f"{AREA_FIELD_PREFIX}{c}": _number(values.get(c)) for c in codes}
        rows.append(row)
    for missing in ctx.missing_municipal_indicators(warehouse):
        row = {INDICATOR_FIELD: markdown_text(f"{missing.title(lang)}: {missing_message(missing.issue, lang)}")}
        rows.append(row | {f"{AREA_FIELD_PREFIX}{c}": None for c in codes})
    return rows, columns


def _number(value: object) -> float | None:
    number = cast(float | None, value)
    return float(number) if number is not None and pd.notna(number) else None


register_fit(OVERVIEW_ID)


# --- one indicator -------------------------------------------------------------------------------------------------


def _indicator_section(
    warehouse: ctx.Warehouse,
    regions: pd.DataFrame,
    code: str,
    members: pd.DataFrame,
    state: ViewState,
    view: ctx.IndicatorView,
    demo: bool,
    here: str,
) -> html.Section:
    lang = state.lang
    heading = html.H3(t("briefing_one_indicator", lang), className="h5 mt-3")
    if view.missing is not None:
        controls = _controls(warehouse, lang, view.indicator_id, [("count", t("measure_value", lang))], "count")
        return html.Section(
            [heading, controls, dbc.Row(dbc.Col(missing_view("region", view, lang), lg=6), className="g-2 mt-2")],
            id="region-indicator-section",
        )
    indicator_id, measure, period_list, latest, base_year = (
        view.indicator_id,
        view.measure,
        view.periods,
        view.period,
        view.base_year,
    )
    frame = ctx.indicator_values(warehouse, indicator_id, measure, base_year)
    info = ctx.indicator_info(warehouse, indicator_id, lang)
    unit = measure_label(measure, info, lang, base_year)
    title = ctx.indicator_title(ctx.one_row(ctx.catalogue(warehouse), indicator_id), lang)
    source = ctx.source_line(warehouse, indicator_id, lang)
    decimals = figure_decimals(measure, info)
    ranked = frame[(frame["period"] == latest) & frame["area_code"].isin(members["area_code"])]
    ranked = ranked[["area_code", "area_name", "shown"]].rename(columns={"shown": "value"})
    bars = ranking_chart(
        ranked,
        highlight_codes=set(),
        own_code=state.kommune,
        title=title,
        subtitle=f"{unit} · {period_label(latest, lang)}",
        source_line=source,
        unit_label=unit,
        lang=lang,
        demo=demo,
        decimals=decimals,
    )
    roles = {code: "region", COUNTRY_CODE: "country"} | {m: "peer" for m in members["area_code"]}
    if state.kommune:
        roles[state.kommune] = "own"
    trend, over_time = areas_trend(
        warehouse,
        indicator_id,
        measure,
        base_year,
        roles,
        title=title,
        subtitle=f"{unit} · {period_range(period_list[0], latest, lang)}",
        source_line=source,
        unit_label=unit,
        lang=lang,
        demo=demo,
        decimals=decimals,
        breaks=indicator_breaks(warehouse, [indicator_id], lang),
    )
    ranking = ranking_table(ranked, unit, lang, shown_decimals(ranked["value"], decimals))
    controls = _controls(
        warehouse,
        lang,
        indicator_id,
        [(m, measure_option(m, info, lang)) for m in available_measures(info)],
        measure,
    )
    return html.Section(
        [
            heading,
            controls,
            dbc.Row(
                [
                    dbc.Col(chart_card("region-ranking", bars, ranking, title, lang, page_url=here), lg=6),
                    dbc.Col(chart_card("region-trend", trend, over_time, title, lang, page_url=here), lg=6),
                ],
                className="g-2 mt-2",
            ),
        ],
        id="region-indicator-section",
    )


def _controls(
    warehouse: ctx.Warehouse,
    lang: str,
    indicator_id: str,
    measure_options: list[tuple[str, str]],
    measure: str,
) -> dbc.Row:
    return dbc.Row(
        [
            dbc.Col(
                select(
                    "region-indicator",
                    indicator_options(warehouse, lang),
                    indicator_id,
                    t("indicator", lang),
                    lang=lang,
                ),
                md=8,
            ),
            dbc.Col(select("region-measure", measure_options, measure, t("unit", lang), lang=lang), md=4),
        ],
        className="g-2",
    )


@callback(
    Output("_pages_location", "href", allow_duplicate=True),
    Input("region-region", "value"),
    State("_pages_location", "search"),
    State("_pages_location", "pathname"),
    prevent_initial_call=True,
)
@on_user_input
def change_region(code: str, search: str | None, pathname: str | None) -> str:
    """Another region, with the indicator and unit of the address (their controls are drawn further down, maybe
    not yet: dashboard/ui/deferred.py)."""
    current = query_of(search)
    return update_url(code, current.get("indicator"), current.get("measure"), search, pathname)


@callback(
    Output("_pages_location", "href", allow_duplicate=True),
    Input("region-indicator", "value"),
    Input("region-measure", "value"),
    State("region-region", "value"),
    State("_pages_location", "search"),
    State("_pages_location", "pathname"),
    prevent_initial_call=True,
)
@on_user_input
def change_indicator(indicator: str, measure: str, code: str, search: str | None, pathname: str | None) -> str:
    return update_url(code, indicator, measure, search, pathname)


def update_url(code: str, indicator: str | None, measure: str | None, search: str | None, pathname: str | None) -> str:
    """The view with the changed control; the highlighted municipality stays while the region does."""
    current = query_of(search)
    same_region = pathname == f"/region/{code}"
    state = ViewState(
        lang=current.get("lang", "da"),
        indicator=indicator,
        measure=measure,
        kommune=(current.get("kommune") or None) if same_region else None,
    )
    href = f"/region/{quote(code, safe='')}{state.query()}"
    if href == f"{pathname}{search or ''}":
        raise PreventUpdate
    return href
