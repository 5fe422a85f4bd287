"""Stale and missing sources, wherever a user looks: the notice on every page, "Ingen data" in place of an
indicator whose source never loaded, the stale mark in source lines, the status on Om data, /health; and the new
units (per cent, stays per person) as rates: their own value and the index only, one decimal, gaps never 0.

Warehouses are copies of the session's demo warehouse changed as `etl run` leaves them: UND1 stale (its refresh
failed; its previous figures are served), BU43 and SBR04 missing (never loaded: no facts at all)."""

from __future__ import annotations

import json
import math
import re
import shutil
import uuid
from pathlib import Path
from urllib.parse import parse_qsl, urlsplit

import duckdb
import pandas as pd
import pytest
from dash import Dash
from plotly.utils import PlotlyJSONEncoder
from plotly_schema import validated

from dashboard.app import _page_exists, cached_layout, create_app, render_page
from dashboard.charts import views as charts
from dashboard.core.formatting import format_amount, format_point_change
from dashboard.core.measures import IndicatorInfo, available_measures, decimals_for, measure_label, measure_option
from dashboard.core.state import ViewState
from dashboard.core.texts import unit_label
from dashboard.pages import about, area_map, compare, overview, profile, region
from dashboard.warehouse import selectors as ctx
from dashboard.web.render_cache import router_request

STALE_ERROR = "UND1: StatBank svarede 503 Service Unavailable tre gange; kør `etl run --only UND1` igen senere."
BU43_ERROR = "BU43: StatBank kender ikke variablen FORANSTALT; ret etl/sources/bu43.yaml efter tableinfo."
SBR04_ERROR = "SBR04: tidsgrænsen blev overskredet; kør `etl run --only SBR04` igen."
STALE_FETCHED = "2025-03-12 08:00:00+00"

NOTICE_STALE_DA = "UND1 (underretninger) kunne ikke hentes ved seneste kørsel; de viste tal er fra 12.03.2025."
NOTICE_MISSING_DA = (
    "Mangler: BU43 er ikke indlæst; tal for børn og unge med foranstaltninger (pct. af 0–22-årige) vises ikke."
)
NO_DATA_BU43 = "Ingen data: kilden BU43 er ikke indlæst (se Om data)"
NO_DATA_SBR04 = "Ingen data: kilden SBR04 er ikke indlæst (se Om data)"
STALE_MARK = "(ikke opdateret ved seneste kørsel)"


def _copy(demo_db: Path, target: Path) -> duckdb.DuckDBPyConnection:
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(demo_db, target)
    con = duckdb.connect(str(target))
    # A new data version, as every run writes: page renders and derived values are kept per data version.
    con.execute("update meta.info set value = ? where key = 'data_version'", [uuid.uuid4().hex])
    return con


def _latest_snapshot(source_id: str) -> str:
    return (
        f"source_id = '{source_id}' and run_id = "
        f"(select max(run_id) from meta.source_snapshots where source_id = '{source_id}')"
    )


def _make_stale(con: duckdb.DuckDBPyConnection, source_id: str, error: str, fetched_at: str) -> None:
    con.execute(
        f"update meta.source_snapshots set status = 'stale', action = 'failed', error = ?, fetched_at = ? "
        f"where {_latest_snapshot(source_id)}",
        [error, fetched_at],
    )


def _make_missing(con: duckdb.DuckDBPyConnection, source_id: str, error: str) -> None:
    con.execute("delete from facts.indicator_values where source_id = ?", [source_id])
    con.execute(
        f"update meta.source_snapshots set status = 'missing', action = 'failed', error = ?, rows_raw = 0, "
        f"rows_facts = 0, first_period = null, last_period = null, fetched_at = null, dst_updated = null, "
        f"sha256 = null where {_latest_snapshot(source_id)}",
        [error],
    )


@pytest.fixture(scope="module")
def degraded_db(demo_db: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    db = tmp_path_factory.mktemp("degraded") / "socialtal.duckdb"
    con = _copy(demo_db, db)
    _make_stale(con, "UND1", STALE_ERROR, STALE_FETCHED)
    _make_missing(con, "BU43", BU43_ERROR)
    _make_missing(con, "SBR04", SBR04_ERROR)
    con.close()
    return db


@pytest.fixture(scope="module")
def degraded(degraded_db: Path) -> Dash:
    return create_app(degraded_db)


@pytest.fixture(scope="module")
def gappy(demo_db: Path, tmp_path_factory: pytest.TempPathFactory) -> Dash:
    """BU43's country and region values absent for the latest year (DST publishes '..' there)."""
    db = tmp_path_factory.mktemp("gappy") / "socialtal.duckdb"
    con = _copy(demo_db, db)
    con.execute(
        "update facts.indicator_values set value = null where indicator_id = 'children_support_share' "
        "and period = '2024' and area_code in ('000', '081', '082', '083', '084', '085')"
    )
    con.close()
    return create_app(db)


def render(app: Dash, layout, **kwargs) -> str:
    """The page as the router draws it, as the JSON the browser gets."""
    with app.server.test_request_context("/"):
        page = cached_layout(layout)(**kwargs)
        return json.dumps(json.loads(json.dumps(page, cls=PlotlyJSONEncoder)), ensure_ascii=False)


def find(component: object, component_id: str) -> dict | None:
    """The component with this id in a rendered page (as JSON data)."""
    if isinstance(component, dict):
        if component.get("props", {}).get("id") == component_id:
            return component
        for value in component.get("props", {}).values():
            found = find(value, component_id)
            if found is not None:
                return found
    if isinstance(component, list):
        for item in component:
            found = find(item, component_id)
            if found is not None:
                return found
    return None


def page_json(app: Dash, layout, **kwargs) -> dict:
    return json.loads(render(app, layout, **kwargs))


PAGES = [
    (overview.layout, {}),
    (profile.layout, {"code": "101"}),
    (compare.layout, {}),
    (area_map.layout, {}),
    (region.layout, {"code": "081"}),
    (about.layout, {}),
]


# --- the notice on every page ------------------------------------------------------------------------------------


@pytest.mark.parametrize(("layout", "kwargs"), PAGES, ids=lambda p: getattr(p, "__module__", str(p)))
def test_every_page_names_the_stale_and_the_missing_sources(degraded: Dash, layout, kwargs: dict) -> None:
    page = page_json(degraded, layout, **kwargs)
    notice = find(page, "source-notice")
    assert notice is not None
    text = json.dumps(notice, ensure_ascii=False)
    assert "Nogle tal er ikke opdateret:" in text
    assert NOTICE_STALE_DA in text
    assert NOTICE_MISSING_DA in text
    assert (
        "Mangler: SBR04 er ikke indlæst; tal for personer med ophold i psykiatrien (hele landet) m.fl. vises "
        "ikke." in text
    )
    assert text.count("source-notice-line") == 3  # one line per source, nothing else
    assert find(page, "source-notice-link")["props"]["href"] == "/om-data"


def test_the_notice_in_english_links_to_the_english_about_page(degraded: Dash) -> None:
    page = page_json(degraded, profile.layout, code="751", lang="en")
    text = json.dumps(find(page, "source-notice"), ensure_ascii=False)
    assert "Some figures are not up to date:" in text
    assert (
        "UND1 (notifications of concern) could not be fetched in the latest run; the figures shown are from "
        "12.03.2025." in text
    )
    assert (
        "Missing: BU43 is not loaded; figures for children and young people with support (% of "
        "0–22-year-olds) are not shown." in text
    )
    assert find(page, "source-notice-link")["props"]["href"] == "/om-data?lang=en"


def test_no_notice_when_every_source_is_ok(app: Dash) -> None:
    for layout, kwargs in PAGES:
        assert find(page_json(app, layout, **kwargs), "source-notice") is None, layout.__module__


def test_the_router_serves_the_notice(degraded: Dash) -> None:
    """Through the real page router callback (and its render cache), not only the layout function."""
    client = degraded.server.test_client()
    resp = client.post("/_dash-update-component", json=router_request("/kort", "?lang=en"))
    assert resp.status_code == 200
    text = json.dumps(resp.get_json(), ensure_ascii=False)
    assert "Some figures are not up to date:" in text and "Missing: SBR04 is not loaded" in text


# --- indicators of a missing source, and of a stale one ---------------------------------------------------------


def test_profile_says_plainly_that_a_missing_source_has_no_data(degraded: Dash) -> None:
    page = page_json(degraded, profile.layout, code="101")
    card = find(page, "profile-children_support_share-card")
    assert card is not None
    text = json.dumps(card, ensure_ascii=False)
    assert "Børn og unge med foranstaltninger (pct. af 0–22-årige)" in text and NO_DATA_BU43 in text
    assert '"href": "/om-data"' in text
    assert find(page, "profile-children_support_share") is None  # no empty chart
    # national-only SBR04 belongs on the front page, not on a municipality's profile
    assert "psychiatry_population_share_national" not in json.dumps(page)
    assert NO_DATA_SBR04 not in json.dumps(page, ensure_ascii=False)


def test_a_stale_source_is_marked_in_its_source_lines(degraded: Dash) -> None:
    page = page_json(degraded, profile.layout, code="101")
    stale = json.dumps(find(page, "profile-notifications"), ensure_ascii=False)
    assert "statistikbanken.dk/UND1" in stale and STALE_MARK in stale
    fresh = json.dumps(find(page, "profile-children_placed"), ensure_ascii=False)
    assert "statistikbanken.dk/ANBAAR12" in fresh and STALE_MARK not in fresh
    english = render(degraded, compare.layout, indicator="notifications", lang="en")
    assert "(not refreshed in the latest run)" in english


def test_front_page_shows_no_data_cards_for_missing_national_and_municipal_indicators(degraded: Dash) -> None:
    page = page_json(degraded, overview.layout)
    for indicator_id, message in (
        ("psychiatry_population_share_national", NO_DATA_SBR04),
        ("psychiatry_stays_per_person_national", NO_DATA_SBR04),
        ("psychiatry_hospital_use_national", NO_DATA_SBR04),
        ("children_support_share", NO_DATA_BU43),
    ):
        card = find(page, f"overview-{indicator_id}-card")
        assert card is not None, indicator_id
        assert message in json.dumps(card, ensure_ascii=False)
    assert STALE_MARK in render(degraded, overview.layout)  # the notifications card's source line


@pytest.mark.parametrize("layout", [compare.layout, area_map.layout])
def test_compare_and_map_explain_a_missing_indicator_instead_of_drawing_nothing(degraded: Dash, layout) -> None:
    page = page_json(degraded, layout, indicator="children_support_share")
    text = json.dumps(page, ensure_ascii=False)
    assert NO_DATA_BU43 in text
    assert "Børn og unge med foranstaltninger (pct. af 0–22-årige) (ingen data)" in text  # in the picker
    assert '"type": "heatmap"' not in text and '"type": "bar"' not in text


def test_region_lists_a_missing_indicator_as_a_row_that_says_why(degraded: Dash) -> None:
    text = render(degraded, region.layout, code="081").replace("\u2060", "")  # the grid's word joiners: '0–22'
    assert f"Børn og unge med foranstaltninger (pct. af 0–22-årige): {NO_DATA_BU43}" in text
    assert NO_DATA_BU43 in render(degraded, region.layout, code="081", indicator="children_support_share")


@pytest.mark.parametrize(
    "url",
    [
        "/sammenlign?indicator=children_support_share",
        "/kort?indicator=children_support_share",
        "/region/083?indicator=children_support_share&lang=en",
    ],
)
def test_a_missing_indicator_address_is_a_page_not_a_404(degraded: Dash, url: str) -> None:
    parts = urlsplit(url)
    query = dict(parse_qsl(parts.query))
    with degraded.server.test_request_context(url):
        assert _page_exists(parts.path, query)
        assert render_page(parts.path, query) is not None
    assert degraded.server.test_client().get(url).status_code == 200


def test_the_default_view_does_not_open_on_a_missing_indicator(demo_db: Path, tmp_path: Path) -> None:
    con = _copy(demo_db, tmp_path / "no-placements.duckdb")
    _make_missing(con, "ANBAAR12", "ANBAAR12: not loaded")
    con.close()
    app = create_app(tmp_path / "no-placements.duckdb")
    text = render(app, compare.layout)
    assert "Ingen data: kilden ANBAAR12" not in text and '"type": "bar"' in text  # the first loaded indicator
    assert "Ingen data: kilden ANBAAR12 er ikke indlæst (se Om data)" in render(
        app, compare.layout, indicator="children_placed"
    )


def test_download_of_a_missing_indicator_says_why(degraded: Dash) -> None:
    resp = degraded.server.test_client().get("/data/children_support_share.csv")
    assert resp.status_code == 404
    assert NO_DATA_BU43 in resp.get_data(as_text=True)


# --- Om data -------------------------------------------------------------------------------------------------------


def test_about_shows_each_sources_status_and_the_error_of_the_latest_run(degraded: Dash) -> None:
    page = page_json(degraded, about.layout)
    rows = {
        source: json.dumps(find(page, f"source-{source.lower()}"), ensure_ascii=False)
        for source in ("UND1", "BU43", "SBR04", "FOLK1A", "ANBAAR12")
    }
    assert '"Forældet"' in rows["UND1"] and STALE_ERROR in rows["UND1"] and "12.03.2025" in rows["UND1"]
    assert '"Mangler"' in rows["BU43"] and BU43_ERROR in rows["BU43"]
    assert "Børn og unge med foranstaltninger (pct. af 0–22-årige)" in rows["BU43"]  # what it would feed
    assert '"Mangler"' in rows["SBR04"] and SBR04_ERROR in rows["SBR04"]
    for ok in ("FOLK1A", "ANBAAR12"):
        assert '"OK"' in rows[ok] and "Forældet" not in rows[ok] and "Mangler" not in rows[ok]
    grid = find(page, "about-sources")["props"]["rowData"]
    status = {row["Indikator"]: row["Status"] for row in grid}
    assert status["Underretninger"] == "Forældet"
    assert status["Børn og unge med foranstaltninger (pct. af 0–22-årige)"] == "Mangler"
    assert status["Anbragte børn og unge"] == "OK"


def test_about_in_english(degraded: Dash) -> None:
    page = page_json(degraded, about.layout, lang="en")
    assert '"Stale"' in json.dumps(find(page, "source-und1"))
    assert '"Missing"' in json.dumps(find(page, "source-bu43"))


# --- /health -----------------------------------------------------------------------------------------------------


def test_health_is_degraded_but_200_and_names_the_sources(degraded: Dash) -> None:
    resp = degraded.server.test_client().get("/health")
    assert resp.status_code == 200
    body = resp.get_json()
    assert body["status"] == "degraded"
    assert body["sources"] == {"stale": ["UND1"], "missing": ["BU43", "SBR04"]}
    assert body["demo"] is True and len(body["data_version"]) == 32


def test_health_is_ok_when_every_source_is(app: Dash) -> None:
    body = app.server.test_client().get("/health").get_json()
    assert body["status"] == "ok" and body["sources"] == {"stale": [], "missing": []}


# --- the new units and rates ------------------------------------------------------------------------------------


def test_units_of_the_new_indicators_in_both_languages() -> None:
    assert unit_label("percent", "da") == "pct." and unit_label("percent", "en") == "per cent"
    assert unit_label("stays_per_person", "da") == "ophold pr. person"
    assert unit_label("stays_per_person", "en") == "stays per person"


@pytest.mark.parametrize(
    "info",
    [
        IndicatorInfo("children_support_share", "percent", "population_0_22", "weighted_mean", "Befolkning 0–22 år"),
        IndicatorInfo("psychiatry_population_share_national", "percent", None, "none"),
        IndicatorInfo("psychiatry_stays_per_person_national", "stays_per_person", None, "none"),
        IndicatorInfo("a_rate_in_persons", "persons", "population", "weighted_mean"),  # the aggregation decides too
    ],
)
def test_a_rate_is_never_per_1000_nor_a_share_of_the_country(info: IndicatorInfo) -> None:
    assert available_measures(info) == ["count", "index"]
    assert measure_option("count", info, "da") == "Værdi" and measure_option("count", info, "en") == "Value"
    assert decimals_for("count", info) == 1 and decimals_for("index", info) == 1


def test_counts_keep_their_units_and_decimals() -> None:
    people = IndicatorInfo("children_placed", "persons", "population_0_22", "sum", "Befolkning 0–22 år")
    assert available_measures(people) == ["count", "per_capita", "index", "share"]
    assert measure_option("count", people) == "Antal" and decimals_for("count", people) == 0


def test_rates_are_formatted_with_one_decimal() -> None:
    assert format_amount(3.27, "percent", "da") == ("3,3", "")
    assert format_amount(2.04, "stays_per_person", "en") == ("2.0", "")
    assert format_amount(11_149, "persons", "da") == ("11.149", "")
    assert format_point_change(0.26, "da") == "+0,3 procentpoint"
    assert format_point_change(-1.2, "en") == "−1.2 percentage points"


def test_the_new_indicators_from_the_warehouse_are_rates(app: Dash) -> None:
    with app.server.test_request_context("/"):
        warehouse = ctx.current_warehouse()
        for indicator_id, unit in (
            ("children_support_share", "pct."),
            ("psychiatry_population_share_national", "pct."),
            ("psychiatry_stays_per_person_national", "ophold pr. person"),
        ):
            info = ctx.indicator_info(warehouse, indicator_id)
            assert available_measures(info) == ["count", "index"], indicator_id
            assert measure_label("count", info) == unit
        assert "children_support_share" in ctx.municipal_indicator_ids(warehouse)
        national = set(ctx.municipal_indicator_ids(warehouse))
        assert "psychiatry_population_share_national" not in national
        assert "psychiatry_stays_per_person_national" not in national


def test_profile_shows_the_share_with_one_decimal_whatever_the_pages_unit(app: Dash) -> None:
    for measure in (None, "per_capita", "share"):
        kwargs = {"code": "101"} | ({"measure": measure} if measure else {})
        page = page_json(app, profile.layout, **kwargs)
        card = json.dumps(find(page, "profile-children_support_share-card"), ensure_ascii=False)
        assert "pr. 1.000" not in card and "pct. af hele landet" not in card, measure
        assert "pct. · 2015–2024" in card  # the unit line of the chart
        assert ":,.1f}" in card  # hover with one decimal
        # '5,0 pct. i 2024 (Region Hovedstaden 4,1, landet 3,3); steget 0,1 procentpoint siden 2019; nr. 3 af 98
        # kommuner (1 = højest).'
        summary = re.search(r'"children": "([^"]* i 2024[^"]*)"', card)
        assert summary is not None, card
        assert re.fullmatch(
            r"\d+,\d pct\. i 2024 \(Region Hovedstaden \d+,\d, landet \d+,\d\); "
            r"(steget|faldet) \d+,\d procentpoint siden \d{4}; nr\. \d+ af 98 kommuner \(1 = højest\)\.",
            summary.group(1),
        ), summary.group(1)
        if measure:  # the card's image and embed links name a unit the chart has
            assert f"measure={measure}" not in card and "measure=count" in card


def test_front_page_has_the_new_national_figures(app: Dash) -> None:
    text = render(app, overview.layout)
    for title, unit in (
        ("Andel af befolkningen med ophold i psykiatrien (hele landet)", "pct."),
        ("Ophold pr. person i psykiatrien (hele landet)", "ophold pr. person"),
        ("Børn og unge med foranstaltninger (pct. af 0–22-årige)", "pct."),
    ):
        card = text[text.index(title) :][:1000]  # the card: title, number, unit and period, change, sparkline
        number = re.search(r'"children": "(\d+,\d)", "className": "fs-4', card)
        assert number is not None, card  # one decimal: 2,1 not 2
        assert f'"children": " {unit} · 2024"' in card
        assert "%{y:,.1f}" in card  # the sparkline's hover, one decimal too
    share = text[text.index("Andel af befolkningen med ophold i psykiatrien") :][:700]
    assert "procentpoint på fem år" in share  # a share changes by percentage points, not by per cent of itself
    english = render(app, overview.layout, lang="en")
    assert " stays per person · 2024" in english and "Psychiatric stays per person (national)" in english


@pytest.mark.parametrize(
    ("layout", "kwargs"),
    [
        (compare.layout, {"indicator": "children_support_share"}),
        (compare.layout, {"indicator": "children_support_share", "measure": "per_capita"}),  # kept from another one
        (area_map.layout, {"indicator": "children_support_share", "measure": "index"}),
        (region.layout, {"code": "082", "indicator": "children_support_share"}),
    ],
)
def test_sammenlign_kort_and_region_offer_the_share_as_a_value_and_an_index(app: Dash, layout, kwargs: dict) -> None:
    page = page_json(app, layout, **kwargs)
    prefix = {compare.layout: "compare", area_map.layout: "map", region.layout: "region"}[layout]
    picker = find(page, f"{prefix}-measure")
    assert [o["value"] for o in picker["props"]["options"]] == ["count", "index"]
    assert picker["props"]["options"][0]["label"] == "Værdi"
    assert picker["props"]["value"] == kwargs.get("measure", "count").replace("per_capita", "count")
    # The region page's briefing names every indicator's unit on its row (pr. 1.000 …): look at its chosen
    # indicator's charts only.
    text = json.dumps(find(page, "region-indicator-section") if layout is region.layout else page, ensure_ascii=False)
    assert "Børn og unge med foranstaltninger (pct. af 0–22-årige)" in text
    assert "pr. 1.000" not in text and "pct. af hele landet" not in text
    unit = "indeks (" if kwargs.get("measure") == "index" else "pct. · "
    assert unit in text  # the charts' unit line


def test_a_missing_country_value_of_a_weighted_mean_is_a_gap_never_0(gappy: Dash) -> None:
    with gappy.server.test_request_context("/"):
        warehouse = ctx.current_warehouse()
        own = ctx.municipalities(warehouse).set_index("area_code", drop=False).loc["101"]
        chart = charts.municipality_trend(warehouse, "children_support_share", own, ViewState(), [])
        assert chart is not None
        lines = {
            trace.meta: [float(v) for v in trace.y] for trace in validated(chart.figure).data if trace.meta != "peer"
        }
        assert math.isnan(lines["country"][-1]) and math.isnan(lines["region"][-1])  # a gap ...
        assert all(v > 0 for v in lines["country"][:-1])  # ... where the rest is drawn
        assert lines["own"][-1] > 0
        assert chart.latest == "2024"
    page = page_json(gappy, profile.layout, code="101")
    card = json.dumps(find(page, "profile-children_support_share-card"), ensure_ascii=False)
    assert "landet .." in card and "landet 0" not in card
    table = render(gappy, region.layout, code="084", indicator="children_support_share")
    assert "Ingen værdi" not in table  # the municipalities are all there; only the region and country are absent
    front = json.dumps(find(page_json(gappy, overview.layout), "main"), ensure_ascii=False)
    assert "pct. · 2023" in front  # the latest published national value, not a 0 for 2024


def test_source_status_query_lists_each_indicator_of_a_non_ok_source(degraded_db: Path) -> None:
    from dashboard.warehouse.queries import Warehouse

    frame = Warehouse(degraded_db).query("source_status")
    assert list(frame["source_id"].drop_duplicates()) == ["UND1", "BU43", "SBR04"]  # stale first
    assert set(frame.loc[frame["source_id"] == "SBR04", "indicator_id"]) == {
        "psychiatry_hospital_use_national",
        "psychiatry_population_share_national",
        "psychiatry_stays_per_person_national",
    }
    und1 = frame[frame["source_id"] == "UND1"].iloc[0]
    assert und1["status"] == "stale" and und1["error"] == STALE_ERROR and und1["fetched_at"] == "2025-03-12"
    assert pd.isna(frame.loc[frame["source_id"] == "BU43", "fetched_at"]).all()


def test_a_warehouse_from_before_source_status_is_served_as_all_ok(demo_db: Path, tmp_path: Path) -> None:
    """Schema version 2 had no status column: until the next `etl run`, pages and /health treat every source as
    ok instead of failing."""
    con = _copy(demo_db, tmp_path / "schema2.duckdb")
    con.execute(
        "create or replace view main.sources as select source_id, table_id, kind, dst_updated, fetched_at, url, "
        "request_json, sha256, rows_raw, rows_facts, first_period, last_period, is_demo, run_id as last_run_id, "
        "action from meta.source_snapshots"
    )
    con.close()
    app = create_app(tmp_path / "schema2.duckdb")
    body = app.server.test_client().get("/health").get_json()
    assert body["status"] == "ok" and body["sources"] == {"stale": [], "missing": []}
    page = page_json(app, about.layout)
    assert find(page, "source-notice") is None and '"OK"' in json.dumps(find(page, "source-und1"))
