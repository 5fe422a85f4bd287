"""The demo warehouse: built through the same client and parser as real data, labelled demo, complete,
and of realistic size so charts look like the real thing."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import duckdb
import pytest

from etl.cli import main as etl_main
from etl.registry import load_registry

ROOT = Path(__file__).resolve().parents[2]


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
    row = _one(db, "select value from indicator_values where indicator_id = ? and area_code = '000' "
                   "and period = ?", [indicator_id, period])
    assert row is not None, f"{indicator_id} {period} missing"
    return row[0]


def test_every_indicator_in_the_catalogue_is_loaded(demo_db: Path) -> None:
    loaded = _one(demo_db, "select list(distinct indicator_id order by indicator_id) from indicator_values")[0]
    assert set(loaded) == set(load_registry().indicators)


def test_labelled_demo_everywhere(demo_db: Path) -> None:
    assert _one(demo_db, "select is_demo from main.warehouse") == (True,)
    assert _one(demo_db, "select bool_and(is_demo) from main.sources") == (True,)


@pytest.mark.parametrize(("indicator_id", "period", "low", "high"), [
    ("population", "2025K1", 5.8e6, 6.1e6),
    ("spending_children_special_needs", "2024", 13e6, 17e6),  # 1,000 kr.: some 15 bn kr.
    ("spending_placements", "2024", 8e6, 10.5e6),            # about 9 bn kr.
    ("adults_sel108", "2024K4", 8_000, 14_000),
    ("children_placed", "2024", 9_000, 14_000),
    ("psychiatric_bed_days", "2024", 0.9e6, 1.2e6),
])
def test_magnitudes_are_realistic(demo_db: Path, indicator_id: str, period: str, low: float, high: float) -> None:
    assert low <= _country(demo_db, indicator_id, period) <= high


def test_residential_care_is_tens_of_thousands(demo_db: Path) -> None:
    total = sum(_country(demo_db, i, "2024K4") for i in ("adults_sel107", "adults_sel108", "adults_sel85"))
    assert 20_000 <= total <= 100_000


def test_placements_are_part_of_children_spending(demo_db: Path) -> None:
    part = _country(demo_db, "spending_placements", "2024") + _country(demo_db, "spending_preventive", "2024")
    assert part < _country(demo_db, "spending_children_special_needs", "2024")


def test_all_98_municipalities_in_each_municipal_indicator(demo_db: Path) -> None:
    row = _one(demo_db, """
        select min(n), max(n) from (
            select v.indicator_id, count(distinct v.area_code) as n
            from indicator_values as v join dim.indicators as i using (indicator_id)
            where i.municipal and v.area_level = 'kommune' group by all)""")
    assert row == (98, 98)


def test_shipped_snapshot_is_what_the_generator_makes(tmp_path: Path) -> None:
    """The snapshot cannot drift from the registry: regenerating it gives the same bytes."""
    subprocess.run([sys.executable, str(ROOT / "scripts" / "make_demo_snapshot.py"), "--out", str(tmp_path)],
                   check=True, capture_output=True, timeout=120)
    shipped = ROOT / "data" / "demo" / "statbank"
    names = sorted(p.name for p in shipped.iterdir())
    assert names == sorted(p.name for p in tmp_path.iterdir())
    for name in names:
        assert (shipped / name).read_bytes() == (tmp_path / name).read_bytes(), name


def test_the_bed_days_file_is_kept_exactly_as_checksummed(demo_db: Path) -> None:
    import hashlib

    con = duckdb.connect(str(demo_db), read_only=True)
    try:
        content, sha = con.execute(
            "select content, sha256 from raw.files where source_id = 'ESUNDHED_BED_DAYS'").fetchone()
    finally:
        con.close()
    assert hashlib.sha256(content).hexdigest() == sha
    assert content == (ROOT / "data" / "demo" / "esundhed_bed_days.csv").read_bytes()
