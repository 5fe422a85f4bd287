"""Series breaks on the charts and on Om data (issue 11, part 6): the query, the selector (also on a warehouse built
before breaks were declared), the dashed line and its label only where a chart's figures cross a break (trend and
index charts, the pages that draw them), and Om data listing every break with what it affects."""

from __future__ import annotations

import json
from pathlib import Path

import duckdb
import pandas as pd
import plotly.graph_objects as go
import pytest
from plotly.utils import PlotlyJSONEncoder
from plotly_schema import validating

from dashboard.app import cached_layout, create_app
from dashboard.charts import index as index_charts
from dashboard.charts import trend
from dashboard.charts.breaks import NAME, SeriesBreak, crossing, from_frame, marks, merged
from dashboard.charts.theme import resize
from dashboard.pages import about, profile, region
from dashboard.warehouse import selectors as ctx
from dashboard.warehouse.queries import Warehouse

# every figure a test looks at is checked against plotly's schema first
index_chart = validating(index_charts.index_chart)
trend_chart = validating(trend.trend_chart)

COMMON = dict(title="Anbragte børn", subtitle="pr. 1.000 0–17-årige", source_line="Kilde: Danmarks Statistik")
BARNETS_LOV = SeriesBreak("2024", "Barnets Lov", "Barnets Lov trådte i kraft 1. januar 2024.")
STARTS = SeriesBreak("2011", "Serien starter", "Anbringelsesstatistikken begynder i 2011.")


def trend(years: range, breaks: tuple[SeriesBreak, ...] = (BARNETS_LOV,)) -> go.Figure:
    frame = pd.DataFrame(
        [("791", "Viborg", "own", str(year), float(year - 2000)) for year in years],
        columns=["area_code", "area_name", "role", "period", "value"],
    )
    return trend_chart(frame, unit_label="pr. 1.000", breaks=breaks, **COMMON)


def drawn(figure: go.Figure | dict) -> tuple[list[float], list[str]]:
    """The break lines' x positions and the break labels' texts."""
    layout = figure["layout"] if isinstance(figure, dict) else figure.to_dict()["layout"]
    lines = [shape["x0"] for shape in layout.get("shapes", []) if shape.get("name") == NAME]
    labels = [a["text"] for a in layout.get("annotations", []) if a.get("name") == NAME]
    return lines, labels


# --- the chart pieces ----------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("years", "expected"),
    [
        (range(2015, 2025), ([8.5], ["Barnets Lov"])),  # 2015 … 2023 | 2024: half way between them
        (range(2015, 2024), ([], [])),  # ends before the break
        (range(2024, 2026), ([], [])),  # starts at it: nothing before to compare with
        (range(2023, 2025), ([0.5], ["Barnets Lov"])),
    ],
)
def test_a_trend_chart_draws_a_break_only_where_its_figures_cross_it(years: range, expected: tuple) -> None:
    assert drawn(trend(years)) == expected


def test_the_line_is_thin_dashed_and_full_height_and_the_label_sits_at_the_top_on_the_roomier_side() -> None:
    late = trend(range(2015, 2025)).to_dict()["layout"]
    line = next(shape for shape in late["shapes"] if shape["name"] == NAME)
    assert line["type"] == "line" and line["xref"] == "x" and line["x0"] == line["x1"]
    assert (line["yref"], line["y0"], line["y1"]) == ("paper", 0, 1)
    assert line["line"]["dash"] == "dash" and line["line"]["width"] <= 1
    label = next(a for a in late["annotations"] if a["name"] == NAME)
    assert (label["yref"], label["y"], label["yanchor"], label["xanchor"]) == ("paper", 1, "top", "right")
    assert "1. januar 2024" in label["hovertext"]
    early = trend(range(2023, 2035)).to_dict()["layout"]
    assert next(a for a in early["annotations"] if a["name"] == NAME)["xanchor"] == "left"  # the room is right


def test_a_series_that_begins_at_its_break_is_marked_only_where_another_series_reaches_further_back() -> None:
    assert drawn(trend(range(2011, 2025), (STARTS, BARNETS_LOV))) == ([12.5], ["Barnets Lov"])
    # the index chart: spending from 2009, placements (which begin in 2011) from 2011
    rows = [("Udgifter", str(y), 100.0 + y - 2009) for y in range(2009, 2025)]
    rows += [("Modtagere", str(y), 100.0 + y - 2011) for y in range(2011, 2025)]
    frame = pd.DataFrame(rows, columns=["series", "period", "index"])
    both = index_chart(frame, breaks={"Modtagere": (STARTS, BARNETS_LOV), "Udgifter": (BARNETS_LOV,)}, **COMMON)
    assert drawn(both) == ([1.5, 14.5], ["Serien starter", "Barnets Lov"])  # Barnets Lov once, for both series
    labels = [a for a in both.layout.annotations if a.name == NAME]
    assert [a.yshift for a in labels] == [0, -17]  # the second label a row lower: the two never meet
    alone = index_chart(frame[frame["series"] == "Modtagere"], breaks={"Modtagere": (STARTS,)}, **COMMON)
    assert drawn(alone) == ([], [])


def test_an_index_series_without_figures_after_a_break_does_not_draw_it() -> None:
    rows = [("Udgifter", str(y), 100.0) for y in range(2019, 2025)]
    rows += [("Modtagere", str(y), 100.0 if y < 2024 else None) for y in range(2019, 2025)]
    frame = pd.DataFrame(rows, columns=["series", "period", "index"])
    assert drawn(index_chart(frame, breaks={"Modtagere": (BARNETS_LOV,)}, **COMMON)) == ([], [])
    assert drawn(index_chart(frame, breaks={"Udgifter": (BARNETS_LOV,)}, **COMMON)) == ([4.5], ["Barnets Lov"])


def test_breaks_of_one_kind_merge_and_quarters_break_before_their_year() -> None:
    other = SeriesBreak("2024", "Barnets Lov", "Udgifterne fra 2024 …")
    assert merged([BARNETS_LOV, BARNETS_LOV, other]) == (
        SeriesBreak("2024", "Barnets Lov", f"{BARNETS_LOV.note} {other.note}"),
    )
    quarters = ["2023K3", "2023K4", "2024K1", "2024K2"]
    assert crossing([BARNETS_LOV], quarters, quarters) == [BARNETS_LOV]
    lines, labels = marks([BARNETS_LOV], quarters)
    assert [line["x0"] for line in lines] == [1.5] and len(labels) == 1


@pytest.mark.parametrize("breaks", [(BARNETS_LOV,), (STARTS, BARNETS_LOV)])
def test_figures_with_breaks_pass_plotly_validation_and_keep_them_when_resized(breaks: tuple) -> None:
    figure = trend(range(2009, 2025), breaks)
    go.Figure(figure.to_dict())  # raises ValueError on an invalid property or value
    assert drawn(resize(figure.to_plotly_json(), 1080, 1080)) == drawn(figure)


# --- from the warehouse -----------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def warehouse(demo_db: Path) -> Warehouse:
    return Warehouse(demo_db)


def test_the_query_names_each_break_with_its_indicator_titles_and_table(warehouse: Warehouse) -> None:
    frame = warehouse.query("series_breaks")
    placed = frame[frame["indicator_id"] == "children_placed"]
    assert placed["period"].tolist() == ["2011", "2024"]
    assert set(placed["label_da"]) == {"Serien starter", "Barnets Lov"}
    assert set(placed["source_table"]) == {"ANBAAR12"} and placed["title_en"].notna().all()
    bed_days = frame[frame["indicator_id"] == "psychiatric_bed_days"].iloc[0]
    assert (bed_days["period"], bed_days["label_da"], bed_days["label_en"]) == ("2019", "LPR3", "LPR3")
    assert "Children's Act" in frame["label_en"].tolist() and "Ny kodning" in frame["label_da"].tolist()
    assert not frame["indicator_id"].str.startswith("adults_").any()


def test_breaks_come_in_the_page_language_one_per_period_and_label(warehouse: Warehouse, demo_db: Path) -> None:
    app = create_app(demo_db)
    with app.server.test_request_context("/"):
        rows = ctx.breaks_of(warehouse, ["children_placed", "children_preventive_measures"])
    assert [(b.period, b.label) for b in from_frame(rows, "da")] == [
        ("2011", "Serien starter"),
        ("2024", "Barnets Lov"),
    ]
    assert [b.label for b in from_frame(rows, "en")] == ["Series starts", "Children's Act"]
    assert "2024" in from_frame(rows, "en")[1].note


def render(app, layout, **kwargs) -> dict:
    with app.server.test_request_context("/"):
        return json.loads(json.dumps(cached_layout(layout)(**kwargs), cls=PlotlyJSONEncoder))


def figures(node: object) -> dict[str, dict]:
    """Every graph on a rendered page, by its id."""
    found: dict[str, dict] = {}
    if isinstance(node, dict):
        props = node.get("props", {})
        if isinstance(props, dict) and isinstance(props.get("figure"), dict):
            found[str(props.get("id"))] = props["figure"]
        for value in node.values():
            found |= figures(value)
    elif isinstance(node, list):
        for value in node:
            found |= figures(value)
    return found


def texts(node: object) -> str:
    return json.dumps(node, ensure_ascii=False)


@pytest.fixture(scope="module")
def app(demo_db: Path):
    return create_app(demo_db)


def test_the_profile_draws_each_break_its_figures_cross_and_no_other(app) -> None:
    charts = figures(render(app, profile.layout, code="791"))
    assert drawn(charts["profile-children_placed"])[1] == ["Barnets Lov"]  # 2011–2024: not "Serien starter"
    assert drawn(charts["profile-notifications"])[1] == ["Ny kodning"]
    assert drawn(charts["profile-psychiatric_bed_days"])[1] == ["LPR3"]
    assert drawn(charts["profile-spending_placements"])[1] == ["Barnets Lov"]
    assert drawn(charts["profile-budget-children"])[1] == ["Barnets Lov"]  # spending and recipients: once
    for adults in ("profile-adults_sel108", "profile-spending_adults_special_needs", "profile-budget-adults"):
        assert drawn(charts[adults]) == ([], []), adults
    english = figures(render(app, profile.layout, code="791", lang="en"))
    assert drawn(english["profile-children_placed"])[1] == ["Children's Act"]


def test_the_region_page_draws_them_too(app) -> None:
    charts = figures(render(app, region.layout, code="082", indicator="notifications"))
    assert drawn(charts["region-trend"])[1] == ["Ny kodning"]
    assert drawn(charts["region-budget-children"])[1] == ["Barnets Lov"]


@pytest.mark.parametrize(
    ("lang", "heading", "expected"),
    [
        ("da", "Databrud", ["Serien starter (2011):", "LPR3 (2019):", "Barnets Lov (2024):", "Ny kodning (2024):"]),
        (
            "en",
            "Series breaks",
            ["Series starts (2011):", "LPR3 (2019):", "Children's Act (2024):", "New coding (2024):"],
        ),
    ],
)
def test_om_data_lists_every_break_with_its_explanation_and_what_it_affects(
    app, lang: str, heading: str, expected: list[str]
) -> None:
    page = render(app, about.layout, lang=lang)
    items = [item for item in _by_class(page, "about-break")]
    titles = [item["props"]["children"][0]["props"]["children"] for item in items]
    assert titles == expected
    text = texts(page)
    assert heading in text
    barnets_lov = texts(items[2])
    for table in ("ANBAAR12", "ANBAAR14", "BU28", "BU43", "ISBU02", "REGK31"):  # one item for every source alike
        assert table in barnets_lov
    assert "HAND07" not in barnets_lov and ("1. januar 2024" if lang == "da" else "1 January 2024") in barnets_lov
    assert "ESUNDHED_BED_DAYS" in texts(items[1]) and "SBR04" in texts(items[1])
    assert "ANBAAR12" in texts(items[0]) and "UND1" in texts(items[3])


def _by_class(node: object, name: str) -> list[dict]:
    found: list[dict] = []
    if isinstance(node, dict):
        if isinstance(node.get("props"), dict) and node["props"].get("className") == name:
            found.append(node)
        for value in node.values():
            found.extend(_by_class(value, name))
    elif isinstance(node, list):
        for value in node:
            found.extend(_by_class(value, name))
    return found


def test_a_warehouse_built_before_breaks_is_served_without_them(demo_db: Path, tmp_path: Path) -> None:
    old = tmp_path / "old.duckdb"
    old.write_bytes(demo_db.read_bytes())
    with duckdb.connect(str(old)) as con:
        con.execute("drop view main.series_breaks")
        con.execute("update meta.info set value = 'before-breaks' where key = 'data_version'")  # caches by it
    app = create_app(old)
    charts = figures(render(app, profile.layout, code="791"))
    assert drawn(charts["profile-children_placed"]) == ([], [])
    page = texts(render(app, about.layout))
    assert "Ingen databrud er registreret" in page and "about-break-1" not in page
