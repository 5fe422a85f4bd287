"""The quick paths a cold render takes give what the plain ones gave: a profile chart from the indicator's matrix is
the chart of its long frame, a figure's JSON is what plotly's go.Figure.to_json() writes, a table's records are
pandas' to_dict("records"), the budget view's numpy series are its pandas formulas."""

from __future__ import annotations

import json
import math

import numpy as np
import pandas as pd
import plotly.graph_objects as go
import pytest
from dash import Dash
from test_figures import COMMON, GEOJSON, index_frame, ranking_frame, tile_frame, trend_frame

from dashboard.charts import views as charts
from dashboard.charts.index import index_chart
from dashboard.charts.maps import choropleth_map, tile_map
from dashboard.charts.ranking import ranking_chart
from dashboard.charts.sparkline import sparkline
from dashboard.charts.theme import figure_data
from dashboard.charts.trend import trend_chart
from dashboard.core.area_names import COUNTRY_CODE, named_areas
from dashboard.core.measures import figure_decimals, measure_label
from dashboard.core.peers import peer_codes
from dashboard.core.periods import period_range
from dashboard.core.state import ViewState
from dashboard.ui.components import table_records
from dashboard.warehouse import budget, matrices
from dashboard.warehouse import selectors as ctx

VIEWS = [
    ("101", ViewState()),
    ("825", ViewState(measure="index", peers="size")),
    ("751", ViewState(lang="en", measure="count", peers="group")),
    ("147", ViewState(peers="custom", areas=("101", "751"))),
    ("360", ViewState(measure="share", base=2018)),
]


def plotly_json(figure: dict) -> dict:
    """What the page sent when charts were go.Figures: go.Figure(…, _validate=False).to_json()."""
    return json.loads(go.Figure(data=figure["data"], layout=figure["layout"], _validate=False).to_json())


PLAIN_BUILDERS = {  # the charts as the pages get them: plain figures, not validated
    "trend": lambda lang, demo: trend_chart(trend_frame(gap=True), unit_label="u", lang=lang, demo=demo, **COMMON),
    "ranking": lambda lang, demo: ranking_chart(
        ranking_frame(), highlight_codes={"101"}, own_code="461", unit_label="u", lang=lang, demo=demo, **COMMON
    ),
    "tile": lambda lang, demo: tile_map(tile_frame(), unit_label="u", lang=lang, demo=demo, **COMMON),
    "choropleth": lambda lang, demo: choropleth_map(
        ranking_frame(), GEOJSON, unit_label="u", lang=lang, demo=demo, outlined_codes=["461"], **COMMON
    ),
    "index": lambda lang, demo: index_chart(index_frame(gap=True), lang=lang, demo=demo, **COMMON),
    "sparkline": lambda lang, demo: sparkline(trend_frame()[["period", "value"]].drop_duplicates("period"), lang=lang),
    "empty": lambda lang, demo: trend_chart(trend_frame().iloc[:0], unit_label="u", lang=lang, demo=demo, **COMMON),
}


@pytest.mark.parametrize("kind", PLAIN_BUILDERS)
def test_figure_data_is_what_plotly_writes_for_every_chart_kind(kind: str) -> None:
    for lang, demo in (("da", False), ("en", True)):
        raw = PLAIN_BUILDERS[kind](lang, demo)
        assert json.dumps(figure_data(raw)) == json.dumps(plotly_json(raw))  # the same keys in the same order


def frame_chart(warehouse: ctx.Warehouse, indicator_id: str, own: pd.Series, state: ViewState, peers: list[str]):
    """The profile chart as it was drawn before matrices: the long frame filtered, named and handed to trend_chart."""
    lang = state.lang
    chart = charts.municipality_trend(warehouse, indicator_id, own, state, peers)
    if chart is None:
        return None, None
    shape = ctx.indicator_shape(warehouse, indicator_id)
    shown = ctx.indicator_values(warehouse, indicator_id, chart.measure, chart.base_year)
    info = ctx.indicator_info(warehouse, indicator_id, lang)
    roles = {own["area_code"]: "own", own["region_code"]: "region", COUNTRY_CODE: "country"}
    roles |= {p: "peer" for p in (peers if shape.has_municipal else [])}
    series = shown[shown["area_code"].isin(roles)].assign(role=lambda f: f["area_code"].map(roles))
    series = named_areas(series[["area_code", "area_name", "role", "period", "shown"]], lang)
    series = series.rename(columns={"shown": "value"})
    unit = measure_label(chart.measure, info, lang, chart.base_year)
    figure = trend_chart(
        series,
        title=chart.title,
        subtitle=f"{unit} · {period_range(shape.periods[0], chart.latest, lang)}",
        source_line=ctx.source_line(warehouse, indicator_id, lang),
        unit_label=unit,
        lang=lang,
        demo=ctx.is_demo(warehouse),
        peer_band=True,
        decimals=figure_decimals(chart.measure, info),
        breaks=charts.indicator_breaks(warehouse, [indicator_id], lang),
    )
    in_table = series[series["role"] != "peer"] if state.peer_group != "custom" else series
    decimals = charts.shown_decimals(series["value"], figure_decimals(chart.measure, info))
    return chart, (figure, charts.area_table(in_table, lang, decimals))


@pytest.mark.parametrize(("code", "state"), VIEWS)
def test_a_profile_chart_from_the_matrix_is_the_chart_of_the_long_frame(app: Dash, code: str, state: ViewState) -> None:
    with app.server.test_request_context("/"):
        warehouse = ctx.current_warehouse()
        own = ctx.one_row(ctx.municipalities(warehouse).set_index("area_code", drop=False), code)
        peers = peer_codes(
            code, state.peer_group, ctx.areas(warehouse), ctx.latest_population(warehouse), list(state.areas)
        )
        compared = 0
        for indicator_id in ctx.catalogue(warehouse).index:
            chart, expected = frame_chart(warehouse, indicator_id, own, state, peers)
            if chart is None:
                continue
            figure, table = expected
            assert figure_data(chart.figure) == figure_data(figure), indicator_id
            pd.testing.assert_frame_equal(chart.table, table)
            assert chart.table.attrs == table.attrs
            compared += 1
        assert compared > 15


@pytest.mark.parametrize(
    "roles",
    [
        {"101": "selected", "751": "selected", COUNTRY_CODE: "country"},  # the compare page
        {"084": "region", COUNTRY_CODE: "country", "851": "own", "813": "peer", "860": "peer"},  # a region's one
        {"999": "selected"},  # no such area: the empty chart and table
    ],
    ids=["compare", "region", "nothing"],
)
def test_a_trend_of_chosen_areas_from_the_matrix_is_the_chart_of_the_long_frame(app: Dash, roles: dict) -> None:
    with app.server.test_request_context("/"):
        warehouse = ctx.current_warehouse()
        for indicator_id, measure, lang in (
            ("children_placed", "per_capita", "da"),
            ("adults_sel108", "index", "en"),
            ("spending_placements", "count", "da"),
        ):
            frame = dict(title="t", subtitle="s", source_line="src", unit_label="u", lang=lang, decimals=None)
            shown = ctx.indicator_values(warehouse, indicator_id, measure, 2019)
            series = shown[shown["area_code"].isin(roles)].assign(role=lambda f: f["area_code"].map(roles))
            series = named_areas(series[["area_code", "area_name", "role", "period", "shown"]], lang)
            series = series.rename(columns={"shown": "value"})
            figure, table = charts.areas_trend(warehouse, indicator_id, measure, 2019, roles, **frame)
            assert figure_data(figure) == figure_data(trend_chart(series, **frame)), indicator_id
            expected = charts.area_table(series, lang, charts.shown_decimals(series["value"], None))
            pd.testing.assert_frame_equal(table, expected)
            assert table.attrs == expected.attrs


def test_a_matrix_keeps_the_first_of_a_repeated_row_and_knows_null_rows_from_absent_ones() -> None:
    frame = pd.DataFrame(
        {
            "area_code": ["101", "101", "101", "147"],
            "area_name": ["København", "København", "København", "Frederiksberg"],
            "period": ["2021", "2020", "2021", "2020"],
            "shown": [1.0, None, 9.0, 2.0],
        }
    )
    matrix = matrices.from_frame(frame, "shown")
    assert matrix.area_codes == ("101", "147") and matrix.periods == ("2020", "2021")
    assert matrix.values[0, 1] == 1.0 and math.isnan(matrix.values[0, 0])  # first given; NULL stays missing
    assert matrix.present.tolist() == [[True, True], [True, False]]
    assert matrix.rows_of(["147", "999", "101"]) == [0, 1]


def test_table_records_are_pandas_records() -> None:
    table = charts.period_table(
        ["2020", "2021K1"], {"Aarhus": np.array([1.25, np.nan]), "Landet": np.array([3.0, 4.5])}, "da", 1
    )
    ranked = charts.ranking_table(
        pd.DataFrame({"area_code": ["101", "147"], "area_name": ["A", "B"], "value": [2.0, np.nan]}), "pct.", "da", 1
    )
    for frame in (table, ranked):
        fast, slow = table_records(frame), frame.to_dict("records")
        assert json.dumps(fast, default=str) == json.dumps(slow, default=str)


def test_the_budget_views_series_are_its_formulas() -> None:
    years = ["2019", "2020", "2021", "2022"]
    spending = pd.Series([100.0, 110.0, 0.0, 130.0], index=years)
    recipients = pd.Series([10.0, 12.0, 11.0, 0.0], index=years)
    prices = pd.Series([100.0, np.nan, 104.0, 108.0], index=years)
    view = budget.BudgetView("2020", years, spending, recipients, prices, "PRIS01")
    fixed = spending / (prices / prices["2022"])
    with np.errstate(all="ignore"):
        expected = {
            "spending": spending,
            "spending_fixed": fixed,
            "recipients": recipients,
            "per_recipient": 1000 * spending / recipients,
            "per_recipient_fixed": 1000 * fixed / recipients,
        }
    for key, series in expected.items():
        pd.testing.assert_series_equal(view.values(key), series, check_names=False)
        index = 100.0 * series / series["2020"]
        pd.testing.assert_series_equal(view.index(key), index, check_names=False)
    assert view.change_pct("spending") == pytest.approx(100.0 * (130.0 / 110.0 - 1.0))
