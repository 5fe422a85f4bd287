"""Denmark's areas as this project counts them: the country ('000'), 5 regions ('081'–'085') and
98 municipalities. 411 Christiansø appears in population tables but is not a municipality: it is excluded
(the published region and country totals still include its ~90 inhabitants).

Read with the csv module, not pandas: every `etl run` needs the areas, and a run with nothing to fetch should
not pay pandas' import."""

from __future__ import annotations

import csv
from functools import lru_cache
from pathlib import Path
from typing import NamedTuple

from etl import settings

REFERENCE_DIR = settings.REFERENCE_DIR
AREAS_PATH = REFERENCE_DIR / "areas.csv"
COUNTRY_CODE = "000"
# Codes StatBank uses for "the whole country" depending on the table.
_TOTAL_CODES = {"0", "00", "000", "TOT", "IALT"}
_EXPECTED_LEVELS = {"kommune": 98, "region": 5, "land": 1}


class Area(NamedTuple):
    """One line of data/reference/areas.csv, every field text (region_code is '' for the country and regions)."""

    area_code: str
    area_name: str
    area_level: str
    region_code: str


@lru_cache(maxsize=1)
def load_areas(path: Path = AREAS_PATH) -> tuple[Area, ...]:
    with path.open(encoding="utf-8", newline="") as f:
        areas = tuple(Area(**row) for row in csv.DictReader(f))
    counts: dict[str, int] = {}
    for area in areas:
        counts[area.area_level] = counts.get(area.area_level, 0) + 1
    if counts != _EXPECTED_LEVELS:
        raise ValueError(f"{path}: expected 1 land, 5 regions and 98 municipalities, found {counts}")
    return areas


def area_codes() -> set[str]:
    return {area.area_code for area in load_areas()}


def area_names() -> dict[str, str]:
    return {area.area_code: area.area_name for area in load_areas()}


def municipality_codes() -> set[str]:
    return {area.area_code for area in load_areas() if area.area_level == "kommune"}


def normalise_area_code(code: str) -> str:
    """StatBank area code as published → the 3-digit code ('0'/'TOT' → '000', '84' → '084')."""
    code = code.strip()
    if code.upper() in _TOTAL_CODES:
        return COUNTRY_CODE
    return code.zfill(3) if code.isdigit() else code
