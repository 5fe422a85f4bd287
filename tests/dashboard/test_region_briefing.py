"""The region page as the debate meeting's briefing: what stands out (the region against the country on every
indicator; the municipalities furthest above and below), the budget view of the region's municipalities together,
the psychiatry picture, the grid with the region and the country first, and the highlighted own municipality in the
address. Expected figures are computed here straight from the warehouse's contract view main.indicator_values with
DuckDB, not through the dashboard's code."""

from __future__ import annotations

import json
import shutil
import uuid
from pathlib import Path

import duckdb
import pytest
from dash import Dash
from plotly.utils import PlotlyJSONEncoder

from dashboard.app import cached_layout, create_app
from dashboard.core.state import NotFound, ViewState
from dashboard.pages import profile, region
from dashboard.ui import area_grid
from dashboard.warehouse import briefing
from dashboard.warehouse.queries import Warehouse

MIDTJYLLAND, NORDJYLLAND, VIBORG, AARHUS, KOBENHAVN = "082", "081", "791", "751", "101"


@pytest.fixture(scope="module")
def con(demo_db: Path, tmp_path_factory: pytest.TempPathFactory) -> duckdb.DuckDBPyConnection:
    """The demo warehouse, read directly (a copy: the app's read-only attachment of the file stays its own)."""
    copy = tmp_path_factory.mktemp("briefing-sql") / "socialtal.duckdb"
    shutil.copyfile(demo_db, copy)
    return duckdb.connect(str(copy), read_only=True)


@pytest.fixture(scope="module")
def warehouse(demo_db: Path) -> Warehouse:
    return Warehouse(demo_db)


def _sql(con: duckdb.DuckDBPyConnection, query: str, params: list | dict | None = None) -> list[tuple]:
    return con.execute(query, params or []).fetchall()


# Each indicator in its natural unit at every area and period: per 1,000 of its denominator (kroner per inhabitant
# for money), or its own value for a rate (a share, an average, anything not summed) and for one without one.
_SHOWN = """
with ind as (
    select
        indicator_id,
        unit,
        denominator_id,
        denominator_id is not null
            and unit not in ('percent', 'stays_per_person') and aggregation = 'sum' as per_capita,
        case unit when 'dkk_millions' then 1000000 else 1000 end as factor
    from main.indicators
    where topic <> 'population'
),
shown as (
    select
        v.indicator_id,
        v.area_code,
        v.area_level,
        v.period,
        i.unit,
        case when i.per_capita then v.value * i.factor / nullif(coalesce(d.value, dk1.value), 0) else v.value end
            as shown
    from main.indicator_values as v
    join ind as i using (indicator_id)
    left join main.indicator_values as d
        on d.indicator_id = i.denominator_id and d.area_code = v.area_code and d.period = v.period
    left join main.indicator_values as dk1
        on dk1.indicator_id = i.denominator_id and dk1.area_code = v.area_code and dk1.period = v.period || 'K1'
)
"""


def _expected_standouts(con: duckdb.DuckDBPyConnection, region_code: str) -> dict[str, tuple[str, float, float]]:
    """indicator → (period, region value, country value) at the latest period with both."""
    rows = _sql(
        con,
        _SHOWN
        + """,
        pairs as (
            select r.indicator_id, r.period, r.shown as region_value, c.shown as country_value
            from shown as r
            join shown as c on c.indicator_id = r.indicator_id and c.period = r.period and c.area_code = '000'
            where r.area_code = $region and r.shown is not null and c.shown is not null
        )
        select indicator_id, arg_max(period, period), arg_max(region_value, period), arg_max(country_value, period)
        from pairs
        group by indicator_id
        """,
        {"region": region_code},
    )
    return {indicator: (period, region_value, country_value) for indicator, period, region_value, country_value in rows}


# --- what stands out: the region against the country -------------------------------------------------------------


@pytest.mark.parametrize("region_code", [MIDTJYLLAND, NORDJYLLAND, "084"])
def test_standouts_are_the_region_against_the_country_on_every_indicator(
    con: duckdb.DuckDBPyConnection, warehouse: Warehouse, region_code: str
) -> None:
    expected = _expected_standouts(con, region_code)
    standouts = briefing.standouts(warehouse, region_code)
    assert {s.indicator_id for s in standouts} == set(expected)  # municipal ones and the region-only psychiatry
    assert {"psychiatric_bed_days", "psychiatry_spending", "children_placed"} <= set(expected)
    assert "population" not in expected and "spending_children_national" not in expected  # country only
    for s in standouts:
        period, region_value, country_value = expected[s.indicator_id]
        assert s.period == period, s.indicator_id
        assert s.region_value == pytest.approx(region_value), s.indicator_id
        assert s.country_value == pytest.approx(country_value), s.indicator_id
        assert s.relative_pct == pytest.approx(100 * (region_value / country_value - 1))
    differences = [abs(s.relative_pct) for s in standouts]
    assert differences == sorted(differences, reverse=True)  # what stands out most comes first


def test_a_share_differs_by_percentage_points_and_is_worded_neutrally(warehouse: Warehouse) -> None:
    share = next(s for s in briefing.standouts(warehouse, MIDTJYLLAND) if s.indicator_id == "children_support_share")
    assert share.points == pytest.approx(share.region_value - share.country_value)
    assert share.unit == "pct."
    placed = next(s for s in briefing.standouts(warehouse, MIDTJYLLAND) if s.indicator_id == "children_placed")
    assert placed.points is None and placed.unit == "pr. 1.000 befolkning 0–22 år"


@pytest.mark.parametrize(
    ("difference", "points", "lang", "words"),
    [
        (17.04, False, "da", "17 pct. over landet"),
        (-6.83, False, "da", "6,8 pct. under landet"),
        (-0.24, True, "da", "0,2 procentpoint under landet"),
        (0.04, True, "da", "på niveau med landet"),
        (0.0, False, "da", "på niveau med landet"),
        (12.4, False, "en", "12 per cent above the country"),
        (-1.25, True, "en", "1.2 percentage points below the country"),
    ],
)
def test_difference_in_words(difference: float, points: bool, lang: str, words: str) -> None:
    assert briefing.difference_words(difference, points, lang) == words


# --- the municipalities furthest above and below ------------------------------------------------------------------


def _ranks(con: duckdb.DuckDBPyConnection) -> list[tuple]:
    """(indicator, area, period, value, country value, rank 1 = highest, municipalities ranked) at each municipal
    indicator's latest period with a country value."""
    return _sql(
        con,
        _SHOWN
        + """,
        latest as (
            select indicator_id, max(period) as period from shown
            where area_code = '000' and shown is not null group by indicator_id
        ),
        municipal as (
            select s.indicator_id, s.area_code, s.period, s.shown
            from shown as s join latest using (indicator_id, period)
            where s.area_level = 'kommune' and s.shown is not null
        )
        select
            m.indicator_id, m.area_code, m.period, m.shown, c.shown,
            rank() over (partition by m.indicator_id order by m.shown desc),
            count(*) over (partition by m.indicator_id)
        from municipal as m
        join shown as c on c.indicator_id = m.indicator_id and c.period = m.period and c.area_code = '000'
        """,
    )


def _members(con: duckdb.DuckDBPyConnection, region_code: str) -> set[str]:
    return {r[0] for r in _sql(con, "select area_code from main.areas where region_code = ?", [region_code])}


@pytest.mark.parametrize("region_code", [MIDTJYLLAND, NORDJYLLAND, "085"])
def test_extremes_are_the_members_nearest_the_top_and_the_bottom(
    con: duckdb.DuckDBPyConnection, warehouse: Warehouse, region_code: str
) -> None:
    members = _members(con, region_code)
    ranks = {(i, a): (p, v, c, r, n) for i, a, p, v, c, r, n in _ranks(con)}
    above, below = briefing.extremes(warehouse, region_code)
    assert len(above) == len(below) == briefing.EXTREMES_PER_SIDE
    for side, items in (("above", above), ("below", below)):
        assert len({e.area_code for e in items}) == len(items)  # each municipality once
        for e in items:
            period, value, country, rank, total = ranks[(e.indicator_id, e.area_code)]
            assert e.area_code in members
            assert (e.period, e.rank, e.total) == (period, rank, total)
            assert e.value == pytest.approx(value) and e.country_value == pytest.approx(country)
            assert (value > country) if side == "above" else (value < country)

    def best(code: str, side: str) -> int:
        """How near the top (above) or the bottom (below) a municipality comes on any indicator."""
        near = [
            (r if side == "above" else n - r)
            for (i, a), (_, v, c, r, n) in ranks.items()
            if a == code and ((v > c) if side == "above" else (v < c))
        ]
        return min(near, default=10**6)

    for side, items in (("above", above), ("below", below)):
        shown = [best(e.area_code, side) for e in items]
        # each on its own best indicator, in that order, and nobody left out comes nearer the end than the last one
        assert shown == [(e.rank if side == "above" else e.total - e.rank) for e in items]
        assert shown == sorted(shown)
        left_out = members - {e.area_code for e in items}
        assert all(best(code, side) >= shown[-1] for code in left_out)


def test_extremes_say_where_the_municipality_lies(warehouse: Warehouse) -> None:
    above, below = briefing.extremes(warehouse, MIDTJYLLAND, per_side=2)
    assert len(above) == len(below) == 2
    assert above[0].rank <= above[1].rank and below[0].rank >= below[1].rank


# --- budget pressure and psychiatry --------------------------------------------------------------------------------


def _member_sums(con: duckdb.DuckDBPyConnection, indicator_id: str, region_code: str) -> dict[str, float]:
    """Per year, the region's municipalities added up (each municipality's year: the year, or its quarters'
    mean); only years in which every one of them has a value."""
    rows = _sql(
        con,
        """
        with yearly as (
            select area_code, left(period, 4) as year, avg(value) as value
            from main.indicator_values
            where indicator_id = $indicator and area_code in (select area_code from main.areas where region_code = $r)
            group by all
        )
        select year, sum(value), count(value) from yearly group by year
        """,
        {"indicator": indicator_id, "r": region_code},
    )
    n = len(_members(con, region_code))
    return {year: total for year, total, count in rows if count == n}


def _region_years(con: duckdb.DuckDBPyConnection, indicator_id: str, region_code: str) -> dict[str, float]:
    rows = _sql(
        con,
        "select left(period, 4), avg(value) from main.indicator_values where indicator_id = ? and area_code = ? "
        "and value is not null group by all",
        [indicator_id, region_code],
    )
    return dict(rows)


@pytest.mark.parametrize("base_year", [None, 2016])
def test_budget_view_adds_up_the_regions_municipalities(
    con: duckdb.DuckDBPyConnection, warehouse: Warehouse, base_year: int | None
) -> None:
    spending, recipients = profile.BUDGET_PAIRS["adults"]
    members = briefing.member_codes(warehouse, MIDTJYLLAND)
    view = briefing.budget_view(warehouse, members, spending, recipients, base_year)
    assert view is not None
    money = _member_sums(con, spending, MIDTJYLLAND)
    parts = [_member_sums(con, r, MIDTJYLLAND) for r in recipients]
    people = {y: sum(p[y] for p in parts) for y in set.intersection(*(set(p) for p in parts))}
    years = sorted(set(money) & set(people))
    assert view.years == years
    base = str(base_year) if base_year else str(int(years[-1]) - 5)
    assert view.base_year == base
    for year in years:
        assert view.indices["spending"][year] == pytest.approx(100 * money[year] / money[base])
        assert view.indices["recipients"][year] == pytest.approx(100 * people[year] / people[base])
    assert view.indices["recipients"][base] == pytest.approx(100)


def test_psychiatry_view_sets_the_regions_psychiatry_beside_the_municipalities_services(
    con: duckdb.DuckDBPyConnection, warehouse: Warehouse
) -> None:
    view = briefing.psychiatry_view(warehouse, NORDJYLLAND, None)
    assert view is not None
    totals = {i: _region_years(con, i, NORDJYLLAND) for i in briefing.PSYCHIATRY_REGIONAL}
    totals |= {i: _member_sums(con, i, NORDJYLLAND) for i in briefing.PSYCHIATRY_MUNICIPAL}
    assert list(view.indices) == [*briefing.PSYCHIATRY_REGIONAL, *briefing.PSYCHIATRY_MUNICIPAL]
    common = sorted(set.intersection(*(set(t) for t in totals.values())))
    base = str(int(common[-1]) - 5)
    assert view.base_year == base and view.years == [y for y in common if y >= base]  # from the base year on
    for key, values in totals.items():
        for year in view.years:
            assert view.indices[key][year] == pytest.approx(100 * values[year] / values[base]), (key, year)
    labels = region.psychiatry_labels(view, "da")
    sentence = briefing.movement_sentence(view, labels, "da")
    assert sentence.startswith(f"Fra {base} til {view.years[-1]}: sengedage i psykiatrien (regionen) ")
    change = view.indices["adults_sel108"][view.years[-1]] - 100
    word = "steg" if change > 0 else "faldt"
    amount = f"{abs(change):.0f}" if abs(change) >= 10 else f"{abs(change):.1f}".replace(".", ",")
    assert f"§ 108 længerevarende botilbud (kommunerne) {word} {amount} pct." in sentence
    assert sentence.endswith(".") and not sentence.endswith("..")
    assert not briefing.crosses_lpr3(view)  # from 2019 on: no LPR3 break inside
    earlier = briefing.psychiatry_view(warehouse, NORDJYLLAND, 2016)
    assert earlier is not None and earlier.years[0] == "2016" and briefing.crosses_lpr3(earlier)


def _without(demo_db: Path, target: Path, source_id: str) -> Path:
    """A copy of the demo warehouse in which one source never loaded."""
    shutil.copyfile(demo_db, target)
    con = duckdb.connect(str(target))
    con.execute("update meta.info set value = ? where key = 'data_version'", [uuid.uuid4().hex])
    con.execute("delete from facts.indicator_values where source_id = ?", [source_id])
    con.execute(
        "update meta.source_snapshots set status = 'missing', action = 'failed', error = 'not loaded', "
        "rows_raw = 0, rows_facts = 0, first_period = null, last_period = null, fetched_at = null, "
        "dst_updated = null, sha256 = null where source_id = ? and run_id = "
        "(select max(run_id) from meta.source_snapshots where source_id = ?)",
        [source_id, source_id],
    )
    con.close()
    return target


def test_without_bed_days_the_psychiatry_picture_is_drawn_from_the_rest(demo_db: Path, tmp_path: Path) -> None:
    app = create_app(_without(demo_db, tmp_path / "no-bed-days.duckdb", "ESUNDHED_BED_DAYS"))
    warehouse = app.server.config["SOCIALTAL_WAREHOUSE"]
    with app.server.app_context():
        view = briefing.psychiatry_view(warehouse, MIDTJYLLAND, None)
        assert view is not None and "psychiatric_bed_days" not in view.indices and len(view.indices) == 4
        assert "eSundhed" not in briefing.index_source_line(warehouse, view.indices)
    assert '"region-psychiatry"' in _render(app, region.layout, code=MIDTJYLLAND)


def test_without_hand07_there_is_no_adults_budget_view(demo_db: Path, tmp_path: Path) -> None:
    app = create_app(_without(demo_db, tmp_path / "no-hand07.duckdb", "HAND07"))
    text = _render(app, region.layout, code=MIDTJYLLAND)
    assert "region-budget-children" in text and "region-budget-adults" not in text
    assert "region-psychiatry" in text  # bed-days and REGR31 spending are left


# --- the page, its grid and its address ----------------------------------------------------------------------------


def _render(app: Dash, layout, **kwargs) -> str:  # type: ignore[no-untyped-def]
    with app.server.test_request_context("/"):
        page = cached_layout(layout)(**kwargs)
        return json.dumps(json.loads(json.dumps(page, cls=PlotlyJSONEncoder)), ensure_ascii=False)


def _find(component: object, component_id: str) -> dict | None:
    if isinstance(component, dict):
        if component.get("props", {}).get("id") == component_id:
            return component
        for value in component.get("props", {}).values():
            found = _find(value, component_id)
            if found is not None:
                return found
    if isinstance(component, list):
        for item in component:
            found = _find(item, component_id)
            if found is not None:
                return found
    return None


def _ids_in_order(component: object) -> list[str]:
    """The ids of a rendered page's components, in the order they are on the page."""
    if isinstance(component, list):
        return [i for item in component for i in _ids_in_order(item)]
    if not isinstance(component, dict):
        return []
    props = component.get("props", {})
    own = [props["id"]] if isinstance(props.get("id"), str) else []
    return own + _ids_in_order(props.get("children"))


def _page(app: Dash, **kwargs) -> dict:  # type: ignore[no-untyped-def]
    return json.loads(_render(app, region.layout, **kwargs))


def test_the_page_reads_in_briefing_order(app: Dash) -> None:
    page = _page(app, code=MIDTJYLLAND)
    order = [
        "region-standouts-section",
        "region-above",
        "region-below",
        "region-budget",
        "region-psychiatry-section",
        "region-grid-section",
        "region-indicator-section",
    ]
    ids = _ids_in_order(page)
    positions = [ids.index(part) for part in order]
    assert positions == sorted(positions)
    text = json.dumps(page, ensure_ascii=False)
    assert "Det skiller sig ud" in text and "Flere borgere, samme penge?" in text
    assert "Psykiatrien: region og kommuner" in text


def test_the_standout_table_shows_the_figures_in_danish(con: duckdb.DuckDBPyConnection, app: Dash) -> None:
    table = _find(_page(app, code=MIDTJYLLAND), "region-standouts")
    assert table is not None
    text = json.dumps(table, ensure_ascii=False)
    period, region_value, country_value = _expected_standouts(con, MIDTJYLLAND)["children_placed"]
    row = json.dumps(_find(table, "standout-children_placed"), ensure_ascii=False)
    assert f'"{region_value:.1f}"'.replace(".", ",") in row and f'"{country_value:.1f}"'.replace(".", ",") in row
    assert ("pct. over landet" in row) == (region_value > country_value) and f"· {period}" in row
    assert "Region Midtjylland" in text and "Hele landet" in text and "Forskel" in text
    english = json.dumps(_find(_page(app, code=MIDTJYLLAND, lang="en"), "region-standouts"), ensure_ascii=False)
    assert "Difference" in english and "the country" in english and "landet" not in english


def _grid(app: Dash, **kwargs) -> dict:  # type: ignore[no-untyped-def]
    grid = _find(_page(app, **kwargs), region.OVERVIEW_ID)
    assert grid is not None
    return grid["props"]


def test_grid_pins_the_indicator_the_region_and_the_country_first(app: Dash) -> None:
    columns = _grid(app, code=MIDTJYLLAND)["columnDefs"]
    assert [c["headerName"] for c in columns[:3]] == ["Indikator", "Region Midtjylland", "Hele landet"]
    assert [c.get("pinned") for c in columns[:3]] == ["left"] * 3
    assert not any(c.get("pinned") for c in columns[3:])
    names = [c["headerName"] for c in columns[3:]]
    assert names == sorted(names, key=str.casefold) and len(names) == 19  # the municipalities, by name


def test_grid_columns_fit_their_names_and_rows_carry_their_unit(app: Dash) -> None:
    props = _grid(app, code=MIDTJYLLAND)
    for column in props["columnDefs"][1:]:
        word = area_grid.longest_word(column["headerName"])
        assert column["minWidth"] >= len(word) * area_grid.NARROW.char_px + 2 * area_grid.NARROW.padding_px
    widths = _find(_page(app, code=MIDTJYLLAND), area_grid.widths_id(region.OVERVIEW_ID))
    assert widths is not None
    wide = widths["props"]["data"]["wide"]
    assert wide["area_760"] > area_grid.WIDE.char_px * len("Ringkøbing-Skjern")  # hyphenated: kept whole
    placed = next(r for r in props["rowData"] if r["indicator"].startswith("Anbragte børn og unge"))
    assert "pr. 1.000 befolkning 0\u2060–\u206022 år · 2024" in placed["indicator"]  # '0–22' never broken at its dash
    assert placed[region.AREA_FIELD_PREFIX + MIDTJYLLAND] is not None and placed["decimals"] == 1


def test_the_own_municipality_is_highlighted_from_the_address(app: Dash) -> None:
    columns = _grid(app, code=MIDTJYLLAND, kommune=VIBORG)["columnDefs"]
    own = [c for c in columns if "area-grid-own" in c.get("cellClass", "")]
    assert [c["headerName"] for c in own] == ["Viborg"]
    assert columns[3]["headerName"] == "Viborg"  # first after the pinned region and country
    assert not any("area-grid-own" in c.get("cellClass", "") for c in _grid(app, code=MIDTJYLLAND)["columnDefs"])
    text = _render(app, region.layout, code=MIDTJYLLAND, kommune=VIBORG)
    assert "Viborg er fremhævet." in text
    assert '"own"' in text  # the trend chart draws Viborg as the own municipality


@pytest.mark.parametrize(
    ("url", "status"),
    [
        (f"/region/{MIDTJYLLAND}?kommune={VIBORG}", 200),
        (f"/region/{MIDTJYLLAND}?kommune={VIBORG}&lang=en&indicator=adults_sel108", 200),
        (f"/region/{MIDTJYLLAND}?kommune={KOBENHAVN}", 404),  # not one of the region's
        (f"/region/{MIDTJYLLAND}?kommune=999", 404),
        (f"/region/{MIDTJYLLAND}?kommune=%3Cscript%3E", 404),
    ],
)
def test_the_highlighted_municipality_is_part_of_the_address(client, url: str, status: int) -> None:
    assert client.get(url).status_code == status


def test_resolve_refuses_a_municipality_of_another_region(app: Dash) -> None:
    with app.server.test_request_context("/"):
        state, _ = region.resolve(MIDTJYLLAND, kommune=AARHUS)
        assert state.kommune == AARHUS
        with pytest.raises(NotFound, match=f"kommune={KOBENHAVN}"):
            region.resolve(MIDTJYLLAND, kommune=KOBENHAVN)


def test_the_highlight_stays_while_the_region_does() -> None:
    assert (
        region.update_url(MIDTJYLLAND, "adults_sel108", "count", f"?kommune={VIBORG}&lang=en", f"/region/{MIDTJYLLAND}")
        == f"/region/{MIDTJYLLAND}?indicator=adults_sel108&measure=count&kommune={VIBORG}&lang=en"
    )
    assert (
        region.update_url(NORDJYLLAND, "adults_sel108", "count", f"?kommune={VIBORG}", f"/region/{MIDTJYLLAND}")
        == f"/region/{NORDJYLLAND}?indicator=adults_sel108&measure=count"
    )
    assert ViewState(kommune=VIBORG).query() == f"?kommune={VIBORG}"


def test_the_profile_links_to_its_regions_briefing_with_itself_highlighted(app: Dash) -> None:
    page = json.loads(_render(app, profile.layout, code=VIBORG, lang="en"))
    link = _find(page, "profile-region-link")
    assert link is not None and link["props"]["href"] == f"/region/{MIDTJYLLAND}?kommune={VIBORG}&lang=en"
    viewed = _find(page, "viewed-municipality")
    assert viewed is not None and viewed["props"]["data"] == {"kommune": VIBORG, "region": MIDTJYLLAND}


def test_every_page_remembers_the_last_municipality_and_names_its_region_link(app: Dash) -> None:
    page = _page(app, code=NORDJYLLAND)
    store = _find(page, "last-municipality")
    assert store is not None and store["props"]["storage_type"] == "local"
    nav = _find(page, "nav-region")
    assert nav is not None and nav["props"]["href"] == "/region/084"  # the default until one is viewed
    assert _find(page, "viewed-municipality") is None  # only a municipality's page says which one


@pytest.mark.parametrize(
    ("chart", "series"),
    [
        # the budget view's table is the profile's (dashboard/ui/budget_card.py): 'Periode', series with units
        ("region-budget-children", "Periode;Udgifter (løbende priser);Udgifter (faste priser);Modtagere (personer)"),
        ("region-budget-adults", "Periode;Udgifter (løbende priser);Udgifter (faste priser);Modtagere (personer)"),
        ("region-psychiatry", "Sengedage i psykiatrien (regionen)"),
    ],
)
def test_the_briefings_charts_export_their_numbers(client, chart: str, series: str) -> None:
    from urllib.parse import urlencode

    page = f"/region/{MIDTJYLLAND}?kommune={VIBORG}"
    resp = client.get("/export/view.csv?" + urlencode({"page": page, "chart": chart}))
    assert resp.status_code == 200, chart
    header = resp.get_data().decode("utf-8-sig").splitlines()[0]
    assert header.split(";")[0] in ("period", "Periode") and series in header
