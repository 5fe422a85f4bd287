"""Kommune: one municipality against its region, the country and its peers, indicator by indicator, in the
chosen unit, with its rank among the 98 and a sentence a politician can read aloud; and the budget pressure
view (spending index against recipients index)."""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import quote, urlsplit

import dash
import dash_bootstrap_components as dbc
import pandas as pd
from dash import Input, Output, State, callback, dcc, html
from dash.exceptions import MissingCallbackContextException, PreventUpdate

from dashboard.charts import views as charts
from dashboard.core.area_names import COUNTRY_CODE
from dashboard.core.formatting import format_number
from dashboard.core.measures import decimals_for
from dashboard.core.peers import PEER_GROUPS, choose_peers
from dashboard.core.periods import period_label
from dashboard.core.site import Page
from dashboard.core.source_status import missing_message
from dashboard.core.state import NotFound, ViewState, parse_state, query_of
from dashboard.core.texts import t
from dashboard.ui import deferred as deferred_parts
from dashboard.ui.budget_card import budget_card
from dashboard.ui.components import chart_card, missing_source_card, select, shell, slides_link
from dashboard.ui.elements import element
from dashboard.ui.embed_code import embed_button
from dashboard.ui.key_figures import key_figures_strip
from dashboard.ui.last_viewed import viewed_municipality
from dashboard.ui.navigation import on_user_input
from dashboard.warehouse import selectors as ctx
from dashboard.warehouse.budget import DEFLATOR_ID, BudgetView, budget_view
from dashboard.warehouse.key_figures import change_since, finite, is_points, key_figures
from dashboard.warehouse.selectors import MissingIndicator

PATH_TEMPLATE = "/kommune/<code>"
PAGE = Page("profile", PATH_TEMPLATE, 2, warm=lambda areas: [f"/kommune/{code}" for code in areas.municipalities])
TOPICS = ("children", "adults", "spending", "psychiatry")
BUDGET_PAIRS = {  # spending indicator → the recipients it pays for
    "children": ("spending_children_special_needs", ("children_preventive_measures", "children_placed")),
    "adults": ("spending_adults_special_needs", ("adults_sel85", "adults_sel107", "adults_sel108")),
}


def resolve(code: str | None = None, **query: str) -> ViewState:
    """The view an address names; NotFound says what is wrong (also the app's cheap 404 check)."""
    warehouse = ctx.current_warehouse()
    codes = ctx.municipality_codes(warehouse)
    state = parse_state(query, ctx.indicator_ids(warehouse), codes)
    if code not in codes:
        raise NotFound.area("kommune", code)
    return state


def layout(code: str | None = None, **query: str) -> html.Div:
    """The whole profile, every part drawn: what exports, embeds, decks and tests read, and what a print shows."""
    return _profile(code, query, deferred=False)


def first_sight(code: str | None = None, **query: str) -> html.Div:
    """The profile as the page router sends it: the name, key figures and controls drawn; the budget pressure and
    the topics below them as boxes drawn when they come near the screen (`draw_part`, dashboard/ui/deferred.py)."""
    return _profile(code, query, deferred=True)


def _profile(code: str | None, query: dict[str, str], deferred: bool) -> html.Div:
    warehouse = ctx.current_warehouse()
    demo = ctx.is_demo(warehouse)
    view = _View.of(warehouse, code, query)
    own, state, lang = view.own, view.state, view.state.lang
    controls = _controls(state, ctx.municipality_options(warehouse), own["area_code"], lang, _base_years(warehouse))
    address = view.address
    sections = []
    for topic in TOPICS:
        cards = len(_charted_indicators(warehouse, topic, own)) + len(_missing_cards(warehouse, topic))
        if cards:
            body = (
                deferred_parts.placeholder(PAGE.name, topic, address, deferred_parts.card_heights_rem(cards))
                if deferred
                else _topic_cards(warehouse, topic, view)
            )
            sections.append(
                element(html.Section, [element(html.H2, t(f"topic_{topic}", lang), className="h5 mt-4"), body])
            )
    # the whole section is the part: whether it has figures is known once its views are computed, not before
    budget = (
        deferred_parts.placeholder(PAGE.name, BUDGET_PART, address, _BUDGET_HEIGHTS_REM)
        if deferred
        else _budget_section(warehouse, view)
    )
    # element(): drawn for every view (dashboard/ui/elements.py)
    header = element(
        html.Div,
        [
            # the slides button beside the name, not under it: the key figures then fit above a laptop's fold
            element(
                html.Div,
                [
                    element(html.H2, own["area_name"], className="mb-0 me-3"),
                    element(
                        html.Div,
                        slides_link("kommune", own["area_code"], lang, _slides_query(state)),
                        className="pt-2",
                    ),
                ],
                className="d-flex flex-wrap align-items-center",
            ),
            element(
                html.P,
                [
                    # its region's briefing, with this municipality highlighted (dashboard/pages/region.py)
                    element(
                        dcc.Link,
                        own["region_name"],
                        href=f"/region/{own['region_code']}{ViewState(lang=lang, kommune=own['area_code']).query()}",
                        id="profile-region-link",
                    ),
                    f" · {own['group_name_da'] if lang == 'da' else own['group_name_en']}",
                ],
                className="text-muted mb-1",
            ),
            viewed_municipality(own["area_code"], own["region_code"]),  # the Region link in the navigation
        ],
    )
    other = state.with_(lang="en" if lang == "da" else "da")
    strip = key_figures_strip(key_figures(warehouse, own, state, view.peers), own, lang)
    return shell(
        [
            header,
            # Key figures first: on a phone right under the name, the controls after them; from md up the
            # controls (which set their unit and peers) above them, and the strip still above the fold.
            element(
                html.Div,
                # `is not None`: a component's truth is its length, a walk of its whole tree
                [strip if strip is not None else html.Div(), element(html.Div, controls, className="order-md-first")],
                className="d-flex flex-column",
            ),
            budget,
            *sections,
        ],
        lang,
        demo,
        active="",
        other_lang_href=f"/kommune/{own['area_code']}{other.query()}",
        issues=ctx.source_issues(warehouse),
    )


def _base_years(warehouse: ctx.Warehouse) -> range:
    """The years a base year can be (the unit "index"): from the first to the last figure of any indicator."""

    def make() -> range:
        charted = ctx.catalogue(warehouse).drop(index=[DEFLATOR_ID], errors="ignore")  # its months from 2000: no base
        return range(int(charted["first_period"].str[:4].min()), int(charted["last_period"].str[:4].max()) + 1)

    return ctx.derived(warehouse, "profile_base_years", make)


BUDGET_PART = "budget"
# the budget section's height in Chromium (rem: narrow, from lg up): heading, intro and its two cards
_BUDGET_HEIGHTS_REM = (110.0, 46.0)


@dataclass(frozen=True)
class _View:
    """What every part of a profile is drawn for: the municipality, the view's state and its peers."""

    own: pd.Series
    state: ViewState
    peers: list[str]

    @classmethod
    def of(cls, warehouse: ctx.Warehouse, code: str | None, query: dict[str, str]) -> _View:
        state = resolve(code, **query)
        assert code is not None  # resolve raised NotFound for anything but a municipality code
        own = ctx.municipality_row(warehouse, code)
        peers = ctx.peers_of(warehouse, str(own["area_code"]), state.peer_group, state.areas)
        return cls(own, state, peers)

    @property
    def address(self) -> str:
        return f"/kommune/{self.own['area_code']}{self.state.query()}"


def draw_part(part: str, address: str) -> html.Section | html.Div | dbc.Row:
    """One deferred part of the profile at `address` (its canonical path and query): the budget pressure's cards
    or a topic's. NotFound for a part or an address that names nothing."""
    parts = urlsplit(address)
    prefix = "/kommune/"
    if not parts.path.startswith(prefix) or (part != BUDGET_PART and part not in TOPICS):
        raise NotFound(f"no part {part} of {address}")
    warehouse = ctx.current_warehouse()
    view = _View.of(warehouse, parts.path[len(prefix) :], query_of(parts.query))
    return _budget_section(warehouse, view) if part == BUDGET_PART else _topic_cards(warehouse, part, view)


deferred_parts.part_callback(PAGE.name, draw_part)


def _topic_cards(warehouse: ctx.Warehouse, topic: str, view: _View) -> dbc.Row:
    lang = view.state.lang
    cards = [
        card
        for ind in _charted_indicators(warehouse, topic, view.own)
        if (card := _indicator_card(warehouse, ind, view.own, view.state, view.peers))
    ]
    cards += [
        missing_source_card(f"profile-{m.indicator_id}", m.title(lang), missing_message(m.issue, lang), lang)
        for m in _missing_cards(warehouse, topic)
    ]
    return dbc.Row([dbc.Col(c, lg=6) for c in cards], className="g-2")


def _budget_section(warehouse: ctx.Warehouse, view: _View) -> html.Section | html.Div:
    """'Flere borgere, samme penge?': its heading, its intro and a card per topic with figures; nothing without."""
    cards = []
    lang = view.state.lang
    for topic, (spending, recipients) in BUDGET_PAIRS.items():
        budget = _budget_view(warehouse, topic, view)
        if budget is None:
            continue
        title = t(f"budget_title_{topic}", lang, area=view.own["area_name"])
        card = budget_card(
            warehouse,
            budget,
            f"profile-budget-{topic}",
            title,
            (spending, *recipients),
            lang,
            ctx.is_demo(warehouse),
            page_url=view.address,
        )
        cards.append(dbc.Col(card, lg=6))
    if not cards:
        return html.Div()
    return html.Section(
        [
            html.H2(t("budget_pressure", lang), className="h5 mt-3"),
            html.P(t("budget_pressure_intro", lang), className="small text-muted"),
            dbc.Row(cards, className="g-2"),
        ]
    )


def _controls(state: ViewState, munis: list[tuple[str, str]], code: str, lang: str, base_years: range) -> dbc.Row:
    measure_options = [(m, t(f"measure_{m}", lang)) for m in ("count", "per_capita", "index", "share")]
    years = [(str(y), str(y)) for y in reversed(base_years)]
    return element(
        dbc.Row,
        [
            element(
                dbc.Col,
                select(
                    "profile-municipality",
                    munis,
                    code,
                    t("municipality", lang),
                    lang=lang,
                ),
                md=3,
            ),
            element(
                dbc.Col,
                select("profile-measure", measure_options, state.measure or "per_capita", t("unit", lang), lang=lang),
                md=2,
            ),
            element(
                dbc.Col,
                select(
                    "profile-base",
                    years,
                    str(state.base) if state.base else None,
                    t("base_year", lang),
                    lang=lang,
                    clearable=True,
                ),
                md=2,
            ),
            element(
                dbc.Col,
                select(
                    "profile-peers",
                    [(p, t(f"peers_{p}", lang)) for p in PEER_GROUPS],
                    state.peer_group,  # "Eget valg" as soon as own peers are picked
                    t("peers", lang),
                    lang=lang,
                ),
                md=2,
            ),
            element(
                dbc.Col,
                select(
                    "profile-areas",
                    munis,
                    list(state.areas),
                    t("own_peers", lang),
                    lang=lang,
                    multi=True,
                    clearable=True,
                ),
                md=3,
            ),
        ],
        className="g-2 mb-2",
    )


def _charted_indicators(warehouse: ctx.Warehouse, topic: str, own: pd.Series) -> list[str]:
    """The topic's indicators that draw a chart for this municipality: its own figures, or its region's where only
    regions have them (charts.trend_subject, as municipality_trend reads it). Worked out for every municipality at
    once and kept per data version: the first sight counts each topic's cards to size its empty boxes."""

    def make() -> dict[str, tuple[str, ...]]:
        cat = ctx.catalogue(warehouse)
        topic_ids = list(cat.index[cat["topic"] == topic])
        munis = ctx.municipalities(warehouse)
        rows = [
            {"area_code": code, "region_code": region}
            for code, region in zip(munis["area_code"], munis["region_code"], strict=True)
        ]
        return {
            str(row["area_code"]): tuple(i for i in topic_ids if charts.trend_subject(warehouse, i, row) is not None)
            for row in rows
        }

    return list(ctx.derived(warehouse, ("charted_indicators", topic), make)[str(own["area_code"])])


def _missing_cards(warehouse: ctx.Warehouse, topic: str) -> list[MissingIndicator]:
    return [m for m in ctx.missing_indicators(warehouse) if m.topic == topic and m.on_profile]


def _indicator_card(
    warehouse: ctx.Warehouse, indicator_id: str, own: pd.Series, state: ViewState, peer_list: list[str]
) -> html.Section | None:
    chart = charts.municipality_trend(warehouse, indicator_id, own, state, peer_list)
    if chart is None:
        return None  # national-only figures (BU28, SBR04) belong on the front page, not in a profile
    summary = _summary(warehouse, indicator_id, own, chart, state.lang)
    export = f"/export/kommune/{own['area_code']}/{indicator_id}"
    # The page's unit where this indicator has it; a rate shown as its own value says so (per 1,000 of a share
    # is no address the export or the embed would take).
    view = state if state.measure in (None, chart.measure) else state.with_(measure=chart.measure)
    embed = embed_button(own["area_code"], indicator_id, view.query(), f"{own['area_name']}: {chart.title}", state.lang)
    return chart_card(
        f"profile-{indicator_id}",
        chart.figure,
        chart.table,
        chart.title,
        state.lang,
        note=summary,
        export_href=(export, view.query()),
        extra=[embed],
    )


def _summary(warehouse: ctx.Warehouse, indicator_id: str, own: pd.Series, chart: charts.TrendChart, lang: str) -> str:
    """'12,3 pr. 1.000 0–22-årige i 2024 (Region Midtjylland 10,1, landet 9,8); steget 14 pct. siden 2019; nr. 12
    af 98 kommuner (1 = højest).' Where only the regions have figures, the region's value and the country's."""
    subject = own["area_code"] if chart.has_municipal else own["region_code"]
    latest = ctx.period_figures(warehouse, indicator_id, chart.measure, chart.base_year, chart.latest)
    now = finite(latest.values.get(subject))
    info = ctx.indicator_info(warehouse, indicator_id, lang)
    decimals = decimals_for(chart.measure, info)
    values = {
        "value": format_number(now, decimals, lang),
        "unit": chart.unit,
        "period": period_label(chart.latest, lang),
        "region": own["region_name"],
        "country": format_number(latest.values.get(COUNTRY_CODE), decimals, lang),
    }
    if chart.has_municipal:
        region_value = format_number(latest.values.get(own["region_code"]), decimals, lang)
        parts = [t("summary_value", lang, region_value=region_value, **values)]
    else:
        parts = [t("summary_value_region", lang, **values)]
    base = finite(ctx.first_values_in_year(warehouse, indicator_id, chart.measure, chart.base_year).get(subject))
    change = change_since(now, base, is_points(chart.measure, info), chart.base_year)
    if change is not None:
        direction = "summary_up" if change.value > 0 else "summary_down" if change.value < 0 else "summary_flat"
        if change.is_points and change.value != 0:
            direction += "_points"
        # as the key figures show it: one decimal for points and small changes ('faldet 0,4 pct.', not '0 pct.')
        shown = format_number(abs(change.value), 1 if change.is_points or abs(change.value) < 10 else 0, lang)
        parts.append(t(direction, lang, change=shown, year=chart.base_year))
    if chart.has_municipal:
        if subject in latest.ranks:
            parts.append(t("summary_rank", lang, rank=latest.ranks[subject], total=len(latest.ranks)))
    else:
        parts.append(t("summary_region_only", lang))
    return "; ".join(parts) + "."


def _budget_view(warehouse: ctx.Warehouse, topic: str, view: _View) -> BudgetView | None:
    """The municipality's 'Flere borgere, samme penge?' for `topic` (the region page draws the same for its
    municipalities together: dashboard/warehouse/budget.py, dashboard/ui/budget_card.py); None without figures."""
    spending, recipients = BUDGET_PAIRS[topic]
    return budget_view(warehouse, [view.own["area_code"]], spending, recipients, view.state.base)


@callback(
    Output("_pages_location", "href", allow_duplicate=True),
    Input("profile-municipality", "value"),
    Input("profile-measure", "value"),
    Input("profile-peers", "value"),
    Input("profile-areas", "value"),
    Input("profile-base", "value"),
    State("_pages_location", "search"),
    State("_pages_location", "pathname"),
    prevent_initial_call=True,
)
@on_user_input
def update_url(
    code: str,
    measure: str,
    peers: str,
    areas: list[str] | None,
    base: str | None,
    search: str | None,
    pathname: str | None,
) -> str:
    current = query_of(search)
    peer_group, own_peers = choose_peers(peers, areas or (), _changed_peer_control())
    state = ViewState(
        lang=current.get("lang", "da"),
        measure=measure,
        peers=peer_group,
        areas=own_peers,
        base=int(base) if base else None,
    )
    href = f"/kommune/{quote(code, safe='')}{state.query()}"
    if href == f"{pathname}{search or ''}":
        raise PreventUpdate
    return href


def _slides_query(state: ViewState) -> str:
    """The deck's address keeps the view's language and peers (own peers included), so its charts are these."""
    return ViewState(lang=state.lang, peers=state.peer_group, areas=state.areas).query()


_PEER_CONTROLS = {"profile-peers": "peers", "profile-areas": "own_peers"}


def _changed_peer_control() -> str | None:
    """Which of the two peer controls the person changed ("peers", "own_peers"), if either."""
    try:
        return _PEER_CONTROLS.get(str(dash.ctx.triggered_id))
    except MissingCallbackContextException:  # called directly (tests): neither
        return None
