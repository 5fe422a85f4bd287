"""dashboard.charts (theme, trend, ranking, sparkline, maps, index): pure DataFrame -> go.Figure builders; small
hand-made frames, asserts on content."""

from __future__ import annotations

import csv
from collections.abc import Callable
from pathlib import Path

import numpy as np
import pandas as pd
import plotly.graph_objects as go
import pytest
from plotly_schema import validating

from dashboard.charts import index as index_charts
from dashboard.charts import maps, ranking, trend
from dashboard.charts import sparkline as sparklines
from dashboard.charts.maps import abbreviations
from dashboard.charts.theme import (
    COUNTRY_COLOUR,
    MISSING_COLOUR,
    OTHER_COLOURS,
    OWN_COLOUR,
    PEER_COLOUR,
    REGION_COLOUR,
    resize,
)
from dashboard.charts.trend import wide_matrix
from dashboard.core.periods import period_label, sort_periods

# every figure a test looks at is checked against plotly's schema first
index_chart = validating(index_charts.index_chart)
choropleth_map = validating(maps.choropleth_map)
tile_map = validating(maps.tile_map)
ranking_chart = validating(ranking.ranking_chart)
sparkline = validating(sparklines.sparkline)
trend_chart = validating(trend.trend_chart)

ROOT = Path(__file__).resolve().parents[2]
SOURCE = "Kilde: Danmarks Statistik, statistikbanken.dk/ANBAAR12 · opdateret 26.06.2025"
COMMON = dict(title="Anbragte børn", subtitle="pr. 1.000 0–17-årige · 2021–2023", source_line=SOURCE)


# --- frames ------------------------------------------------------------------------------------------------------


def trend_frame(*, gap: bool = False) -> pd.DataFrame:
    rows = []
    series = {
        ("461", "Odense", "own"): [10.0, 11.0, 12.0],
        ("083", "Region Syddanmark", "region"): [9.0, 9.5, 10.0],
        ("000", "Hele landet", "country"): [8.0, 8.5, 9.0],
        ("101", "København", "selected"): [7.0, 7.5, 8.0],
        ("751", "Aarhus", "peer"): [5.0, 6.0, 7.0],
        ("851", "Aalborg", "peer"): [4.0, 4.5, 5.0],
    }
    for (code, name, role), values in series.items():
        for period, value in zip(["2021", "2022", "2023"], values, strict=True):
            rows.append((code, name, role, period, value))
    frame = pd.DataFrame(rows, columns=["area_code", "area_name", "role", "period", "value"])
    if gap:
        frame.loc[(frame["area_code"] == "461") & (frame["period"] == "2022"), "value"] = np.nan
    return frame.sample(frac=1.0, random_state=3).reset_index(drop=True)  # order must not matter


def ranking_frame() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "area_code": ["101", "147", "461", "751", "851", "840"],
            "area_name": ["København", "Frederiksberg", "Odense", "Aarhus", "Aalborg", "Rebild"],
            "value": [5.0, np.nan, 9.0, 7.0, 1.5, 3.0],
        }
    )


def tile_frame(*, with_missing: bool = True) -> pd.DataFrame:
    frame = pd.DataFrame(
        {
            "area_code": ["101", "147", "461", "751", "851"],
            "area_name": ["København", "Frederiksberg", "Odense", "Aarhus", "Aalborg"],
            "row": [2, 2, 1, 1, 0],
            "col": [3, 2, 1, 2, 2],
            "value": [5.0, np.nan, 9.0, 7.0, 1.5],
        }
    )
    if not with_missing:
        frame["value"] = frame["value"].fillna(2.0)
    return frame


def square(code: str, x: float, y: float) -> dict:
    ring = [[x, y], [x + 0.2, y], [x + 0.2, y - 0.1], [x, y - 0.1], [x, y]]
    return {
        "type": "Feature",
        "properties": {"area_code": code},
        "geometry": {"type": "Polygon", "coordinates": [ring]},
    }


GEOJSON = {
    "type": "FeatureCollection",
    "features": [square(c, 8 + i * 0.3, 57) for i, c in enumerate(["101", "147", "461", "751", "851", "999"])],
}


def index_frame(*, gap: bool = False) -> pd.DataFrame:
    rows = [("Udgifter", p, v) for p, v in zip(["2020", "2021", "2022"], [100.0, 101.0, 102.0], strict=True)]
    rows += [("Modtagere", p, v) for p, v in zip(["2020", "2021", "2022"], [100.0, 108.0, 115.0], strict=True)]
    frame = pd.DataFrame(rows, columns=["series", "period", "index"])
    if gap:
        frame.loc[1, "index"] = np.nan
    return frame


BUILDERS: dict[str, Callable[..., go.Figure]] = {
    "trend": lambda lang, demo: trend_chart(trend_frame(), unit_label="pr. 1.000", lang=lang, demo=demo, **COMMON),
    "ranking": lambda lang, demo: ranking_chart(
        ranking_frame(), highlight_codes={"101"}, own_code="461", unit_label="pr. 1.000", lang=lang, demo=demo, **COMMON
    ),
    "tile": lambda lang, demo: tile_map(
        tile_frame(), unit_label="pr. 1.000", lang=lang, demo=demo, outlined_codes=["461"], **COMMON
    ),
    "choropleth": lambda lang, demo: choropleth_map(
        ranking_frame(), GEOJSON, unit_label="pr. 1.000", lang=lang, demo=demo, outlined_codes=["461"], **COMMON
    ),
    "index": lambda lang, demo: index_chart(index_frame(), lang=lang, demo=demo, **COMMON),
    "empty_trend": lambda lang, demo: trend_chart(
        trend_frame().iloc[:0], unit_label="x", lang=lang, demo=demo, **COMMON
    ),
}


# --- helpers -----------------------------------------------------------------------------------------------------


def annotations(fig: go.Figure, name: str | None = None) -> list[str]:
    return [a.text for a in fig.layout.annotations if name is None or a.name == name]


def trace(fig: go.Figure, name: str) -> go.Scatter:
    matches = [t for t in fig.data if t.name == name]
    assert len(matches) == 1, [t.name for t in fig.data]
    return matches[0]


def as_float(values) -> np.ndarray:
    return np.array([np.nan if v is None else v for v in values], dtype=float)


# --- common to every chart ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("kind", BUILDERS)
def test_title_subtitle_and_source_line(kind: str) -> None:
    fig = BUILDERS[kind]("da", False)
    assert fig.layout.title.text == COMMON["title"]
    assert fig.layout.title.subtitle.text == COMMON["subtitle"]
    assert annotations(fig, "source") == [SOURCE]
    source = next(a for a in fig.layout.annotations if a.name == "source")
    # below the plot area, inside the bottom margin
    assert source.yref == "paper" and source.y == 0 and source.yshift < 0
    assert -source.yshift < fig.layout.margin.b
    assert fig.layout.margin.t >= 80


@pytest.mark.parametrize("kind", [*BUILDERS, "sparkline", "empty trend", "empty sparkline"])
@pytest.mark.parametrize("demo", [False, True])
def test_every_figure_passes_plotly_validation(kind: str, demo: bool) -> None:
    """The chart modules build traces as plain data without plotly's validation (it is slow): rebuilding each figure
    with validation on catches a misspelt property or a bad value."""
    if kind == "sparkline":
        fig = sparkline(trend_frame().query("role == 'own'"))
    elif kind == "empty trend":
        fig = trend_chart(trend_frame().iloc[0:0], unit_label="x", demo=demo, **COMMON)
    elif kind == "empty sparkline":
        fig = sparkline(trend_frame().iloc[0:0])
    else:
        fig = BUILDERS[kind]("da", demo)
    go.Figure(fig.to_dict())  # raises ValueError on an invalid property or value


@pytest.mark.parametrize("kind", BUILDERS)
def test_demo_watermark_only_in_demo_mode(kind: str) -> None:
    assert not any("DEMO" in (text or "") for text in annotations(BUILDERS[kind]("da", False)))
    demo = BUILDERS[kind]("da", True)
    marks = [a for a in demo.layout.annotations if a.name == "demo_watermark"]
    assert marks and all(a.text == "DEMODATA" for a in marks)
    assert all(a.textangle != 0 and a.opacity < 1 and a.font.size >= 28 for a in marks)
    assert annotations(BUILDERS[kind]("en", True), "demo_watermark")[0] == "DEMO DATA"


@pytest.mark.parametrize("kind", BUILDERS)
@pytest.mark.parametrize(("lang", "separators"), [("da", ",."), ("en", ".,")])
def test_number_separators_follow_language(kind: str, lang: str, separators: str) -> None:
    assert BUILDERS[kind](lang, False).layout.separators == separators


@pytest.mark.parametrize("kind", BUILDERS)
def test_white_background_and_font(kind: str) -> None:
    fig = BUILDERS[kind]("da", False)
    assert fig.layout.paper_bgcolor == "white" and fig.layout.plot_bgcolor == "white"
    assert fig.layout.font.family.startswith("system-ui")


def test_sparkline_separators_follow_language() -> None:
    frame = pd.DataFrame({"period": ["2022", "2023"], "value": [1.0, 2.0]})
    assert sparkline(frame).layout.separators == ",."
    assert sparkline(frame, lang="en").layout.separators == ".,"


# --- periods and abbreviations -----------------------------------------------------------------------------------


def test_periods_sort_in_time_order_and_read_well() -> None:
    assert sort_periods(["2024K1", "2023K4", "2023K10", "2023K2"]) == ["2023K2", "2023K4", "2023K10", "2024K1"]
    assert sort_periods(["2010", "2009", "2024"]) == ["2009", "2010", "2024"]
    assert period_label("2024K1", "da") == "2024 K1"
    assert period_label("2024K1", "en") == "2024 Q1"
    assert period_label("2024", "en") == "2024"
    assert period_label("2024M03") == "2024-03"


def test_abbreviations_are_three_letters_and_resolve_collisions() -> None:
    names = [
        "Frederiksberg",
        "Fredensborg",
        "Frederikssund",
        "Fredericia",
        "Frederikshavn",
        "Vejen",
        "Vejle",
        "Ærø",
        "Lyngby-Taarbæk",
    ]
    codes = abbreviations(names)
    assert len(set(codes)) == len(codes)
    assert codes[-2:] == ["ÆRØ", "LYN"]
    assert codes[5:7] == ["VJN", "VJL"]
    assert all(len(code) == 3 and code[0] == name[0].upper() for code, name in zip(codes, names, strict=True))


def test_abbreviations_unique_for_all_98_municipalities() -> None:
    with (ROOT / "data" / "reference" / "areas.csv").open(encoding="utf-8") as handle:
        names = [row["area_name"] for row in csv.DictReader(handle) if row["area_level"] == "kommune"]
    assert len(names) == 98
    codes = abbreviations(names)
    assert len(set(codes)) == 98
    assert all(3 <= len(code) <= 4 for code in codes)


def test_abbreviations_fall_back_to_a_digit_for_identical_names() -> None:
    assert abbreviations(["Holbæk", "Holbæk"]) == ["HOL1", "HOL2"]


# --- 1. trend ----------------------------------------------------------------------------------------------------


def test_trend_draws_one_line_per_area_with_peers_as_one_legend_item() -> None:
    fig = trend_chart(trend_frame(), unit_label="pr. 1.000", **COMMON)
    names = [t.name for t in fig.data]
    assert names == ["Sammenligningskommuner", "Hele landet", "Region Syddanmark", "København", "Odense"]
    peers = fig.data[0]
    assert peers.showlegend is not False
    assert sum(t.name == "Sammenligningskommuner" for t in fig.data) == 1
    # both peers' lines are in the shared trace, separated by a break
    ys = as_float(peers.y)
    assert sorted(ys[np.isfinite(ys)].tolist()) == [4.0, 4.5, 5.0, 5.0, 6.0, 7.0]
    assert np.isnan(ys).sum() == 2 and list(peers.x).count(None) == 2
    assert set(peers.text) == {"Aarhus", "Aalborg"}


def test_trend_colours_and_widths_by_role() -> None:
    fig = trend_chart(trend_frame(), unit_label="pr. 1.000", **COMMON)
    own = fig.data[-1]
    assert own.name == "Odense" and own.line.color == OWN_COLOUR
    assert own.line.width > max(t.line.width for t in fig.data[:-1])
    assert trace(fig, "Region Syddanmark").line.color == REGION_COLOUR
    country = trace(fig, "Hele landet")
    assert country.line.color == COUNTRY_COLOUR and country.line.dash == "dash"
    peers = trace(fig, "Sammenligningskommuner")
    assert peers.line.color == PEER_COLOUR and peers.line.width <= 1
    assert trace(fig, "København").line.color == OTHER_COLOURS[0]


def test_trend_several_selected_get_distinct_palette_colours() -> None:
    frame = pd.DataFrame(
        {
            "area_code": ["1", "2", "3"],
            "area_name": ["A", "B", "C"],
            "role": ["selected"] * 3,
            "period": ["2023"] * 3,
            "value": [1.0, 2.0, 3.0],
        }
    )
    colours = [t.line.color for t in trend_chart(frame, unit_label="u", **COMMON).data]
    assert colours == list(OTHER_COLOURS[:3])


def test_trend_keeps_missing_values_as_gaps_with_note() -> None:
    fig = trend_chart(trend_frame(gap=True), unit_label="pr. 1.000", **COMMON)
    own = trace(fig, "Odense")
    ys = as_float(own.y)
    assert np.isnan(ys[1]) and ys[0] == 10.0 and ys[2] == 12.0
    assert all(t.connectgaps is False for t in fig.data)
    assert annotations(fig, "note") == ["Manglende værdier ('..') vises som huller"]


def test_trend_without_gaps_has_no_gap_note() -> None:
    fig = trend_chart(trend_frame(), unit_label="pr. 1.000", **COMMON)
    assert annotations(fig, "note") == []
    assert not any("huller" in text for text in annotations(fig))


def test_trend_period_absent_for_one_area_becomes_a_gap_not_a_bridge() -> None:
    frame = trend_frame()
    frame = frame[~((frame["area_code"] == "101") & (frame["period"] == "2022"))]
    fig = trend_chart(frame, unit_label="u", lang="en", **COMMON)
    ys = as_float(trace(fig, "København").y)
    assert list(trace(fig, "København").x) == ["2021", "2022", "2023"]
    assert np.isnan(ys[1])
    assert annotations(fig, "note") == ["Missing values ('..') shown as gaps"]


def test_trend_x_axis_is_categorical_in_period_order() -> None:
    frame = pd.DataFrame(
        {
            "area_code": "461",
            "area_name": "Odense",
            "role": "own",
            "period": ["2024K1", "2023K3", "2023K4", "2024K2"],
            "value": [4.0, 1.0, 2.0, 5.0],
        }
    )
    fig = trend_chart(frame, unit_label="u", **COMMON)
    assert fig.layout.xaxis.type == "category"
    assert list(fig.layout.xaxis.categoryarray) == ["2023 K3", "2023 K4", "2024 K1", "2024 K2"]
    assert list(fig.data[0].x) == ["2023 K3", "2023 K4", "2024 K1", "2024 K2"]
    assert as_float(fig.data[0].y).tolist() == [1.0, 2.0, 4.0, 5.0]
    en = trend_chart(frame, unit_label="u", lang="en", **COMMON)
    assert en.layout.xaxis.categoryarray[0] == "2023 Q3"


def test_trend_hover_names_area_and_unit() -> None:
    fig = trend_chart(trend_frame(), unit_label="pr. 1.000", **COMMON)
    own = trace(fig, "Odense")
    assert "Odense" in own.hovertemplate and "pr. 1.000" in own.hovertemplate and "%{y:" in own.hovertemplate
    assert "%{text}" in trace(fig, "Sammenligningskommuner").hovertemplate


def test_trend_with_a_single_area() -> None:
    frame = trend_frame()
    fig = trend_chart(frame[frame["role"] == "own"], unit_label="u", **COMMON)
    assert [t.name for t in fig.data] == ["Odense"]
    assert fig.layout.showlegend is True


@pytest.mark.parametrize(("lang", "text"), [("da", "Ingen data"), ("en", "No data")])
def test_trend_empty_frame_says_no_data(lang: str, text: str) -> None:
    fig = trend_chart(trend_frame().iloc[:0], unit_label="u", lang=lang, **COMMON)
    assert len(fig.data) == 0
    assert annotations(fig, "no_data") == [text]


def test_trend_legend_horizontal_at_the_bottom() -> None:
    fig = trend_chart(trend_frame(), unit_label="u", **COMMON)
    assert fig.layout.legend.orientation == "h"
    assert fig.layout.legend.y < 0 and fig.layout.legend.yanchor == "top"


# --- 2. ranking --------------------------------------------------------------------------------------------------


def ranking(**kwargs) -> go.Figure:
    args = dict(highlight_codes={"101"}, own_code="461", unit_label="pr. 1.000") | kwargs
    return ranking_chart(ranking_frame(), **args, **COMMON)


def test_ranking_sorted_descending_with_missing_last() -> None:
    bars = ranking().data[0]
    assert bars.orientation == "h"
    assert list(bars.y) == ["Odense", "Aarhus", "København", "Rebild", "Aalborg", "Frederiksberg"]
    xs = as_float(bars.x)
    assert xs[:5].tolist() == [9.0, 7.0, 5.0, 3.0, 1.5]
    assert np.isnan(xs[5])  # no bar, not a zero bar
    fig = ranking()
    assert fig.layout.yaxis.autorange == "reversed"  # first category (the highest) at the top
    assert list(fig.layout.yaxis.categoryarray) == list(bars.y)


def test_ranking_colours_own_highlighted_and_rest() -> None:
    bars = ranking().data[0]
    colours = dict(zip(bars.y, bars.marker.color, strict=True))
    assert colours["Odense"] == OWN_COLOUR
    assert colours["København"] == REGION_COLOUR
    assert {colours[name] for name in ("Aarhus", "Rebild", "Aalborg")} == {PEER_COLOUR}
    plain = ranking_chart(ranking_frame(), highlight_codes=set(), own_code=None, unit_label="u", **COMMON).data[0]
    assert set(plain.marker.color) == {PEER_COLOUR}


def test_ranking_ticks_carry_rank_and_missing_marker() -> None:
    fig = ranking()
    ticks = list(fig.layout.yaxis.ticktext)
    assert ticks[0] == "<b>1. Odense</b>"
    assert ticks[1] == "2. Aarhus"
    assert ticks[-1] == "Frederiksberg (..)"
    assert list(fig.data[0].customdata) == ["461", "751", "101", "840", "851", "147"]
    assert fig.data[0].text[0] == "nr. 1 af 5"


def test_ranking_missing_note_only_with_missing_values() -> None:
    assert annotations(ranking(), "note") == ["Ingen værdi ('..') for 1 kommuner: vist nederst uden søjle"]
    complete = ranking_frame().dropna()
    fig = ranking_chart(complete, highlight_codes=set(), own_code=None, unit_label="u", **COMMON)
    assert annotations(fig, "note") == []


def test_ranking_height_scales_with_number_of_bars() -> None:
    many = pd.DataFrame(
        {
            "area_code": [f"{i:03d}" for i in range(98)],
            "area_name": [f"Kommune {i}" for i in range(98)],
            "value": np.arange(98, dtype=float),
        }
    )
    tall = ranking_chart(many, highlight_codes=set(), own_code=None, unit_label="u", **COMMON)
    short = ranking_chart(many.head(30), highlight_codes=set(), own_code=None, unit_label="u", **COMMON)
    assert tall.layout.height - short.layout.height == 68 * 14
    plot_height = tall.layout.height - tall.layout.margin.t - tall.layout.margin.b
    assert plot_height >= 98 * 14


# --- 3. sparkline ------------------------------------------------------------------------------------------------


def test_sparkline_is_bare_and_marks_the_last_point() -> None:
    frame = pd.DataFrame({"period": ["2023", "2021", "2022", "2024"], "value": [3.0, 1.0, 2.0, np.nan]})
    fig = sparkline(frame)
    layout = fig.layout
    assert layout.height == 60
    assert (layout.margin.l, layout.margin.r, layout.margin.t, layout.margin.b) == (0, 0, 0, 0)
    assert layout.xaxis.visible is False and layout.yaxis.visible is False
    assert layout.showlegend is False
    assert layout.paper_bgcolor == "rgba(0,0,0,0)" and layout.plot_bgcolor == "rgba(0,0,0,0)"
    line, last = fig.data
    assert as_float(line.y)[:3].tolist() == [1.0, 2.0, 3.0] and np.isnan(as_float(line.y)[3])
    assert list(last.x) == ["2023"] and list(last.y) == [3.0]  # the last point with a value
    assert last.mode == "markers"


def test_sparkline_empty_frame() -> None:
    fig = sparkline(pd.DataFrame({"period": [], "value": []}))
    assert len(fig.data) == 0 and fig.layout.height == 60


# --- 4. tile map -------------------------------------------------------------------------------------------------


def heatmap(fig: go.Figure, name: str) -> go.Heatmap:
    return next(t for t in fig.data if t.type == "heatmap" and t.name == name)


def test_tile_map_grid_positions_match_row_and_col() -> None:
    fig = tile_map(tile_frame(), unit_label="pr. 1.000", **COMMON)
    z = np.array(heatmap(fig, "values").z, dtype=float)
    assert z.shape == (3, 4)
    assert z[1, 1] == 9.0 and z[1, 2] == 7.0 and z[0, 2] == 1.5 and z[2, 3] == 5.0
    assert np.isnan(z[2, 2])  # Frederiksberg has no value: no colour, not 0
    assert np.isnan(z[0, 0])  # no municipality there


def test_tile_map_customdata_carries_area_codes() -> None:
    fig = tile_map(tile_frame(), unit_label="u", **COMMON)
    custom = heatmap(fig, "values").customdata
    assert custom[1][1] == "461" and custom[0][2] == "851" and custom[2][3] == "101"
    assert custom[0][0] is None
    assert heatmap(fig, "missing").customdata[2][2] == "147"  # a grey tile can be clicked too


def test_tile_map_missing_values_grey_with_note() -> None:
    fig = tile_map(tile_frame(), unit_label="u", **COMMON)
    grey = np.array(heatmap(fig, "missing").z, dtype=float)
    assert grey[2, 2] == 0.0 and np.isnan(grey).sum() == grey.size - 1
    assert heatmap(fig, "missing").showscale is False
    assert "Grå: ingen værdi ('..')" in annotations(fig, "note")
    complete = tile_map(tile_frame(with_missing=False), unit_label="u", **COMMON)
    assert [t.name for t in complete.data if t.type == "heatmap"] == ["values"]
    assert "Grå: ingen værdi ('..')" not in annotations(complete, "note")


def test_tile_map_labels_and_hover() -> None:
    fig = tile_map(tile_frame(), unit_label="pr. 1.000", **COMMON)
    labels = next(t for t in fig.data if t.type == "scatter")
    assert labels.mode == "text" and labels.hoverinfo == "skip"
    assert list(labels.text) == ["KØB", "FRE", "ODE", "AAR", "AAL"]
    assert list(labels.x) == [3, 2, 1, 2, 2] and list(labels.y) == [2, 2, 1, 1, 0]
    values = heatmap(fig, "values")
    assert "%{text}" in values.hovertemplate and "pr. 1.000" in values.hovertemplate
    assert values.text[1][1] == "Odense"
    assert values.hoverongaps is False


def test_tile_map_outlines_own_municipality() -> None:
    fig = tile_map(tile_frame(), unit_label="u", outlined_codes=["461"], **COMMON)
    (outline,) = fig.layout.shapes
    assert outline.x0 < 1 < outline.x1 and outline.y0 < 1 < outline.y1
    assert outline.line.color == "#000000" and outline.line.width >= 3
    assert "Sort ramme: Odense" in annotations(fig, "note")
    assert len(tile_map(tile_frame(), unit_label="u", **COMMON).layout.shapes) == 0


def test_tile_map_square_cells_no_axes_row_zero_on_top() -> None:
    fig = tile_map(tile_frame(), unit_label="u", **COMMON)
    assert fig.layout.yaxis.scaleanchor == "x" and fig.layout.yaxis.scaleratio == 1
    assert fig.layout.xaxis.visible is False and fig.layout.yaxis.visible is False
    low, high = fig.layout.yaxis.range
    assert low > high  # reversed: row 0 at the top
    assert heatmap(fig, "values").xgap > 0
    assert heatmap(fig, "values").colorscale is not None


def test_tile_map_empty_frame() -> None:
    fig = tile_map(tile_frame().iloc[:0], unit_label="u", **COMMON)
    assert annotations(fig, "no_data") == ["Ingen data"]


# --- 5. choropleth -----------------------------------------------------------------------------------------------


def choropleth(**kwargs) -> go.Figure:
    return choropleth_map(ranking_frame(), GEOJSON, unit_label="pr. 1.000", **COMMON, **kwargs)


def test_choropleth_uses_feature_ids_and_locations() -> None:
    fig = choropleth()
    values = trace(fig, "values")
    assert values.type == "choropleth"
    assert values.featureidkey == "properties.area_code"
    assert list(values.locations) == ["101", "461", "751", "851", "840"]
    assert list(values.customdata) == list(values.locations)
    assert as_float(values.z).tolist() == [5.0, 9.0, 7.0, 1.5, 3.0]
    raw = maps.choropleth_map(ranking_frame(), GEOJSON, unit_label="pr. 1.000", **COMMON)
    assert next(t for t in raw["data"] if t.get("name") == "values")["geojson"] is GEOJSON  # not copied
    assert fig.layout.geo.visible is False and fig.layout.geo.fitbounds == "locations"


def test_choropleth_missing_values_grey_not_zero() -> None:
    fig = choropleth()
    assert "147" not in list(trace(fig, "values").locations)
    missing = trace(fig, "missing")
    assert list(missing.locations) == ["147"] and missing.showscale is False
    assert {c for _, c in missing.colorscale} == {MISSING_COLOUR}
    assert [f["properties"]["area_code"] for f in missing.geojson["features"]] == ["147"]
    assert "Grå: ingen værdi ('..')" in annotations(fig, "note")


def test_choropleth_outlines_own_municipality() -> None:
    fig = choropleth(outlined_codes=["461"])
    outline = trace(fig, "own_outline")
    assert list(outline.locations) == ["461"] and list(outline.customdata) == ["461"]
    assert outline.marker.line.color == "#000000" and outline.marker.line.width >= 2
    assert fig.data[-1].name == "own_outline"  # drawn on top
    assert "own_outline" not in [t.name for t in choropleth().data]


def test_choropleth_figure_serialises_with_geojson() -> None:
    payload = choropleth(outlined_codes=["461"]).to_plotly_json()
    assert all(t["geojson"]["type"] == "FeatureCollection" for t in payload["data"])


# --- 6. index ----------------------------------------------------------------------------------------------------


def test_index_chart_has_dotted_reference_line_at_100() -> None:
    fig = index_chart(index_frame(), **COMMON)
    refs = [s for s in fig.layout.shapes if s.name == "reference_100"]
    assert len(refs) == 1
    ref = refs[0]
    assert ref.y0 == ref.y1 == 100 and ref.yref == "y" and ref.xref == "paper"
    assert ref.line.dash == "dot"


def test_index_chart_two_lines_spending_vermillion_recipients_blue() -> None:
    fig = index_chart(index_frame(), **COMMON)
    assert [t.name for t in fig.data] == ["Udgifter", "Modtagere"]
    assert fig.data[0].line.color == OWN_COLOUR and fig.data[1].line.color == REGION_COLOUR
    assert as_float(fig.data[1].y).tolist() == [100.0, 108.0, 115.0]
    ends = [a for a in fig.layout.annotations if a.name == "end_label"]
    assert [a.text for a in ends] == ["<b>102</b>", "<b>115</b>"]
    assert all(a.x == 2 for a in ends)  # category position of the last period


def test_index_chart_gaps() -> None:
    fig = index_chart(index_frame(gap=True), **COMMON)
    assert np.isnan(as_float(fig.data[0].y)[1]) and fig.data[0].connectgaps is False
    assert annotations(fig, "note") == ["Manglende værdier ('..') vises som huller"]
    assert annotations(index_chart(index_frame(), **COMMON), "note") == []


# --- all at full size --------------------------------------------------------------------------------------------


def test_all_figures_at_full_size() -> None:
    """98 municipalities x 15 periods: everything builds and has the expected shape."""
    codes = [f"{100 + i}" for i in range(98)]
    names = [f"Kommune {i:02d}" for i in range(98)]
    periods = [str(year) for year in range(2010, 2025)]
    rng = np.random.default_rng(7)
    trend = pd.DataFrame(
        {
            "area_code": np.repeat(codes, 15),
            "area_name": np.repeat(names, 15),
            "role": np.repeat(["own"] + ["peer"] * 97, 15),
            "period": np.tile(periods, 98),
            "value": rng.normal(50, 5, 98 * 15),
        }
    )
    trend.loc[5, "value"] = np.nan
    fig = trend_chart(trend, unit_label="u", **COMMON)
    assert [t.name for t in fig.data] == ["Sammenligningskommuner", "Kommune 00"]
    assert len(fig.data[0].y) == 97 * 16

    latest = trend[trend["period"] == "2024"][["area_code", "area_name", "value"]]
    assert (
        len(
            ranking_chart(latest, highlight_codes=set(codes[:5]), own_code=codes[0], unit_label="u", **COMMON).data[0].y
        )
        == 98
    )
    grid = latest.assign(row=np.arange(98) // 10, col=np.arange(98) % 10)
    tiles = tile_map(grid, unit_label="u", outlined_codes=codes[:1], **COMMON)
    assert np.array(heatmap(tiles, "values").z).shape == (10, 10)
    geo = {
        "type": "FeatureCollection",
        "features": [square(c, 8 + (i % 10) * 0.3, 57 - (i // 10) * 0.2) for i, c in enumerate(codes)],
    }
    assert len(choropleth_map(latest, geo, unit_label="u", outlined_codes=codes[:1], **COMMON).data) == 2
    assert len(sparkline(trend[trend["area_code"] == codes[0]][["period", "value"]]).data) == 2
    index = pd.DataFrame(
        {
            "series": np.repeat(["Udgifter", "Modtagere"], 15),
            "period": np.tile(periods, 2),
            "index": rng.normal(100, 5, 30),
        }
    )
    assert len(index_chart(index, **COMMON).data) == 2


def test_peer_band_replaces_peer_lines_with_lowest_to_highest() -> None:
    rows = []
    for code, values in (("101", [5.0, 6.0]), ("147", [2.0, float("nan")]), ("151", [8.0, 4.0]), ("000", [4.0, 4.5])):
        role = {"101": "own", "000": "country"}.get(code, "peer")
        rows += [
            {"area_code": code, "area_name": code, "role": role, "period": p, "value": v}
            for p, v in zip(("2023", "2024"), values, strict=True)
        ]
    fig = trend_chart(pd.DataFrame(rows), title="T", subtitle="S", source_line="K", unit_label="u", peer_band=True)
    band = [tr for tr in fig.data if tr.meta == "peer"]
    assert len(band) == 2 and band[1].fill == "tonexty"
    assert list(band[0].y) == [2.0, 4.0] and list(band[1].y) == [8.0, 4.0]  # NaN peers are left out
    assert not any(tr.name in ("147", "151") for tr in fig.data)


def test_resize_makes_room_for_a_wrapped_legend_and_keeps_the_source_below_it() -> None:
    import json

    rows = [
        {"area_code": c, "area_name": n, "role": r, "period": str(y), "value": float(y - 2000 + i)}
        for i, (c, n, r) in enumerate(
            (
                ("101", "København", "own"),
                ("084", "Region Hovedstaden", "region"),
                ("000", "Hele landet", "country"),
                ("147", "Frederiksberg", "selected"),
            )
        )
        for y in range(2011, 2025)
    ]
    fig = json.loads(
        trend_chart(pd.DataFrame(rows), title="T", subtitle="S", source_line="Kilde: X", unit_label="u").to_json()
    )
    square = resize(fig, 540, 540)
    source = next(a for a in square["layout"]["annotations"] if a.get("name") == "source")
    before = next(a for a in fig["layout"]["annotations"] if a.get("name") == "source")
    extra = square["layout"]["margin"]["b"] - fig["layout"]["margin"]["b"]
    assert extra > 0 and source["yshift"] == before["yshift"] - extra
    assert square["layout"]["width"] == 540 and square["layout"]["xaxis"]["tickangle"] == 0
    # every one of the 14 years keeps its label (issue 11: the square PNG dropped years), in a smaller font
    assert "tickvals" not in square["layout"]["xaxis"] and square["layout"]["xaxis"]["tickfont"]["size"] < 12


def year_rows(first: int, last: int) -> pd.DataFrame:
    return pd.DataFrame(
        [
            {"area_code": c, "area_name": n, "role": r, "period": str(y), "value": float(y - 2000 + i)}
            for i, (c, n, r) in enumerate((("101", "København", "own"), ("000", "Hele landet", "country")))
            for y in range(first, last + 1)
        ]
    )


@pytest.mark.parametrize(("first", "width"), [(2011, 540), (2011, 960), (2009, 960), (2009, 540)])
def test_resized_time_axis_labels_every_year_upright_or_turned(first: int, width: int) -> None:
    """Upright where the labels fit between their neighbours (estimated from DejaVu's digit width, 0.636 em),
    else turned 45° with the plot's bottom edge, the legend and the source line moved up to make room."""
    import json

    fig = json.loads(trend_chart(year_rows(first, 2024), demo=True, unit_label="u", **COMMON).to_json())
    out = resize(fig, width, 540)
    axis, margin = out["layout"]["xaxis"], out["layout"]["margin"]
    years = [str(y) for y in range(first, 2025)]
    spacing = (width - margin["l"] - margin["r"]) / len(years)
    assert "tickvals" not in axis  # every year labelled
    upright = resize(json.loads(trend_chart(year_rows(2020, 2024), unit_label="u", **COMMON).to_json()), width, 540)
    if axis["tickangle"] == 0:
        assert 4 * 0.636 * axis["tickfont"]["size"] < spacing
        assert margin["b"] == upright["layout"]["margin"]["b"]
    else:
        assert axis["tickangle"] == -45 and spacing < 4 * 0.636 * 10 + 4  # not even 10 px upright would fit
        assert margin["b"] > upright["layout"]["margin"]["b"]
        source = next(a for a in out["layout"]["annotations"] if a.get("name") == "source")
        assert source["yshift"] == -margin["b"] + 6  # the source line moved down with the bottom edge
        plot = 540 - margin["t"] - margin["b"]
        assert -out["layout"]["legend"]["y"] * plot > -upright["layout"]["legend"]["y"] * (
            540 - upright["layout"]["margin"]["t"] - upright["layout"]["margin"]["b"]
        )  # the legend further below the plot, under the turned labels
    marks = [a for a in out["layout"]["annotations"] if a.get("name") == "demo_watermark"]
    assert len(marks) == 1 and marks[0]["text"] == "DEMODATA"  # one mark on a plot of some 400 px


def test_time_ticks_too_dense_even_turned_are_thinned() -> None:
    from dashboard.charts.theme import fit_time_ticks

    categories = [str(y) for y in range(1900, 2000)]
    axis, room = fit_time_ticks({"type": "category", "categoryarray": categories}, 400)
    assert axis["tickangle"] == -45 and room > 0
    assert axis["tickvals"][0] == "1900" and 1 < len(axis["tickvals"]) < 100
    assert fit_time_ticks({"type": "linear"}, 400) == ({"type": "linear"}, 0)  # only a time axis is touched


def test_resize_of_a_tall_chart_redraws_its_demo_marks_for_the_new_height() -> None:
    import json

    frame = pd.DataFrame(
        {"area_code": [f"{i:03d}" for i in range(100, 198)], "area_name": [f"K{i}" for i in range(98)]}
    ).assign(value=np.arange(98, dtype=float))
    fig = json.loads(
        ranking_chart(frame, highlight_codes=set(), own_code=None, unit_label="u", demo=True, **COMMON).to_json()
    )
    assert len([a for a in fig["layout"]["annotations"] if a.get("name") == "demo_watermark"]) > 1
    marks = [a for a in resize(fig, 960, 540)["layout"]["annotations"] if a.get("name") == "demo_watermark"]
    assert len(marks) == 1 and marks[0]["y"] == 0.5


def test_wide_matrix_is_pandas_pivot_in_time_order_first_value_winning() -> None:
    frame = trend_frame(gap=True)
    meta, periods, matrix = wide_matrix(frame)
    expected = frame.pivot(index="area_code", columns="period", values="value").reindex(
        index=frame["area_code"].drop_duplicates(), columns=periods
    )
    assert periods == ["2021", "2022", "2023"] and list(meta.index) == list(expected.index)
    np.testing.assert_array_equal(matrix, expected.to_numpy(dtype=float))
    assert meta.loc["461", "role"] == "own" and meta.loc["461", "area_name"] == "Odense"
    doubled = pd.concat([frame.assign(value=-1.0), frame])  # a repeated area and period: the first given counts
    assert (wide_matrix(doubled)[2][~np.isnan(matrix)] == -1.0).all()
    quarters = pd.DataFrame(
        {
            "area_code": "101",
            "area_name": "København",
            "role": "own",
            "period": ["2024K2", "2023K4", "2024K1"],
            "value": [2.0, 0.0, 1.0],
        }
    )
    assert wide_matrix(quarters)[1] == ["2023K4", "2024K1", "2024K2"]


def test_chart_table_has_a_row_per_period_and_a_column_per_area() -> None:
    """Newest period first; the own municipality, the region and the country first, then the others by name."""
    from dashboard.charts.views import area_table

    frame = trend_frame()
    table = area_table(frame, "da", decimals=1)
    first = ["Odense", "Region Syddanmark", "Hele landet"]
    others = sorted(set(frame["area_name"]) - set(first))
    expected = (
        frame.pivot(index="period", columns="area_name", values="value")
        .sort_index(ascending=False)[first + others]
        .rename_axis(index="Periode", columns=None)
        .reset_index()
    )
    pd.testing.assert_frame_equal(table, expected)
    assert table.attrs["decimals"] == 1


def test_slide_ranking_keeps_the_ends_and_the_chosen_and_leaves_out_the_rest() -> None:
    """60 municipalities, three without a value (one of them chosen): the top and bottom 15 of those with a value,
    the chosen wherever they rank, '…' where bars are left out, and notes saying what is shown and left out."""
    import json

    from dashboard.charts.ranking import slide_ranking

    values = np.arange(60, 0, -1, dtype=float)
    values[[5, 40, 59]] = np.nan
    frame = pd.DataFrame(
        {"area_code": [f"{100 + i}" for i in range(60)], "area_name": [f"K{i:02d}" for i in range(60)], "value": values}
    )
    fig = json.loads(
        ranking_chart(
            frame, highlight_codes={"130", "140"}, own_code="125", unit_label="u", demo=True, **COMMON
        ).to_json()
    )
    slide = slide_ranking(fig)
    bars = slide["data"][0]
    ranked = frame.dropna().sort_values("value", ascending=False)["area_name"].tolist()
    shown = [name for name in bars["y"] if not name.startswith("…")]
    assert shown == [*ranked[:15], "K25", "K30", *ranked[-15:], "K40"]  # K40: chosen, no value, listed last
    # "…" after the top 15, around the own and the chosen one, and around K40 (K05 and K59 have no value either)
    assert [i for i, name in enumerate(bars["y"]) if name.startswith("…")] == [15, 17, 19, 35, 37]
    assert len(bars["y"]) == len(shown) + 5 and bars["x"][15] is None
    ticks = dict(zip(slide["layout"]["yaxis"]["tickvals"], slide["layout"]["yaxis"]["ticktext"], strict=True))
    assert ticks[bars["y"][15]] == "…" and ticks["K25"] == "<b>25. K25</b>" and ticks["K40"] == "K40 (..)"
    colours = dict(zip(bars["y"], bars["marker"]["color"], strict=True))
    assert colours["K25"] == OWN_COLOUR and colours["K30"] == REGION_COLOUR and colours["K00"] == PEER_COLOUR
    assert slide["layout"]["meta"]["fit"]["notes"] == [
        "De 15 højeste og de 15 laveste af 57 kommuner og de valgte; … står for de udeladte",
        "Ingen værdi ('..') for 2 kommuner: udeladt",
    ]
    notes = [a["text"] for a in resize(slide, 960, 540)["layout"]["annotations"] if a.get("name") == "note"]
    assert notes == slide["layout"]["meta"]["fit"]["notes"]
    assert "source" in [a.get("name") for a in slide["layout"]["annotations"]]
    few = json.loads(
        ranking_chart(frame.head(30), highlight_codes=set(), own_code=None, unit_label="u", **COMMON).to_json()
    )
    assert slide_ranking(few) is few  # 29 with a value (a region's municipalities): all of them, as drawn
    trend = json.loads(trend_chart(trend_frame(), unit_label="u", **COMMON).to_json())
    assert slide_ranking(trend) is trend  # not a ranking: as it is
