"""Om data: every source with its table, DST's update date, load date, definitions, caveats and series
breaks, and the licence line."""

from __future__ import annotations

from dash import html

from dashboard import context as ctx
from dashboard.components import data_grid, shell
from dashboard.state import ViewState, parse_state
from dashboard.texts import t

PATH = "/om-data"
CAVEATS = ("caveat_placements_2011", "caveat_barnets_lov", "caveat_lpr3", "caveat_hand07_total",
           "caveat_christiansoe", "caveat_computed", "caveat_accounts")


def resolve(**query: str) -> ViewState:
    """The view an address names; NotFound says what is wrong (also the app's cheap 404 check)."""
    return parse_state(query, set(ctx.catalogue(ctx.warehouse()).index), set())


def layout(**query: str) -> html.Div:
    wh = ctx.warehouse()
    demo = ctx.is_demo(wh)
    state = resolve(**query)
    lang = state.lang
    cat = ctx.catalogue(wh)
    table = cat.assign(title=cat["title_da"] if lang == "da" else cat["title_en"])[
        ["title", "source_table", "dst_updated", "fetched_at", "first_period", "last_period", "definition_da"]]
    table = table.rename(columns={
        "title": t("col_indicator", lang), "source_table": t("col_source", lang),
        "dst_updated": t("col_dst_updated", lang), "fetched_at": t("col_loaded", lang),
        "first_period": t("col_first", lang), "last_period": t("col_last", lang),
        "definition_da": t("col_definition", lang)})
    return shell([
        html.H2(t("nav_about", lang), className="h4"),
        html.P(t("about_intro", lang)),
        html.P(t("demo_explained", lang), className="alert alert-warning") if demo else html.Div(),
        data_grid("about-sources", table, height_px=560, lang=lang),
        html.H3(t("caveats", lang), className="h5 mt-4"),
        html.Ul([html.Li(t(key, lang)) for key in CAVEATS]),
        html.H3(t("licence", lang), className="h5 mt-4"),
        html.P(t("licence_text", lang)),
    ], lang, demo, active=PATH, other_lang_href=PATH + ("?lang=en" if lang == "da" else ""))
