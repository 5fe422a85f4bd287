"""Forside: national headline cards per topic (latest value, change over five years, sparkline) and a
municipality picker that leads to the profile."""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import quote

import dash_bootstrap_components as dbc
import pandas as pd
from dash import Input, Output, callback, dcc, html
from dash.exceptions import PreventUpdate

from dashboard.charts.sparkline import sparkline
from dashboard.core.area_names import COUNTRY_CODE
from dashboard.core.formatting import format_amount, format_percent_change, format_point_change
from dashboard.core.measures import figure_decimals
from dashboard.core.periods import period_label
from dashboard.core.site import Page
from dashboard.core.source_status import missing_message
from dashboard.core.state import ViewState, parse_state
from dashboard.core.texts import t, unit_label
from dashboard.ui.components import figure_json, missing_source_card, select, shell
from dashboard.ui.elements import element
from dashboard.ui.navigation import on_user_input
from dashboard.warehouse import selectors as ctx

PATH = "/"
PAGE = Page("overview", PATH, 1, nav_key="nav_overview")
TOPICS = ("children", "adults", "spending", "psychiatry")
_CARD_WIDTHS = {"xs": 12, "sm": 6, "lg": 4, "xl": 3}
_SPARKLINE_CONFIG = {"staticPlot": True, "displayModeBar": False}
_SPARKLINE_STYLE = {"height": "60px"}


def resolve(**query: str) -> ViewState:
    """The view an address names; NotFound says what is wrong (also the app's cheap 404 check)."""
    warehouse = ctx.current_warehouse()
    return parse_state(query, ctx.indicator_ids(warehouse), ctx.municipality_codes(warehouse))


def layout(**query: str) -> html.Div:
    warehouse = ctx.current_warehouse()
    demo = ctx.is_demo(warehouse)
    state = resolve(**query)
    lang = state.lang
    picker = select(
        "overview-municipality",
        ctx.municipality_options(warehouse),
        None,
        t("pick_municipality", lang),
        lang=lang,
        clearable=True,
    )
    sections = [
        html.Section(
            [
                html.H2(t(f"topic_{topic}", lang), className="h5 mt-3"),
                dbc.Row(_cards(warehouse, topic, lang), className="g-2"),
            ]
        )
        for topic in TOPICS
    ]
    return shell(
        [
            dbc.Row(dbc.Col(picker, md=6)),
            html.P(t("overview_intro", lang), className="small text-muted"),
            *sections,
            dcc.Store(id="overview-lang", data=lang),
        ],
        lang,
        demo,
        active=PATH,
        other_lang_href=PATH + ("?lang=en" if lang == "da" else ""),
        issues=ctx.source_issues(warehouse),
    )


@dataclass(frozen=True)
class Headline:
    """One headline card's contents: the country's latest figure, its change over five years and its line."""

    title: str
    number: str
    unit_and_period: str
    change: str  # '' when there is no figure five years earlier
    figure: dict
    source_line: str


def _headlines(warehouse: ctx.Warehouse, topic: str, lang: str) -> tuple[Headline, ...]:
    """A topic's headline cards, made once per data version and language: the front page reads no other
    parameter, so every later view of it (after a new data version, in either language) is made of these."""
    return ctx.derived(warehouse, ("overview_headlines", topic, lang), lambda: _make_headlines(warehouse, topic, lang))


def _make_headlines(warehouse: ctx.Warehouse, topic: str, lang: str) -> tuple[Headline, ...]:
    cat = ctx.catalogue(warehouse)
    headlines = []
    for indicator_id, row in cat[cat["topic"] == topic].iterrows():
        frame = warehouse.query("indicator_values_with_denominator", indicator_id=indicator_id)
        country = frame[frame["area_code"] == COUNTRY_CODE].sort_values("period")
        if country.empty:
            continue
        published = country.dropna(subset=["value"])  # a rate's country value may be absent for a period
        latest = published.iloc[-1] if not published.empty else country.iloc[-1]
        info = ctx.indicator_info(warehouse, str(indicator_id), lang)
        decimals = figure_decimals("count", info)  # a rate: one decimal; else as the amount or the data say
        number, amount_unit = format_amount(latest["value"], row["unit"], lang, decimals=decimals)
        latest_label = period_label(str(latest["period"]), lang)
        if row["unit"] == "percent":  # the change of a share is in percentage points, not per cent of itself
            points = _change_over_years(country, latest, 5, difference=True)
            change_text = format_point_change(points, lang) if points is not None else None
        else:
            change = _change_over_years(country, latest, 5)
            change_text = format_percent_change(change, lang) if change is not None else None
        headlines.append(
            Headline(
                title=ctx.indicator_title(row, lang),
                number=number,
                unit_and_period=f" {amount_unit or unit_label(row['unit'], lang)} · {latest_label}",
                change=t("change_5y", lang, change=change_text) if change_text is not None else "",
                figure=figure_json(sparkline(country[["period", "value"]], lang=lang, decimals=decimals)),
                source_line=ctx.source_line(warehouse, str(indicator_id), lang),
            )
        )
    return tuple(headlines)


def _cards(warehouse: ctx.Warehouse, topic: str, lang: str) -> list[dbc.Col]:
    cards = [
        element(
            dbc.Col,
            element(
                dbc.Card,
                element(
                    dbc.CardBody,
                    [
                        element(html.H3, headline.title, className="h6 mb-1"),
                        element(
                            html.Div,
                            [
                                element(html.Span, headline.number, className="fs-4 fw-semibold"),
                                element(html.Span, headline.unit_and_period, className="small"),
                            ],
                        ),
                        element(html.Div, headline.change, className="small text-muted"),
                        element(
                            dcc.Graph,
                            figure=headline.figure,
                            config=_SPARKLINE_CONFIG,
                            style=_SPARKLINE_STYLE,
                        ),
                        element(html.Small, headline.source_line, className="text-muted"),
                    ],
                ),
                className="h-100",
            ),
            **_CARD_WIDTHS,
        )
        for headline in _headlines(warehouse, topic, lang)
    ]
    for missing in ctx.missing_indicators(warehouse):
        if missing.topic == topic:
            cards.append(
                dbc.Col(
                    missing_source_card(
                        f"overview-{missing.indicator_id}",
                        missing.title(lang),
                        missing_message(missing.issue, lang),
                        lang,
                    ),
                    **_CARD_WIDTHS,
                )
            )
    return cards


def _change_over_years(country: pd.DataFrame, latest: pd.Series, years: int, difference: bool = False) -> float | None:
    """Per cent change from the same period `years` earlier (or, with `difference`, the plain difference)."""
    earlier_period = f"{int(latest['period'][:4]) - years}{latest['period'][4:]}"
    earlier = country.loc[country["period"] == earlier_period, "value"]
    if earlier.empty or pd.isna(earlier.iloc[0]) or pd.isna(latest["value"]):
        return None
    if difference:
        return float(latest["value"] - earlier.iloc[0])
    if earlier.iloc[0] == 0:
        return None
    return 100.0 * (latest["value"] / earlier.iloc[0] - 1.0)


@callback(
    Output("_pages_location", "href", allow_duplicate=True),
    Input("overview-municipality", "value"),
    Input("overview-lang", "data"),
    prevent_initial_call=True,
)
@on_user_input
def go_to_profile(code: str | None, lang: str) -> str:
    if not code:
        raise PreventUpdate
    return f"/kommune/{quote(code, safe='')}" + ("?lang=en" if lang == "en" else "")
