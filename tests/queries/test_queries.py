"""Every query file against a warehouse built from the demo snapshot: its header is true (name, params,
columns), and the answers are right where it matters (denominators aligned, country beside each value)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from dashboard.warehouse.queries import QUERIES_DIR, Warehouse, load_query

QUERY_FILES = sorted(QUERIES_DIR.glob("*.sql"))
PARAMS = {
    "indicator_values_with_denominator": {"indicator_id": "children_placed"},
    "indicator_download": {"indicator_id": "children_placed"},
}


def header(path: Path, key: str) -> str:
    match = re.search(rf"^--\s*{key}:\s*(.*)$", path.read_text(encoding="utf-8"), re.MULTILINE)
    assert match, f"{path.name} has no '-- {key}:' line"
    return match.group(1).strip()


@pytest.fixture(scope="module")
def warehouse(demo_db: Path) -> Warehouse:
    return Warehouse(demo_db)


@pytest.mark.parametrize("path", QUERY_FILES, ids=lambda p: p.stem)
def test_header_tells_the_truth(path: Path, warehouse: Warehouse) -> None:
    assert header(path, "name") == path.stem
    assert header(path, "question")
    declared = [c.strip() for c in header(path, "columns").split(",")]
    frame = warehouse.query(path.stem, **PARAMS.get(path.stem, {}))
    assert list(frame.columns) == declared
    assert set(load_query(path.stem).params) == set(PARAMS.get(path.stem, {}))


def test_annual_values_use_the_population_of_1_january(warehouse: Warehouse) -> None:
    placed = warehouse.query("indicator_values_with_denominator", indicator_id="children_placed")
    population = warehouse.query("indicator_values_with_denominator", indicator_id="population_0_22")
    row = placed[(placed["area_code"] == "101") & (placed["period"] == "2023")].iloc[0]
    january = population[(population["area_code"] == "101") & (population["period"] == "2023K1")].iloc[0]
    assert row["denominator_value"] == january["value"]
    country = placed[(placed["area_code"] == "000") & (placed["period"] == "2023")].iloc[0]
    assert row["country_value"] == country["value"]


def test_quarterly_values_use_the_same_quarter(warehouse: Warehouse) -> None:
    adults = warehouse.query("indicator_values_with_denominator", indicator_id="adults_sel108")
    population = warehouse.query("indicator_values_with_denominator", indicator_id="population_18_plus")
    row = adults[(adults["area_code"] == "461") & (adults["period"] == "2024K3")].iloc[0]
    same = population[(population["area_code"] == "461") & (population["period"] == "2024K3")].iloc[0]
    assert row["denominator_value"] == same["value"]


def test_areas_list_has_groups_for_every_municipality(warehouse: Warehouse) -> None:
    areas = warehouse.query("areas_list")
    municipalities = areas[areas["area_level"] == "kommune"]
    assert len(municipalities) == 98 and municipalities["group_code"].notna().all()
    assert municipalities.loc[municipalities["area_code"] == "751", "region_name"].item() == "Region Midtjylland"


def test_tile_layout_and_empty_boundaries(warehouse: Warehouse) -> None:
    assert len(warehouse.query("tile_layout")) == 98
    assert warehouse.query("boundaries").empty  # the demo has none: the map falls back to tiles


def test_values_from_the_url_never_reach_sql_text(warehouse: Warehouse) -> None:
    hostile = "x'; drop table facts.indicator_values; --"
    assert warehouse.query("indicator_values_with_denominator", indicator_id=hostile).empty
    assert not warehouse.query("indicator_values_with_denominator", indicator_id="population").empty


SQL_FILES = [*QUERY_FILES, *sorted((QUERIES_DIR / "checks").glob("*.sql"))]


@pytest.mark.parametrize("path", SQL_FILES, ids=lambda p: p.relative_to(QUERIES_DIR).as_posix())
def test_a_query_with_ctes_ends_in_select_star_from_final(path: Path) -> None:
    """dbt's style, as queries/README.md promises (lower case and explicit `as` are checked by sqlfluff in
    `make lint`): CTEs, the last one named final, and the query selects it whole."""
    sql = "\n".join(line for line in path.read_text(encoding="utf-8").splitlines() if not line.startswith("--"))
    if re.search(r"^with\b", sql, re.MULTILINE):
        assert sql.split()[-4:] == ["select", "*", "from", "final"], path.name
        assert re.search(r"(^with|,)\s*final as \(", sql, re.MULTILINE), path.name
