"""Series breaks (issue 11, part 6): declared under `breaks:` in the source YAML files, refused with the file and
the key when malformed, no part of a source's fingerprint (they derive no facts), loaded every run into
dim.series_breaks and read through the documented view main.series_breaks; a warehouse built before them gets
them at its next run."""

from __future__ import annotations

import shutil
from pathlib import Path

import duckdb
import pytest
import yaml

from etl.cli import main as etl_main
from etl.registry import CATALOGUE_PATH, SOURCES_DIR, RegistryError, load_registry, load_source

CONTRACT = yaml.safe_load((SOURCES_DIR.parent / "warehouse" / "contract.yaml").read_text(encoding="utf-8"))
SOURCE = """id: X
kind: statbank
table: X
title_da: t
area_variable: null
municipal: false
request: {Tid: ["*"]}
indicators: {first: {}, second: {}}
"""
GOOD = {"period": "2024", "label_da": "Barnets Lov", "label_en": "Children's Act", "note_da": "a", "note_en": "b"}


def _source(tmp_path: Path, *breaks: dict, text: str = SOURCE) -> Path:
    path = tmp_path / "x.yaml"
    path.write_text(text + yaml.safe_dump({"breaks": list(breaks)}, allow_unicode=True), encoding="utf-8")
    return path


def test_a_break_applies_to_every_indicator_of_its_source_unless_it_names_some(tmp_path: Path) -> None:
    everything, named = load_source(_source(tmp_path, GOOD, GOOD | {"period": 2019, "indicators": ["second"]})).breaks
    assert everything.period == "2024" and everything.indicator_ids == ("first", "second")
    assert named.period == "2019" and named.indicator_ids == ("second",)  # a year written as a number is text
    assert (named.label_da, named.label_en, named.note_da, named.note_en) == ("Barnets Lov", "Children's Act", "a", "b")


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"period": "2024x"}, "breaks.0.period: expected a DST period code (2024, 2024K1, 2024M01), got '2024x'"),
        ({"label_da": "Barnets Lov fra 1. januar 2024"}, "breaks.0.label_da: at most 16 characters"),
        ({"label_en": "  "}, "breaks.0.label_en: expected a label"),
        ({"note_da": ""}, "breaks.0.note_da: expected text"),
        ({"indicators": ["third"]}, "breaks.0.indicators: third is not an indicator of this source; allowed: first"),
        ({"indicators": []}, "breaks.0.indicators"),
        ({"indicator": ["first"]}, "unknown key(s) breaks.0.indicator (did you mean indicators?)"),
        ({"note_en": None}, "breaks.0.note_en: expected text, got None"),
    ],
)
def test_a_malformed_break_is_one_line_naming_the_file_and_the_key(tmp_path: Path, change: dict, message: str) -> None:
    with pytest.raises(RegistryError) as info:
        load_source(_source(tmp_path, GOOD | change))
    assert str(info.value).startswith("x.yaml: ") and message in str(info.value)
    assert "\n" not in str(info.value) and "pydantic" not in str(info.value)


def test_a_break_missing_a_key_or_twice_at_one_period_is_refused(tmp_path: Path) -> None:
    without_note = {key: value for key, value in GOOD.items() if key != "note_en"}
    with pytest.raises(RegistryError, match=r"^x.yaml: breaks.0: missing key 'note_en'$"):
        load_source(_source(tmp_path, without_note))
    with pytest.raises(RegistryError, match=r"breaks.1: a second break of first at 2024"):
        load_source(_source(tmp_path, GOOD, GOOD | {"indicators": ["first"]}))
    with pytest.raises(RegistryError, match=r"^x.yaml: breaks: expected a list"):
        (tmp_path / "x.yaml").write_text(SOURCE + "breaks: {period: 2024}\n", encoding="utf-8")
        load_source(tmp_path / "x.yaml")
    no_indicators = SOURCE.replace("indicators: {first: {}, second: {}}\n", "indicators: {}\n")
    with pytest.raises(RegistryError, match=r"breaks.0: the source has no indicators for a break to affect"):
        load_source(_source(tmp_path, GOOD, text=no_indicators))


def test_the_shipped_sources_declare_the_four_breaks_where_their_series_cross_them() -> None:
    registry = load_registry()
    declared = {
        (source_id, b.period, b.label_da): set(b.indicator_ids)
        for source_id, source in registry.sources.items()
        for b in source.breaks
    }
    children = {"ISBU02", "BU43", "ANBAAR12", "ANBAAR14", "BU28", "REGK31"}
    assert {source for source, period, label in declared if label == "Barnets Lov"} == children
    assert all(period == "2024" for _, period, label in declared if label == "Barnets Lov")
    # the municipal accounts: the children's functions only, not the adults'
    assert declared[("REGK31", "2024", "Barnets Lov")] == {
        "spending_children_special_needs",
        "spending_placements",
        "spending_preventive",
    }
    assert declared[("ESUNDHED_BED_DAYS", "2019", "LPR3")] == {"psychiatric_bed_days"}
    assert declared[("UND1", "2024", "Ny kodning")] == {"notifications"}
    assert {source for source, period, label in declared if label == "Serien starter"} == {"ANBAAR12", "ANBAAR14"}
    assert not any(source.startswith("HAND07") or source == "FOLK1A" for source, _, _ in declared)


def test_breaks_are_no_part_of_a_sources_fingerprint(tmp_path: Path) -> None:
    """Like polarity, a break derives no facts: rewording one fetches nothing again; the rest of the file counts."""
    sources = tmp_path / "sources"
    shutil.copytree(SOURCES_DIR, sources)
    path = sources / "anbaar12.yaml"
    text = path.read_text(encoding="utf-8")

    def fingerprint() -> str:
        registry = load_registry(sources, CATALOGUE_PATH)
        return registry.fingerprint(registry.sources["ANBAAR12"])

    before = fingerprint()
    path.write_text(text.replace("Serien starter", "Start").replace("er ikke fuldt", "er ikke helt"), encoding="utf-8")
    assert load_registry(sources, CATALOGUE_PATH).sources["ANBAAR12"].breaks[0].label_da == "Start"
    assert fingerprint() == before
    path.write_text(text.replace('ANBRINGELSE: ["0"]', 'ANBRINGELSE: ["0", "1"]', 1), encoding="utf-8")
    assert fingerprint() != before


def test_the_breaks_are_loaded_into_the_warehouse_and_read_through_the_contract(demo_db: Path) -> None:
    registry = load_registry()
    declared = sorted(
        (indicator_id, source.id, b.period, b.label_da, b.label_en, b.note_da, b.note_en)
        for source in registry.sources.values()
        for b in source.breaks
        for indicator_id in b.indicator_ids
    )
    with duckdb.connect(str(demo_db), read_only=True) as con:
        stored = sorted(con.execute("select * from main.series_breaks").fetchall())
        columns = [d[0] for d in con.execute("select * from main.series_breaks limit 0").description]
    assert stored == declared and len(stored) >= 15
    assert columns == list(CONTRACT["series_breaks"]["columns"])


def test_a_warehouse_built_before_breaks_gets_them_at_its_next_run(demo_db: Path, tmp_path: Path) -> None:
    db = tmp_path / "old.duckdb"
    db.write_bytes(demo_db.read_bytes())
    with duckdb.connect(str(db)) as con:
        con.execute("drop view main.series_breaks")
        con.execute("drop table dim.series_breaks")
    assert etl_main(["status", "--db", str(db)]) == 0
    assert etl_main(["run", "--demo", "--only", "FOLK1A", "--db", str(db)]) == 0
    with duckdb.connect(str(db), read_only=True) as con:
        count = con.execute("select count(*) from main.series_breaks where label_da = 'LPR3'").fetchone()
    assert count is not None and count[0] >= 1
