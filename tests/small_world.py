"""A small world for tests: a registry of two StatBank tables served by the local emulator, shaped like the real
ones (98 municipalities, regions, the country, Christiansø and 'unknown municipality' codes to drop). A module of
its own, not conftest.py, so tests in any folder can import it."""

from __future__ import annotations

import csv
from dataclasses import dataclass
from pathlib import Path

from statbank_emulator import StatBankEmulator, make_table

from etl.kinds.statbank.client import HttpTransport, StatBankClient
from etl.registry import Registry

ROOT = Path(__file__).resolve().parents[1]
AREAS = list(csv.DictReader((ROOT / "data" / "reference" / "areas.csv").open(encoding="utf-8")))
MUNICIPALITIES = [(a["area_code"], a["area_name"]) for a in AREAS if a["area_level"] == "kommune"]
REGIONS = [(a["area_code"], a["area_name"]) for a in AREAS if a["area_level"] == "region"]

CATALOGUE = """indicator_id,topic,title_da,title_en,unit,denominator_id,aggregation,definition_da,polarity
population,population,Befolkning,Population,persons,,sum,Folketal.,neutral
population_0_1,population,Befolkning 0–1 år,Population 0–1,persons,,sum,Folketal 0–1 år.,neutral
children_placed,children,Anbragte børn,Placed children,persons,population_0_1,sum,Anbragte pr. 31. dec.,neutral
"""

POP_YAML = """
id: TPOP
kind: statbank
table: TPOP
title_da: Testbefolkning
area_variable: OMRÅDE
municipal: true
request:
  OMRÅDE: ["*"]
  ALDER: [IALT, "0", "1"]
  Tid: ["*"]
indicators:
  population:
    select: {ALDER: [IALT]}
  population_0_1:
    select: {ALDER: {range: [0, 1]}}
"""

KIDS_YAML = """
id: TKIDS
kind: statbank
table: TKIDS
title_da: Testanbringelser
area_variable: ADMKOM
municipal: true
request:
  ADMKOM: ["*"]
  ANBRINGELSE: ["0"]
  Tid: ["*"]
indicators:
  children_placed:
    select: {ANBRINGELSE: ["0"]}
"""

YEARS = ["2021", "2022", "2023"]


def municipal_population(code: str) -> int:
    """A deterministic, code-dependent population so sums are checkable."""
    return 10_000 + int(code) * 37


def pop_value(codes: dict[str, str]) -> str | None:
    area, age, year = codes["OMRÅDE"], codes["ALDER"], codes["Tid"]
    munis = [c for c, _ in MUNICIPALITIES]
    region_of = {a["area_code"]: a["region_code"] for a in AREAS}
    if area == "000":
        members = munis
    elif area.startswith("08"):
        members = [m for m in munis if region_of[m] == area]
    elif area == "411":
        return "90" if age == "IALT" else None
    else:
        members = [area]
    total = sum(municipal_population(m) for m in members) + (int(year) - 2021) * 10 * len(members)
    if age == "IALT":
        return str(total)
    return str(total // 100 + int(age))


def kids_value(codes: dict[str, str]) -> str | None:
    area, year = codes["ADMKOM"], codes["Tid"]
    if area == "0":
        return str(sum(kids_municipal(m, year) or 0 for m, _ in MUNICIPALITIES))
    if area == "998":
        return "3"
    value = kids_municipal(area, year)
    if value is None:
        return ".."
    return None if value == 0 else str(value)  # zero rows are absent, as suppressedDataValue says


def kids_municipal(code: str, year: str) -> int | None:
    if code == "825" and year == "2022":  # Læsø: confidential that year
        return None
    if code == "741":  # Samsø: no placed children, so StatBank leaves the row out
        return 0
    return int(code) // 10 + int(year) - 2020


def build_tables(emulator: StatBankEmulator) -> None:
    pop_areas = [("000", "Hele landet"), *REGIONS, *MUNICIPALITIES, ("411", "Christiansø")]
    info, rows = make_table(
        "TPOP",
        [
            ("OMRÅDE", "område", pop_areas),
            ("ALDER", "alder", [("IALT", "Alder i alt"), ("0", "0 år"), ("1", "1 år"), ("2", "2 år")]),
        ],
        YEARS,
        pop_value,
        updated="2025-02-11T08:00:00",
    )
    emulator.add_table(info, rows)
    kid_areas = [("0", "Hele landet"), *MUNICIPALITIES, ("998", "Uoplyst kommune")]
    info, rows = make_table(
        "TKIDS",
        [
            ("ADMKOM", "administrationskommune", kid_areas),
            ("ANBRINGELSE", "anbringelsessted", [("0", "I alt"), ("1", "Plejefamilie")]),
        ],
        YEARS,
        kids_value,
        updated="2025-06-20T08:00:00",
    )
    emulator.add_table(info, rows)


@dataclass
class SmallWorld:
    emulator: StatBankEmulator
    base_url: str
    registry: Registry
    db_path: Path

    def client(self, **transport_options: float) -> StatBankClient:
        options = {"retries": 1, "backoff_s": 0.01, **transport_options}
        return StatBankClient(HttpTransport(self.base_url, **options))  # type: ignore[arg-type]
