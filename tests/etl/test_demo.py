"""The demo warehouse: built through the same client and parser as real data, labelled demo, complete,
and of realistic size so charts look like the real thing."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import duckdb
import pytest

from etl.cli import main as etl_main
from etl.kinds.statbank.client import StatBankClient, parse_tableinfo
from etl.kinds.statbank.demo import DemoTransport
from etl.kinds.statbank.resolve import resolve_request, total_candidates
from etl.registry import CATALOGUE_PATH, SOURCES_DIR, load_registry
from etl.run import RunOptions, run

ROOT = Path(__file__).resolve().parents[2]
SCRIPT = ROOT / "scripts" / "make_demo_snapshot.py"
SHIPPED = ROOT / "data" / "demo" / "statbank"
SNAPSHOT_SUFFIXES = (".tableinfo.json", ".request.json", ".bulk.csv.gz")


@pytest.fixture(scope="module")
def demo_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    db = tmp_path_factory.mktemp("demo") / "socialtal.duckdb"
    assert etl_main(["run", "--demo", "--db", str(db)]) == 0
    return db


def _one(db: Path, sql: str, params: list | None = None):
    con = duckdb.connect(str(db), read_only=True)
    try:
        return con.execute(sql, params or []).fetchone()
    finally:
        con.close()


def _country(db: Path, indicator_id: str, period: str) -> float:
    row = _one(
        db,
        "select value from indicator_values where indicator_id = ? and area_code = '000' and period = ?",
        [indicator_id, period],
    )
    assert row is not None, f"{indicator_id} {period} missing"
    return row[0]


def test_every_indicator_in_the_catalogue_is_loaded(demo_db: Path) -> None:
    loaded = _one(demo_db, "select list(distinct indicator_id order by indicator_id) from indicator_values")[0]
    assert set(loaded) == set(load_registry().indicators)


def test_labelled_demo_everywhere(demo_db: Path) -> None:
    assert _one(demo_db, "select is_demo from main.warehouse") == (True,)
    assert _one(demo_db, "select bool_and(is_demo) from main.sources") == (True,)


@pytest.mark.parametrize(
    ("indicator_id", "period", "low", "high"),
    [
        ("population", "2025K1", 5.8e6, 6.1e6),
        ("spending_children_special_needs", "2024", 13e6, 17e6),  # 1,000 kr.: some 15 bn kr.
        ("spending_placements", "2024", 8e6, 10.5e6),  # about 9 bn kr.
        ("adults_sel108", "2024K4", 8_000, 14_000),
        ("children_placed", "2024", 9_000, 14_000),
        ("psychiatric_bed_days", "2024", 0.9e6, 1.2e6),
        ("children_support_share", "2024", 2.0, 5.0),  # per cent of the 0–22-year-olds
        ("psychiatry_hospital_use_national", "2024", 90_000, 140_000),
        ("psychiatry_population_share_national", "2024", 1.5, 2.5),
        ("psychiatry_stays_per_person_national", "2024", 1.5, 3.0),
    ],
)
def test_magnitudes_are_realistic(demo_db: Path, indicator_id: str, period: str, low: float, high: float) -> None:
    assert low <= _country(demo_db, indicator_id, period) <= high


def test_residential_care_is_tens_of_thousands(demo_db: Path) -> None:
    total = sum(_country(demo_db, i, "2024K4") for i in ("adults_sel107", "adults_sel108", "adults_sel85"))
    assert 20_000 <= total <= 100_000


def test_placements_are_part_of_children_spending(demo_db: Path) -> None:
    part = _country(demo_db, "spending_placements", "2024") + _country(demo_db, "spending_preventive", "2024")
    assert part < _country(demo_db, "spending_children_special_needs", "2024")


def test_all_98_municipalities_in_each_municipal_indicator(demo_db: Path) -> None:
    row = _one(
        demo_db,
        """
        select min(n), max(n) from (
            select v.indicator_id, count(distinct v.area_code) as n
            from indicator_values as v join dim.indicators as i using (indicator_id)
            where i.municipal and v.area_level = 'kommune' group by all)""",
    )
    assert row == (98, 98)


def test_shipped_snapshot_is_what_the_generator_makes(tmp_path: Path) -> None:
    """The snapshot cannot drift from the registry: regenerating it gives the same bytes."""
    subprocess.run([sys.executable, str(SCRIPT), "--out", str(tmp_path)], check=True, capture_output=True, timeout=120)
    shipped = SHIPPED
    names = sorted(p.name for p in shipped.iterdir())
    assert names == sorted(p.name for p in tmp_path.iterdir())
    for name in names:
        assert (shipped / name).read_bytes() == (tmp_path / name).read_bytes(), name


def test_the_bed_days_file_is_kept_exactly_as_checksummed(demo_db: Path) -> None:
    import hashlib

    con = duckdb.connect(str(demo_db), read_only=True)
    try:
        content, sha = con.execute(
            "select content, sha256 from raw.files where source_id = 'ESUNDHED_BED_DAYS'"
        ).fetchone()
    finally:
        con.close()
    assert hashlib.sha256(content).hexdigest() == sha
    assert content == (ROOT / "data" / "demo" / "esundhed_bed_days.csv").read_bytes()


def test_the_snapshot_has_every_statbank_source_of_the_registry_and_nothing_else() -> None:
    tables = {(s.table or s.id).upper() for s in load_registry().sources.values() if s.kind == "statbank"}
    expected = {f"{table}{suffix}" for table in tables for suffix in SNAPSHOT_SUFFIXES}
    assert {p.name for p in SHIPPED.iterdir()} == expected


def test_every_total_selector_resolves_to_exactly_one_value() -> None:
    """`total` means the one value whose text reads as the total: the demo tableinfo must have exactly one,
    for the request and for the indicator rules of every shipped source."""
    checked = 0
    for source in load_registry().sources.values():
        if source.kind != "statbank":
            continue
        info = parse_tableinfo(
            (SHIPPED / f"{(source.table or source.id).upper()}.tableinfo.json").read_text(encoding="utf-8")
        )
        resolved = resolve_request(source, info)  # raises RequestMisfit naming every problem
        specs = [
            *source.request.items(),
            *[item for rule in source.rules for part in (rule.select, rule.subtract or {}) for item in part.items()],
        ]
        for name, spec in specs:
            if not spec.total:
                continue
            var = resolved.variable(name)
            found = total_candidates(var)
            assert len(found) == 1, f"{source.id}: {name} has {len(found)} total-like values: {found}"
            assert resolved.variables[var.id] == [found[0][0]], f"{source.id}: {name}"
            checked += 1
    if not checked:
        pytest.skip("no shipped source selects `total`")


# A made-up table, not in StatBank: one YAML that no maker in the script knows, to be made generically.
_NEW_SOURCE = """\
id: DEMOX1
kind: statbank
table: DEMOX1
title_da: Opdigtet testtabel (kun til test af demo-generatoren)
area_variable: OMRÅDE
municipal: true
request:
  OMRÅDE: ["*"]
  YDELSE: [A1, A2, B]
  KØN: total
  ALDER: {range: [18, 20]}
  FUNKTION: {label_prefix: ["9.99."]}
  Tid: ["*"]
indicators:
  demo_test_recipients:
    select: {YDELSE: [A1, A2], ALDER: {range: [18, 20]}}
  demo_test_share:
    select: {YDELSE: [B], ALDER: {range: [18, 18]}}
"""
_NEW_LINES = (
    'demo_test_recipients,adults,Testmodtagere,Test recipients,persons,population_18_plus,sum,"Opdigtet.",neutral\n'
    'demo_test_share,adults,Testandel,Test share,percent,population_18_plus,weighted_mean,"Opdigtet.",neutral\n'
)


def _registry_with(tmp_path: Path, yaml_text: str, catalogue_lines: str, shipped: bool = True) -> tuple[Path, Path]:
    sources = tmp_path / "sources"
    sources.mkdir()
    catalogue = tmp_path / "indicators.csv"
    header = CATALOGUE_PATH.read_text(encoding="utf-8").splitlines(keepends=True)[0]
    if shipped:
        for path in SOURCES_DIR.glob("*.yaml"):
            (sources / path.name).write_text(path.read_text(encoding="utf-8"), encoding="utf-8")
        catalogue.write_text(CATALOGUE_PATH.read_text(encoding="utf-8") + catalogue_lines, encoding="utf-8")
    else:
        catalogue.write_text(header + catalogue_lines, encoding="utf-8")
    (sources / "zz_new.yaml").write_text(yaml_text, encoding="utf-8")
    return sources, catalogue


def _generate(out: Path, sources: Path, catalogue: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, str(SCRIPT), "--out", str(out), "--sources", str(sources), "--catalogue", str(catalogue)],
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_a_new_yaml_gets_a_generic_table_that_the_pipeline_loads(tmp_path: Path) -> None:
    sources, catalogue = _registry_with(tmp_path, _NEW_SOURCE, _NEW_LINES)
    out = tmp_path / "statbank"
    made = _generate(out, sources, catalogue)
    assert made.returncode == 0, made.stderr
    assert "DEMOX1" in made.stdout and "generic" in made.stdout
    registry = load_registry(sources, catalogue)
    db = tmp_path / "warehouse.duckdb"
    run(RunOptions(db_path=db, client=StatBankClient(DemoTransport(out)), demo=True), registry)

    row = _one(
        db,
        """select count(distinct area_code) from indicator_values
                      where indicator_id = 'demo_test_recipients' and area_level = 'kommune' and period = '2024'""",
    )
    assert row == (98,)
    munis = _one(
        db,
        "select count(distinct area_code) from indicator_values where indicator_id = 'demo_test_share' "
        "and area_level = 'kommune'",
    )
    assert munis == (98,)
    # Fallbacks by unit: persons about 1 % of the denominator population, a per cent about 5 %.
    recipients = _country(db, "demo_test_recipients", "2024")
    adults = _country(db, "population_18_plus", "2024K3")
    assert 0.005 <= recipients / adults <= 0.02
    assert 2.0 <= _country(db, "demo_test_share", "2024") <= 10.0
    # The country is the sum of the municipalities.
    total = _one(
        db,
        "select sum(value) from indicator_values where indicator_id = 'demo_test_recipients' "
        "and area_level = 'kommune' and period = '2024'",
    )[0]
    assert total == recipients


def test_the_generic_maker_refuses_what_it_cannot_make(tmp_path: Path) -> None:
    yaml_text = _NEW_SOURCE.replace(
        "    select: {YDELSE: [B], ALDER: {range: [18, 18]}}\n",
        "    select: {YDELSE: [B], ALDER: {range: [18, 20]}}\n    subtract: {ALDER: {range: [18, 18]}}\n",
    )
    sources, catalogue = _registry_with(
        tmp_path,
        yaml_text,
        'demo_test_recipients,adults,T,T,persons,,sum,"x",neutral\ndemo_test_share,adults,T,T,persons,,sum,"x",neutral\n',
        shipped=False,
    )
    made = _generate(tmp_path / "statbank", sources, catalogue)
    assert made.returncode != 0
    assert "subtract" in made.stderr and "hand-tuned maker for DEMOX1" in made.stderr
