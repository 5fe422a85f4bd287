"""`etl run` end to end against the local StatBank emulator: the warehouse contract, re-runs, and the
guarantee that a failed run leaves the previous warehouse untouched."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import duckdb
import pytest
from small_world import AREAS, MUNICIPALITIES, REGIONS, YEARS, SmallWorld, kids_municipal, municipal_population
from statbank_emulator import make_table

from etl.registry import load_registry
from etl.run import RunError, RunOptions, RunResult, run
from etl.warehouse.validate import ValidationError


def _run(world: SmallWorld, **options) -> RunResult:
    return run(
        RunOptions(db_path=world.db_path, client=world.client(), base_url=world.base_url, **options), world.registry
    )


def _query(db: Path, sql: str, params: list | None = None) -> list[tuple]:
    con = duckdb.connect(str(db), read_only=True)
    try:
        return con.execute(sql, params or []).fetchall()
    finally:
        con.close()


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _data_calls(world: SmallWorld) -> int:
    return sum(1 for endpoint, _ in world.emulator.calls if endpoint == "data")


def test_builds_the_contract_views(small_world: SmallWorld) -> None:
    _run(small_world)
    db = small_world.db_path
    columns = [r[0] for r in _query(db, "select column_name from (describe main.indicator_values)")]
    assert columns == [
        "indicator_id",
        "area_code",
        "area_level",
        "period",
        "value",
        "unit",
        "source_table",
        "is_computed",
    ]
    levels = dict(_query(db, "select area_level, count(*) from main.areas group by all"))
    assert levels == {"land": 1, "region": 5, "kommune": 98}
    indicator_cols = [r[0] for r in _query(db, "select column_name from (describe main.indicators)")]
    assert indicator_cols[:7] == [
        "indicator_id",
        "title_da",
        "title_en",
        "unit",
        "source_table",
        "denominator_id",
        "definition_da",
    ]


def test_values_sums_and_normalised_areas(small_world: SmallWorld) -> None:
    _run(small_world)
    db = small_world.db_path
    value = _query(
        db, "select value from indicator_values where indicator_id='population' and area_code='101' and period='2023'"
    )[0][0]
    assert value == municipal_population("101") + 20
    # 0–1 is the sum of two single ages
    total = municipal_population("101") + 20
    assert (
        _query(
            db,
            "select value from indicator_values where indicator_id='population_0_1' "
            "and area_code='101' and period='2023'",
        )[0][0]
        == 2 * (total // 100) + 1
    )
    # '0' is the country, 998 and 411 are dropped
    codes = {r[0] for r in _query(db, "select distinct area_code from indicator_values")}
    assert "000" in codes and "998" not in codes and "411" not in codes and "0" not in codes
    assert len([c for c in codes if c not in {"000"} and not c.startswith("08")]) == 98


def test_missing_is_null_and_absent_is_zero(small_world: SmallWorld) -> None:
    _run(small_world)
    db = small_world.db_path
    laeso = _query(
        db,
        "select value from indicator_values where indicator_id='children_placed' and area_code='825' and period='2022'",
    )
    assert laeso == [(None,)]
    samsoe = _query(
        db,
        "select value from indicator_values where indicator_id='children_placed' and area_code='741' and period='2022'",
    )
    assert samsoe == [(0.0,)]


def test_regions_computed_from_municipalities_and_marked(small_world: SmallWorld) -> None:
    _run(small_world)
    db = small_world.db_path
    rows = dict(
        _query(
            db,
            "select area_code, value from indicator_values where indicator_id='children_placed' "
            "and area_level='region' and period='2023' and is_computed",
        )
    )
    assert set(rows) == {code for code, _ in REGIONS}
    nord = [
        c
        for c, _ in MUNICIPALITIES
        if c in {"773", "787", "810", "813", "820", "825", "840", "846", "849", "851", "860"}
    ]
    assert rows["081"] == sum(kids_municipal(c, "2023") or 0 for c in nord)
    # A region with a confidential municipality that year has no computed value (not a partial sum).
    assert _query(
        db,
        "select value from indicator_values where indicator_id='children_placed' and area_code='081' and period='2022'",
    ) == [(None,)]
    # The country is published by DST for this table: not computed.
    assert _query(
        db,
        "select is_computed from indicator_values where indicator_id='children_placed' "
        "and area_code='000' and period='2023'",
    ) == [(False,)]


def test_meta_traces_every_number(small_world: SmallWorld) -> None:
    _run(small_world)
    rows = _query(
        small_world.db_path,
        "select source_id, table_id, dst_updated, rows_raw, first_period, "
        "last_period, is_demo, sha256 from main.sources order by source_id",
    )
    assert [r[:3] for r in rows] == [("TKIDS", "TKIDS", "2025-06-20T08:00:00"), ("TPOP", "TPOP", "2025-02-11T08:00:00")]
    assert all(r[3] > 0 and r[4] == "2021" and r[5] == "2023" and r[6] is False and len(r[7]) == 64 for r in rows)
    raw = _query(small_world.db_path, "select count(*) from raw.statbank_responses where endpoint='data'")
    assert raw == [(2,)]


def test_rerun_unchanged_downloads_nothing_and_force_does(small_world: SmallWorld) -> None:
    _run(small_world)
    assert _data_calls(small_world) == 2
    calls_before = len(small_world.emulator.calls)
    _run(small_world)
    assert _data_calls(small_world) == 2
    # one catalogue request answers "what changed?": no tableinfo, no data
    assert [endpoint for endpoint, _ in small_world.emulator.calls[calls_before:]] == ["tables"]
    actions = _query(small_world.db_path, "select action from main.sources")
    assert {a for (a,) in actions} == {"unchanged"}
    assert _query(small_world.db_path, "select count(*) from meta.load_runs") == [(2,)]
    _run(small_world, force=True)
    assert _data_calls(small_world) == 4


def test_catalogue_failure_falls_back_to_tableinfo(small_world: SmallWorld) -> None:
    _run(small_world)
    calls_before = len(small_world.emulator.calls)
    small_world.emulator.fail_next("tables", 500, "oops", times=5)
    _run(small_world)
    endpoints = [endpoint for endpoint, _ in small_world.emulator.calls[calls_before:]]
    assert endpoints.count("tableinfo") == 2 and "data" not in endpoints


def test_changed_updated_stamp_refetches_only_that_table(small_world: SmallWorld) -> None:
    _run(small_world)
    small_world.emulator.set_updated("TKIDS", "2025-09-01T08:00:00")
    _run(small_world)
    data_tables = [body["table"] for endpoint, body in small_world.emulator.calls if endpoint == "data"]
    assert data_tables[2:] == ["TKIDS"]
    assert _query(small_world.db_path, "select dst_updated from main.sources where source_id='TKIDS'") == [
        ("2025-09-01T08:00:00",)
    ]


def test_only_refreshes_named_sources(small_world: SmallWorld) -> None:
    _run(small_world)
    _run(small_world, only=["tkids"], force=True)
    data_tables = [body["table"] for endpoint, body in small_world.emulator.calls if endpoint == "data"]
    assert data_tables[2:] == ["TKIDS"]
    actions = dict(_query(small_world.db_path, "select source_id, action from main.sources"))
    assert actions == {"TKIDS": "fetched", "TPOP": "kept"}
    population = _query(small_world.db_path, "select count(*) from indicator_values where indicator_id='population'")
    assert population[0][0] > 0


def test_unknown_only_source_is_an_error(small_world: SmallWorld) -> None:
    with pytest.raises(Exception, match=r"unknown source.*NOPE"):
        _run(small_world, only=["NOPE"])


def test_failure_mid_run_with_strict_leaves_previous_warehouse_untouched(small_world: SmallWorld) -> None:
    _run(small_world)
    before = _digest(small_world.db_path)
    small_world.emulator.set_updated("TPOP", "2025-12-01T08:00:00")  # only TPOP changed: TKIDS is copied
    small_world.emulator.fail_next("data", 503, "<html>Service Unavailable</html>", times=10)
    with pytest.raises(RunError, match=r"TPOP.*HTTP 503"):
        _run(small_world, strict=True)
    assert _digest(small_world.db_path) == before
    leftovers = [
        p.name
        for p in small_world.db_path.parent.iterdir()
        if p.name != small_world.db_path.name and not p.name.endswith(".lock")
    ]
    assert leftovers == []
    assert _query(small_world.db_path, "select count(*) from meta.load_runs") == [(1,)]


def _facts(db: Path, source_id: str) -> list[tuple]:
    return _query(
        db,
        "select indicator_id, area_code, period, value, is_computed from facts.indicator_values "
        "where source_id = ? order by all",
        [source_id],
    )


def test_a_failing_source_keeps_its_previous_data_and_the_others_are_refreshed(small_world: SmallWorld) -> None:
    _run(small_world)
    kids_before = _facts(small_world.db_path, "TKIDS")
    pop = small_world.emulator.tables["TPOP"]
    pop.rows[:] = [
        {**r, "INDHOLD": str(int(r["INDHOLD"]) + 1)} if r["OMRÅDE"] == "101" and r["ALDER"] == "IALT" else r
        for r in pop.rows
    ]
    for table in ("TPOP", "TKIDS"):
        small_world.emulator.set_updated(table, "2025-12-01T08:00:00")
    small_world.emulator.fail_next("data", 503, "<html>Service Unavailable</html>", times=2)  # TKIDS comes first
    result = _run(small_world)
    assert [(f.source_id, f.table) for f in result.failures] == [("TKIDS", "TKIDS")]
    assert "HTTP 503" in result.failures[0].message and result.failures[0].kept_from
    assert _facts(small_world.db_path, "TKIDS") == kids_before  # the previous data is served
    population = _query(
        small_world.db_path,
        "select value from indicator_values where indicator_id = "
        "'population' and area_code = '101' and period = '2023'",
    )
    assert population == [(float(municipal_population("101") + 20 + 1),)]  # the other source was refreshed
    status = dict(_query(small_world.db_path, "select source_id, status from main.sources"))
    assert status["TKIDS"] == "stale" and status["TPOP"] == "ok"
    error = _query(small_world.db_path, "select error from main.sources where source_id = 'TKIDS'")[0][0]
    assert "HTTP 503" in error and "try again later" in error
    # The next run tries again (DST's stamp is still newer than the data) and clears the mark.
    result = _run(small_world)
    assert result.failures == []
    assert dict(_query(small_world.db_path, "select source_id, status from main.sources"))["TKIDS"] == "ok"


def test_a_source_failing_on_the_first_run_is_missing_and_the_rest_is_served(small_world: SmallWorld) -> None:
    small_world.emulator.fail_next(
        "tableinfo", 400, json.dumps({"errorTypeCode": "EXTRACT-NOTFOUND", "message": "Tabel findes ikke: TKIDS"})
    )
    result = _run(small_world)  # TKIDS (tkids.yaml) is checked first
    assert [(f.source_id, f.kept_from) for f in result.failures] == [("TKIDS", None)]
    assert "Tabel findes ikke: TKIDS" in result.failures[0].message
    rows = dict(_query(small_world.db_path, "select source_id, status from main.sources"))
    assert rows["TKIDS"] == "missing" and rows["TPOP"] == "ok"
    assert _facts(small_world.db_path, "TKIDS") == []
    assert _facts(small_world.db_path, "TPOP")
    # A later run that is asked for nothing else keeps it recorded as missing.
    _run(small_world, only=["TPOP"])
    assert dict(_query(small_world.db_path, "select source_id, status from main.sources"))["TKIDS"] == "missing"


def test_validation_failure_with_strict_keeps_previous_warehouse(small_world: SmallWorld) -> None:
    _run(small_world)
    before = _digest(small_world.db_path)
    _drop_copenhagen(small_world)
    with pytest.raises(ValidationError, match=r"municipalities_complete.*children_placed.*97"):
        _run(small_world, strict=True)
    assert _digest(small_world.db_path) == before


def _drop_copenhagen(world: SmallWorld) -> None:
    table = world.emulator.tables["TKIDS"]
    table.rows[:] = [r for r in table.rows if r["ADMKOM"] != "101"]  # København disappears from the table
    for var in table.tableinfo["variables"]:
        if var["id"] == "ADMKOM":
            var["values"] = [v for v in var["values"] if v["id"] != "101"]
    world.emulator.set_updated("TKIDS", "2025-12-01T08:00:00")


def test_validation_failure_of_one_fetched_source_sends_it_back_to_its_previous_data(small_world: SmallWorld) -> None:
    _run(small_world)
    kids_before = _facts(small_world.db_path, "TKIDS")
    _drop_copenhagen(small_world)
    small_world.emulator.set_updated("TPOP", "2025-12-01T08:00:00")
    result = _run(small_world)
    assert [f.source_id for f in result.failures] == ["TKIDS"]
    assert "check municipalities_complete failed" in result.failures[0].message
    assert _facts(small_world.db_path, "TKIDS") == kids_before
    sources = {r[0]: r[1:] for r in _query(small_world.db_path, "select source_id, status, action from main.sources")}
    assert sources["TKIDS"] == ("stale", "failed") and sources["TPOP"] == ("ok", "fetched")


def test_missing_denominator_fails_validation(small_world: SmallWorld) -> None:
    with pytest.raises(ValidationError, match=r"denominators_loaded.*population_0_1"):
        _run(small_world, only=["TKIDS"])
    assert not small_world.db_path.exists()


def test_readers_keep_reading_during_and_after_a_run(small_world: SmallWorld) -> None:
    _run(small_world)
    reader = duckdb.connect(str(small_world.db_path), read_only=True)
    try:
        before = reader.execute("select count(*) from indicator_values").fetchone()
        _run(small_world, force=True)
        # The open reader still sees the complete old file; a new reader sees the new one.
        assert reader.execute("select count(*) from indicator_values").fetchone() == before
    finally:
        reader.close()
    assert _query(small_world.db_path, "select count(*) from meta.load_runs") == [(2,)]


def test_a_second_concurrent_run_is_refused(small_world: SmallWorld) -> None:
    import fcntl

    small_world.db_path.parent.mkdir(parents=True)
    lock = small_world.db_path.with_name(f".{small_world.db_path.name}.lock")
    with lock.open("a+") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        with pytest.raises(RunError, match="another `etl run`"):
            _run(small_world)


def _square_municipalities(path: Path) -> None:
    """98 hand-made squares on a grid, coded like DAGI ('0101'), København with a second island part."""
    features = []
    for n, (code, name) in enumerate(MUNICIPALITIES):
        x, y = 8 + (n % 10) * 0.5, 54.5 + (n // 10) * 0.3
        ring = [[x, y], [x + 0.4, y], [x + 0.4, y + 0.25], [x, y + 0.25], [x, y]]
        features.append(
            {
                "type": "Feature",
                "properties": {"KOMKODE": code.zfill(4), "KOMNAVN": name},
                "geometry": {"type": "Polygon", "coordinates": [ring]},
            }
        )
    island = [[7.0, 54.0], [7.1, 54.0], [7.1, 54.1], [7.0, 54.1], [7.0, 54.0]]
    features.append(
        {
            "type": "Feature",
            "properties": {"KOMKODE": "0101", "KOMNAVN": "København"},
            "geometry": {"type": "Polygon", "coordinates": [island]},
        }
    )
    path.write_text(json.dumps({"type": "FeatureCollection", "features": features}), encoding="utf-8")


def test_boundaries_are_loaded_and_kept_across_runs(small_world: SmallWorld, tmp_path: Path) -> None:
    geojson = tmp_path / "kommuner.geojson"
    _square_municipalities(geojson)
    _run(small_world, boundaries=str(geojson))
    db = small_world.db_path
    assert _query(db, "select count(*), count(distinct area_code) from geo.municipality_boundaries") == [(98, 98)]
    kbh = _query(db, "select geometry_geojson from geo.municipality_boundaries where area_code = '101'")[0][0]
    assert '"MultiPolygon"' in kbh  # the island was dissolved into København's one shape
    assert _query(db, "select table_id, rows_raw from main.sources where source_id = 'BOUNDARIES'") == [
        ("BOUNDARIES", 98)
    ]
    _run(small_world)  # no --boundaries: the shapes stay
    assert _query(db, "select count(*) from geo.municipality_boundaries") == [(98,)]


def test_a_file_option_without_its_source_is_an_error(small_world: SmallWorld, tmp_path: Path) -> None:
    with pytest.raises(RunError, match=r"--bed-days-file was given, but no source of kind bed_days_file"):
        _run(small_world, bed_days_file=tmp_path / "x.csv")


def test_an_edited_source_definition_is_derived_again(small_world: SmallWorld) -> None:
    _run(small_world)
    source = small_world.registry.sources["TKIDS"]
    source.path.write_text(source.path.read_text(encoding="utf-8") + "# a rule was edited\n", encoding="utf-8")
    _run(small_world)  # DST has published nothing new, but the definition changed
    data_tables = [body["table"] for endpoint, body in small_world.emulator.calls if endpoint == "data"]
    assert data_tables[2:] == ["TKIDS"]


SHARE_YAML = """
id: TSHARE
kind: statbank
table: TSHARE
title_da: Testandel
area_variable: ADMKOM
municipal: true
request:
  ADMKOM: ["*"]
  KØN: total
  Tid: ["*"]
indicators:
  share_0_1:
    select: {KØN: total}
"""


def test_a_rate_gets_regions_and_country_as_population_weighted_means(small_world: SmallWorld, tmp_path: Path) -> None:
    """A per-cent table published for municipalities only: its regions and the country are the municipalities'
    mean weighted by the denominator (never a sum), and a confidential part makes the aggregate missing."""
    sources = tmp_path / "sources"
    (sources / "tshare.yaml").write_text(SHARE_YAML, encoding="utf-8")
    catalogue = tmp_path / "indicators.csv"
    catalogue.write_text(
        catalogue.read_text(encoding="utf-8")
        + "share_0_1,children,Andel,Share,percent,population_0_1,weighted_mean,Andel.,neutral\n",
        encoding="utf-8",
    )
    registry = load_registry(sources, catalogue)

    def share(codes: dict[str, str]) -> str | None:
        if codes["ADMKOM"] == "825" and codes["Tid"] == "2022":
            return ".."
        return f"{int(codes['ADMKOM']) % 7 + 1},5" if codes["KON"] == "0" else None

    info, rows = make_table(
        "TSHARE",
        [("ADMKOM", "administrationskommune", MUNICIPALITIES), ("KON", "køn", [("0", "Køn i alt"), ("D", "Drenge")])],
        YEARS,
        share,
        unit="Pct.",
    )
    small_world.emulator.add_table(info, rows)
    run(RunOptions(db_path=small_world.db_path, client=small_world.client(), base_url=small_world.base_url), registry)
    values = dict(
        ((a, p), v)
        for a, p, v in _query(
            small_world.db_path,
            "select area_code, period, value from indicator_values where indicator_id = 'share_0_1'",
        )
    )
    weights = {
        m: _query(
            small_world.db_path,
            "select value from indicator_values where indicator_id = "
            "'population_0_1' and area_code = ? and period = '2023'",
            [m],
        )[0][0]
        for m, _ in MUNICIPALITIES
    }
    expected = sum((int(m) % 7 + 1.5) * w for m, w in weights.items()) / sum(weights.values())
    assert values[("000", "2023")] == pytest.approx(expected)
    north = [a["area_code"] for a in AREAS if a["area_level"] == "kommune" and a["region_code"] == "081"]
    expected_north = sum((int(m) % 7 + 1.5) * weights[m] for m in north) / sum(weights[m] for m in north)
    assert values[("081", "2023")] == pytest.approx(expected_north)
    assert values[("081", "2022")] is None and values[("000", "2022")] is None  # Læsø confidential in 2022
    assert values[("082", "2022")] is not None
    computed = _query(
        small_world.db_path,
        "select bool_and(is_computed) from indicator_values where indicator_id = "
        "'share_0_1' and area_level <> 'kommune'",
    )
    assert computed == [(True,)]
