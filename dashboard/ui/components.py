"""Layout pieces every page shares: navigation, demo banner, the chart card with its source line and data
table, pickers. Layout only: no queries here (pages pass data in)."""

from __future__ import annotations

import functools
from collections.abc import Sequence
from typing import Any
from urllib.parse import parse_qsl, urlencode

import dash_ag_grid as dag
import dash_bootstrap_components as dbc
import pandas as pd
from dash import dcc, html
from dash.development.base_component import Component
from flask import current_app

from dashboard.charts.theme import Figure, figure_data, separators
from dashboard.core.grid_locale import grid_locale_text
from dashboard.core.site import NavItem
from dashboard.core.source_status import SourceIssue, notice_lines
from dashboard.core.texts import t
from dashboard.ui.elements import element
from dashboard.ui.embed_code import embed_view_button
from dashboard.ui.last_viewed import last_municipality_store, nav_link_id

# Plotly's own words that can still appear on a chart (its tips after a zoom or a legend click) → our text keys
_PLOTLY_TIPS = {
    "Double-click to zoom back out": "plotly_tip_zoom_out",
    "Double-click on legend to isolate one trace": "plotly_tip_legend",
}


@functools.cache
def graph_config(lang: str) -> dcc.Graph.Config:
    """How every chart is drawn: without Plotly's modebar (seven English buttons and Tab stops per chart, and a
    "share" that uploads the chart to Plotly Cloud; the links under each chart export it from our own server), as
    wide as its container, and in the page's language: Plotly's locale (month and day names for "da" from
    assets/vendor/plotly-locale-da.js, served with the page), number separators as the figures' own, and its
    tips from texts.py."""
    decimal, thousands = separators(lang)[0], separators(lang)[1]
    return {
        "displayModeBar": False,
        "displaylogo": False,
        "responsive": True,
        "locale": lang,
        "locales": {
            lang: {
                "dictionary": {english: t(key, lang) for english, key in _PLOTLY_TIPS.items()},
                "format": {"decimal": decimal, "thousands": thousands},
            }
        },
    }


GRAPH_CONFIG: dcc.Graph.Config = graph_config("da")  # Danish pages; graph_config(lang) for a page's language

NAVIGATION_CONFIG = "socialtal.navigation"  # server.config key: the links the app derives from the pages' declarations


def nav_items() -> tuple[NavItem, ...]:
    """The navigation bar's links, as the app derived them from the pages' declarations (dashboard/core/site.py)."""
    items: tuple[NavItem, ...] = current_app.config[NAVIGATION_CONFIG]
    return items


def lang_query(lang: str) -> str:
    return "" if lang == "da" else f"?lang={lang}"


ABOUT_PATH = "/om-data"
MAIN_ID = "main"  # the page's content, where the skip link leads
SOURCE_NOTICE_ID = "source-notice"


def shell(
    children: list[Any], lang: str, demo: bool, active: str, other_lang_href: str, issues: Sequence[SourceIssue] = ()
) -> html.Div:
    """The frame of every page: the skip link (the first Tab stop: "Gå til indhold" moves the focus to <main>,
    assets/page_shell.js), the header with the navigation, the demo banner and the notice of stale and missing
    sources, the page in <main id="main">, the licence line."""
    # element(): the frame is drawn for every view, ~40 components (dashboard/ui/elements.py)
    nav = element(
        dbc.Nav,
        [
            element(
                dbc.NavItem,
                element(
                    dbc.NavLink,
                    t(item.label_key, lang),
                    href=item.href + lang_query(lang),
                    active=item.href == active,
                    id=nav_link_id(item.label_key),
                ),
            )
            for item in nav_items()
        ]
        + [
            element(
                dbc.NavItem,
                element(dbc.NavLink, t("switch_language", lang), href=other_lang_href, id="lang-switch"),
            )
        ],
        pills=True,
        className="mb-3 flex-wrap site-nav",  # tighter on a phone (assets/page_frame.css)
    )
    banner = (
        [element(dbc.Alert, t("demo_banner", lang), color="warning", id="demo-banner", className="py-2")]
        if demo
        else []
    )
    return element(
        html.Div,
        [
            element(html.A, t("skip_to_content", lang), href=f"#{MAIN_ID}", className="skip-link", id="skip-link"),
            element(
                html.Header,  # every part of the frame inside a landmark: a screen reader's map of the page
                [
                    element(
                        html.H1,
                        element(
                            html.A,
                            t("app_title", lang),
                            href="/" + lang_query(lang),
                            className="text-reset text-decoration-none",
                        ),
                        className="h3 mb-0",
                    ),
                    element(html.P, t("tagline", lang), className="text-muted mb-2 site-tagline"),
                    element(html.Nav, nav, **aria_label(t("site_navigation", lang))),
                    *banner,
                    *source_notice(issues, lang),
                ],
                className="mt-3",
            ),
            last_municipality_store(),  # the Region link opens the last viewed municipality's region
            # tabIndex -1: the skip link can focus it, Tab does not stop
            element(html.Main, children, id=MAIN_ID, tabIndex="-1"),
            element(
                html.Footer,
                element(html.Small, t("licence_line", lang), className="text-muted"),
                className="my-4 border-top pt-2",
            ),
        ],
        lang=lang,
    )


def source_notice(issues: Sequence[SourceIssue], lang: str) -> list[Any]:
    """'Nogle tal er ikke opdateret:' and one short line per stale or missing source, with a link to Om data;
    nothing when every source is ok."""
    if not issues:
        return []
    lines = [html.Li(line, className="source-notice-line") for line in notice_lines(issues, lang)]
    return [
        dbc.Alert(
            [
                html.Strong(t("sources_notice_heading", lang)),
                html.Ul(lines, className="mb-1 ps-3 small"),
                html.A(
                    t("sources_notice_link", lang),
                    href=ABOUT_PATH + lang_query(lang),
                    className="small alert-link",
                    id="source-notice-link",
                ),
            ],
            color="secondary",
            id=SOURCE_NOTICE_ID,
            className="py-2",
        )
    ]


def missing_source_card(card_id: str, title: str, message: str, lang: str) -> html.Section:
    """In place of an indicator's chart when its source never loaded: the title and 'Ingen data: kilden … er ikke
    indlæst (se Om data)', linked to Om data."""
    return html.Section(
        dbc.Card(
            dbc.CardBody(
                [
                    html.H3(title, className="h6 mb-1"),
                    html.P(
                        html.A(message, href=ABOUT_PATH + lang_query(lang), className="text-reset"),
                        className="mb-0 text-muted missing-source",
                    ),
                ]
            ),
            className="mb-3 h-100",
        ),
        id=f"{card_id}-card",
        **aria_label(title),
    )


def aria_label(text: str) -> dict[str, Any]:
    """`**aria_label(text)` names a landmark: Dash takes aria-* props as keywords that no signature declares."""
    return {"aria-label": text}


def figure_json(figure: Figure | dict) -> dict:
    """The figure as plain JSON data, made once: a cached page then costs no numpy conversion when Dash
    serialises it again (charts.theme.figure_data)."""
    return figure_data(figure)


def chart_card(
    graph_id: str,
    figure: Any,
    table: pd.DataFrame,
    caption: str,
    lang: str,
    note: str | None = None,
    height: str | None = None,
    export_href: tuple[str, str] | None = None,
    extra: list[Any] | None = None,
    page_url: str | None = None,
) -> html.Section:
    """A chart with, behind it, the data table it shows (keyboard-reachable <details>), and links to the
    chart as an image for slides when `export_href` = (path without extension, the view's query string)."""
    style = {"height": height} if height else {}  # ui.elements throughout: a profile's topics draw ~23 of these cards
    body: list[Component] = [
        element(dcc.Graph, id=graph_id, figure=figure_json(figure), config=graph_config(lang), style=style)
    ]
    if note:
        body.append(element(html.P, note, className="small text-muted mb-1"))
    if export_href:
        body.append(_export_links(*export_href, lang))
    elif page_url:
        body.append(_view_export_links(page_url, graph_id, lang))
        body.append(embed_view_button(page_url, graph_id, caption, lang))
    body.extend(extra or [])
    body.extend(lazy_table(f"{graph_id}-table", table, lang))
    return element(
        html.Section,
        element(dbc.Card, element(dbc.CardBody, body), className="mb-3"),
        id=f"{graph_id}-card",
        **aria_label(caption),
    )


def _export_links(path: str, query: str, lang: str) -> html.Div:
    """Image and data links of a chart (ui.elements: a profile draws ~20 of these rows of ~12 links)."""

    def href(extension: str, **extra: str) -> str:
        params = dict(parse_qsl(query.lstrip("?"))) | extra
        return f"{path}.{extension}" + (f"?{urlencode(params, safe=',')}" if params else "")

    links = [
        ("png", t("export_png_wide", lang), {}),
        ("png", t("export_png_square", lang), {"size": "square"}),
        ("svg", "SVG", {}),
        ("pdf", "PDF", {}),
        ("csv", t("export_chart_data", lang), {}),
        ("xlsx", t("export_chart_xlsx", lang), {}),
    ]
    indicator_id = path.rsplit("/", 1)[-1]
    full = [
        (f"/data/{indicator_id}.csv", t("download_csv_excel", lang)),
        (f"/data/{indicator_id}.csv?variant=plain", "CSV"),
        (f"/data/{indicator_id}.xlsx", "XLSX"),
    ]
    return element(
        html.Div,
        [element(html.Span, t("export_image", lang) + ": ", className="small text-muted")]
        + [
            # text-nowrap: a label such as "tallene (XLSX)" wraps as a whole, never between its words
            element(
                html.A, label, href=href(ext, **extra), className="small me-2 text-nowrap", download="", target="_blank"
            )
            for ext, label, extra in links
        ]
        + [element(html.Br), element(html.Span, t("download_indicator", lang) + ": ", className="small text-muted")]
        + [element(html.A, label, href=url, className="small me-2", download="") for url, label in full],
        className="mb-1",
    )


def _view_export_links(page_url: str, graph_id: str, lang: str) -> html.Div:
    """Image links for a chart as its page draws it (dashboard/exports.export_view_chart)."""
    links = [
        ("png", t("export_png_wide", lang), {"size": "wide"}),
        ("png", t("export_png_square", lang), {"size": "square"}),
        ("png", t("export_as_shown", lang), {}),
        ("svg", "SVG", {}),
        ("pdf", "PDF", {}),
        ("csv", t("export_chart_data", lang), {}),
        ("xlsx", t("export_chart_xlsx", lang), {}),
    ]
    return element(
        html.Div,
        [element(html.Span, t("export_image", lang) + ": ", className="small text-muted")]
        + [
            element(
                html.A,
                label,
                href=f"/export/view.{ext}?" + urlencode({"page": page_url, "chart": graph_id, **extra}),
                className="small me-2 text-nowrap",
                download="",
                target="_blank",
            )
            for ext, label, extra in links
        ],
        className="mb-1",
    )


def slides_link(kind: str, code: str, lang: str, query: str = "") -> html.A:
    """'Download slides': a PPTX with one slide per indicator (dashboard/routes/deck.py); `query` (the view's,
    with its `?`) replaces the language-only one: a profile hands on its peers."""
    return element(
        html.A,
        t("download_slides", lang),
        href=f"/deck/{kind}/{code}.pptx" + (query or lang_query(lang)),
        download="",
        className="btn btn-outline-primary btn-sm mb-2",
        id=f"{kind}-slides",
    )


def lazy_table(table_id: str, table: pd.DataFrame, lang: str) -> list[Any]:
    """The table behind a chart, in a <details> that mounts its grid when opened (dashboard/ui/lazy_table.py): a page
    of twenty charts then loads no grid code until someone asks for the numbers. A table whose `attrs["decimals"]`
    is set (charts.views.period_table) shows exactly that many decimals; whole-number columns (a rank) none."""
    decimals = table.attrs.get("decimals")
    return [
        element(
            html.Details,
            [
                element(
                    html.Summary,
                    t("show_table", lang),
                    className="small",
                    id={"type": "lazy-table-summary", "index": table_id},
                ),
                element(html.Div, id={"type": "lazy-table", "index": table_id}),
            ],
            className="mt-1",
        ),
        element(
            dcc.Store,
            id={"type": "lazy-table-data", "index": table_id},
            data={
                "columns": [str(c) for c in table.columns],
                "records": table_records(table),
                "lang": lang,
                "decimals": decimals if isinstance(decimals, int) else None,
                "whole": whole_number_columns(table),
            },
        ),
    ]


def table_records(table: pd.DataFrame) -> list[dict[Any, Any]]:
    """table.to_dict("records"), made from whole columns where they are floats and text (a chart's table: a
    profile has ~25): the same rows, at a tenth of pandas' cost per value."""
    columns = [str(c) for c in table.columns]
    if len(set(columns)) != len(columns) or any(str(dtype) not in _PLAIN_DTYPES for dtype in table.dtypes):
        return table.to_dict("records")
    values = [column.tolist() for _, column in table.items()]
    return [dict(zip(columns, row, strict=True)) for row in zip(*values, strict=True)]


_PLAIN_DTYPES = frozenset({"float64", "object", "str", "string"})  # .tolist() gives what to_dict gives


def whole_number_columns(table: pd.DataFrame) -> list[str]:
    """The columns of whole numbers (a rank), shown without decimals whatever the table's `decimals`."""
    return [
        str(column)
        for column, dtype in zip(table.columns, table.dtypes, strict=True)
        if pd.api.types.is_integer_dtype(dtype)
    ]


def data_grid(
    grid_id: str,
    table: pd.DataFrame,
    height_px: int = 320,
    lang: str = "da",
    decimals: int | None = None,
    whole_columns: Sequence[str] = (),
) -> dag.AgGrid:
    """A sortable, filterable table; numbers in the language's format (with exactly `decimals` decimals when
    given, else up to one; none in `whole_columns` and integer columns), missing values as '..'; the grid's own
    words (filters, menus) in the page's language (dashboard/core/grid_locale.py)."""
    locale = "da-DK" if lang == "da" else "en-GB"

    def number_format(digits: str) -> dict[str, str]:
        return {"function": f"params.value == null ? '..' : params.value.toLocaleString('{locale}', {{{digits}}})"}

    fraction = number_format(
        "maximumFractionDigits: 1"
        if decimals is None
        else f"minimumFractionDigits: {decimals}, maximumFractionDigits: {decimals}"
    )
    whole = number_format("maximumFractionDigits: 0")
    whole_names = set(whole_columns) | set(whole_number_columns(table))
    columns = []
    for i, column in enumerate(table.columns):
        spec: dict[str, Any] = {"field": str(column), "headerName": str(column)}
        if pd.api.types.is_numeric_dtype(table[column]):
            shown = whole if str(column) in whole_names else fraction
            spec |= {"valueFormatter": shown, "type": "rightAligned", "filter": "agNumberColumnFilter"}
        if i == 0:
            spec |= {"pinned": "left", "minWidth": 160}
        columns.append(spec)
    return dag.AgGrid(
        id=grid_id,
        rowData=table.to_dict("records"),
        columnDefs=columns,
        defaultColDef={
            "sortable": True,
            "filter": True,
            "resizable": True,
            "flex": 1,
            "minWidth": 100,
            "wrapHeaderText": True,
            "autoHeaderHeight": True,
        },
        dashGridOptions={"ensureDomOrder": True} | _locale_option(lang),
        style={"height": f"{height_px}px"},
    )


def _locale_option(lang: str) -> dict[str, Any]:
    """AG Grid's `localeText` for a Danish page; nothing on an English one (AG Grid's own words)."""
    words = grid_locale_text(lang)
    return {"localeText": words} if words else {}


@functools.cache
def dropdown_labels(lang: str) -> dcc.Dropdown.Labels:
    """Dash's own words in a dropdown (its search box, "2 valgt", select all, no results), in the page's language:
    without them Danish pages say "Search" and "2 selected"."""
    return {
        "select_all": t("dropdown_select_all", lang),
        "deselect_all": t("dropdown_deselect_all", lang),
        "selected_count": t("dropdown_selected_count", lang),
        "search": t("dropdown_search", lang),
        "clear_search": t("dropdown_clear_search", lang),
        "clear_selection": t("dropdown_clear_selection", lang),
        "no_options_found": t("dropdown_no_options", lang),
    }


def select(
    select_id: str,
    options: list[tuple[str, str]],
    value: Any,
    label: str,
    *,
    lang: str,
    multi: bool = False,
    clearable: bool = False,
) -> html.Div:
    """A dropdown with its visible label, which is also its accessible name: the label's id is `<id>-label`, and
    dashboard/assets/dropdown_names.js points the dropdown's button at it (Dash names it by its value)."""
    return element(
        html.Div,
        [
            element(dbc.Label, label, html_for=select_id, id=f"{select_id}-label", className="small mb-0"),
            element(
                dcc.Dropdown,
                id=select_id,
                options=[{"label": lab, "value": val} for val, lab in options],
                value=value,
                multi=multi,
                clearable=clearable,
                searchable=True,
                labels=dropdown_labels(lang),
            ),
        ],
        className="mb-2",
    )


NOT_FOUND_ID = "page-not-found"


def not_found(lang: str, what: str, demo: bool) -> html.Div:
    links = [html.Li(dcc.Link(t(item.label_key, lang), href=item.href + lang_query(lang))) for item in nav_items()]
    page = shell(
        [
            html.Div(
                [html.H2(t("not_found_title", lang)), html.P(t("not_found_detail", lang, what=what)), html.Ul(links)],
                id="not-found",
            )
        ],
        lang,
        demo,
        active="",
        other_lang_href="/" + lang_query("en" if lang == "da" else "da"),
    )
    # how the app knows to answer HTTP 404
    page.id = NOT_FOUND_ID  # type: ignore[attr-defined]  # Dash sets props as attributes no class declares
    return page
