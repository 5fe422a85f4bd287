"""Key figures first (issue 11, part 1): the strip at the top of a municipality's page against the warehouse,
computed here independently in DuckDB; its words (above, below, level; better or worse only where the polarity
says so); polarity in the contract and the catalogue; the tables behind the charts (newest first, own, region and
country first, the chart's decimals, headers in the page's language); the sentence under a chart naming the
region."""

from __future__ import annotations

import csv
import json
import re
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import duckdb
import pandas as pd
import pytest
import yaml
from dash import Dash, html
from plotly.utils import PlotlyJSONEncoder
from plotly_schema import validated

from dashboard.charts import views as charts
from dashboard.charts.sparkline import sparkline_svg
from dashboard.core.formatting import format_number, format_percent_change
from dashboard.core.peers import peer_codes
from dashboard.pages import profile
from dashboard.ui.components import data_grid, lazy_table
from dashboard.ui.key_figures import STRIP_ID, key_figures_strip, versus_words
from dashboard.ui.layout_search import find, find_table
from dashboard.warehouse import selectors as ctx
from dashboard.warehouse.key_figures import LEAD_INDICATORS, KeyFigure, judgement, key_figures, versus
from dashboard.warehouse.queries import Warehouse

ROOT = Path(__file__).resolve().parents[2]
POLARITIES = {"neutral", "higher_is_better", "lower_is_better"}

# Per capita as the dashboard defines it, written here from the warehouse contract alone: per 1,000 of the
# denominator population (kr. per inhabitant for 1,000-kr. amounts: the same factor), an annual figure divided
# by the population on 1 January (its K1), a quarterly one by the same quarter's.
PER_CAPITA_SQL = """
with indicator as (
    select indicator_id, denominator_id from main.indicators where indicator_id = $indicator_id
),
numerators as (
    select v.area_code, v.period, v.value from main.indicator_values as v join indicator using (indicator_id)
),
denominators as (
    select d.area_code, d.period, d.value
    from main.indicator_values as d join indicator as i on d.indicator_id = i.denominator_id
)
select
    n.area_code, a.area_level, a.region_code, n.period, n.value,
    1000 * n.value / coalesce(same_period.value, january.value) as per_capita
from numerators as n
join main.areas as a using (area_code)
left join denominators as same_period on same_period.area_code = n.area_code and same_period.period = n.period
left join denominators as january on january.area_code = n.area_code and january.period = n.period || 'K1'
"""


@pytest.fixture(scope="module")
def con(demo_db: Path) -> Iterator[duckdb.DuckDBPyConnection]:
    connection = duckdb.connect(str(demo_db), read_only=True)
    yield connection
    connection.close()


def truth(con: duckdb.DuckDBPyConnection, indicator_id: str) -> pd.DataFrame:
    return con.execute(PER_CAPITA_SQL, {"indicator_id": indicator_id}).df()


def region_of(con: duckdb.DuckDBPyConnection, code: str) -> str:
    row = con.execute("select region_code from main.areas where area_code = ?", [code]).fetchone()
    assert row is not None
    return str(row[0])


def strip_figures(app: Dash, code: str, **query: str) -> list[KeyFigure]:
    """The strip's figures as the page computes them for this view."""
    with app.server.test_request_context("/"):
        warehouse = ctx.current_warehouse()
        munis = ctx.municipalities(warehouse).set_index("area_code", drop=False)
        state = profile.resolve(code, **query)
        own = ctx.one_row(munis, code)
        peers = peer_codes(code, state.peers, ctx.areas(warehouse), ctx.latest_population(warehouse), list(state.areas))
        return key_figures(warehouse, own, state, peers)


def by_id(figures: list[KeyFigure]) -> dict[str, KeyFigure]:
    return {f.indicator_id: f for f in figures}


def base_year_of(periods: list[str]) -> int:
    """Five years before the latest period, or the first year (the profile's default base year)."""
    return max(int(min(periods)[:4]), int(max(periods)[:4]) - 5)


@pytest.mark.parametrize(
    ("code", "indicator_id"),
    [
        ("791", "children_placed"),  # annual, per 1,000 0–22-year-olds
        ("101", "adults_sel108"),  # quarterly, per 1,000 aged 18 and over
        ("461", "spending_children_special_needs"),  # 1,000 kr. → kr. per inhabitant
    ],
)
def test_values_rank_peers_and_change_match_the_warehouse(
    app: Dash, con: duckdb.DuckDBPyConnection, code: str, indicator_id: str
) -> None:
    frame = truth(con, indicator_id)
    latest = max(frame["period"])
    at = frame[frame["period"] == latest].set_index("area_code")["per_capita"]
    region = region_of(con, code)
    figure = by_id(strip_figures(app, code))[indicator_id]
    assert figure.period == latest and figure.measure == "per_capita"
    assert figure.own == pytest.approx(at[code])
    assert figure.region == pytest.approx(at[region])
    assert figure.country == pytest.approx(at["000"])
    # peers: the page's default, the other municipalities of the same region
    peers = frame[(frame["period"] == latest) & (frame["region_code"] == region) & (frame["area_code"] != code)]
    assert figure.peer_count == len(peers)
    assert figure.peers_low == pytest.approx(peers["per_capita"].min())
    assert figure.peers_high == pytest.approx(peers["per_capita"].max())
    municipal = frame[(frame["period"] == latest) & (frame["area_level"] == "kommune")].dropna(subset=["per_capita"])
    assert figure.rank_total == len(municipal) == 98
    assert figure.rank == 1 + int((municipal["per_capita"] > at[code]).sum())  # 1 = highest
    base_year = base_year_of(frame["period"].tolist())
    in_base_year = frame[(frame["area_code"] == code) & (frame["period"].str[:4] == str(base_year))]
    base = in_base_year.sort_values("period")["per_capita"].iloc[0]  # the year, or its first quarter
    assert figure.change is not None and figure.change.base_year == base_year and not figure.change.is_points
    assert figure.change.value == pytest.approx(100 * (at[code] / base - 1))
    mine = frame[frame["area_code"] == code].sort_values("period")
    assert [p for p, _ in figure.trend] == mine["period"].tolist()
    assert [v for _, v in figure.trend] == pytest.approx(mine["per_capita"].tolist())
    expected_region = "above" if at[code] > at[region] else "below"
    assert figure.versus_region == expected_region or round(at[code], 1) == round(at[region], 1)
    assert figure.versus_country == ("above" if at[code] > at["000"] else "below")


def test_the_strip_shows_every_topic_in_the_declared_order(app: Dash) -> None:
    figures = strip_figures(app, "791")
    declared = [i for ids in LEAD_INDICATORS.values() for i in ids]
    assert [f.indicator_id for f in figures] == declared
    assert {f.topic for f in figures} == {"children", "adults", "spending", "psychiatry"}


def test_a_count_shows_the_count_and_compares_per_capita(app: Dash, con: duckdb.DuckDBPyConnection) -> None:
    """A municipality always has fewer placed children than its region: 'under regionen' in counts would say
    nothing. The strip shows the counts and compares per capita, and says so."""
    frame = truth(con, "children_placed")
    latest = max(frame["period"])
    at = frame[frame["period"] == latest].set_index("area_code")
    figure = by_id(strip_figures(app, "791", measure="count"))["children_placed"]
    assert figure.measure == "count" and figure.compared_in == "per_capita"
    assert figure.own == at.loc["791", "value"] and figure.region == at.loc[region_of(con, "791"), "value"]
    per_capita = at["per_capita"]
    assert figure.versus_country == ("above" if per_capita["791"] > per_capita["000"] else "below")
    words = text_of(versus_words(figure, "da"))
    assert words.endswith("(pr. indbygger)")
    assert text_of(versus_words(figure, "en")).endswith("(per capita)")


def test_a_region_figure_speaks_for_the_municipality(app: Dash, con: duckdb.DuckDBPyConnection) -> None:
    """Psychiatric bed-days exist for the regions only: no own value, no rank, the region against the country."""
    frame = truth(con, "psychiatric_bed_days")
    latest = max(frame["period"])
    at = frame[frame["period"] == latest].set_index("area_code")["per_capita"]
    region = region_of(con, "791")
    figure = by_id(strip_figures(app, "791"))["psychiatric_bed_days"]
    assert not figure.has_municipal and figure.subject_code == region
    assert figure.own is None and figure.rank is None and figure.peer_count == 0 and figure.versus_region is None
    assert figure.region == pytest.approx(at[region])
    position = "over" if at[region] > at["000"] else "under"
    assert text_of(versus_words(figure, "da")) == f"regionen ligger {position} landet"


def test_custom_peers_give_their_range(app: Dash, con: duckdb.DuckDBPyConnection) -> None:
    frame = truth(con, "children_placed")
    latest = frame[frame["period"] == max(frame["period"])].set_index("area_code")["per_capita"]
    figure = by_id(strip_figures(app, "101", peers="custom", areas="147,151"))["children_placed"]
    assert figure.peer_count == 2
    assert figure.peers_low == pytest.approx(min(latest["147"], latest["151"]))
    assert figure.peers_high == pytest.approx(max(latest["147"], latest["151"]))
    alone = by_id(strip_figures(app, "101", peers="custom"))["children_placed"]
    assert alone.peer_count == 0 and alone.peers_low is None


@pytest.mark.parametrize(
    ("value", "other", "decimals", "expected"),
    [
        (8.2, 7.9, 1, "above"),
        (7.9, 8.2, 1, "below"),
        (8.04, 8.01, 1, "level"),
        (8.04, 8.01, 2, "above"),
        (None, 1.0, 1, None),
    ],
)
def test_versus_is_level_when_the_numbers_shown_are_equal(
    value: float | None, other: float, decimals: int, expected: str | None
) -> None:
    assert versus(value, other, decimals) == expected


def figure_with(**changes: Any) -> KeyFigure:
    base: dict[str, Any] = dict(
        indicator_id="x",
        topic="children",
        title="X",
        unit="pr. 1.000",
        measure="per_capita",
        decimals=1,
        period="2024",
        polarity="neutral",
        has_municipal=True,
        subject_code="791",
        own=2.0,
        region=1.0,
        country=3.0,
        peers_low=0.5,
        peers_high=4.0,
        peer_count=3,
        rank=12,
        rank_total=98,
        change=None,
        versus_region="above",
        versus_country="below",
        compared_in="per_capita",
        trend=(("2023", 1.0), ("2024", 2.0)),
    )
    return KeyFigure(**(base | changes))


def text_of(parts: Any) -> str:
    """The text of a component tree, as a screen reader reads it."""
    if isinstance(parts, str):
        return parts
    if isinstance(parts, (list, tuple)):
        return "".join(text_of(p) for p in parts)
    return text_of(getattr(parts, "children", None) or "")


def classes_in(parts: Any) -> set[str]:
    found: set[str] = set()
    for part in parts if isinstance(parts, list) else [parts]:
        if not isinstance(part, str):
            found |= set((getattr(part, "className", None) or "").split())
    return found


def test_words_say_above_or_below_the_region_and_the_country_in_both_languages() -> None:
    figure = figure_with()
    assert text_of(versus_words(figure, "da")) == "over regionen, under landet"
    assert text_of(versus_words(figure, "en")) == "above the region, below the country"
    level = figure_with(versus_region="level", versus_country="level")
    assert text_of(versus_words(level, "da")) == "på niveau med regionen, på niveau med landet"


def test_only_a_non_neutral_indicator_is_coloured_and_says_better_or_worse() -> None:
    neutral = versus_words(figure_with(), "da")
    assert not classes_in(neutral) and "bedre" not in text_of(neutral)
    higher = versus_words(figure_with(polarity="higher_is_better"), "da")
    assert text_of(higher) == "over regionen (bedre), under landet (dårligere)"
    assert classes_in(higher) == {"kf-better", "kf-worse"}
    lower = versus_words(figure_with(polarity="lower_is_better"), "en")
    assert text_of(lower) == "above the region (worse), below the country (better)"
    assert judgement("neutral", "above") is None and judgement("higher_is_better", "level") is None


def test_every_shipped_indicator_is_honestly_neutral_or_declares_its_direction(app: Dash) -> None:
    """Polarity is data about the indicator: from etl/indicators.csv through the warehouse to the catalogue."""
    with (ROOT / "etl" / "indicators.csv").open(encoding="utf-8", newline="") as f:
        declared = {row["indicator_id"]: row["polarity"] for row in csv.DictReader(f)}
    assert set(declared.values()) <= POLARITIES
    with app.server.test_request_context("/"):
        catalogue = ctx.catalogue(ctx.current_warehouse())
    assert dict(zip(catalogue["indicator_id"], catalogue["polarity"], strict=True)) == {
        i: declared[i] for i in catalogue["indicator_id"]
    }


def test_polarity_is_in_the_contract_and_the_view(con: duckdb.DuckDBPyConnection) -> None:
    contract = yaml.safe_load((ROOT / "etl" / "warehouse" / "contract.yaml").read_text(encoding="utf-8"))
    assert "polarity" in contract["indicators"]["columns"]
    values = {v for (v,) in con.execute("select distinct polarity from main.indicators").fetchall()}
    assert values and values <= POLARITIES


def test_a_warehouse_built_before_polarity_reads_as_neutral(demo_db: Path, tmp_path: Path) -> None:
    """The dashboard keeps serving an older warehouse (its views have no polarity) until the next `etl run`."""
    old = tmp_path / "old.duckdb"
    shutil.copy(demo_db, old)
    views = (ROOT / "etl" / "warehouse" / "views.sql").read_text(encoding="utf-8")
    before = views.replace("is_national_only, polarity", "is_national_only")
    assert before != views
    with duckdb.connect(str(old)) as connection:
        connection.execute(before)
        connection.execute("alter table dim.indicators drop column polarity")
    catalogue = Warehouse(old).query("indicator_catalogue")
    assert len(catalogue) > 20 and set(catalogue["polarity"]) == {"neutral"}


def profile_page(app: Dash, code: str, **query: str) -> Any:
    with app.server.test_request_context("/"):
        return profile.layout(code=code, **query)


def test_the_strip_comes_first_and_is_a_real_table(app: Dash) -> None:
    page = profile_page(app, "791")
    main = find(page, lambda c: getattr(c, "id", None) == "main")
    order = json.dumps(main.to_plotly_json(), cls=PlotlyJSONEncoder)
    assert order.index(f'"id": "{STRIP_ID}"') < order.index('"id": "profile-measure"')  # before the controls
    assert order.index(f'"id": "{STRIP_ID}"') < order.index('"id": "profile-children_placed"')  # and every chart
    table = find(page, lambda c: isinstance(c, html.Table))
    headers = [c for c in table.children[1].children.children]
    assert all(h.scope == "col" for h in headers)
    assert [h.children for h in headers[1:4]] == ["Viborg", "Region Midtjylland", "Hele landet"]
    rows = table.children[2].children
    assert [r.id for r in rows] == [f"{STRIP_ID}-{i}" for ids in LEAD_INDICATORS.values() for i in ids]
    assert all(r.children[0].scope == "row" for r in rows)
    assert isinstance(table.children[0], html.Caption) and "Viborg" in table.children[0].children


def test_the_strip_rows_show_the_figures_in_words_and_numbers(app: Dash) -> None:
    figure = by_id(strip_figures(app, "791"))["children_placed"]
    with app.server.test_request_context("/"):
        own = ctx.one_row(ctx.municipalities(ctx.current_warehouse()).set_index("area_code", drop=False), "791")
    strip = key_figures_strip([figure], own, "da")
    row = find(strip, lambda c: getattr(c, "id", None) == f"{STRIP_ID}-children_placed")
    cells = {c.className.split()[0]: c for c in row.children}
    assert cells["kf-own"].children == format_number(figure.own, 1)
    assert cells["kf-region"].children == format_number(figure.region, 1)
    assert cells["kf-peers"].children == f"{format_number(figure.peers_low, 1)}–{format_number(figure.peers_high, 1)}"
    assert cells["kf-rank"].children == f"nr. {figure.rank} af 98"
    assert figure.change is not None
    assert text_of(cells["kf-change"].children) == f"{format_percent_change(figure.change.value)}siden 2019"
    image = cells["kf-trend"].children
    assert image.src.startswith("data:image/svg+xml,") and "2011–2024" in image.alt
    assert re.fullmatch(r"(over|under) regionen, (over|under) landet", text_of(cells["kf-versus"].children))


def test_the_sentence_under_a_chart_names_the_region(app: Dash, con: duckdb.DuckDBPyConnection) -> None:
    frame = truth(con, "children_placed")
    at = frame[frame["period"] == max(frame["period"])].set_index("area_code")["per_capita"]
    expected = (
        f"{format_number(at['791'], 1)} pr. 1.000 befolkning 0–22 år i 2024 "
        f"(Region Midtjylland {format_number(at['082'], 1)}, landet {format_number(at['000'], 1)}); "
    )
    card = find(profile_page(app, "791"), lambda c: getattr(c, "id", None) == "profile-children_placed-card")
    note = find(card, lambda c: isinstance(c, html.P) and "i 2024" in str(c.children))
    assert note.children.startswith(expected), note.children
    english = find(
        profile_page(app, "791", lang="en"), lambda c: getattr(c, "id", None) == "profile-children_placed-card"
    )
    note_en = find(english, lambda c: isinstance(c, html.P) and "in 2024" in str(c.children))
    assert f"(Region Midtjylland {format_number(at['082'], 1, 'en')}, Denmark " in note_en.children
    bed_days = find(profile_page(app, "791"), lambda c: getattr(c, "id", None) == "profile-psychiatric_bed_days-card")
    region_note = find(bed_days, lambda c: isinstance(c, html.P) and "i 2024" in str(c.children))
    assert region_note.children.startswith("Region Midtjylland: ") and "(landet " in region_note.children


def chart(app: Dash, code: str, indicator_id: str, **query: str) -> charts.TrendChart:
    with app.server.test_request_context("/"):
        _, _, trend = charts.municipality_chart_for(ctx.current_warehouse(), code, indicator_id, query)
        return trend


def test_a_chart_table_reads_newest_first_with_own_region_and_country_first(
    app: Dash, con: duckdb.DuckDBPyConnection
) -> None:
    trend = chart(app, "101", "children_placed", peers="custom", areas="751,147")
    table = trend.table
    assert list(table.columns) == [
        "Periode",
        "København",
        "Region Hovedstaden",
        "Hele landet",
        "Aarhus",
        "Frederiksberg",
    ]
    periods = table["Periode"].tolist()
    assert periods == sorted(periods, reverse=True) and periods[0] == "2024"
    # the decimals the chart shows (its hover format) and no others
    formats = {
        re.search(r":,\.(\d)f", trace.hovertemplate).group(1)
        for trace in validated(trend.figure).data
        if trace.hovertemplate
    }
    assert formats == {str(table.attrs["decimals"])}
    frame = truth(con, "children_placed").set_index(["area_code", "period"])["per_capita"]
    decimals = table.attrs["decimals"]
    assert table["København"].iloc[0] == round(frame[("101", "2024")], decimals)
    assert table["Aarhus"].iloc[-1] == round(frame[("751", min(periods))], decimals)


def test_a_chart_table_in_english_and_by_quarter(app: Dash) -> None:
    table = chart(app, "791", "adults_sel108", lang="en", measure="count").table
    assert list(table.columns) == ["Period", "Viborg", "Region Midtjylland", "Denmark"]
    assert table["Period"].iloc[0] == "2025 Q2" and table["Period"].iloc[1] == "2025 Q1"
    assert table.attrs["decimals"] == 0 and (table["Viborg"] == table["Viborg"].round()).all()


def test_the_grid_and_the_csv_keep_the_decimals(app: Dash, client) -> None:
    table = chart(app, "791", "children_placed").table
    store = lazy_table("t", table, "da")[1]
    assert store.data["decimals"] == table.attrs["decimals"] == 1
    formatter = data_grid("g", table, decimals=1).columnDefs[1]["valueFormatter"]["function"]
    assert "minimumFractionDigits: 1, maximumFractionDigits: 1" in formatter
    assert find_table(html.Div([store]), "t").attrs["decimals"] == 1  # the page's CSV export reads it back
    csv_text = client.get("/export/kommune/791/children_placed.csv").data.decode("utf-8-sig")
    header, newest = csv_text.splitlines()[:2]
    assert header == "Periode;Viborg;Region Midtjylland;Hele landet"
    assert re.fullmatch(r"2024(;\d+,\d){3}", newest), newest  # one decimal, as the chart: 8,0 not 8


def test_the_budget_table_reads_newest_first_in_danish(app: Dash) -> None:
    card = find(profile_page(app, "791"), lambda c: getattr(c, "id", None) == "profile-budget-children-card")
    store = find(card, lambda c: isinstance(getattr(c, "id", None), dict) and c.id.get("type") == "lazy-table-data")
    columns = ["Periode", "Udgifter (løbende priser)", "Udgifter (faste priser)", "Modtagere (personer)"]
    columns.append("Udgift pr. modtager (faste priser)")  # the budget view in both prices (issue 11, part 3)
    assert store.data["columns"] == columns and store.data["decimals"] == 1
    periods = [r["Periode"] for r in store.data["records"]]
    assert periods == sorted(periods, reverse=True)


def test_sparkline_svg_draws_a_line_with_gaps_and_marks_the_last_value() -> None:
    from urllib.parse import unquote

    svg = unquote(sparkline_svg([1.0, 2.0, None, 3.0, 4.0]).removeprefix("data:image/svg+xml,"))
    assert svg.count("<polyline") == 2 and svg.count("<circle") == 1  # the gap splits the line
    ys = [float(p.split(",")[1]) for p in re.findall(r"[\d.]+,[\d.]+", svg.split("<circle")[0])]
    assert ys == sorted(ys, reverse=True)  # rising values climb (SVG's y grows downwards)
    assert sparkline_svg([None, float("nan")]) == ""
    assert "<polyline" not in unquote(sparkline_svg([5.0]))  # one value: only its mark


def test_sparkline_address_holds_only_url_characters_and_parses_as_svg() -> None:
    from urllib.parse import unquote
    from xml.etree import ElementTree

    address = sparkline_svg([1.0, 2.5, None, 3.25, -4.0])
    # RFC 3986's unreserved and reserved characters and escapes: no space, quote, angle bracket or bare '#'
    assert re.fullmatch(r"data:image/svg\+xml,(?:[A-Za-z0-9\-._~:/?\[\]@!$&'()*+,;=]|%[0-9A-F]{2})*", address)
    root = ElementTree.fromstring(unquote(address.removeprefix("data:image/svg+xml,")))
    assert root.tag == "{http://www.w3.org/2000/svg}svg"
    assert len(root.findall(".//{http://www.w3.org/2000/svg}polyline")) == 2


def test_english_strip_headers(app: Dash) -> None:
    page = profile_page(app, "791", lang="en")
    table = find(page, lambda c: isinstance(c, html.Table))
    headers = [h.children for h in table.children[1].children.children]
    assert headers[0] == "Indicator" and headers[3] == "Denmark" and headers[-1] == "Viborg is"
