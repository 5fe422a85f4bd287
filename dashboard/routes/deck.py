"""A slide deck (PPTX, 16:9) for a municipality or a region: a title slide, one slide per indicator with the
chart as it is on screen (PNG 1920×1080, drawn side by side on the warm browser's pages) and its key numbers,
and a closing slide with definitions, sources and the licence. Built in memory: a file is only written whole.

`dashboard deck --kommune 791 --out viborg.pptx` (deck_command) and `GET /deck/kommune/<code>.pptx` (register)
both call build_deck with the warehouse passed in; nothing here needs a Flask application context."""

from __future__ import annotations

import argparse
import io
import logging
import math
import os
import sys
import time
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal, cast

import pandas as pd
import plotly.graph_objects as go
from flask import Flask, Response, request
from pptx import Presentation
from pptx.dml.color import RGBColor
from pptx.enum.text import MSO_ANCHOR, MSO_AUTO_SIZE, PP_ALIGN
from pptx.util import Emu, Inches, Pt

from dashboard.charts import views as charts
from dashboard.charts.index import index_chart
from dashboard.charts.theme import COUNTRY_COLOUR, OTHER_COLOURS, OWN_COLOUR, REGION_COLOUR, TEXT_COLOUR
from dashboard.core import settings
from dashboard.core.area_names import COUNTRY_CODE
from dashboard.core.formatting import format_number
from dashboard.core.measures import decimals_for, figure_decimals, measure_label
from dashboard.core.periods import period_label
from dashboard.core.state import LANGUAGES, NotFound, ViewState, echo, parse_state
from dashboard.core.texts import t
from dashboard.pages.profile import BUDGET_PAIRS
from dashboard.pages.region import psychiatry_labels
from dashboard.routes import images
from dashboard.routes.responses import attachment, plain
from dashboard.ui.area_grid import keep_together
from dashboard.warehouse import briefing
from dashboard.warehouse import selectors as ctx
from dashboard.warehouse.queries import Warehouse, WarehouseMissing

if TYPE_CHECKING:
    from rich.console import Console

PPTX_MIMETYPE = "application/vnd.openxmlformats-officedocument.presentationml.presentation"
SLIDE_WIDTH, SLIDE_HEIGHT = Emu(12192000), Emu(6858000)  # 13.333 × 7.5 in
_MARGIN = Inches(0.3)
_IMAGE_WIDTH = Inches(10.0)  # 16:9 → 5.625 in high
_IMAGE_TOP = Inches(1.05)
_SIDE_LEFT = _MARGIN + _IMAGE_WIDTH + Inches(0.3)
_SIDE_WIDTH = SLIDE_WIDTH - _SIDE_LEFT - _MARGIN
_TEXT = RGBColor(0x22, 0x22, 0x22)
_MUTED = RGBColor(0x66, 0x66, 0x66)
_DEMO_RED = RGBColor(0xC0, 0x00, 0x00)
_LAYOUT_TITLE, _LAYOUT_TITLE_ONLY = 0, 5  # python-pptx's default template

MONTHS = {
    "da": (
        "januar",
        "februar",
        "marts",
        "april",
        "maj",
        "juni",
        "juli",
        "august",
        "september",
        "oktober",
        "november",
        "december",
    ),
    "en": (
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
    ),
}

log = logging.getLogger("socialtal.deck")
Progress = Callable[[int, int, str], None]
_INDEX_COLOURS = (OWN_COLOUR, REGION_COLOUR, *OTHER_COLOURS)  # as charts.index colours its series, in order


class UnknownArea(ValueError):
    """No municipality or region with that code; the message names it and the valid codes (English for the
    command line, `describe` for the reader of a route)."""

    def __init__(self, level: str, code: str, codes: list[str]) -> None:
        self.level, self.code, self.codes = level, code, codes
        what = "municipality" if level == "kommune" else "region"
        super().__init__(
            f"unknown {what} code {code!r}: use one of the {len(codes)} {what} codes {codes[0]}–{codes[-1]}"
            if codes
            else f"unknown {what} code {code!r}: no {what}s loaded"
        )

    def describe(self, lang: str) -> str:
        what = t(f"area_code_word_{self.level}", lang)
        if not self.codes:
            return t("deck_no_areas", lang, what=what, code=self.code)
        first, last = self.codes[0], self.codes[-1]
        return t("deck_unknown_area", lang, what=what, code=self.code, n=len(self.codes), first=first, last=last)


@dataclass(frozen=True)
class KeyNumber:
    label: str
    value: str
    colour: str = TEXT_COLOUR
    note: str = ""


@dataclass
class IndicatorSlide:
    indicator_id: str
    title: str
    figure: go.Figure
    unit: str
    period: str
    numbers: list[KeyNumber] = field(default_factory=list)
    source: str | None = None  # the source line, when not the indicator's own (an index of several)
    shows: tuple[str, ...] = ()  # every indicator the chart draws on, when more than `indicator_id`

    def indicator_ids(self) -> tuple[str, ...]:
        return self.shows or (self.indicator_id,)


@dataclass
class StandoutsSlide:
    """A region against the country on every indicator, as a table (the briefing's first part)."""

    title: str
    region_name: str
    standouts: list[briefing.Standout]
    source: str

    def indicator_ids(self) -> tuple[str, ...]:
        return tuple(s.indicator_id for s in self.standouts)


@dataclass
class ExtremesSlide:
    """The region's municipalities furthest above and below the country."""

    title: str
    above: list[briefing.Extreme]
    below: list[briefing.Extreme]
    source: str

    def indicator_ids(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(e.indicator_id for e in [*self.above, *self.below]))


Slide = IndicatorSlide | StandoutsSlide | ExtremesSlide


def long_date(day: date, lang: str = "da") -> str:
    """date(2026, 11, 23) → '23. november 2026' (da) / '23 November 2026' (en)."""
    month = MONTHS.get(lang, MONTHS["da"])[day.month - 1]
    return f"{day.day}. {month} {day.year}" if lang == "da" else f"{day.day} {month} {day.year}"


def _stamp_date(stamp: object) -> date | None:
    text = str(stamp or "")[:10]
    try:
        return date.fromisoformat(text)
    except ValueError:
        return None


# --- what goes on the slides --------------------------------------------------------------------------------


def _area(warehouse: Warehouse, kind: str, code: str) -> pd.Series:
    all_areas = ctx.areas(warehouse)
    level = "kommune" if kind == "kommune" else "region"
    known = all_areas[all_areas["area_level"] == level].set_index("area_code", drop=False)
    if code not in known.index:
        raise UnknownArea(level, code, sorted(known.index))
    return ctx.one_row(known, code)


def _value(shown: pd.DataFrame, period: str, code: str) -> float | None:
    rows = shown[(shown["period"] == period) & (shown["area_code"] == code)]["shown"]
    return float(rows.iloc[0]) if len(rows) and pd.notna(rows.iloc[0]) else None


def peer_view(warehouse: Warehouse, query: Mapping[str, str]) -> ViewState:
    """The peers a profile address names (`peers`, `areas`), checked as the profile checks them (NotFound for
    what is not there); the deck draws every chart against them, as the profile does for the same address."""
    cat, munis = ctx.catalogue(warehouse), ctx.municipalities(warehouse)
    peers_query = {key: value for key, value in query.items() if key in ("peers", "areas")}
    state = parse_state(peers_query, set(cat.index), set(munis["area_code"]))
    return ViewState(peers=state.peers, areas=state.areas)


def _municipality_slides(
    warehouse: Warehouse, own: pd.Series, lang: str, view: ViewState | None = None
) -> Iterator[IndicatorSlide]:
    """One slide per charted indicator, each yielded as soon as its chart is built (build_deck has it drawn
    while the next is built)."""
    state = (view or ViewState()).with_(lang=lang)
    # own peers, once named, win over the group (ViewState.peer_group), exactly as on the profile
    peers = ctx.peers_of(warehouse, str(own["area_code"]), state.peer_group, state.areas)
    width, height, _ = images.SIZES["wide"]
    region_name = ctx.areas(warehouse).set_index("area_code").loc[own["region_code"], "area_name"]
    for indicator_id in deck_indicator_ids(warehouse):
        chart = charts.municipality_trend(
            warehouse, indicator_id, own, state, peers, height=height, width=width, title_prefix=f"{own['area_name']}: "
        )
        if chart is None:
            continue
        decimals = decimals_for(chart.measure, ctx.indicator_info(warehouse, indicator_id, lang))
        shown, latest = chart.shown, chart.latest
        region_value = format_number(_value(shown, latest, own["region_code"]), decimals, lang)
        country = KeyNumber(
            t("deck_country", lang), format_number(_value(shown, latest, COUNTRY_CODE), decimals, lang), COUNTRY_COLOUR
        )
        if chart.has_municipal:
            municipal = shown[(shown["period"] == latest) & (shown["area_level"] == "kommune")]
            ranks = (
                municipal.dropna(subset=["shown"]).set_index("area_code")["shown"].rank(ascending=False, method="min")
            )
            rank = (
                t("summary_rank", lang, rank=int(ranks[own["area_code"]]), total=len(ranks))
                if own["area_code"] in ranks.index
                else ""
            )
            own_value = format_number(_value(shown, latest, own["area_code"]), decimals, lang)
            numbers = [
                KeyNumber(str(own["area_name"]), own_value, OWN_COLOUR, rank),
                KeyNumber(str(region_name), region_value, REGION_COLOUR),
                country,
            ]
        else:  # regional figures only (psychiatry): the municipality has no number of its own
            numbers = [
                KeyNumber(str(region_name), region_value, REGION_COLOUR, t("summary_region_only", lang)),
                country,
            ]
        yield IndicatorSlide(indicator_id, chart.title, chart.figure, chart.unit, latest, numbers)


def _region_slides(warehouse: Warehouse, region: pd.Series, lang: str) -> Iterator[Slide]:
    """In the region page's order: what stands out (the region against the country; the municipalities furthest
    from it), the budget pressure, the psychiatry picture, then each indicator's ranking."""
    yield from _standout_slides(warehouse, region, lang)
    yield from _index_slides(warehouse, region, lang)
    yield from _ranking_slides(warehouse, region, lang)


def _standout_slides(warehouse: Warehouse, region: pd.Series, lang: str) -> Iterator[Slide]:
    code, name = str(region["area_code"]), str(region["area_name"])
    standouts = briefing.standouts(warehouse, code, lang)
    above, below = briefing.extremes(warehouse, code, lang)
    if standouts:
        source = briefing.index_source_line(
            warehouse, _sources_used(warehouse, [s.indicator_id for s in standouts]), lang
        )
        yield StandoutsSlide(t("deck_standouts_title", lang, area=name), name, standouts, source)
    if above or below:
        ids = list(dict.fromkeys(e.indicator_id for e in [*above, *below]))
        source = briefing.index_source_line(warehouse, _sources_used(warehouse, ids), lang)
        yield ExtremesSlide(f"{name}: {t('briefing_extremes', lang).lower()}", above, below, source)


def _index_slides(warehouse: Warehouse, region: pd.Series, lang: str) -> Iterator[Slide]:
    """The budget pressure of the region's municipalities together (children, adults) and the psychiatry picture,
    as on the page, with each series' latest index as a key number."""
    code, name = str(region["area_code"]), str(region["area_name"])
    width, height, _ = images.SIZES["wide"]
    demo = ctx.is_demo(warehouse)
    views: list[tuple[str, briefing.IndexView, dict[str, str], tuple[str, ...]]] = []
    members = briefing.member_codes(warehouse, code)
    for topic, (spending, recipients) in BUDGET_PAIRS.items():
        budget = briefing.budget_view(warehouse, members, spending, recipients, None)
        if budget is not None:
            labels = {"spending": t("series_spending", lang), "recipients": t("series_recipients", lang)}
            views.append((t(f"budget_title_{topic}", lang, area=name), budget, labels, (spending, *recipients)))
    psychiatry = briefing.psychiatry_view(warehouse, code, None)
    if psychiatry is not None:
        title = t("briefing_psychiatry_title", lang, area=name)
        views.append((title, psychiatry, psychiatry_labels(psychiatry, lang), tuple(psychiatry.indices)))
    for title, view, labels, shows in views:
        source = briefing.index_source_line(warehouse, shows, lang)
        made_from = {"spending": shows[:1], "recipients": shows[1:]}  # a budget view's keys; psychiatry's: indicators
        figure = index_chart(
            view.frame(labels),
            title=title,
            subtitle=t("index_label", lang, year=view.base_year),
            source_line=source,
            lang=lang,
            demo=demo,
            breaks=charts.series_breaks(warehouse, {labels[k]: made_from.get(k, (k,)) for k in view.indices}, lang),
        )
        figure.update_layout(width=width, height=height)  # the slide's size
        last = view.years[-1]
        numbers = [
            KeyNumber(labels[key], format_number(float(index[last]), 0, lang), colour)
            for (key, index), colour in zip(view.indices.items(), _INDEX_COLOURS, strict=False)
        ]
        unit = t("index_label", lang, year=view.base_year)
        yield IndicatorSlide(shows[0], title, figure, unit, last, numbers, source=source, shows=shows)


def _ranking_slides(warehouse: Warehouse, region: pd.Series, lang: str) -> Iterator[Slide]:
    state = ViewState(lang=lang)
    code = region["area_code"]
    munis = ctx.municipalities(warehouse)
    members = set(munis.loc[munis["region_code"] == code, "area_code"])
    cat = ctx.catalogue(warehouse)
    for indicator_id in ctx.municipal_indicator_ids(warehouse):
        figure, latest, shown = charts.region_ranking(warehouse, indicator_id, code, state)
        measure = ctx.resolve_measure(warehouse, state, indicator_id)
        now = shown[(shown["period"] == latest) & shown["area_code"].isin(members)].dropna(subset=["shown"])
        fixed = figure_decimals(measure, ctx.indicator_info(warehouse, indicator_id, lang))  # a rate: as its chart, one
        decimals = fixed if fixed is not None else _bar_label_decimals(now["shown"])
        numbers = [
            KeyNumber(
                str(region["area_name"]),
                format_number(_value(shown, latest, code), decimals, lang),
                REGION_COLOUR,
            ),
            KeyNumber(
                t("deck_country", lang),
                format_number(_value(shown, latest, COUNTRY_CODE), decimals, lang),
                COUNTRY_COLOUR,
            ),
        ]
        if not now.empty:
            # labels of the query's RangeIndex (pandas-stubs type them as any Hashable)
            high = ctx.one_row(now, cast(int, now["shown"].idxmax()))
            low = ctx.one_row(now, cast(int, now["shown"].idxmin()))
            numbers += [
                KeyNumber(
                    t("deck_highest", lang, name=high["area_name"]),
                    format_number(high["shown"], decimals, lang),
                    OWN_COLOUR,
                ),
                KeyNumber(
                    t("deck_lowest", lang, name=low["area_name"]),
                    format_number(low["shown"], decimals, lang),
                    OTHER_COLOURS[1],
                ),
            ]
        periods = ctx.periods(shown)
        base_year = ctx.default_base_year(periods, periods[-1])
        unit = measure_label(measure, ctx.indicator_info(warehouse, indicator_id, lang), lang, base_year)
        yield IndicatorSlide(
            indicator_id, ctx.indicator_title(ctx.one_row(cat, indicator_id), lang), figure, unit, latest, numbers
        )


def _bar_label_decimals(values: pd.Series) -> int:
    """As many decimals as the ranking's bar labels show (theme.d3_format's rule), so the key numbers
    next to the chart read the same: whole numbers and values from 100 none, from 10 one, below 10 two."""
    finite = values.dropna().astype(float)
    if finite.empty or ((finite - finite.round()).abs() < 1e-9).all():
        return 0
    largest = finite.abs().max()
    return 0 if largest >= 100 else 1 if largest >= 10 else 2


def deck_indicator_ids(warehouse: Warehouse) -> list[str]:
    """The indicators a municipality deck goes through (the profile's: every topic but population); the ones
    without figures for the municipality or its region are skipped by charts.municipality_trend."""
    cat = ctx.catalogue(warehouse)
    return [i for i in cat.index if cat.loc[i, "topic"] != "population"]


# --- the deck -------------------------------------------------------------------------------------------------


def build_deck(
    warehouse: Warehouse,
    kind: Literal["kommune", "region"],
    code: str,
    lang: str = "da",
    progress: Progress | None = None,
    view: ViewState | None = None,
) -> bytes:
    """The PPTX for a municipality or a region, as bytes; a municipality's charts compare with the peers `view`
    names (peer_view; default: its region). UnknownArea for a code that is not one;
    images.ImageExportUnavailable when there is no browser to render the charts with."""
    if kind not in ("kommune", "region"):
        raise ValueError(f"kind {kind!r}: use kommune or region")
    if lang not in LANGUAGES:
        raise ValueError(f"lang {lang!r}: use one of {', '.join(LANGUAGES)}")
    area = _area(warehouse, kind, code)
    # each chart goes to the browser as soon as it is built: drawn on its pages while the next is built
    with images.Renders("png", "wide") as renders:
        slides: list[Slide] = []
        built: Iterator[Slide] = (
            _municipality_slides(warehouse, area, lang, view)
            if kind == "kommune"
            else _region_slides(warehouse, area, lang)
        )
        for slide in built:
            slides.append(slide)
            if isinstance(slide, IndicatorSlide):
                renders.add(slide.figure)
        total = len(slides) + 2
        report = progress or (lambda done, total, label: None)

        prs = Presentation()
        prs.slide_width, prs.slide_height = SLIDE_WIDTH, SLIDE_HEIGHT
        demo = ctx.is_demo(warehouse)
        used = list(dict.fromkeys(i for s in slides for i in s.indicator_ids()))
        prs.core_properties.title = f"{area['area_name']} – Socialtal"
        prs.core_properties.author = "Socialtal"
        prs.core_properties.language = "da-DK" if lang == "da" else "en-GB"
        pngs = iter(renders)
        _title_slide(prs, warehouse, kind, area, used, lang, demo)
        report(1, total, str(area["area_name"]))
        for i, slide in enumerate(slides, start=2):
            if isinstance(slide, StandoutsSlide):
                _standouts_slide(prs, slide, lang)
            elif isinstance(slide, ExtremesSlide):
                _extremes_slide(prs, slide, lang)
            else:
                _indicator_slide(prs, warehouse, slide, lang, next(pngs))
            report(i, total, slide.title)
    _closing_slide(prs, warehouse, used, lang)
    report(total, total, t("deck_closing_title", lang))
    out = io.BytesIO()
    prs.save(out)
    return out.getvalue()


def _sources_used(warehouse: Warehouse, indicator_ids: list[str]) -> list[str]:
    """The indicators and the denominators their per-capita figures divide by, in order, without repeats."""
    cat = ctx.catalogue(warehouse)
    used: list[str] = []
    for indicator_id in indicator_ids:
        denominator = cat.loc[indicator_id, "denominator_id"]
        for i in (indicator_id, denominator):
            if isinstance(i, str) and i in cat.index and i not in used:
                used.append(i)
    return used


def _data_date(warehouse: Warehouse, indicator_ids: list[str], lang: str) -> str | None:
    cat = ctx.catalogue(warehouse).loc[_sources_used(warehouse, indicator_ids)]
    stamps = [d for d in map(_stamp_date, cat["dst_updated"].dropna()) if d is not None]
    if not stamps:
        stamps = [d for d in map(_stamp_date, cat["fetched_at"].dropna()) if d is not None]
    return long_date(max(stamps), lang) if stamps else None


def _text_box(
    slide: Any,
    left: int,
    top: int,
    width: int,
    height: int,
    lines: list[tuple[str, float, bool, RGBColor]],
    align: PP_ALIGN = PP_ALIGN.LEFT,
    anchor: MSO_ANCHOR = MSO_ANCHOR.TOP,
) -> Any:
    """A text box of paragraphs (text, size in pt, bold, colour)."""
    box = slide.shapes.add_textbox(left, top, width, height)
    frame = box.text_frame
    frame.word_wrap = True
    frame.vertical_anchor = anchor
    frame.margin_left = frame.margin_right = Inches(0.05)
    for i, (text, size, bold, colour) in enumerate(lines):
        paragraph = frame.paragraphs[0] if i == 0 else frame.add_paragraph()
        paragraph.alignment = align
        run = paragraph.add_run()
        run.text = text
        run.font.size, run.font.bold, run.font.color.rgb = Pt(size), bold, colour
    return box


def _set_title(slide: Any, text: str, left: int, top: int, width: int, height: int, size: float) -> None:
    """The layout's title placeholder (so the slide has a title in outlines and for screen readers), moved to
    the 16:9 geometry."""
    title = slide.shapes.title
    title.left, title.top, title.width, title.height = left, top, width, height
    title.text = text
    frame = title.text_frame
    frame.word_wrap = True
    for paragraph in frame.paragraphs:
        paragraph.alignment = PP_ALIGN.LEFT
        for run in paragraph.runs:
            run.font.size, run.font.bold, run.font.color.rgb = Pt(size), True, _TEXT


def _title_slide(
    prs: Any,
    warehouse: Warehouse,
    kind: str,
    area: pd.Series,
    used: list[str],
    lang: str,
    demo: bool,
) -> None:
    slide = prs.slides.add_slide(prs.slide_layouts[_LAYOUT_TITLE])
    width = SLIDE_WIDTH - 2 * Inches(0.8)
    if kind == "kommune":
        region_name = ctx.areas(warehouse).set_index("area_code").loc[area["region_code"], "area_name"]
        kicker, intro = t("deck_kicker_kommune", lang, region=region_name), t("deck_intro_kommune", lang)
    else:
        count = int((ctx.municipalities(warehouse)["region_code"] == area["area_code"]).sum())
        kicker, intro = t("deck_kicker_region", lang, n=count), t("deck_intro_region", lang)
    _text_box(slide, Inches(0.8), Inches(1.3), width, Inches(0.5), [(kicker, 18, False, _MUTED)])
    _set_title(slide, str(area["area_name"]), Inches(0.8), Inches(1.8), width, Inches(1.3), 48)
    subtitle = slide.placeholders[1]
    subtitle.left, subtitle.top, subtitle.width, subtitle.height = Inches(0.8), Inches(3.2), width, Inches(1.6)
    frame = subtitle.text_frame
    frame.word_wrap = True
    data_date = _data_date(warehouse, used, lang)
    lines = [(intro, 18, _TEXT), (t("deck_made", lang, date=long_date(date.today(), lang)), 18, _TEXT)]
    if data_date:
        lines.append((t("deck_data_date", lang, date=data_date), 14, _MUTED))
    for i, (text, size, colour) in enumerate(lines):
        paragraph = frame.paragraphs[0] if i == 0 else frame.add_paragraph()
        paragraph.alignment = PP_ALIGN.LEFT
        run = paragraph.add_run()
        run.text = text
        run.font.size, run.font.color.rgb = Pt(size), colour
    if demo:
        _text_box(slide, Inches(0.8), Inches(5.1), width, Inches(0.8), [(t("deck_demo", lang), 32, True, _DEMO_RED)])
    _text_box(slide, Inches(0.8), Inches(6.6), width, Inches(0.5), [(t("licence_line", lang), 11, False, _MUTED)])


def _indicator_slide(prs: Any, warehouse: Warehouse, item: IndicatorSlide, lang: str, png: bytes) -> None:
    """The chart (its PNG, 1920×1080) with its key numbers beside it and the source line under it."""
    slide = prs.slides.add_slide(prs.slide_layouts[_LAYOUT_TITLE_ONLY])
    _set_title(slide, item.title, _MARGIN, Inches(0.2), SLIDE_WIDTH - 2 * _MARGIN, Inches(0.75), 26)
    picture = slide.shapes.add_picture(io.BytesIO(png), _MARGIN, _IMAGE_TOP, width=_IMAGE_WIDTH)
    period = period_label(item.period, lang)
    picture._element.nvPicPr.cNvPr.set(
        "descr", t("deck_chart_alt", lang, title=item.title, unit=item.unit, period=period)
    )
    lines: list[tuple[str, float, bool, RGBColor]] = [
        (t("deck_key_numbers", lang, period=period), 16, True, _TEXT),
        (item.unit, 11, False, _MUTED),
    ]
    size = 28 if len(item.numbers) <= 3 else 24
    for number in item.numbers:
        lines.append((number.label, 12, False, _MUTED))
        lines.append((number.value, size, True, RGBColor.from_string(number.colour.lstrip("#").upper())))
        if number.note:
            lines.append((number.note, 10, False, _MUTED))
    box = _text_box(slide, _SIDE_LEFT, _IMAGE_TOP, _SIDE_WIDTH, Inches(5.625), lines)
    for i, paragraph in enumerate(box.text_frame.paragraphs):
        if i >= 2 and paragraph.runs and paragraph.runs[0].font.size == Pt(12):
            paragraph.space_before = Pt(10)
    _text_box(
        slide,
        _MARGIN,
        _IMAGE_TOP + Inches(5.625) + Inches(0.1),
        SLIDE_WIDTH - 2 * _MARGIN,
        Inches(0.4),
        [(item.source or ctx.source_line(warehouse, item.indicator_id, lang), 11, False, _MUTED)],
    )


def _standouts_slide(prs: Any, item: StandoutsSlide, lang: str) -> None:
    """The region against the country: one table row per indicator, the largest difference first."""
    slide = prs.slides.add_slide(prs.slide_layouts[_LAYOUT_TITLE_ONLY])
    _set_title(slide, item.title, _MARGIN, Inches(0.2), SLIDE_WIDTH - 2 * _MARGIN, Inches(0.75), 26)
    header = [
        t("indicator", lang),
        t("col_unit", lang),
        item.region_name,
        t("deck_country", lang),
        t("briefing_col_difference", lang),
    ]
    widths = (Inches(4.5), Inches(3.5), Inches(1.3), Inches(1.2), Inches(2.23))
    size = 11 if len(item.standouts) <= 16 else 10
    top, available = _IMAGE_TOP, Inches(5.6)
    row_height = Emu(int(min(Inches(0.36), available / (len(item.standouts) + 1))))
    shape = slide.shapes.add_table(len(item.standouts) + 1, len(header), _MARGIN, top, sum(widths), row_height)
    table = shape.table
    for column, width in zip(table.columns, widths, strict=True):
        column.width = width
    rows = [
        [
            keep_together(s.title, browser=False),
            f"{s.unit} · {keep_together(period_label(s.period, lang), browser=False)}",
            format_number(s.region_value, s.decimals, lang),
            format_number(s.country_value, s.decimals, lang),
            briefing.difference_words(s.difference, s.points is not None, lang),
        ]
        for s in item.standouts
    ]
    for r, values in enumerate([header, *rows]):
        table.rows[r].height = row_height
        for c, value in enumerate(values):
            cell = table.cell(r, c)
            cell.margin_top = cell.margin_bottom = Inches(0.02)
            frame = cell.text_frame
            frame.word_wrap = True
            paragraph = frame.paragraphs[0]
            paragraph.alignment = PP_ALIGN.RIGHT if c in (2, 3) else PP_ALIGN.LEFT
            run = paragraph.add_run()
            run.text = value
            run.font.size = Pt(size)
            run.font.bold = r == 0
            if r > 0:
                run.font.color.rgb = _MUTED if c == 1 else _TEXT
    _text_box(
        slide,
        _MARGIN,
        Inches(6.85),
        SLIDE_WIDTH - 2 * _MARGIN,
        Inches(0.4),
        [(item.source, 11, False, _MUTED)],
    )


def _extremes_slide(prs: Any, item: ExtremesSlide, lang: str) -> None:
    """The municipalities furthest above the country (left) and below it (right), one line each."""
    slide = prs.slides.add_slide(prs.slide_layouts[_LAYOUT_TITLE_ONLY])
    _set_title(slide, item.title, _MARGIN, Inches(0.2), SLIDE_WIDTH - 2 * _MARGIN, Inches(0.75), 26)
    _text_box(
        slide,
        _MARGIN,
        Inches(0.95),
        SLIDE_WIDTH - 2 * _MARGIN,
        Inches(0.5),
        [(t("briefing_extremes_intro", lang), 12, False, _MUTED)],
    )
    half = (SLIDE_WIDTH - 2 * _MARGIN - Inches(0.3)) // 2
    for i, (heading, items) in enumerate(
        ((t("briefing_furthest_above", lang), item.above), (t("briefing_furthest_below", lang), item.below))
    ):
        box = _text_box(
            slide, _MARGIN + i * (half + Inches(0.3)), Inches(1.5), half, Inches(5.2), [(heading, 18, True, _TEXT)]
        )
        frame = box.text_frame
        for extreme in items or []:
            paragraph = frame.add_paragraph()
            paragraph.space_before = Pt(10)
            name = paragraph.add_run()
            name.text = f"{extreme.area_name} · "
            name.font.size, name.font.bold, name.font.color.rgb = Pt(15), True, _TEXT
            what = paragraph.add_run()
            what.text = f"{keep_together(extreme.title, browser=False)}: " + t(
                "briefing_extreme_detail",
                lang,
                value=format_number(extreme.value, extreme.decimals, lang),
                unit=extreme.unit,
                period=keep_together(period_label(extreme.period, lang), browser=False),
                difference=briefing.difference_words(extreme.difference, extreme.points is not None, lang),
                rank=extreme.rank,
                total=extreme.total,
            )
            what.font.size, what.font.color.rgb = Pt(13), _TEXT
        if not items:
            _add_line(frame, t("briefing_none", lang))
    _text_box(
        slide,
        _MARGIN,
        Inches(6.85),
        SLIDE_WIDTH - 2 * _MARGIN,
        Inches(0.4),
        [(item.source, 11, False, _MUTED)],
    )


def _add_line(frame: Any, text: str) -> None:
    paragraph = frame.add_paragraph()
    run = paragraph.add_run()
    run.text = text
    run.font.size, run.font.color.rgb = Pt(13), _MUTED


def _fitting_size(texts: list[str], width_in: float, height_in: float, sizes: tuple[float, ...]) -> float:
    """The largest font size at which the paragraphs fit the box (a rough estimate: an average character is
    0.52 of the font size wide, a line 1.2 times its height, 3 pt between paragraphs)."""
    for size in sizes:
        per_line = max(10, int(width_in * 72 / (size * 0.52)))
        lines = sum(max(1, math.ceil(len(text) / per_line)) for text in texts)
        if lines * size * 1.2 + len(texts) * 3 <= height_in * 72:
            return size
    return sizes[-1]


def _closing_slide(prs: Any, warehouse: Warehouse, used: list[str], lang: str) -> None:
    cat = ctx.catalogue(warehouse)
    slide = prs.slides.add_slide(prs.slide_layouts[_LAYOUT_TITLE_ONLY])
    _set_title(slide, t("deck_closing_title", lang), _MARGIN, Inches(0.2), SLIDE_WIDTH - 2 * _MARGIN, Inches(0.75), 26)
    top, height = Inches(1.05), Inches(5.6)
    # definitions, left: "Title: definition", one paragraph per indicator, smaller type when there are many
    left_width = Inches(8.4)
    definitions = [
        (ctx.indicator_title(ctx.one_row(cat, i), lang), str(cat.loc[i, "definition_da"] or "")) for i in used
    ]
    size = _fitting_size([f"{a}: {b}" for a, b in definitions], 8.3, 5.2, (16, 14, 13, 12, 11, 10, 9, 8))
    box = _text_box(slide, _MARGIN, top, left_width, height, [(t("deck_definitions", lang), 16, True, _TEXT)])
    frame = box.text_frame
    frame.auto_size = MSO_AUTO_SIZE.TEXT_TO_FIT_SHAPE  # a safety net: viewers that lay out text shrink it further
    for title, definition in definitions:
        paragraph = frame.add_paragraph()
        paragraph.space_before = Pt(3)
        head = paragraph.add_run()
        head.text = f"{title}: "
        head.font.size, head.font.bold, head.font.color.rgb = Pt(size), True, _TEXT
        body = paragraph.add_run()
        body.text = definition
        body.font.size, body.font.color.rgb = Pt(size), _TEXT
    # sources, right: each table with its StatBank address
    right_left = _MARGIN + left_width + Inches(0.3)
    box = _text_box(
        slide, right_left, top, SLIDE_WIDTH - right_left - _MARGIN, height, [(t("deck_sources", lang), 16, True, _TEXT)]
    )
    frame = box.text_frame
    tables = list(dict.fromkeys(str(cat.loc[i, "source_table"]) for i in _sources_used(warehouse, used)))
    source_size = 12 if len(tables) <= 12 else 10
    for table in tables:
        esundhed = table.upper().startswith(ctx.ESUNDHED_SOURCE_PREFIX)
        url = "https://www.esundhed.dk" if esundhed else f"https://www.statistikbanken.dk/{table}"
        paragraph = frame.add_paragraph()
        paragraph.space_before = Pt(4)
        name = paragraph.add_run()
        name.text = (t("deck_esundhed_source", lang) if esundhed else table) + " – "
        name.font.size, name.font.bold, name.font.color.rgb = Pt(source_size), True, _TEXT
        link = paragraph.add_run()
        link.text = url.removeprefix("https://")
        link.hyperlink.address = url
        link.font.size = Pt(source_size)
    _text_box(
        slide,
        _MARGIN,
        Inches(6.8),
        SLIDE_WIDTH - 2 * _MARGIN,
        Inches(0.5),
        [(t("licence_line", lang), 12, False, _MUTED)],
    )


def file_name(warehouse: Warehouse, kind: str, code: str) -> str:
    """'Viborg-socialtal.pptx', 'Region-Midtjylland-socialtal-DEMODATA.pptx'."""
    name = "-".join(str(_area(warehouse, kind, code)["area_name"]).split())
    return f"{name}-socialtal{'-DEMODATA' if ctx.is_demo(warehouse) else ''}.pptx"


# --- route ----------------------------------------------------------------------------------------------------


def register(server: Flask) -> None:
    """GET /deck/kommune/<code>.pptx and /deck/region/<code>.pptx (?lang=en): the deck as an attachment; a
    municipality's with the profile's peers (`?peers=size`, `?areas=740,657`)."""

    def answer(kind: Literal["kommune", "region"], code: str) -> Response:
        warehouse: Warehouse = server.config["SOCIALTAL_WAREHOUSE"]
        lang = request.args.get("lang") or "da"
        if lang not in LANGUAGES:
            return plain(404, t("deck_bad_lang", "da", value=lang[:20], allowed=" eller ".join(LANGUAGES)))
        try:
            name = file_name(warehouse, kind, code)
            view = peer_view(warehouse, request.args) if kind == "kommune" else None
            data = build_deck(warehouse, kind, code, lang, view=view)
        except UnknownArea as exc:
            return plain(404, exc.describe(lang)[:200])
        except NotFound as exc:  # peers or areas that are not there
            return plain(404, t("export_not_found", lang, what=echo(exc.describe(lang), 160)))
        except images.ImageExportUnavailable as exc:
            log.warning("slide deck unavailable: %s", exc)
            return plain(503, t("image_export_unavailable", lang))
        return attachment(data, PPTX_MIMETYPE, name)

    server.add_url_rule("/deck/kommune/<code>.pptx", "deck_kommune", lambda code: answer("kommune", code))
    server.add_url_rule("/deck/region/<code>.pptx", "deck_region", lambda code: answer("region", code))


# --- command line ---------------------------------------------------------------------------------------------


def deck_command(argv: list[str]) -> int:
    """`dashboard deck (--kommune CODE | --region CODE) --out PATH.pptx [--db PATH] [--lang da|en]`."""
    parser = argparse.ArgumentParser(
        prog="dashboard deck", description="Write a slide deck (PPTX) for a municipality or a region."
    )
    which = parser.add_mutually_exclusive_group(required=True)
    which.add_argument("--kommune", metavar="CODE", help="municipality code, e.g. 791 (Viborg)")
    which.add_argument("--region", metavar="CODE", help="region code, e.g. 082 (Region Midtjylland)")
    parser.add_argument("--out", type=Path, required=True, help="the .pptx file to write")
    parser.add_argument(
        "--db",
        type=Path,
        default=Path(settings.DB.read()),
        help="warehouse file (default: $SOCIALTAL_DB or data/socialtal.duckdb)",
    )
    parser.add_argument("--lang", choices=LANGUAGES, default="da", help="language of the slides (default da)")
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:  # --help, or a usage error argparse has already explained
        return int(exc.code or 0)
    kind: Literal["kommune", "region"] = "kommune" if args.kommune is not None else "region"
    code = args.kommune if args.kommune is not None else args.region
    out: Path = args.out
    if out.suffix.lower() != ".pptx":
        print(f"error: --out {out} must end in .pptx", file=sys.stderr)
        return 1
    if not out.parent.is_dir():
        print(f"error: folder {out.parent} does not exist", file=sys.stderr)
        return 1
    if not args.db.exists():
        print(f"error: no warehouse at {args.db}; build one with `etl run --demo` (or `etl run`)", file=sys.stderr)
        return 1
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    tmp = out.with_name(out.name + ".tmp")
    start = time.perf_counter()
    try:
        warehouse = Warehouse(args.db)
        _area(warehouse, kind, code)  # an unknown code is one line of error, before any progress bar
        console = _stderr_console()
        with Progress(
            TextColumn("{task.description}"),
            BarColumn(),
            MofNCompleteColumn(),
            TimeElapsedColumn(),
            TextColumn("{task.fields[label]}"),
            transient=True,
            console=console,
            disable=not console.is_terminal,
        ) as bar:
            task = bar.add_task("slides", total=None, label="")

            def advance(done: int, total: int, label: str) -> None:
                bar.update(task, completed=done, total=total, label=label[:60])

            data = build_deck(warehouse, kind, code, args.lang, progress=advance)
        slide_count = len(Presentation(io.BytesIO(data)).slides)
        tmp.write_bytes(data)
        os.replace(tmp, out)
    except UnknownArea as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    except (WarehouseMissing, images.ImageExportUnavailable) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    except OSError as exc:
        print(f"error: could not write {out}: {exc.strerror or exc}", file=sys.stderr)
        return 1
    finally:
        tmp.unlink(missing_ok=True)
    seconds = time.perf_counter() - start
    print(f"{out}: {slide_count} slides, {len(data) / 1e6:.1f} MB, {seconds:.1f} s")
    return 0


def _stderr_console() -> Console:
    from rich.console import Console

    return Console(stderr=True)
