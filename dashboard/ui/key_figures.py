"""The key figures strip at the top of a municipality's page: one row per lead indicator with the municipality's
value, its region's and the country's, the comparable municipalities' range, its rank among the 98, its change
since the base year, a sparkline, and in words whether it lies above or below the region and the country.

A real table (a caption, <th scope>) for screen readers; on a phone each row stacks into one block per indicator
(dashboard/assets/key_figures.css), with ARIA roles that keep the table's meaning when CSS changes its display.
Layout only: the figures come from dashboard/warehouse/key_figures.py."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import pandas as pd
from dash import html
from dash.development.base_component import Component

from dashboard.charts.sparkline import sparkline_svg
from dashboard.core.formatting import format_number, format_percent_change, format_point_change
from dashboard.core.periods import period_label
from dashboard.core.texts import t
from dashboard.ui.elements import element
from dashboard.warehouse.key_figures import KeyFigure, Versus, judgement

STRIP_ID = "key-figures"
NOT_APPLICABLE = "–"  # a cell with nothing to say (no peers chosen, no rank for a region's figure)
SPARKLINE_WIDTH_PX, SPARKLINE_HEIGHT_PX = 96, 28


def key_figures_strip(figures: Sequence[KeyFigure], own: pd.Series, lang: str) -> html.Section | None:
    """The strip for the municipality `own` (a row of selectors.municipalities); None when there is nothing to
    show (no lead indicator loaded)."""
    if not figures:
        return None
    area, region = str(own["area_name"]), str(own["region_name"])
    headers = [
        t("key_figures_col_indicator", lang),
        area,
        region,
        t("area_country", lang),
        t("key_figures_col_peers", lang),
        t("key_figures_col_rank", lang),
        t("key_figures_col_change", lang),
        t("key_figures_col_trend", lang),
        t("key_figures_col_versus", lang, area=area),
    ]
    head = element(
        html.Thead,
        element(
            html.Tr,
            [
                element(html.Th, text, scope="col", role="columnheader", className=f"kf-col-{i}")
                for i, text in enumerate(headers)
            ],
            role="row",
        ),
        role="rowgroup",
    )
    body = element(html.Tbody, [_row(figure, area, region, lang) for figure in figures], role="rowgroup")
    return element(
        html.Section,
        [
            element(html.H2, t("key_figures_heading", lang), id=f"{STRIP_ID}-heading", className="h5 mt-2 mb-1"),
            element(
                html.Div,
                element(
                    html.Table,
                    [
                        element(
                            html.Caption,
                            t("key_figures_caption", lang, area=area, region=region),
                            className="visually-hidden",
                        ),
                        head,
                        body,
                    ],
                    className="table table-sm align-middle mb-0 key-figures",
                    role="table",
                ),
                className="table-responsive",
                # it scrolls sideways on a phone: a keyboard must be able to scroll it too, and it says what it holds
                tabIndex="0",
                role="group",  # not a second landmark of the same name as the section's
                **_attributes({"aria-labelledby": f"{STRIP_ID}-heading"}),
            ),
        ],
        id=STRIP_ID,
        className="mb-2",
        **_attributes({"aria-labelledby": f"{STRIP_ID}-heading"}),
    )


def _row(figure: KeyFigure, area: str, region: str, lang: str) -> html.Tr:
    def number(value: float | None) -> str:
        return format_number(value, figure.decimals, lang)

    peers = (
        f"{number(figure.peers_low)}–{number(figure.peers_high)}"
        if figure.peer_count and figure.peers_low is not None
        else NOT_APPLICABLE
    )
    own: Component | str = (
        number(figure.own)
        if figure.has_municipal
        else element(html.Span, t("key_figures_region_only", lang), className="kf-note")
    )
    rank = t("rank_of", lang, rank=figure.rank, n=figure.rank_total) if figure.rank is not None else NOT_APPLICABLE
    return element(
        html.Tr,
        [
            element(
                html.Th,
                [
                    element(html.Span, figure.title, className="kf-title"),
                    element(html.Span, f"{figure.unit} · {period_label(figure.period, lang)}", className="kf-unit"),
                ],
                scope="row",
                role="rowheader",
                className="kf-indicator",
            ),
            _cell(own, area, "kf-own kf-number"),
            _cell(number(figure.region), region, "kf-region kf-number"),
            _cell(number(figure.country), t("area_country", lang), "kf-country kf-number"),
            _cell(peers, t("key_figures_peers_label", lang), "kf-peers kf-number"),
            _cell(rank, t("key_figures_col_rank", lang), "kf-rank kf-number"),
            _cell(_change(figure, lang), t("key_figures_col_change", lang), "kf-change kf-number"),
            element(html.Td, _sparkline(figure, lang), className="kf-trend", role="cell"),
            # a region's figure says 'regionen ligger …' itself: no 'Viborg ligger' before it on a phone
            _cell(
                versus_words(figure, lang),
                t("key_figures_col_versus", lang, area=area) if figure.has_municipal else None,
                "kf-versus",
            ),
        ],
        role="row",
        id=f"{STRIP_ID}-{figure.indicator_id}",
    )


def _cell(content: Component | str | list[Component | str], label: str | None, class_name: str) -> html.Td:
    """A cell; `data-label` names it where the phone's layout hides the column headers."""
    return element(
        html.Td, content, className=class_name, role="cell", **_attributes({"data-label": label} if label else {})
    )


def _attributes(attributes: dict[str, str]) -> dict[str, Any]:
    """`**_attributes({...})` sets aria-* and data-* attributes: Dash takes them as keywords no signature declares."""
    return dict(attributes)


def _change(figure: KeyFigure, lang: str) -> list[Component | str] | str:
    change = figure.change
    if change is None:
        return NOT_APPLICABLE
    text = format_point_change(change.value, lang) if change.is_points else format_percent_change(change.value, lang)
    return [text, element(html.Span, t("key_figures_since", lang, year=change.base_year), className="kf-since")]


def _sparkline(figure: KeyFigure, lang: str) -> html.Img | str:
    values = [value for _, value in figure.trend]
    src = sparkline_svg(values, width_px=SPARKLINE_WIDTH_PX, height_px=SPARKLINE_HEIGHT_PX)
    known = [(period, value) for period, value in figure.trend if value is not None]
    if not src or not known:
        return NOT_APPLICABLE
    (first, start), (last, end) = known[0], known[-1]
    alt = t(
        "key_figures_trend_alt",
        lang,
        first=period_label(first, lang),
        last=period_label(last, lang),
        start=format_number(start, figure.decimals, lang),
        end=format_number(end, figure.decimals, lang),
    )
    return element(html.Img, src=src, alt=alt, title=alt, width=SPARKLINE_WIDTH_PX, height=SPARKLINE_HEIGHT_PX)


def versus_words(figure: KeyFigure, lang: str) -> list[Component | str]:
    """'over regionen, under landet' (for a region's figure: 'regionen ligger over landet'); '(pr. indbygger)'
    when the page's unit is a size and the comparison is per capita. A comparison is coloured, and says 'bedre'
    or 'dårligere', only where the indicator's polarity says which way is better."""
    parts: list[Component | str] = []
    places: list[tuple[str, Versus | None]] = [("country", figure.versus_country)]
    if figure.has_municipal:
        places.insert(0, ("region", figure.versus_region))
    for place, position in places:
        if position is None:
            continue
        if parts:
            parts.append(", ")
        words = t(f"key_figures_{position}_{place}", lang)
        verdict = judgement(figure.polarity, position)
        if verdict is None:
            parts.append(words)
        else:
            parts.append(
                element(html.Span, f"{words} ({t(f'key_figures_{verdict}', lang)})", className=f"kf-{verdict}")
            )
    if not parts:
        return [NOT_APPLICABLE]
    if not figure.has_municipal:
        parts = _around(t("key_figures_region_versus", lang, words="\x00"), parts)
    if figure.compared_in is not None and figure.compared_in != figure.measure:
        parts = _around(t("key_figures_per_capita", lang, words="\x00"), parts)
    return parts


def _around(template: str, parts: list[Component | str]) -> list[Component | str]:
    """`parts` where a text's '{words}' was (formatted with a NUL as the place holder): the words stay in texts.py,
    in each language's order, and coloured parts stay components."""
    before, after = template.split("\x00")
    return [part for part in (before, *parts, after) if not isinstance(part, str) or part]
