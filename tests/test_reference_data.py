"""The reference tables in data/reference/: every municipality file covers exactly the 98 municipalities of
areas.csv, the municipality groups follow Statistics Denmark's classification, and the tile-map layout keeps a
rough geography of Denmark."""

from __future__ import annotations

import csv
from collections import Counter
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
REFERENCE = ROOT / "data" / "reference"

GROUP_CODES = {"hovedstad", "storby", "provinsby", "opland", "land"}

KOBENHAVN, FREDERIKSBERG, BORNHOLM = "101", "147", "400"
ODENSE, ESBJERG, AARHUS, FREDERIKSHAVN, AALBORG = "461", "561", "751", "813", "851"


def _read(name: str) -> list[dict[str, str]]:
    with (REFERENCE / name).open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


MUNICIPALITIES = [a["area_code"] for a in _read("areas.csv") if a["area_level"] == "kommune"]


@pytest.fixture(scope="module")
def groups() -> dict[str, str]:
    return {r["area_code"]: r["group_code"] for r in _read("municipality_groups.csv")}


@pytest.fixture(scope="module")
def tiles() -> dict[str, tuple[int, int]]:
    return {r["area_code"]: (int(r["row"]), int(r["col"])) for r in _read("tile_layout.csv")}


def test_areas_has_98_municipalities():
    assert len(MUNICIPALITIES) == 98
    assert len(set(MUNICIPALITIES)) == 98
    assert all(len(code) == 3 and code.isdigit() for code in MUNICIPALITIES)


@pytest.mark.parametrize("name", ["municipality_groups.csv", "tile_layout.csv"])
def test_file_has_exactly_the_municipalities_of_areas(name):
    codes = [r["area_code"] for r in _read(name)]
    duplicates = sorted(code for code, n in Counter(codes).items() if n > 1)
    assert not duplicates, f"{name}: duplicated codes {duplicates}"
    assert not set(MUNICIPALITIES) - set(codes), f"{name}: missing {sorted(set(MUNICIPALITIES) - set(codes))}"
    assert not set(codes) - set(MUNICIPALITIES), f"{name}: unknown {sorted(set(codes) - set(MUNICIPALITIES))}"
    assert len(codes) == 98


@pytest.mark.parametrize("name", ["municipality_groups.csv", "tile_layout.csv"])
def test_file_has_no_empty_cells(name):
    for row in _read(name):
        assert all(value and value.strip() == value for value in row.values()), f"{name}: {row}"


def test_columns():
    with (REFERENCE / "municipality_groups.csv").open(encoding="utf-8") as f:
        assert f.readline().strip() == "area_code,group_code,group_name_da,group_name_en"
    with (REFERENCE / "tile_layout.csv").open(encoding="utf-8") as f:
        assert f.readline().strip() == "area_code,row,col"


def test_groups_use_the_five_codes_and_none_is_empty(groups):
    assert set(groups.values()) == GROUP_CODES


def test_group_names_are_one_per_group():
    names = {(r["group_code"], r["group_name_da"], r["group_name_en"]) for r in _read("municipality_groups.csv")}
    assert len(names) == len(GROUP_CODES)
    assert len({da for _, da, _ in names}) == len({en for _, _, en in names}) == len(GROUP_CODES)


def test_copenhagen_and_frederiksberg_are_capital_municipalities(groups):
    assert groups[KOBENHAVN] == "hovedstad"
    assert groups[FREDERIKSBERG] == "hovedstad"


def test_the_three_big_provincial_cities_are_the_storby_group(groups):
    assert groups[AARHUS] == groups[ODENSE] == groups[AALBORG] == "storby"
    assert sorted(code for code, group in groups.items() if group == "storby") == [ODENSE, AARHUS, AALBORG]


def test_group_sizes_match_the_classification(groups):
    # DST's Kommunegrupper v1:2018- (see data/reference/SOURCES.md)
    assert Counter(groups.values()) == {"hovedstad": 24, "storby": 3, "provinsby": 16, "opland": 24, "land": 31}


def test_tiles_are_unique_non_negative_and_start_at_zero(tiles):
    cells = list(tiles.values())
    assert len(set(cells)) == len(cells), "two municipalities on the same tile"
    assert all(row >= 0 and col >= 0 for row, col in cells)
    assert min(row for row, _ in cells) == 0
    assert min(col for _, col in cells) == 0


def test_tile_grid_is_compact(tiles):
    rows = max(row for row, _ in tiles.values()) + 1
    cols = max(col for _, col in tiles.values()) + 1
    assert rows <= 20 and cols <= 20, (rows, cols)


def test_tiles_keep_a_rough_geography(tiles):
    def row(code: str) -> int:
        return tiles[code][0]

    def col(code: str) -> int:
        return tiles[code][1]

    assert row(AALBORG) < row(ODENSE), "Aalborg should be north of Odense"
    assert row(AARHUS) < row(ODENSE), "Aarhus should be north of Odense"
    assert col(ESBJERG) < col(KOBENHAVN), "Esbjerg should be west of København"
    assert col(ESBJERG) < col(ODENSE) < col(KOBENHAVN), "Jutland, Funen and Zealand should run west to east"
    others = [code for code in tiles if code != BORNHOLM]
    assert all(col(BORNHOLM) > col(code) for code in others), "Bornholm should be east of every other municipality"
    northernmost = min(row(code) for code in others)
    assert row(FREDERIKSHAVN) <= northernmost + 1, "Frederikshavn (Skagen) should be at or near the top"


def test_bornholm_is_detached(tiles):
    r, c = tiles[BORNHOLM]
    touching = [
        code for code, (row, col) in tiles.items() if code != BORNHOLM and abs(row - r) <= 1 and abs(col - c) <= 1
    ]
    assert not touching, f"Bornholm's tile touches {touching}"


def test_copenhagen_neighbours_are_near(tiles):
    # Frederiksberg lies inside København; Tårnby and Dragør share Amager with it.
    def distance(a: str, b: str) -> int:
        return max(abs(tiles[a][0] - tiles[b][0]), abs(tiles[a][1] - tiles[b][1]))

    assert distance(KOBENHAVN, FREDERIKSBERG) == 1
    assert distance(KOBENHAVN, "185") == 1  # Tårnby
    assert distance("185", "155") == 1  # Tårnby–Dragør
