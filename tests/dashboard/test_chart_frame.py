"""The chart frame at any width (issue 11, part 2), server side: texts wrapped for the width a figure is built or
exported at, margins that grow with every further line, legend entries that flow, short legend names and the
unwrapped texts kept in layout.meta["fit"] for assets/chart_fit.js, upright year ticks, numbers written out, end
labels kept apart, and the chart config (no modebar, Plotly's locale in the page's language). What the browser
makes of it is measured in tests/browser/test_legibility.py."""

from __future__ import annotations

import itertools
import json
import math

import numpy as np
import pandas as pd
import plotly.graph_objects as go
import pytest
from dash import Dash
from plotly_schema import validating

from dashboard.charts import index as index_charts
from dashboard.charts import ranking, trend
from dashboard.charts.index import END_LABEL_PX
from dashboard.charts.theme import (
    CAP_SHIFT,
    LEFT_PAD,
    LINE_SPACING,
    SMALL_SIZE,
    SUBTITLE_SIZE,
    TITLE_SIZE,
    category_axis,
    fit_frame,
    frame_layout,
    legend_rows,
    resize,
    text_width,
    wrap_lines,
)
from dashboard.core.texts import t
from dashboard.ui.components import graph_config

# every figure a test looks at is checked against plotly's schema first
index_chart = validating(index_charts.index_chart)
ranking_chart = validating(ranking.ranking_chart)
trend_chart = validating(trend.trend_chart)

LONG_TITLE = "Viborg: Børn og unge med foranstaltninger i procent af alle 0–22-årige i kommunen"
SUBTITLE = "pr. 1.000 befolkning 0–22 år · 2011–2024"
SOURCE = "Kilde: Egne beregninger baseret på tal fra Danmarks Statistik (ANBAAR12, ISBU02, REGK31)"


def as_json(figure: go.Figure) -> dict:
    return json.loads(figure.to_json())


def trend_frame(roles: dict[tuple[str, str], str], years: range = range(2011, 2025)) -> pd.DataFrame:
    rows = [
        {"area_code": code, "area_name": name, "role": role, "period": str(year), "value": float(year - 2000 + i)}
        for i, ((code, name), role) in enumerate(roles.items())
        for year in years
    ]
    return pd.DataFrame(rows)


PROFILE_ROLES = {
    ("791", "Viborg"): "own",
    ("082", "Region Midtjylland"): "region",
    ("000", "Hele landet"): "country",
    ("101", "København"): "peer",
    ("147", "Frederiksberg"): "peer",
}


# --- wrapping ---------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("width", [120, 300, 540, 960])
def test_wrapped_lines_fit_the_width_and_keep_every_word_in_order(width: int) -> None:
    for size, bold in ((TITLE_SIZE, True), (SUBTITLE_SIZE, False), (SMALL_SIZE, False)):
        lines = wrap_lines(LONG_TITLE, width, size, bold)
        assert " ".join(lines).split() == LONG_TITLE.split()
        for line in lines:
            assert text_width(line, size, bold) <= width or " " not in line  # a lone long word keeps its line
        if text_width(LONG_TITLE, size, bold) <= width:
            assert lines == [LONG_TITLE]
        else:
            assert len(lines) > 1
            # greedy: the next line's first word would not have fitted on the line before
            for line, after in itertools.pairwise(lines):
                assert text_width(f"{line} {after.split()[0]}", size, bold) > width
    assert wrap_lines("", 100, 12) == []


def test_bold_text_is_estimated_wider_than_regular() -> None:
    assert text_width("Anbragte børn", 18, bold=True) > text_width("Anbragte børn", 18)


# --- the frame --------------------------------------------------------------------------------------------------


def frame(width: int, notes: tuple[str, ...] = (), legend: int = 1) -> dict:
    return frame_layout(
        title=LONG_TITLE,
        subtitle=SUBTITLE,
        source_line=SOURCE,
        lang="da",
        demo=False,
        height=460,
        notes=notes,
        legend_rows=legend,
        width=width,
    )


def test_a_narrow_frame_wraps_its_texts_and_grows_its_margins_by_each_further_line() -> None:
    wide, narrow = frame(1400), frame(340)
    assert "<br>" not in wide["title"]["text"]
    lines = narrow["title"]["text"].split("<br>")
    assert len(lines) == len(wrap_lines(LONG_TITLE, 340 - 2 * LEFT_PAD, TITLE_SIZE, bold=True)) > 1
    title_line = round(TITLE_SIZE * LINE_SPACING)
    subtitle_lines = len(narrow["title"]["subtitle"]["text"].split("<br>"))
    assert narrow["margin"]["t"] - wide["margin"]["t"] == (len(lines) - 1) * title_line + (subtitle_lines - 1) * round(
        SUBTITLE_SIZE * LINE_SPACING
    )
    # a title of several lines gets plotly's cap shift back as padding, so it starts where one line does
    assert narrow["title"]["pad"]["t"] - wide["title"]["pad"]["t"] == round(CAP_SHIFT * TITLE_SIZE)
    source = next(a for a in narrow["annotations"] if a["name"] == "source")
    source_lines = source["text"].count("<br>") + 1
    assert source_lines > 1
    assert narrow["margin"]["b"] - wide["margin"]["b"] == (source_lines - 1) * round(SMALL_SIZE * LINE_SPACING)
    assert source["yshift"] == -narrow["margin"]["b"] + 6  # still at the bottom edge


def test_notes_stack_above_the_source_line_each_as_high_as_its_lines() -> None:
    notes = ("Manglende værdier ('..') vises som huller", "Fra 2019 opgøres sengedage efter LPR3 " * 3)
    layout = frame(400, notes=notes)
    source = next(a for a in layout["annotations"] if a["name"] == "source")
    first, second = (a for a in layout["annotations"] if a["name"] == "note")
    source_height = (source["text"].count("<br>") + 1) * SMALL_SIZE * LINE_SPACING
    first_height = (first["text"].count("<br>") + 1) * SMALL_SIZE * LINE_SPACING
    assert first["yshift"] >= source["yshift"] + source_height  # above the source line, not on it
    assert second["yshift"] >= first["yshift"] + first_height
    assert second["text"].count("<br>") >= 1
    assert layout["meta"]["fit"]["notes"] == list(notes)  # unwrapped, for the browser to wrap again


def test_the_frame_keeps_its_texts_unwrapped_in_meta_with_what_the_geometry_needs() -> None:
    layout = frame(340)
    fit = layout["meta"]["fit"]
    assert fit["title"] == LONG_TITLE and fit["subtitle"] == SUBTITLE and fit["source"] == SOURCE
    assert fit["ticks_below"] == 30 and fit["top_extra"] == 0 and fit["left_pad"] == LEFT_PAD
    again = fit_frame(fit, 340, 1)
    assert again.title == layout["title"]["text"] and again.margin_bottom == layout["margin"]["b"]
    assert layout["legend"]["traceorder"] == "grouped"  # entries flow as wide as each is


def test_legend_rows_flow_entries_as_wide_as_each_is() -> None:
    names = ["Viborg", "Region", "Landet", "Sammenlignelige"]
    width = 100 + sum(50 + 7 * len(name) for name in names[:3])  # the first three fill a row
    assert legend_rows(names, width) == 2
    assert legend_rows(names, width + 50 + 7 * len(names[3])) == 1
    assert legend_rows(names, 10) == len(names)
    assert legend_rows([], 720) == 0
    grid_columns = (width - 100) // (50 + 7 * len(names[3]))  # a grid of the widest entry's columns
    assert math.ceil(len(names) / grid_columns) > legend_rows(names, width)


# --- trend chart ------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("lang", ["da", "en"])
def test_the_trend_legend_knows_its_short_names_and_each_entry_is_its_own_group(lang: str) -> None:
    figure = as_json(
        trend_chart(
            trend_frame(PROFILE_ROLES),
            title="T",
            subtitle="S",
            source_line="K",
            unit_label="u",
            lang=lang,
            peer_band=True,
        )
    )
    traces = figure["data"]
    short = {long: short for _, long, short in figure["layout"]["meta"]["fit"]["legend"]}
    names = {trace.get("meta"): trace.get("name") for trace in traces if trace.get("name")}
    assert short == {
        names["region"]: t("legend_short_region", lang),
        names["country"]: t("legend_short_country", lang),
        names["peer"]: t("legend_short_peers", lang),
    }
    for index, long, _ in figure["layout"]["meta"]["fit"]["legend"]:
        assert traces[index]["name"] == long
    band = [trace for trace in traces if trace.get("meta") == "peer"]
    assert len(band) == 2 and {trace["legendgroup"] for trace in band} == {names["peer"]}  # hidden together
    groups = [trace["legendgroup"] for trace in traces if trace.get("name")]
    assert len(groups) == len(set(groups))


def test_year_ticks_are_upright_and_a_long_quarterly_series_keeps_every_year_for_narrow_screens() -> None:
    assert category_axis([str(y) for y in range(2011, 2025)])["tickangle"] == 0
    quarters = [f"{year} K{q}" for year in range(2015, 2025) for q in range(1, 5)]
    layout = frame(720)
    axis = category_axis(quarters, layout)
    firsts, years = layout["meta"]["fit"]["xticks"]
    assert firsts == [f"{year} K1" for year in range(2015, 2025)] and years == [str(y) for y in range(2015, 2025)]
    assert set(axis["tickvals"]) <= set(firsts) and axis["tickangle"] == 0


def test_value_axes_write_numbers_out_not_as_si_prefixes() -> None:
    figure = as_json(trend_chart(trend_frame(PROFILE_ROLES), title="T", subtitle="S", source_line="K", unit_label="u"))
    ranked = pd.DataFrame({"area_code": ["101", "147"], "area_name": ["A", "B"], "value": [12000.0, 3000.0]})
    bars = as_json(
        ranking_chart(
            ranked, highlight_codes=set(), own_code=None, title="T", subtitle="S", source_line="K", unit_label="u"
        )
    )
    for axis in (figure["layout"]["yaxis"], bars["layout"]["xaxis"]):
        assert axis["exponentformat"] == "none" and axis["separatethousands"] is True


# --- index chart ------------------------------------------------------------------------------------------------


def index_frame(last_values: list[float]) -> pd.DataFrame:
    years = [str(y) for y in range(2019, 2025)]
    return pd.concat(
        [
            pd.DataFrame({"series": name, "period": years, "index": np.linspace(100, value, len(years))})
            for name, value in zip(["Udgifter", "Modtagere", "Pladser"], last_values, strict=False)
        ],
        ignore_index=True,
    )


def end_labels(figure: go.Figure) -> list[dict]:
    return [a for a in as_json(figure)["layout"]["annotations"] if a.get("name") == "end_label"]


def test_end_labels_of_lines_ending_together_are_pushed_apart_in_order() -> None:
    labels = end_labels(index_chart(index_frame([114.0, 114.0, 113.6]), title="T", subtitle="S", source_line="K"))
    assert len(labels) == 3
    layout = as_json(index_chart(index_frame([114.0, 114.0, 113.6]), title="T", subtitle="S", source_line="K"))[
        "layout"
    ]
    plot_px = layout["height"] - layout["margin"]["t"] - layout["margin"]["b"]
    px_per_unit = plot_px / ((114.0 - 100.0) * 1.1)
    centres = sorted(-label["y"] * px_per_unit - label.get("yshift", 0) for label in labels)  # px, downwards
    gaps = np.diff(centres)
    assert (gaps >= END_LABEL_PX - 1.5).all()  # each shift is rounded to a whole pixel


def test_end_labels_far_apart_keep_their_places() -> None:
    labels = end_labels(index_chart(index_frame([140.0, 100.0]), title="T", subtitle="S", source_line="K"))
    assert [label.get("yshift", 0) for label in labels] == [0, 0]


# --- export -----------------------------------------------------------------------------------------------------


def test_a_square_export_wraps_a_long_title_and_source_again_and_keeps_them_inside() -> None:
    built = as_json(
        trend_chart(
            trend_frame(PROFILE_ROLES),
            title="Viborg: Børn og unge med foranstaltninger (pct. af 0–22-årige)",
            subtitle=SUBTITLE,
            source_line=SOURCE,
            unit_label="u",
            peer_band=True,
            width=960,
        )
    )
    assert "<br>" not in built["layout"]["title"]["text"]
    square = resize(built, 540, 540)["layout"]
    title_lines = square["title"]["text"].split("<br>")
    assert len(title_lines) > 1 and all(
        text_width(line, TITLE_SIZE, True) <= 540 - 2 * LEFT_PAD for line in title_lines
    )
    assert square["title"]["pad"]["t"] == built["layout"]["title"]["pad"]["t"] + round(CAP_SHIFT * TITLE_SIZE)
    assert square["margin"]["t"] > built["layout"]["margin"]["t"]
    source = next(a for a in square["annotations"] if a["name"] == "source")
    assert source["yshift"] == -square["margin"]["b"] + 6
    plot = 540 - square["margin"]["t"] - square["margin"]["b"]
    assert square["legend"]["y"] == pytest.approx(-30 / plot)  # still 30 px below the plot
    assert resize(built, 960, 540)["layout"]["title"]["text"] == built["layout"]["title"]["text"]


def test_a_figure_drawn_before_frames_had_meta_still_resizes_by_its_legend_rows() -> None:
    built = as_json(trend_chart(trend_frame(PROFILE_ROLES), title="T", subtitle="S", source_line="K", unit_label="u"))
    del built["layout"]["meta"]
    square = resize(built, 300, 540)["layout"]
    source = next(a for a in square["annotations"] if a["name"] == "source")
    before = next(a for a in built["layout"]["annotations"] if a["name"] == "source")
    extra = square["margin"]["b"] - built["layout"]["margin"]["b"]
    assert extra > 0 and source["yshift"] == before["yshift"] - extra


# --- the chart config -------------------------------------------------------------------------------------------


@pytest.mark.parametrize("lang", ["da", "en"])
def test_charts_have_no_modebar_and_plotlys_locale_and_tips_in_the_page_language(lang: str) -> None:
    config = graph_config(lang)
    assert config["displayModeBar"] is False and config["responsive"] is True
    assert config["locale"] == lang
    locale = config["locales"][lang]
    assert locale["dictionary"]["Double-click to zoom back out"] == t("plotly_tip_zoom_out", lang)
    assert locale["dictionary"]["Double-click on legend to isolate one trace"] == t("plotly_tip_legend", lang)
    decimal, thousands = (",", ".") if lang == "da" else (".", ",")
    assert locale["format"] == {"decimal": decimal, "thousands": thousands}


def test_every_page_loads_the_fitting_script_and_the_danish_locale_from_our_own_server(app: Dash) -> None:
    client = app.server.test_client()
    html = client.get("/kommune/791").get_data(as_text=True)
    for asset in ("chart_fit.js", "vendor/plotly-locale-da.js"):
        assert f"/assets/{asset}" in html
        answer = client.get(f"/assets/{asset}")
        assert answer.status_code == 200 and answer.mimetype in ("application/javascript", "text/javascript")
    locale = client.get("/assets/vendor/plotly-locale-da.js").get_data(as_text=True)
    assert 'name:"da"' in locale and "Maj" in locale
