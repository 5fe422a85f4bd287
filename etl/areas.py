"""Denmark's areas as this project counts them: the country ('000'), 5 regions ('081'–'085') and
98 municipalities. 411 Christiansø appears in population tables but is not a municipality: it is excluded
(the published region and country totals still include its ~90 inhabitants)."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import pandas as pd

from etl import settings

REFERENCE_DIR = settings.REFERENCE_DIR
AREAS_PATH = REFERENCE_DIR / "areas.csv"
COUNTRY_CODE = "000"
# Codes StatBank uses for "the whole country" depending on the table.
_TOTAL_CODES = {"0", "00", "000", "TOT", "IALT"}


@lru_cache(maxsize=1)
def load_areas(path: Path = AREAS_PATH) -> pd.DataFrame:
    areas = pd.read_csv(path, dtype=str, keep_default_na=False)
    counts = areas["area_level"].value_counts().to_dict()
    if counts != {"kommune": 98, "region": 5, "land": 1}:
        raise ValueError(f"{path}: expected 1 land, 5 regions and 98 municipalities, found {counts}")
    return areas


def municipality_codes() -> set[str]:
    areas = load_areas()
    return set(areas.loc[areas["area_level"] == "kommune", "area_code"])


def normalise_area_code(code: str) -> str:
    """StatBank area code as published → the 3-digit code ('0'/'TOT' → '000', '84' → '084')."""
    code = code.strip()
    if code.upper() in _TOTAL_CODES:
        return COUNTRY_CODE
    return code.zfill(3) if code.isdigit() else code
