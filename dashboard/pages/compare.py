"""Sammenlign: one indicator, one year, any municipalities: a line chart over time, the ranked bar chart of
all 98 with the chosen ones highlighted, and the table."""

from __future__ import annotations

import dash_bootstrap_components as dbc
from dash import Input, Output, State, callback, html
from dash.exceptions import PreventUpdate

from dashboard.charts.ranking import ranking_chart
from dashboard.charts.views import areas_trend, indicator_breaks, ranking_table, shown_decimals
from dashboard.core.area_names import COUNTRY_CODE
from dashboard.core.measures import MEASURES, available_measures, figure_decimals, measure_label, measure_option
from dashboard.core.periods import period_label, period_range
from dashboard.core.site import Page
from dashboard.core.source_status import missing_message
from dashboard.core.state import ViewState, query_of
from dashboard.core.texts import t
from dashboard.ui.components import chart_card, missing_source_card, select, shell
from dashboard.ui.navigation import on_user_input
from dashboard.warehouse import selectors as ctx

PATH = "/sammenlign"
PAGE = Page("compare", PATH, 3, nav_key="nav_compare")
DEFAULT_INDICATOR = "children_placed"
DEFAULT_AREAS = ("101", "751")


def municipal_indicators(warehouse: ctx.Warehouse) -> list[str]:
    """Indicators with figures for the municipalities (the ones a ranking of 98 makes sense for)."""
    return ctx.municipal_indicator_ids(warehouse)


def indicator_options(warehouse: ctx.Warehouse, lang: str) -> list[tuple[str, str]]:
    """The indicator picker of Sammenlign, Kort and Region: the municipal indicators, then those whose source
    never loaded, marked '(ingen data)' (choosing one says why there is nothing to show). Kept per data version
    and language: every view of those pages draws it (~0.8 ms of pandas row lookups)."""

    def make() -> list[tuple[str, str]]:
        cat = ctx.catalogue(warehouse)
        return [(i, ctx.indicator_title(ctx.one_row(cat, i), lang)) for i in municipal_indicators(warehouse)] + [
            (m.indicator_id, t("indicator_missing_option", lang, title=m.title(lang)))
            for m in ctx.missing_municipal_indicators(warehouse)
        ]

    return list(ctx.derived(warehouse, ("indicator_options", lang), make))


def missing_view(page_id: str, view: ctx.IndicatorView, lang: str) -> html.Section:
    """In place of a page's charts when its indicator's source never loaded."""
    assert view.missing is not None
    return missing_source_card(
        f"{page_id}-missing", view.missing.title(lang), missing_message(view.missing.issue, lang), lang
    )


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
    chosen = list(state.areas or DEFAULT_AREAS)
    other = state.with_(lang="en" if lang == "da" else "da")
    if view.missing is not None:
        return shell(
            [
                html.H2(t("nav_compare", lang), className="h4"),
                _controls(
                    warehouse, lang, indicator_id, [("count", t("measure_value", lang))], "count", [], "", chosen
                ),
                missing_view("compare", view, lang),
            ],
            lang,
            demo,
            active=PATH,
            other_lang_href=PATH + other.query(),
            issues=ctx.source_issues(warehouse),
        )
    frame = ctx.indicator_values(warehouse, indicator_id, measure, base_year)
    cat = ctx.catalogue(warehouse)
    info = ctx.indicator_info(warehouse, indicator_id, lang)
    unit = measure_label(measure, info, lang, base_year)
    title = ctx.indicator_title(ctx.one_row(cat, indicator_id), lang)
    source = ctx.source_line(warehouse, indicator_id, lang)
    decimals = figure_decimals(measure, info)
    line, line_table = areas_trend(
        warehouse,
        indicator_id,
        measure,
        base_year,
        {code: "selected" for code in chosen} | {COUNTRY_CODE: "country"},
        title=title,
        subtitle=f"{unit} · {period_range(period_list[0], period_list[-1], lang)}",
        source_line=source,
        unit_label=unit,
        lang=lang,
        demo=demo,
        decimals=decimals,
        breaks=indicator_breaks(warehouse, [indicator_id], lang),
    )
    ranked = frame[(frame["period"] == period) & (frame["area_level"] == "kommune")]
    ranked = ranked[["area_code", "area_name", "shown"]].rename(columns={"shown": "value"})
    bars = ranking_chart(
        ranked,
        highlight_codes=set(chosen),
        own_code=chosen[0] if chosen else None,
        title=title,
        subtitle=f"{unit} · {period_label(period, lang)}",
        source_line=source,
        unit_label=unit,
        lang=lang,
        demo=demo,
        decimals=decimals,
    )
    table = ranking_table(ranked, unit, lang, shown_decimals(ranked["value"], decimals))
    controls = _controls(
        warehouse,
        lang,
        indicator_id,
        [(m, measure_option(m, info, lang)) for m in available_measures(info)],
        measure,
        period_list,
        period,
        chosen,
    )
    return shell(
        [
            html.H2(t("nav_compare", lang), className="h4"),
            controls,
            chart_card(
                "compare-line",
                line,
                line_table,
                title,
                lang,
                page_url=PATH + state.query(),
            ),
            chart_card("compare-ranking", bars, table, title, lang, page_url=PATH + state.query()),
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
    period_list: list[str],
    period: str,
    chosen: list[str],
) -> dbc.Row:
    return dbc.Row(
        [
            dbc.Col(
                select(
                    "compare-indicator",
                    indicator_options(warehouse, lang),
                    indicator_id,
                    t("indicator", lang),
                    lang=lang,
                ),
                md=4,
            ),
            dbc.Col(select("compare-measure", measure_options, measure, t("unit", lang), lang=lang), md=2),
            dbc.Col(
                select(
                    "compare-period",
                    [(p, period_label(p, lang)) for p in reversed(period_list)],
                    period or None,
                    t("period", lang),
                    lang=lang,
                ),
                md=2,
            ),
            dbc.Col(
                select(
                    "compare-areas",
                    ctx.municipality_options(warehouse),
                    chosen,
                    t("municipalities", lang),
                    lang=lang,
                    multi=True,
                ),
                md=4,
            ),
        ],
        className="g-2",
    )


@callback(
    Output("_pages_location", "href", allow_duplicate=True),
    Input("compare-indicator", "value"),
    Input("compare-measure", "value"),
    Input("compare-period", "value"),
    Input("compare-areas", "value"),
    State("_pages_location", "search"),
    prevent_initial_call=True,
)
@on_user_input
def update_url(indicator: str, measure: str, period: str | None, areas: list[str] | None, search: str | None) -> str:
    current = query_of(search)
    if measure not in MEASURES:
        raise PreventUpdate
    # a new indicator may not have the same periods: keep the period only when the indicator stays
    keep_period = current.get("indicator", DEFAULT_INDICATOR) == indicator
    state = ViewState(
        lang=current.get("lang", "da"),
        indicator=indicator,
        measure=measure,
        period=period if keep_period else None,
        areas=tuple(areas or ()),
    )
    href = PATH + state.query()
    if state.query() == (search or ""):
        raise PreventUpdate
    return href
