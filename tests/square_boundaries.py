"""Municipality boundaries for tests of the choropleth: every municipality a square at its place on the tile map
(data/reference/tile_layout.csv), in longitude and latitude over Denmark, written as DAGI writes its file (code
property KOMKODE "0101") and loaded with the demo data by the real `etl run --demo --boundaries`."""

from __future__ import annotations

import csv
import json
from pathlib import Path

from small_world import ROOT

TILE_LAYOUT = ROOT / "data" / "reference" / "tile_layout.csv"
WEST_DEG, NORTH_DEG = 8.0, 57.8  # the north-west corner of the grid
STEP_X_DEG, STEP_Y_DEG = 0.28, 0.17  # one tile
SIZE_X_DEG, SIZE_Y_DEG = 0.26, 0.15  # a square, with a gap to its neighbours


def square_bounds(code: str) -> tuple[float, float, float, float]:
    """(west, south, east, north) of the municipality's square."""
    col, row = tile_places()[code]
    west, north = WEST_DEG + col * STEP_X_DEG, NORTH_DEG - row * STEP_Y_DEG
    return west, north - SIZE_Y_DEG, west + SIZE_X_DEG, north


def tile_places() -> dict[str, tuple[int, int]]:
    with TILE_LAYOUT.open(encoding="utf-8") as handle:
        return {row["area_code"]: (int(row["col"]), int(row["row"])) for row in csv.DictReader(handle)}


def write_square_boundaries(path: Path) -> Path:
    features = []
    for code in tile_places():
        west, south, east, north = square_bounds(code)
        ring = [[west, north], [east, north], [east, south], [west, south], [west, north]]
        features.append(
            {
                "type": "Feature",
                "properties": {"KOMKODE": f"0{code}"},
                "geometry": {"type": "Polygon", "coordinates": [ring]},
            }
        )
    path.write_text(json.dumps({"type": "FeatureCollection", "features": features}), encoding="utf-8")
    return path


def demo_warehouse_with_boundaries(directory: Path) -> Path:
    """The demo warehouse plus square boundaries, built by `etl run --demo --boundaries`."""
    from etl.cli import main as etl_main

    db = directory / "socialtal.duckdb"
    boundaries = write_square_boundaries(directory / "kommuner.geojson")
    assert etl_main(["run", "--demo", "--boundaries", str(boundaries), "--db", str(db)]) == 0
    return db
