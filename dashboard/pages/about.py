"""Om data: every source with its status from the latest run (OK, stale or missing, and why), table, DST's
update date and load date; every indicator with its definition; caveats and series breaks, and the licence line."""

from __future__ import annotations

from typing import Any

import dash_bootstrap_components as dbc
import pandas as pd
from dash import html

from dashboard.core.periods import period_label
from dashboard.core.site import Page
from dashboard.core.source_status import SourceIssue, danish_date, status_label
from dashboard.core.state import ViewState, parse_state
from dashboard.core.texts import t
from dashboard.ui.components import data_grid, shell
from dashboard.warehouse import budget
from dashboard.warehouse import selectors as ctx

PATH = "/om-data"
PAGE = Page("about", PATH, 6, nav_key="nav_about", draws_charts=False)
SOURCES_HEADING_ID = "about-sources-heading"
STATUS_COLOURS = {"ok": "success", "stale": "warning", "missing": "danger"}
# The series breaks (Barnets Lov, LPR3, …) are data: declared in etl/sources/*.yaml, listed by _breaks_list.
CAVEATS = (
    "caveat_placements_admin",
    "caveat_hand07_total",
    "caveat_christiansoe",
    "caveat_computed",
    "caveat_accounts",
)


def resolve(**query: str) -> ViewState:
    """The view an address names; NotFound says what is wrong (also the app's cheap 404 check)."""
    return parse_state(query, set(ctx.catalogue(ctx.current_warehouse()).index), set())


def layout(**query: str) -> html.Div:
    warehouse = ctx.current_warehouse()
    demo = ctx.is_demo(warehouse)
    state = resolve(**query)
    lang = state.lang
    issues = ctx.source_issues(warehouse)
    return shell(
        [
            html.H2(t("nav_about", lang), className="h4"),
            html.P(t("about_intro", lang)),
            html.P(t("demo_explained", lang), className="alert alert-warning") if demo else html.Div(),
            html.H3(t("sources_heading", lang), className="h5 mt-3", id=SOURCES_HEADING_ID),
            html.P(t("sources_intro", lang), className="small text-muted"),
            _sources_table(warehouse, issues, lang),
            html.H3(t("indicators_heading", lang), className="h5 mt-4"),
            data_grid("about-sources", _indicator_table(warehouse, issues, lang), height_px=560, lang=lang),
            html.H3(t("breaks_heading", lang), className="h5 mt-4"),
            html.P(t("breaks_intro", lang), className="small text-muted"),
            _breaks_list(warehouse, lang),
            html.H3(t("caveats", lang), className="h5 mt-4"),
            html.Ul([*(html.Li(t(key, lang)) for key in CAVEATS), _fixed_prices_caveat(warehouse, lang)]),
            html.H3(t("licence", lang), className="h5 mt-4"),
            html.P(t("licence_text", lang)),
        ],
        lang,
        demo,
        active=PATH,
        other_lang_href=PATH + ("?lang=en" if lang == "da" else ""),
        issues=issues,
    )


def _sources_table(warehouse: ctx.Warehouse, issues: tuple[SourceIssue, ...], lang: str) -> html.Div:
    """One row per source: its status as a badge, dates, the indicators it feeds and, for a stale or missing
    source, the message of the latest run (why, and what to do)."""
    sources = warehouse.query("source_dates")
    by_source = {issue.source_id: issue for issue in issues}
    cat = ctx.catalogue(warehouse)
    titles: dict[str, list[str]] = {}
    for indicator_id, source_id in zip(cat["indicator_id"], cat["source_id"], strict=True):
        titles.setdefault(str(source_id), []).append(ctx.indicator_title(cat.loc[indicator_id], lang))
    head = html.Thead(
        html.Tr(
            [
                html.Th(t(key, lang))
                for key in ("col_source", "col_status", "col_dst_updated", "col_loaded", "col_indicators", "col_error")
            ]
        )
    )
    rows = []
    for source_id, dst_updated, fetched_at in zip(
        sources["source_id"], sources["dst_updated"], sources["fetched_at"], strict=True
    ):
        issue = by_source.get(str(source_id))
        status = issue.status if issue is not None else "ok"
        feeds = titles.get(str(source_id)) or (list(issue.titles(lang)) if issue is not None else [])
        rows.append(
            html.Tr(
                [
                    html.Td(str(source_id)),
                    html.Td(
                        dbc.Badge(
                            status_label(status, lang),
                            color=STATUS_COLOURS.get(status, "secondary"),
                            className=f"source-status source-status-{status}",
                        )
                    ),
                    html.Td(danish_date(dst_updated) if _known(dst_updated) else ""),
                    html.Td(danish_date(fetched_at) if _known(fetched_at) else ""),
                    html.Td("; ".join(feeds), className="small"),
                    html.Td((issue.error or "") if issue is not None else "", className="small source-error"),
                ],
                id=f"source-{str(source_id).lower()}",
            )
        )
    table = dbc.Table(
        [head, html.Tbody(rows)], id="about-source-status", bordered=False, hover=True, size="sm", className="small"
    )
    # It scrolls sideways on a phone: a keyboard must be able to scroll it too, so the box takes a Tab stop, named.
    labelled: dict[str, Any] = {"aria-labelledby": SOURCES_HEADING_ID}  # Dash takes aria-* as undeclared keywords
    return html.Div(table, className="table-responsive", tabIndex="0", role="group", **labelled)


def _indicator_table(warehouse: ctx.Warehouse, issues: tuple[SourceIssue, ...], lang: str) -> pd.DataFrame:
    """Every indicator with its source, dates, periods and definition, and the status of its source; those of a
    missing source (not loaded, so not in the catalogue) at the end, without dates."""
    cat = ctx.catalogue(warehouse)
    status = {i: status_label(issue.status, lang) for issue in issues for i in issue.indicator_ids}
    table = cat.assign(
        title=cat["title_da"] if lang == "da" else cat["title_en"],
        status=[status.get(i, status_label("ok", lang)) for i in cat.index],
    )[["title", "status", "source_table", "dst_updated", "fetched_at", "first_period", "last_period", "definition_da"]]
    missing = pd.DataFrame(
        [
            {"title": m.title(lang), "status": status_label("missing", lang), "source_table": m.issue.table_id}
            for m in ctx.missing_indicators(warehouse)
        ],
        columns=["title", "status", "source_table"],
    )
    if not missing.empty:
        table = pd.concat([table, missing], ignore_index=True)
    for column in ("first_period", "last_period"):  # as the charts label them: '2025 K2' / '2025 Q2'
        table[column] = [period_label(p, lang) if isinstance(p, str) else p for p in table[column]]
    return table.rename(
        columns={
            "title": t("col_indicator", lang),
            "status": t("col_status", lang),
            "source_table": t("col_source", lang),
            "dst_updated": t("col_dst_updated", lang),
            "fetched_at": t("col_loaded", lang),
            "first_period": t("col_first", lang),
            "last_period": t("col_last", lang),
            "definition_da": t("col_definition", lang),
        }
    )


def _breaks_list(warehouse: ctx.Warehouse, lang: str) -> html.Ul | html.P:
    """Every series break: its label and period, what changed, and the indicators it affects with their tables.
    A break several sources declare alike (Barnets Lov) is one item naming all of them."""
    frame = ctx.series_breaks(warehouse)
    if frame.empty:
        return html.P(t("breaks_none", lang), id="about-breaks")
    label, note, title = (f"{column}_{lang}" for column in ("label", "note", "title"))
    items = []
    for number, ((period, text, explanation), rows) in enumerate(
        frame.groupby(["period", label, note], sort=False), start=1
    ):
        affected = "; ".join(
            f"{indicator}, {table}" for indicator, table in zip(rows[title], rows["source_table"], strict=True)
        )
        items.append(
            html.Li(
                [
                    html.Strong(t("breaks_item", lang, label=text, period=period_label(str(period), lang))),
                    " ",
                    str(explanation),
                    html.Br(),
                    html.Span(t("breaks_affects", lang, indicators=affected), className="small text-muted"),
                ],
                id=f"about-break-{number}",
                className="about-break",
            )
        )
    return html.Ul(items, id="about-breaks")


def _fixed_prices_caveat(warehouse: ctx.Warehouse, lang: str) -> html.Li:
    """How the budget view's fixed prices are made, with which price index, and why they are an approximation."""
    table = budget.deflator_table(warehouse) or budget.DEFLATOR_TABLE
    return html.Li(t("caveat_fixed_prices", lang, table=table), id="about-fixed-prices")


def _known(value: object) -> bool:
    return value is not None and not (isinstance(value, float) and value != value) and value is not pd.NaT
