"""Write the demo StatBank snapshot in data/demo/statbank/: INVENTED figures in the shape of real answers.

Nothing written here comes from Statistics Denmark. The figures are demo data, made up with a seeded random
generator (seed `SEED` below) so that the dashboard can be shown and tested without the internet. They are
sized like the real statistics (population, children with measures, placements, notifications, recipients of
social services, municipal and regional spending, psychiatric hospital use) so that the charts look like the
real thing, but no single number should be quoted.

Every `kind: statbank` source in the registry (etl/sources/*.yaml) gets a table, made one of two ways:

- a hand-tuned maker (`hand_tuned` below: FOLK1A, HAND07, ISBU02, ANBAAR12, ANBAAR14, UND1, REGK31, BU28,
  REGR31, SBR04, PRIS01), where realism matters: a population whose cohorts move through the ages, series with
  their real breaks, and tableinfo in the confirmed shape of the real table (variables, codes, totals);
- otherwise the generic maker `make_generic`, from the source YAML and the indicator catalogue alone, so that
  adding a source stays one YAML file. Its tableinfo: listed codes give those values (label = the code);
  `total` gives one value "TOT" with the text "I alt"; `*` on the area variable gives the reference areas
  (000, the regions, the municipalities of data/reference/areas.csv); `*` on Tid gives the years 2015–2024;
  `{range: [a, b]}` gives the integer codes a…b; `{label_prefix: [...]}` gives one value per prefix whose
  text starts with it. `GENERIC_HINTS` may add DST's texts and unrequested values for a table (BU43).
  Its figures: each indicator's national level comes from `GENERIC_LEVELS` (by indicator id) or, for an
  indicator not there, from `UNIT_LEVELS` by its catalogue unit (persons 1 % and notifications 10 % of the
  denominator population, money 1,000 kr. per inhabitant, a per cent 5 %, …); it is spread over the
  municipalities by their denominator population and the social-need index; regions and the country are
  sums of their municipalities (aggregation `sum`) or means weighted by the denominator population
  (`weighted_mean`, `none`); a national-only source (area_variable null) gets the country only; a rule that
  selects several codes has its value split over them. A rule with `subtract`, rules sharing cells, or a
  `*` on a variable whose values it cannot know stop the script with a message saying to write a
  hand-tuned maker.

For every table the script writes three files, the layout `etl.kinds.statbank.demo.DemoTransport` reads:

- `<TABLE>.tableinfo.json`: a tableinfo answer in DST's JSON shape, with Danish texts;
- `<TABLE>.request.json`: the data request the ETL makes, built by the project's own
  `etl.kinds.statbank.resolve.resolve_request` and `etl.kinds.statbank.client.data_request_body` from that tableinfo;
- `<TABLE>.bulk.csv.gz`: the BULK answer to exactly that request (UTF-8 with BOM, `;`, CRLF, codes,
  decimal comma; combinations equal to suppressedDataValue 0 left out, a few small counts shown as `..`),
  gzip'd with mtime 0.

Snapshot files of tables that are no longer in the registry are removed from the output folder. The output is
deterministic: running the script twice gives byte-identical files.

Run from the project root (`--sources` and `--catalogue` default to the shipped registry; tests use them to
make a snapshot for a temporary registry):

    .venv/bin/python scripts/make_demo_snapshot.py [--out DIR] [--sources DIR] [--catalogue PATH]
"""

from __future__ import annotations

import argparse
import functools
import gzip
import itertools
import json
import sys
import uuid
import zlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, cast

import numpy as np

from etl.areas import load_areas
from etl.kinds.statbank.client import data_request_body, parse_tableinfo
from etl.kinds.statbank.demo import DEMO_STATBANK_DIR
from etl.kinds.statbank.resolve import RequestMisfit, resolve_request
from etl.registry import CATALOGUE_PATH, SOURCES_DIR, Indicator, Registry, RegistryError, Source, load_registry

SEED = 20250218
CONFIDENTIAL = ".."

Cell = int | float | str
Key = tuple[str, ...]

# ---------------------------------------------------------------------------------------------------------
# Areas, in the order FOLK1A's tableinfo lists them: the country, then each region followed by its
# municipalities. Per municipality: approximate population in 2024, average growth 2008–2024 in % a year
# and an age profile. Populations are rounded best knowledge, good enough for a demo.
# ---------------------------------------------------------------------------------------------------------
_AREA_TABLE = """
084 Region_Hovedstaden
101 København 660000 1.6 capital
147 Frederiksberg 105000 0.7 capital
155 Dragør 14700 0.5 suburb
185 Tårnby 44000 0.5 std
165 Albertslund 28000 0.1 std
151 Ballerup 52500 0.6 std
153 Brøndby 39500 0.9 std
157 Gentofte 75000 0.4 suburb
159 Gladsaxe 70500 0.7 std
161 Glostrup 24000 0.8 std
163 Herlev 30500 0.9 std
167 Hvidovre 54500 0.5 std
169 Høje-Taastrup 58500 1.3 std
183 Ishøj 24000 0.8 std
173 Lyngby-Taarbæk 57000 0.6 suburb
175 Rødovre 41500 0.9 std
187 Vallensbæk 17000 1.2 suburb
201 Allerød 26500 0.7 suburb
240 Egedal 44500 0.5 suburb
210 Fredensborg 41500 0.4 std
250 Frederikssund 46000 0.3 std
190 Furesø 41500 0.6 suburb
270 Gribskov 41500 0.15 rural
260 Halsnæs 31500 0.1 rural
217 Helsingør 63500 0.25 std
219 Hillerød 53500 0.8 std
223 Hørsholm 25500 0.4 suburb
230 Rudersdal 57000 0.35 suburb
400 Bornholm 39000 -0.5 rural
085 Region_Sjælland
253 Greve 51000 0.45 std
259 Køge 62500 0.6 std
350 Lejre 29000 0.55 suburb
265 Roskilde 90000 0.6 std
269 Solrød 24000 0.8 suburb
320 Faxe 37500 0.4 std
376 Guldborgsund 60000 -0.3 rural
316 Holbæk 73000 0.35 std
326 Kalundborg 48500 -0.05 rural
360 Lolland 40000 -1.1 rural
370 Næstved 84000 0.3 std
306 Odsherred 33000 0.0 rural
329 Ringsted 36000 0.7 std
330 Slagelse 80000 0.25 std
340 Sorø 31000 0.3 std
336 Stevns 23000 0.3 rural
390 Vordingborg 45500 -0.05 rural
083 Region_Syddanmark
420 Assens 41000 -0.1 rural
430 Faaborg-Midtfyn 51500 -0.05 rural
440 Kerteminde 24000 0.0 rural
482 Langeland 12200 -0.85 island
410 Middelfart 40000 0.5 std
480 Nordfyns 29500 0.0 rural
450 Nyborg 32500 0.2 std
461 Odense 208000 0.65 city
479 Svendborg 59000 0.0 std
492 Ærø 5900 -0.95 island
530 Billund 27000 0.25 std
561 Esbjerg 116000 0.1 std
563 Fanø 3500 0.55 island
607 Fredericia 52000 0.25 std
510 Haderslev 55500 -0.1 std
621 Kolding 95000 0.5 std
540 Sønderborg 73500 -0.3 std
550 Tønder 36500 -0.5 rural
573 Varde 50000 -0.05 rural
575 Vejen 43000 0.15 std
630 Vejle 120000 0.85 std
580 Aabenraa 58500 -0.15 std
082 Region_Midtjylland
710 Favrskov 49500 0.45 suburb
766 Hedensted 47500 0.35 suburb
615 Horsens 98000 1.2 std
707 Norddjurs 37000 -0.25 rural
727 Odder 24000 0.7 suburb
730 Randers 100000 0.4 std
741 Samsø 3650 -0.7 island
740 Silkeborg 100000 0.8 std
746 Skanderborg 64000 0.85 suburb
706 Syddjurs 43500 0.3 std
751 Aarhus 367000 1.3 city
657 Herning 90000 0.45 std
661 Holstebro 59000 0.35 std
756 Ikast-Brande 42000 0.3 std
665 Lemvig 19500 -0.45 rural
760 Ringkøbing-Skjern 56000 -0.2 rural
779 Skive 45500 -0.35 rural
671 Struer 20500 -0.55 rural
791 Viborg 98000 0.4 std
081 Region_Nordjylland
810 Brønderslev 37000 0.25 std
813 Frederikshavn 58500 -0.35 rural
860 Hjørring 64000 -0.3 rural
849 Jammerbugt 38500 -0.1 rural
825 Læsø 1750 -1.1 island
846 Mariagerfjord 41500 -0.2 rural
773 Morsø 20000 -0.6 rural
840 Rebild 30500 0.4 suburb
787 Thisted 43000 -0.35 rural
820 Vesthimmerlands 36500 -0.25 rural
851 Aalborg 226000 0.9 city
"""

# Child share 0–17, youth share 18–22, slope of single years 0–17 (positive: more small children) and
# slope of 18–22 (positive: more 22- than 18-year-olds, student towns).
_PROFILES: dict[str, tuple[float, float, float, float]] = {
    "capital": (0.168, 0.080, 0.35, 0.45),
    "city": (0.182, 0.098, 0.20, 0.50),
    "suburb": (0.235, 0.052, -0.10, -0.30),
    "std": (0.207, 0.055, 0.00, -0.15),
    "rural": (0.192, 0.046, -0.05, -0.40),
    "island": (0.137, 0.033, -0.10, -0.50),
}

# How much social need a municipality has compared with the average (1.0); the rest get 1.0 with noise.
_SOCIAL_INDEX: dict[str, float] = {
    "360": 1.65,
    "482": 1.45,
    "376": 1.35,
    "183": 1.40,
    "165": 1.35,
    "153": 1.45,
    "306": 1.35,
    "390": 1.30,
    "330": 1.30,
    "326": 1.25,
    "169": 1.20,
    "813": 1.25,
    "400": 1.30,
    "479": 1.20,
    "773": 1.20,
    "550": 1.15,
    "370": 1.20,
    "316": 1.15,
    "561": 1.15,
    "730": 1.20,
    "860": 1.15,
    "260": 1.25,
    "450": 1.15,
    "320": 1.10,
    "671": 1.10,
    "492": 1.05,
    "101": 1.05,
    "461": 1.15,
    "851": 1.05,
    "167": 1.10,
    "157": 0.50,
    "230": 0.52,
    "173": 0.62,
    "223": 0.55,
    "201": 0.60,
    "190": 0.65,
    "155": 0.60,
    "240": 0.70,
    "269": 0.72,
    "746": 0.70,
    "710": 0.75,
    "727": 0.80,
    "350": 0.75,
    "147": 0.78,
    "187": 0.85,
    "253": 0.90,
    "766": 0.85,
    "840": 0.85,
    "530": 0.90,
}

# Live births by year (approximate), giving cohorts of different size that move through the ages.
_BIRTHS = {
    1995: 69.8,
    1998: 66.2,
    2000: 67.1,
    2002: 64.1,
    2004: 64.6,
    2006: 65.0,
    2008: 65.0,
    2010: 63.4,
    2012: 57.9,
    2013: 55.9,
    2015: 58.1,
    2016: 61.2,
    2018: 61.5,
    2020: 60.9,
    2021: 63.5,
    2022: 58.4,
    2023: 57.5,
    2026: 58.0,
}

CHRISTIANSO = ("411", "Christiansø")


@dataclass(frozen=True)
class Area:
    code: str
    name: str
    region: str
    pop_2024: float
    growth: float
    profile: str


def _parse_areas() -> tuple[list[tuple[str, str]], list[Area]]:
    regions: list[tuple[str, str]] = []
    munis: list[Area] = []
    for line in _AREA_TABLE.strip().splitlines():
        parts = line.split()
        if len(parts) == 2:
            regions.append((parts[0], parts[1].replace("_", " ")))
        else:
            code, name, pop, growth, profile = parts
            munis.append(Area(code, name, regions[-1][0], float(pop), float(growth) / 100, profile))
    return regions, munis


REGIONS, MUNIS = _parse_areas()
MUNI_CODES = [m.code for m in MUNIS]
REGION_INDEX = {code: i for i, (code, _) in enumerate(REGIONS)}


def _check_areas_against_reference() -> None:
    """The hard-coded areas must be exactly the project's 98 municipalities and 5 regions."""
    ref = load_areas()
    ref_munis = {r.area_code: (r.area_name, r.region_code) for r in ref if r.area_level == "kommune"}
    ref_regions = {r.area_code: r.area_name for r in ref if r.area_level == "region"}
    mine = {m.code: (m.name, m.region) for m in MUNIS}
    if mine != ref_munis or dict(REGIONS) != ref_regions:
        diff = sorted(set(mine.items()) ^ set(ref_munis.items()))[:6]
        sys.exit(f"the area list in this script disagrees with data/reference/areas.csv: {diff}")


def _rng(name: str) -> np.random.Generator:
    """An independent, reproducible random stream per purpose (never Python's salted hash())."""
    return np.random.default_rng([SEED, zlib.crc32(name.encode("utf-8"))])


def _random_walk(rng: np.random.Generator, shape: tuple[int, int], sd: float) -> np.ndarray:
    """Multiplicative random walk per row, centred on 1 over the steps."""
    steps = rng.normal(0.0, sd, size=shape)
    walk = np.cumsum(steps, axis=1)
    return np.exp(walk - walk.mean(axis=1, keepdims=True))


def quarters(first: int, last: int, last_quarter: int = 4) -> list[str]:
    return [f"{y}K{q}" for y in range(first, last + 1) for q in range(1, 5) if y < last or q <= last_quarter]


def years(first: int, last: int) -> list[str]:
    return [str(y) for y in range(first, last + 1)]


def quarter_time(code: str) -> float:
    return int(code[:4]) + (int(code[5]) - 1) / 4


# ---------------------------------------------------------------------------------------------------------
# The invented country: population by municipality, age and time, and a social-need index.
# ---------------------------------------------------------------------------------------------------------
class World:
    N_2008 = 5_476_000.0
    N_2025_5 = 5_962_000.0

    def __init__(self) -> None:
        rng = _rng("world")
        n = len(MUNIS)
        self.pop_2024 = np.array([m.pop_2024 for m in MUNIS])
        self.growth = np.array([m.growth for m in MUNIS]) + rng.normal(0.0, 0.0005, n)
        prof = np.array([_PROFILES[m.profile] for m in MUNIS])
        self.child_share = prof[:, 0] * np.exp(rng.normal(0.0, 0.035, n))
        self.youth_share = prof[:, 1] * np.exp(rng.normal(0.0, 0.05, n))
        self.child_slope = prof[:, 2] + rng.normal(0.0, 0.05, n)
        self.youth_slope = prof[:, 3] + rng.normal(0.0, 0.08, n)
        self.age_noise = np.exp(rng.normal(0.0, 0.015, (n, 23)))
        social = np.array([_SOCIAL_INDEX.get(m.code, 1.0) for m in MUNIS])
        self.social = social * np.exp(rng.normal(0.0, 0.10, n))
        self.region_of = np.array([REGION_INDEX[m.region] for m in MUNIS])
        self._rate = np.log(self.N_2025_5 / self.N_2008) / 17.5

    def total(self, t: float) -> np.ndarray:
        """Population of the 98 municipalities at time t (fractional year), before rounding."""
        raw = self.pop_2024 * np.exp(self.growth * (t - 2024.0))
        national = self.N_2008 * np.exp(self._rate * (t - 2008.0)) - self.christianso_total(t)
        return raw * national / raw.sum()

    @staticmethod
    def christianso_total(t: float) -> int:
        return round(96 - 0.6 * (t - 2008.0))

    def ages(self, t: float) -> np.ndarray:
        """Single years 0–22 per municipality (98 × 23), before rounding."""
        total = self.total(t)
        drift = t - 2016.0
        child = total * self.child_share * (1 - 0.003 * drift)
        youth = total * self.youth_share * (1 + 0.002 * drift)
        births = np.array([np.interp(t - a - 0.5, list(_BIRTHS), list(_BIRTHS.values())) for a in range(23)])
        a = np.arange(23)
        w_child = (1 + np.outer(self.child_slope, (8.5 - a[:18]) / 8.5)) * births[:18]
        w_youth = (1 + np.outer(self.youth_slope, (a[18:] - 20) / 2)) * births[18:]
        w_child = w_child * self.age_noise[:, :18]
        w_youth = w_youth * self.age_noise[:, 18:]
        out = np.empty((len(MUNIS), 23))
        out[:, :18] = child[:, None] * w_child / w_child.sum(axis=1, keepdims=True)
        out[:, 18:] = youth[:, None] * w_youth / w_youth.sum(axis=1, keepdims=True)
        return out

    def pop_0_22(self, year: int) -> np.ndarray:
        return self.ages(year + 0.75).sum(axis=1)

    def pop_0_17(self, year: int) -> np.ndarray:
        return self.ages(year + 0.75)[:, :18].sum(axis=1)

    def pop_18_plus(self, t: float) -> np.ndarray:
        return self.total(t) - self.ages(t)[:, :18].sum(axis=1)

    def region_pop(self, year: int) -> np.ndarray:
        return np.bincount(self.region_of, weights=self.total(year + 0.5), minlength=len(REGIONS))


# ---------------------------------------------------------------------------------------------------------
# Tables
# ---------------------------------------------------------------------------------------------------------
@dataclass
class Var:
    id: str
    text: str
    values: list[tuple[str, str]]
    time: bool = False
    elimination: bool = True
    map: str | None = None


@dataclass
class Table:
    id: str
    text: str
    description: str
    unit: str
    updated: str
    variables: list[Var]
    cells: dict[Key, Cell] = field(default_factory=dict)

    def tableinfo(self) -> dict[str, object]:
        doc_id = str(uuid.uuid5(uuid.NAMESPACE_URL, f"socialtal-demo/{self.id}"))
        variables = []
        for var in self.variables:
            item: dict[str, object] = {
                "id": var.id,
                "text": var.text,
                "elimination": var.elimination and not var.time,
                "time": var.time,
            }
            if var.map:
                item["map"] = var.map
            item["values"] = [{"id": code, "text": text} for code, text in var.values]
            variables.append(item)
        return {
            "id": self.id,
            "text": self.text,
            "description": self.description,
            "unit": self.unit,
            "suppressedDataValue": "0",
            "updated": self.updated,
            "active": True,
            "contacts": [],
            "documentation": {"id": doc_id, "url": f"https://www.dst.dk/statistikdokumentation/{doc_id}"},
            "footnote": None,
            "variables": variables,
        }


def _price_unit_var() -> Var:
    """PRISENHED of the municipal and regional accounts (REGK31, REGR31): current prices or kr. per inhabitant."""
    return Var(
        "PRISENHED",
        "prisenhed",
        [("LOBM", "Løbende priser (1.000 kr.)"), ("INDL", "Kr. pr. indbygger")],
        elimination=False,
    )


def time_var(codes: Sequence[str]) -> Var:
    return Var("Tid", "tid", [(c, c) for c in codes], time=True, elimination=False)


def _folk1a_area_values() -> list[tuple[str, str]]:
    values = [("000", "Hele landet")]
    for region_code, region_name in REGIONS:
        values.append((region_code, region_name))
        for m in MUNIS:
            if m.region == region_code:
                values.append((m.code, m.name))
                if m.code == "400":
                    values.append(CHRISTIANSO)
    return values


def _muni_values() -> list[tuple[str, str]]:
    return [(code, name) for code, name in _folk1a_area_values() if code in set(MUNI_CODES)]


def _region_sums(values: np.ndarray, world: World) -> np.ndarray:
    """Sum municipality values (98 × …) into the 5 regions (5 × …)."""
    out = np.zeros((len(REGIONS), *values.shape[1:]), dtype=values.dtype)
    np.add.at(out, world.region_of, values)
    return out


def _fill_area_cells(
    cells: dict[Key, Cell],
    area_codes: Sequence[str],
    middle: Key,
    periods: Sequence[str],
    values: np.ndarray,
    tail: Key = (),
) -> None:
    """cells[(area, *middle, *tail, period)] = values[area_index, period_index]."""
    for i, area in enumerate(area_codes):
        for j, period in enumerate(periods):
            cells[(area, *middle, *tail, period)] = _as_cell(values[i, j])


def _as_cell(value: float | int | np.number) -> Cell:
    if isinstance(value, (int, np.integer)):
        return int(value)
    return float(value)


def _with_totals(munis: np.ndarray, world: World, extra: np.ndarray | None = None) -> tuple[np.ndarray, np.ndarray]:
    """(region rows, country row) as sums of the municipality rows (plus `extra` in the country)."""
    regions = _region_sums(munis, world)
    country = munis.sum(axis=0, keepdims=True)
    if extra is not None:
        country = country + extra
    return regions, country


def _scale_to(weights: np.ndarray, targets: np.ndarray) -> np.ndarray:
    """Scale columns of weights (98 × periods) so that each column sums to its target."""
    return weights * (targets / weights.sum(axis=0))[None, :]


def _mark_confidential(
    cells: dict[Key, Cell], keys: Sequence[Key], name: str, share: float, minimum: int, below: int = 5
) -> list[Key]:
    """Show a few small counts as '..' (confidential), like DST's discretion: about `share` of the cells with
    0 < value < `below` among `keys`, at least `minimum` (the smallest positive cells if too few are small)."""
    rng = _rng(f"confidential/{name}")
    positive = [k for k in keys if isinstance(cell := cells[k], (int, float)) and cell > 0]
    small = [k for k in positive if float(cells[k]) < below]
    count = max(minimum, round(share * len(small)))
    if len(small) < count:
        small = sorted(positive, key=lambda k: (float(cells[k]), k))[: count * 3]
    picked = [small[i] for i in sorted(rng.choice(len(small), size=min(count, len(small)), replace=False))]
    for key in picked:
        cells[key] = CONFIDENTIAL
    return picked


def make_folk1a(world: World) -> Table:
    periods = quarters(2008, 2025, 3)
    areas = _folk1a_area_values()
    table = Table(
        "FOLK1A",
        "Befolkningen den 1. i kvartalet",
        "Befolkningen den 1. i kvartalet efter område, køn, alder, civilstand og tid",
        "Antal",
        "2025-08-11T08:00:00",
        [
            Var("OMRÅDE", "område", areas, map="Denmark_municipality_07"),
            Var("KØN", "køn", [("TOT", "I alt"), ("1", "Mænd"), ("2", "Kvinder")]),
            Var("ALDER", "alder", [("IALT", "Alder i alt")] + [(str(a), f"{a} år") for a in range(126)]),
            Var(
                "CIVILSTAND",
                "civilstand",
                [("TOT", "I alt"), ("U", "Ugift"), ("G", "Gift/separeret"), ("E", "Enke/enkemand"), ("F", "Fraskilt")],
            ),
            time_var(periods),
        ],
    )
    n_q = len(periods)
    ages = np.zeros((len(MUNIS), 23, n_q), dtype=np.int64)
    totals = np.zeros((len(MUNIS), n_q), dtype=np.int64)
    for j, period in enumerate(periods):
        t = quarter_time(period)
        ages[:, :, j] = np.rint(world.ages(t)).astype(np.int64)
        totals[:, j] = np.rint(world.total(t)).astype(np.int64)
    # Christiansø: about 90 people, a handful of children in a few single years (the rest absent, i.e. 0).
    chr_ages = np.zeros((23, n_q), dtype=np.int64)
    rng = _rng("christianso")
    for j in range(n_q):
        for a in (2, 5, 9, 13, 16, 20):
            chr_ages[(a + j // 4) % 23, j] += int(rng.integers(0, 3))
    chr_total = np.array([world.christianso_total(quarter_time(p)) for p in periods], dtype=np.int64)

    all_ages = np.concatenate([totals[:, None, :], ages], axis=1)  # 98 × 24 × quarters, IALT first
    chr_all = np.concatenate([chr_total[None, :], chr_ages], axis=0)
    regions = _region_sums(all_ages, world)
    regions[REGION_INDEX["084"]] += chr_all
    country = regions.sum(axis=0)
    by_area: dict[str, np.ndarray] = {"000": country, CHRISTIANSO[0]: chr_all}
    for code, _ in REGIONS:
        by_area[code] = regions[REGION_INDEX[code]]
    for i, m in enumerate(MUNIS):
        by_area[m.code] = all_ages[i]
    age_codes = ["IALT"] + [str(a) for a in range(23)]
    for area, _ in areas:
        block = by_area[area]
        for ai, age in enumerate(age_codes):
            for j, period in enumerate(periods):
                table.cells[(area, "TOT", age, "TOT", period)] = int(block[ai, j])
    return table


# HAND07 service types: code → (label, national unique recipients 2015K1, 2025K2, social exponent, spread).
_HAND07_TYPES: dict[str, tuple[str, float, float, float, float]] = {
    "30181": ("§ 108 Længerevarende botilbud", 9800, 10350, 0.3, 0.35),
    "30182": ("§ 107 Midlertidigt botilbud", 4700, 5250, 0.5, 0.35),
    "30011": ("§ 104 Aktivitets- og samværstilbud", 21300, 22600, 0.4, 0.22),
    "30014": ("§ 103 Beskyttet beskæftigelse", 8600, 7650, 0.3, 0.28),
    "31201": ("§ 85 Socialpædagogisk støtte", 34800, 40800, 0.6, 0.20),
    "31202": ("§ 85 Socialpædagogisk støtte i botilbudslignende tilbud", 11500, 13700, 0.6, 0.30),
    "31132": ("§ 96 Borgerstyret personlig assistance (BPA)", 1450, 1720, 0.0, 0.30),
    "31134": ("§ 97 Ledsageordning", 7800, 8150, 0.2, 0.25),
}
# The other service types HAND07 lists (no demo values: the registry does not select them). 31211–31213 exist
# from 2024K1 and 32001–32004 from 2024K3 in the real table; tableinfo lists every code whatever the period.
_HAND07_OTHER = [
    ("31211", "§ 85 a Tidsbegrænset socialpædagogisk støtte, individuel"),
    ("31212", "§ 85 a Tidsbegrænset socialpædagogisk støtte, gruppebaseret"),
    ("31213", "§ 85 a Tidsbegrænset socialpædagogisk støtte uden forudgående visitation"),
    ("30013", "§ 102 Behandling"),
    ("30117", "§ 95 Tilskud til ansættelse af hjælpere"),
    ("31133", "§ 98 Kontaktperson for døvblinde"),
    ("31181", "§ 82 a Gruppebaseret hjælp og støtte"),
    ("31182", "§ 82 b Individuel tidsbegrænset socialpædagogisk støtte"),
    ("31183", "§ 82 c Tilbud efter § 82 a og b uden forudgående visitation"),
    ("32001", "§ 117 a Tilbud til unge og voksne, type 1"),
    ("32002", "§ 117 a Tilbud til unge og voksne, type 2"),
    ("32003", "§ 117 a Tilbud til unge og voksne, type 3"),
    ("32004", "§ 117 a Tilbud til unge og voksne, type 4"),
]


def make_hand07(world: World) -> Table:
    periods = quarters(2015, 2025, 2)
    types = list(_HAND07_TYPES)
    values = [(c, _HAND07_TYPES[c][0]) for c in types] + _HAND07_OTHER
    values.sort(key=lambda v: v[0])
    areas = [*_muni_values(), ("998", "Uoplyst kommune")]
    table = Table(
        "HAND07",
        "Modtagere af handicap- og socialydelser (unikke personer)",
        "Modtagere af handicap- og socialydelser (unikke personer) efter område, ydelsestype og tid",
        "Antal",
        "2025-09-24T08:00:00",
        [
            Var("OMRÅDE", "område", areas, map="Denmark_municipality_07"),
            Var("YDELSESTYPE", "ydelsestype", values),
            time_var(periods),
        ],
    )
    t = np.array([quarter_time(p) for p in periods])
    pop18 = np.stack([world.pop_18_plus(x) for x in t], axis=1)
    span = t[-1] - t[0]
    for code in types:
        _, first, last, exponent, spread = _HAND07_TYPES[code]
        rng = _rng(f"HAND07/{code}")
        level = world.social**exponent * np.exp(rng.normal(0.0, spread, len(MUNIS)))
        trend = np.exp(np.outer(rng.normal(0.0, 0.012, len(MUNIS)), t - 2015.0))
        weights = pop18 * level[:, None] * trend
        national = first * (last / first) ** ((t - t[0]) / span) * _random_walk(rng, (1, len(t)), 0.006)[0]
        counts = np.rint(_scale_to(weights, national) * _random_walk(rng, (len(MUNIS), len(t)), 0.012))
        unknown = np.rint(national * 0.0007 * np.exp(rng.normal(0.0, 0.5, len(t))))
        rows = np.vstack([counts, unknown[None, :]]).astype(np.int64)
        _fill_area_cells(table.cells, [a for a, _ in areas], (code,), periods, rows)
    # A few small counts are confidential; never in the latest year, so the newest national sums stand.
    keys = [k for k in table.cells if k[0] != "998" and not k[-1].startswith(("2024", "2025"))]
    _mark_confidential(table.cells, keys, "HAND07", share=0.01, minimum=4)
    return table


def make_isbu02(world: World) -> Table:
    periods = years(2015, 2024)
    areas = [("0", "Hele landet"), *_muni_values()]
    table = Table(
        "ISBU02",
        "Børn og unge med forebyggende foranstaltninger",
        "Børn og unge med forebyggende foranstaltninger efter kommune, indsatser og tid",
        "Antal",
        "2025-06-26T08:00:00",
        [
            Var("KOMMUNEDK", "kommune", areas, map="Denmark_municipality_07"),
            Var(
                "INDSATSER",
                "indsatser",
                [
                    ("1", "Forebyggende foranstaltninger i alt"),
                    ("2", "Børn og unge med forebyggende foranstaltninger i alt"),
                    ("11", "Konsulentbistand vedrørende barnets forhold"),
                    ("12", "Praktisk, pædagogisk eller anden støtte i hjemmet"),
                    ("13", "Familiebehandling"),
                    ("14", "Døgnophold for hele familien"),
                    ("15", "Aflastningsordning"),
                    ("16", "Fast kontaktperson"),
                    ("17", "Formidling af praktiktilbud"),
                    ("18", "Økonomisk støtte til at undgå anbringelse"),
                ],
            ),
            time_var(periods),
        ],
    )
    y = np.array([int(p) for p in periods])
    rng = _rng("ISBU02")
    pop = np.stack([world.pop_0_22(int(v)) for v in y], axis=1)
    level = world.social**0.8 * np.exp(rng.normal(0.0, 0.22, len(MUNIS)))
    trend = np.exp(np.outer(rng.normal(0.0, 0.02, len(MUNIS)), y - 2015))
    reform = np.ones((len(MUNIS), len(y)))
    reform[:, y >= 2024] = np.clip(1 + rng.normal(0.07, 0.05, len(MUNIS)), 0.95, 1.25)[:, None]
    national = 31800 * 1.0085 ** (y - 2015) * _random_walk(rng, (1, len(y)), 0.008)[0]
    base = _scale_to(pop * level[:, None] * trend, national)
    counts = np.rint(base * reform * _random_walk(rng, (len(MUNIS), len(y)), 0.03)).astype(np.int64)
    _, country = _with_totals(counts, world)
    rows = np.vstack([country, counts])
    _fill_area_cells(table.cells, [a for a, _ in areas], ("2",), periods, rows)
    keys = [k for k in table.cells if k[0] != "0"]
    _mark_confidential(table.cells, keys, "ISBU02", share=0.01, minimum=3)
    return table


def make_anbaar12(world: World) -> Table:
    periods = years(2011, 2024)
    areas = [("0", "Hele landet"), *_muni_values(), ("998", "Uoplyst kommune")]
    table = Table(
        "ANBAAR12",
        "Anbragte børn og unge pr. 31. december",
        "Anbragte børn og unge pr. 31. december efter administrationskommune, anbringelsessted og tid",
        "Antal",
        "2025-06-26T08:00:00",
        [
            Var("ADMKOM", "administrationskommune", areas, map="Denmark_municipality_07"),
            Var(
                "ANBRINGELSE",
                "anbringelsessted",
                [
                    ("0", "I alt"),
                    ("1", "Plejefamilie"),
                    ("21", "Almindelig plejefamilie"),
                    ("22", "Forstærket plejefamilie"),
                    ("23", "Specialiseret plejefamilie"),
                    ("24", "Netværksplejefamilie"),
                    ("25", "Kommunal plejefamilie"),
                    ("26", "Plejefamilie, uoplyst type"),
                    ("9", "Opholdssted"),
                    ("7", "Døgninstitution"),
                    ("8", "Delvis lukket afdeling på døgninstitution"),
                    ("27", "Sikret afdeling på døgninstitution"),
                    ("11", "Kost- og efterskole"),
                    ("6", "Eget værelse, kollegium mv."),
                    ("99", "Øvrige og uoplyst anbringelsessted"),
                ],
            ),
            time_var(periods),
        ],
    )
    national = np.array(
        [12350, 12150, 11950, 11780, 11650, 11520, 11420, 11360, 11420, 11460, 11390, 11260, 11160, 11080], dtype=float
    )
    y = np.array([int(p) for p in periods])
    rng = _rng("ANBAAR12")
    pop = np.stack([world.pop_0_22(int(v)) for v in y], axis=1)
    level = world.social**1.2 * np.exp(rng.normal(0.0, 0.2, len(MUNIS)))
    trend = np.exp(np.outer(rng.normal(0.0, 0.015, len(MUNIS)), y - 2011))
    counts = np.rint(
        _scale_to(pop * level[:, None] * trend, national) * _random_walk(rng, (len(MUNIS), len(y)), 0.025)
    ).astype(np.int64)
    unknown = np.rint(22 * np.exp(rng.normal(0.0, 0.3, len(y)))).astype(np.int64)
    _, country = _with_totals(counts, world, unknown[None, :])
    rows = np.vstack([country, counts, unknown[None, :]])
    _fill_area_cells(table.cells, [a for a, _ in areas], ("0",), periods, rows)
    return table


def make_anbaar14(world: World) -> Table:
    periods = years(2011, 2024)
    areas = [("0", "Hele landet"), *_muni_values()]
    table = Table(
        "ANBAAR14",
        "Børn og unge anbragt i årets løb",
        "Børn og unge anbragt i årets løb efter administrationskommune, alder og tid",
        "Antal",
        "2025-06-26T08:00:00",
        [
            Var("ADMKOM", "administrationskommune", areas, map="Denmark_municipality_07"),
            Var(
                "ALERAMS",
                "alder",
                [("0", "I alt"), ("9917", "0-17 år"), ("1822", "18-22 år"), ("999", "Uoplyst alder")],
            ),
            time_var(periods),
        ],
    )
    y = np.array([int(p) for p in periods])
    national = 3800 * (3420 / 3800) ** ((y - 2011) / 13)
    rng = _rng("ANBAAR14")
    national = national * _random_walk(rng, (1, len(y)), 0.01)[0]
    pop = np.stack([world.pop_0_22(int(v)) for v in y], axis=1)
    level = world.social**1.1 * np.exp(rng.normal(0.0, 0.25, len(MUNIS)))
    mean = _scale_to(pop * level[:, None], national)
    counts = rng.poisson(mean).astype(np.int64)
    _, country = _with_totals(counts, world)
    _fill_area_cells(table.cells, [a for a, _ in areas], ("0",), periods, np.vstack([country, counts]))
    return table


# UND1 notifiers (UNDERRETERE): 7 was split into 12 and 13 from 2024.
_UND1_NOTIFIERS = [
    ("0", "I alt"),
    ("1", "Skole og skolefritidsordning"),
    ("2", "Dagtilbud"),
    ("3", "Sundhedsvæsen"),
    ("4", "Politi"),
    ("5", "Socialforvaltning i egen kommune"),
    ("6", "Anden kommune"),
    ("7", "Øvrige offentlige myndigheder (til 2023)"),
    ("8", "Forældre"),
    ("9", "Barnet eller den unge selv"),
    ("10", "Familie, netværk og naboer"),
    ("11", "Anonym underretter"),
    ("12", "Jobcenter og ydelseskontor"),
    ("13", "Krisecentre og kriminalforsorg"),
    ("99", "Øvrige og uoplyst underretter"),
]


def make_und1(world: World) -> Table:
    periods = years(2015, 2024)
    areas = [("0", "Hele landet"), *_muni_values()]
    table = Table(
        "UND1",
        "Underretninger om børn og unge",
        "Underretninger om børn og unge efter administrationskommune, underretter, alder, køn og tid",
        "Antal",
        "2025-05-22T08:00:00",
        [
            Var("ADMKOM", "administrationskommune", areas, map="Denmark_municipality_07"),
            Var("UNDERRETERE", "underretter", _UND1_NOTIFIERS),
            Var(
                "ALDER1",
                "alder",
                [
                    ("00", "Alder i alt"),
                    *[(str(a), f"{a} år") for a in range(19)],
                    ("U0", "Ufødte"),
                    ("999", "Uoplyst alder"),
                ],
            ),
            Var(
                "KØN",
                "køn",
                [("0", "Køn i alt"), ("D", "Drenge"), ("P", "Piger"), ("9", "Uoplyst køn"), ("U", "Ufødt")],
            ),
            time_var(periods),
        ],
    )
    national = np.array([100200, 108900, 116800, 124600, 131300, 127900, 135800, 141200, 146100, 150800], dtype=float)
    y = np.array([int(p) for p in periods])
    rng = _rng("UND1")
    pop = np.stack([world.pop_0_17(int(v)) for v in y], axis=1)
    level = world.social**0.7 * np.exp(rng.normal(0.0, 0.2, len(MUNIS)))
    trend = np.exp(np.outer(rng.normal(0.0, 0.015, len(MUNIS)), y - 2015))
    counts = np.rint(
        _scale_to(pop * level[:, None] * trend, national) * _random_walk(rng, (len(MUNIS), len(y)), 0.03)
    ).astype(np.int64)
    _, country = _with_totals(counts, world)
    # Only the totals are answered (UNDERRETERE 0, ALDER1 00, KØN 0): the registry asks for nothing else.
    _fill_area_cells(
        table.cells, [a for a, _ in areas], ("0", "00"), periods, np.vstack([country, counts]), tail=("0",)
    )
    return table


# REGK31 functions: code → (label, share of its group's national total 2023 in bn kr., group).
_FUNCTIONS: list[tuple[str, str, float, str]] = [
    ("02510", "0.25.10 Fælles formål (byudvikling)", 0, ""),
    ("32201", "3.22.01 Folkeskoler", 0, ""),
    ("52207", "5.22.07 Indskolingstilbud", 0, ""),
    ("52510", "5.25.10 Fælles formål (dagtilbud)", 0, ""),
    ("52511", "5.25.11 Dagplejen", 0, ""),
    ("52514", "5.25.14 Integrerede daginstitutioner", 0, ""),
    ("528", "5.28 Tilbud til børn og unge med særlige behov", 0, ""),
    ("52820", "5.28.20 Opholdssteder for børn og unge", 3.0, "c"),
    ("52821", "5.28.21 Forebyggende foranstaltninger for børn og unge", 4.0, "c"),
    ("52822", "5.28.22 Plejefamilier", 3.3, "c"),
    ("52823", "5.28.23 Døgninstitutioner for børn og unge", 2.2, "c"),
    ("52824", "5.28.24 Sikrede døgninstitutioner for børn og unge", 0.5, "c"),
    ("52825", "5.28.25 Særlige dagtilbud og særlige klubber", 0.9, "c"),
    ("52826", "5.28.26 Merudgifter og tabt arbejdsfortjeneste for forældre til børn med handicap", 0.8, "c"),
    ("52827", "5.28.27 Rådgivning og rådgivningsinstitutioner for børn og unge", 0.3, "c"),
    ("53026", "5.30.26 Personlig og praktisk hjælp og madservice (hjemmehjælp) til ældre", 0, ""),
    ("53232", "5.32.32 Pleje og omsorg mv. af ældre og handicappede", 0, ""),
    ("53540", "5.35.40 Rådgivning og rådgivningsinstitutioner", 0, ""),
    ("538", "5.38 Tilbud til voksne med særlige behov", 0, ""),
    ("53838", "5.38.38 Personlig støtte og pasning af personer med handicap mv.", 5.0, "a"),
    ("53839", "5.38.39 Særlige pladser på psykiatrisk afdeling", 0.1, "a"),
    ("53840", "5.38.40 Rådgivning og rådgivningsinstitutioner for voksne", 0.4, "a"),
    ("53841", "5.38.41 Hjælpemidler, forbrugsgoder, boligindretning og befordring", 0.3, "a"),
    ("53842", "5.38.42 Botilbud for personer med særlige sociale problemer (§§ 109-110)", 1.5, "a"),
    ("53844", "5.38.44 Alkoholbehandling og behandlingshjem for alkoholskadede", 0.4, "a"),
    ("53845", "5.38.45 Behandling af stofmisbrugere", 1.0, "a"),
    ("53850", "5.38.50 Botilbud til længerevarende ophold (§ 108)", 9.0, "a"),
    ("53851", "5.38.51 Botilbudslignende tilbud (omfattet af § 4, stk. 1, nr. 3, i lov om socialtilsyn)", 0.8, "a"),
    ("53852", "5.38.52 Botilbud til midlertidigt ophold (§ 107)", 3.5, "a"),
    ("53853", "5.38.53 Kontaktperson- og ledsageordninger (§§ 45, 97-99)", 4.0, "a"),
    ("53858", "5.38.58 Beskyttet beskæftigelse (§ 103)", 1.5, "a"),
    ("53859", "5.38.59 Aktivitets- og samværstilbud (§ 104)", 2.5, "a"),
    ("57299", "5.72.99 Øvrige sociale formål", 0, ""),
]
# Nominal growth of each group's national total from the year before.
_GROWTH_CHILDREN = {
    2011: 1.5,
    2012: 1.0,
    2013: 1.5,
    2014: 2.0,
    2015: 2.5,
    2016: 3.0,
    2017: 3.5,
    2018: 3.5,
    2019: 4.0,
    2020: 3.0,
    2021: 3.0,
    2022: 3.5,
    2023: 4.0,
    2024: 3.5,
}
_GROWTH_ADULTS = {
    2011: 2.0,
    2012: 1.5,
    2013: 2.0,
    2014: 2.5,
    2015: 2.5,
    2016: 3.0,
    2017: 3.0,
    2018: 3.5,
    2019: 3.5,
    2020: 3.0,
    2021: 3.0,
    2022: 4.0,
    2023: 4.0,
    2024: 3.5,
}
# Minor functions that a few municipalities run at a net income (they sell places to other municipalities).
_NEGATIVE_IN = {"52827": ("461", "751", "370"), "53840": ("657", "461", "330")}


def _group_totals(growth: dict[int, float], level_2023: float, periods: np.ndarray) -> np.ndarray:
    index = {2010: 1.0}
    for year in range(2011, max(periods) + 1):
        index[year] = index[year - 1] * (1 + growth[year] / 100)
    return np.array([level_2023 * index[y] / index[2023] for y in periods])


def make_regk31(world: World) -> tuple[Table, np.ndarray]:
    """REGK31 and the national 5.28.* total per year (1,000 kr.), which BU28 repeats in mio. kr."""
    periods = years(2010, 2024)
    areas = [(c, n) for c, n in _folk1a_area_values() if c != CHRISTIANSO[0]]
    table = Table(
        "REGK31",
        "Kommunernes regnskaber (1.000 kr.)",
        "Kommunernes regnskaber efter område, funktion, dranst, art, prisenhed og tid",
        "-",
        "2025-06-24T08:00:00",
        [
            Var("OMRÅDE", "område", areas, map="Denmark_municipality_07"),
            Var("FUNKTION", "funktion", [(c, label) for c, label, _, _ in _FUNCTIONS]),
            Var("DRANST", "dranst", [("1", "1 Driftskonti"), ("2", "2 Statsrefusion"), ("3", "3 Anlægskonti")]),
            Var(
                "ART",
                "art",
                [
                    ("TOT", "Art i alt (netto)"),
                    ("1", "1 Lønninger"),
                    ("2", "2 Varekøb"),
                    ("4", "4 Tjenesteydelser mv."),
                    ("5", "5 Tilskud og overførsler"),
                    ("7", "7 Indtægter"),
                ],
            ),
            _price_unit_var(),
            time_var(periods),
        ],
    )
    y = np.array([int(p) for p in periods])
    n = len(MUNIS)
    pop022 = np.stack([world.pop_0_22(int(v)) for v in y], axis=1)
    pop18 = np.stack([world.pop_18_plus(v + 0.5) for v in y], axis=1)
    rng = _rng("REGK31")
    # Each municipality's spending trend: some grow much faster than their recipients, others slower.
    group_trend = {
        "c": np.exp(np.outer(rng.normal(0.0, 0.016, n), y - 2023)),
        "a": np.exp(np.outer(rng.normal(0.0, 0.014, n), y - 2023)),
    }
    group_base = {"c": pop022 * (world.social**1.1)[:, None], "a": pop18 * (world.social**0.5)[:, None]}
    group_total = {"c": _group_totals(_GROWTH_CHILDREN, 15.0e6, y), "a": _group_totals(_GROWTH_ADULTS, 30.0e6, y)}
    area_codes = [a for a, _ in areas]
    children_total = np.zeros(len(y))
    small = world.pop_2024 < 30000
    for code, _, share, group in _FUNCTIONS:
        if not group:
            continue
        frng = _rng(f"REGK31/{code}")
        weights = group_base[group] * group_trend[group] * np.exp(frng.normal(0.0, 0.25, n))[:, None]
        target = group_total[group] * share / (15.0 if group == "c" else 30.0)
        if code == "52821":  # Barnets Lov 2024: more preventive measures
            target = target * np.where(y >= 2024, 1.06, 1.0)
        values = _scale_to(weights, target) * _random_walk(frng, (n, len(y)), 0.03)
        if code == "53851":  # introduced with the social supervision act in 2017
            values[:, y < 2017] = 0.0
        if code == "52824":  # no secure-institution costs in some small municipalities some years
            values[small[:, None] & (frng.random((n, len(y))) < 0.25)] = 0.0
        if code == "53839":  # special psychiatric places: only some municipalities have any
            values[frng.random(n) < 0.45, :] = 0.0
        for muni in _NEGATIVE_IN.get(code, ()):
            i = MUNI_CODES.index(muni)
            values[i] = -np.abs(values[i]) * frng.uniform(0.2, 0.8)
        munis = np.rint(values).astype(np.int64)
        regions, country = _with_totals(munis, world)
        if group == "c":
            children_total += country[0]
        rows = np.vstack([country, *[regions[REGION_INDEX[c]][None, :] for c, _ in REGIONS], munis])
        ordered = {code_: rows[i] for i, code_ in enumerate(["000", *[c for c, _ in REGIONS], *MUNI_CODES])}
        _fill_area_cells(
            table.cells, area_codes, (code, "1", "TOT", "LOBM"), periods, np.stack([ordered[a] for a in area_codes])
        )
    return table, children_total


def make_bu28(children_total: np.ndarray) -> Table:
    periods = years(2010, 2024)
    table = Table(
        "BU28",
        "Kommunernes nettodriftsudgifter til udsatte børn og unge (mio. kr.)",
        "Kommunernes nettodriftsudgifter til udsatte børn og unge (mio. kr.) efter foranstaltning og tid",
        "Mio. kr.",
        "2025-09-10T08:00:00",
        [
            Var(
                "FORAN",
                "foranstaltning",
                [
                    ("0", "I alt"),
                    ("410", "Rådgivning og rådgivningsinstitutioner"),
                    ("420", "Forebyggende foranstaltninger og plejefamilier (til 2015)"),
                    ("421", "Forebyggende foranstaltninger (fra 2016)"),
                    ("422", "Plejefamilier (fra 2016)"),
                    ("430", "Opholdssteder"),
                    ("440", "Døgninstitutioner"),
                    ("450", "Sikrede døgninstitutioner"),
                    ("460", "Særlige dagtilbud og særlige klubber (fra 2020)"),
                ],
            ),
            time_var(periods),
        ],
    )
    for period, total in zip(periods, children_total, strict=True):
        table.cells[("0", period)] = round(float(total) / 1000, 1)
    return table


def make_regr31(world: World) -> Table:
    periods = years(2010, 2024)
    areas = [("0", "Hele landet"), *[(code.lstrip("0"), name) for code, name in sorted(REGIONS)]]
    table = Table(
        "REGR31",
        "Regionernes regnskaber (1.000 kr.)",
        "Regionernes regnskaber efter region, funktion, dranst, art, prisenhed og tid",
        "-",
        "2025-06-24T08:00:00",
        [
            Var("REGI07", "region", areas, map="Denmark_region_07"),
            Var(
                "FUNK1",
                "funktion",
                [
                    ("11001", "1.10.01 Somatiske sygehuse"),
                    ("11002", "1.10.02 Psykiatriske sygehuse og afdelinger"),
                    ("11010", "1.10.10 Fælles formål (sundhed)"),
                    ("12011", "1.20.11 Almen lægehjælp"),
                    ("12013", "1.20.13 Medicin"),
                    ("13040", "1.30.40 Specialundervisning og social rådgivning"),
                ],
            ),
            Var(
                "DRANST",
                "dranst",
                [
                    ("1", "1 Driftskonti"),
                    ("2", "2 Statsrefusion"),
                    ("3", "3 Anlægskonti"),
                    ("4", "4 Renter"),
                    ("7", "7 Finansforskydninger"),
                ],
            ),
            Var(
                "ART",
                "art",
                [
                    ("UE", "Udgifter"),
                    ("UI", "Indtægter"),
                    ("TOT", "Art i alt (netto)"),
                    ("I", "Interne overførsler"),
                    ("1", "1 Lønninger"),
                ],
            ),
            _price_unit_var(),
            time_var(periods),
        ],
    )
    y = np.array([int(p) for p in periods])
    rng = _rng("REGR31")
    national = 10.9e6 * (13.1 / 10.9) ** ((y - 2010) / 14) * _random_walk(rng, (1, len(y)), 0.01)[0]
    factor = {"081": 1.0, "082": 0.95, "083": 1.0, "084": 1.1, "085": 0.9}
    pops = np.stack([world.region_pop(int(v)) for v in y], axis=1)
    weights = pops * np.array([factor[c] for c, _ in REGIONS])[:, None]
    regions = np.rint(_scale_to(weights, national) * _random_walk(rng, (len(REGIONS), len(y)), 0.012))
    regions = regions.astype(np.int64)
    by_code = {"0": regions.sum(axis=0)} | {c.lstrip("0"): regions[REGION_INDEX[c]] for c, _ in REGIONS}
    for area, _ in areas:
        for j, period in enumerate(periods):
            table.cells[(area, "11002", "1", "TOT", "LOBM", period)] = int(by_code[area][j])
    return table


# SBR04 key figures (BNØGLE), labelled as in a real SBR04 export.
_SBR04_KEYS = [
    ("200600", "Personer med ophold (antal)"),
    ("200610", "Personer med ophold (pct.)"),
    ("200620", "Ophold per person (antal)"),
    ("200630", "Personer med ophold på under 12 timer (antal)"),
    ("200640", "Personer med ophold på under 12 timer (pct.)"),
    ("200650", "Ophold på under 12 timer per person (antal)"),
    ("200660", "Personer med ophold på 12 timer og derover (antal)"),
    ("200670", "Personer med ophold på 12 timer og derover (pct.)"),
    ("200680", "Ophold på 12 timer og derover per person (antal)"),
]
# Psychiatry (200520), all ages and both sexes: persons with stays and stays per person. 2019: the change to
# LPR3 gives a break in the series (more persons with a stay, fewer stays each).
_SBR04_PERSONS = [108400, 110300, 117900, 115600, 119800, 121700, 123200, 124600]
_SBR04_STAYS = [2.1, 2.1, 1.8, 1.9, 1.9, 1.9, 2.0, 2.0]


class OneDecimal(float):
    """A value StatBank publishes with one decimal even when it is whole (`2,0`)."""


def make_sbr04(world: World) -> Table:
    periods = years(2017, 2024)
    table = Table(
        "SBR04",
        "Sygehusbenyttelse",
        "Sygehusbenyttelse efter nøgletal, sygehusvæsen, alder, køn og tid",
        "-",
        "2025-02-18T08:00:00",
        [
            Var("BNØGLE", "nøgletal", _SBR04_KEYS),
            Var(
                "SYGEHUSVÆSEN",
                "sygehusvæsen",
                [
                    ("200500", "Uanset sygehusvæsen"),
                    ("200510", "Somatisk sygehusvæsen"),
                    ("200520", "Psykiatrisk sygehusvæsen"),
                    ("200530", "Både somatisk og psykiatrisk sygehusvæsen"),
                ],
            ),
            Var(
                "ALDER",
                "alder",
                [
                    ("0000", "Alder i alt"),
                    ("0117", "0-17 år"),
                    ("18-29", "18-29 år"),
                    ("30-59", "30-59 år"),
                    ("6099", "60 år og derover"),
                ],
            ),
            Var("KØN", "køn", [("00", "Køn i alt"), ("M", "Mænd"), ("K", "Kvinder")]),
            time_var(periods),
        ],
    )
    for period, persons, stays in zip(periods, _SBR04_PERSONS, _SBR04_STAYS, strict=True):
        population = world.total(int(period) + 0.5).sum() + world.christianso_total(int(period) + 0.5)
        key = ("200520", "0000", "00", period)
        table.cells[("200600", *key)] = persons
        table.cells[("200610", *key)] = OneDecimal(round(100 * persons / population, 1))
        table.cells[("200620", *key)] = OneDecimal(stays)
    return table


# The consumer price index: yearly means on the scale 2015 ≈ 100 (rounded best knowledge: ~2 % a year to 2008,
# flat around 2015–2020, the rise of 2021–2023), published by PRIS01 with 2025 = 100. Months from 2000M12, as the
# real table, to 2025M09: the first and the last year are incomplete, as they are in a real answer.
_CPI_YEARLY = {
    2000: 76.0,
    2004: 81.5,
    2008: 88.9,
    2009: 90.0,
    2012: 95.8,
    2014: 97.9,
    2015: 98.6,
    2016: 98.9,
    2017: 99.9,
    2018: 100.6,
    2019: 101.4,
    2020: 101.8,
    2021: 103.7,
    2022: 111.5,
    2023: 115.2,
    2024: 116.6,
    2025: 118.4,
}
_CPI_BASE_YEAR = 2025
_PRIS01_GROUPS = [
    ("000000", "00 Forbrugerprisindekset i alt"),
    ("010000", "01 Fødevarer og ikke-alkoholiske drikkevarer"),
    ("020000", "02 Alkoholiske drikkevarer og tobak"),
    ("030000", "03 Beklædning og fodtøj"),
    ("040000", "04 Boligbenyttelse, vand, elektricitet, gas og andet brændsel"),
    ("060000", "06 Sundhed"),
    ("070000", "07 Transport"),
    ("110000", "11 Restauranter og indkvartering"),
    ("141000", "Varer"),
    ("142000", "Tjenester"),
    ("151000", "Forbrugerprisindekset ekskl. energi"),
]


def months(first: str, last: str) -> list[str]:
    """'2000M12' … '2025M09', as StatBank writes months."""
    (y0, m0), (y1, m1) = ((int(c[:4]), int(c[5:])) for c in (first, last))
    return [f"{y}M{m:02d}" for y in range(y0, y1 + 1) for m in range(1, 13) if (y0, m0) <= (y, m) <= (y1, m1)]


def make_pris01() -> Table:
    periods = months("2000M12", "2025M09")
    table = Table(
        "PRIS01",
        f"Forbrugerprisindeks ({_CPI_BASE_YEAR}=100)",
        f"Forbrugerprisindeks ({_CPI_BASE_YEAR}=100) efter varegruppe, enhed og tid",
        "Indeks",
        "2025-10-10T08:00:00",
        [
            Var("VAREGR", "varegruppe", _PRIS01_GROUPS),
            Var(
                "ENHED",
                "enhed",
                [
                    ("100", "Indeks"),
                    ("200", "Ændring i forhold til måneden før (pct.)"),
                    ("300", "Ændring i forhold til samme måned året før (pct.)"),
                ],
                elimination=False,
            ),
            time_var(periods),
        ],
    )
    # Log-linear between the yearly levels placed mid-year, a small seasonal pattern (January sales, summer
    # prices) and noise: each year's mean of 12 months lands within a few tenths of its level.
    rng = _rng("PRIS01")
    anchors = np.array([y + 0.5 for y in _CPI_YEARLY])
    levels = np.log(np.array(list(_CPI_YEARLY.values())))
    season = 0.003 * np.array([-1.2, -0.2, 0.2, 0.3, 0.2, 0.4, 0.9, 0.7, -0.1, -0.2, -0.5, -0.5])
    for period in periods:
        year, month = int(period[:4]), int(period[5:])
        t = year + (month - 0.5) / 12
        level = np.exp(np.interp(t, anchors, levels) + season[month - 1] + rng.normal(0.0, 0.0008))
        index = 100.0 * level / _CPI_YEARLY[_CPI_BASE_YEAR]
        table.cells[("000000", "100", period)] = OneDecimal(round(float(index), 1))
    return table


# ---------------------------------------------------------------------------------------------------------
# The generic maker: a plausible table for any `kind: statbank` source without a hand-tuned maker, made from
# its YAML and the indicator catalogue alone. Adding a source stays one YAML file (and one catalogue line).
# ---------------------------------------------------------------------------------------------------------
GENERIC_PERIODS = years(2015, 2024)
GENERIC_UPDATED = "2025-06-26T08:00:00"


@dataclass(frozen=True)
class Level:
    """How the generic maker sizes one indicator.

    `latest` is the national value in the latest period: for an additive indicator (aggregation `sum`) a
    national total, or with `per_capita` a value per inhabitant of the indicator's denominator population
    (the whole population if it has none); for a rate (aggregation `weighted_mean` or `none`) the national
    rate itself. `growth` is the national change in % a year (earlier periods are smaller when positive),
    `social` the exponent of the social-need index in the spread over municipalities, `spread` the standard
    deviation of each municipality's own log level."""

    latest: float
    per_capita: bool = False
    growth: float = 0.0
    social: float = 0.8
    spread: float = 0.15


# Invented national levels per indicator for the tables the generic maker makes, sized like the real statistics.
GENERIC_LEVELS: dict[str, Level] = {
    # BU43: about 3.3 % of all 0–22-year-olds have a preventive measure or are placed, slowly rising; from 1.5 to
    # 6.5 % between municipalities, highest where the social need is.
    "children_support_share": Level(3.3, growth=0.8, social=1.1, spread=0.2),
}
# The fallback for an indicator not in GENERIC_LEVELS, by its catalogue unit: persons 1 % and notifications 10 %
# of the denominator population, bed-days 0.17 per inhabitant, money 1,000 kr. per inhabitant, a per cent 5 %,
# stays per person 2.
UNIT_LEVELS: dict[str, Level] = {
    "persons": Level(0.01, per_capita=True, growth=1.0),
    "notifications": Level(0.10, per_capita=True, growth=3.0, social=0.7),
    "bed_days": Level(0.17, per_capita=True, social=0.5),
    "dkk_thousands": Level(1.0, per_capita=True, growth=3.0, social=0.6),
    "dkk_millions": Level(0.001, per_capita=True, growth=3.0, social=0.6),
    "percent": Level(5.0, growth=0.5),
    "stays_per_person": Level(2.0, social=0.1, spread=0.05),
}
_UNIT_TEXT = {
    "persons": "Antal",
    "notifications": "Antal",
    "bed_days": "Antal",
    "dkk_thousands": "1.000 kr.",
    "dkk_millions": "Mio. kr.",
    "percent": "Pct.",
    "stays_per_person": "Antal",
}
_INTEGER_UNITS = {"persons", "notifications", "bed_days", "dkk_thousands"}


@dataclass(frozen=True)
class TableHints:
    """Optional cosmetics for a generically made table: DST's texts, and the values its tableinfo lists beyond
    what the request selects (per variable, in DST's order; they must include the requested codes)."""

    text: str | None = None
    unit: str | None = None
    variable_texts: dict[str, str] = field(default_factory=dict)
    values: dict[str, list[tuple[str, str]]] = field(default_factory=dict)


GENERIC_HINTS: dict[str, TableHints] = {
    "BU43": TableHints(
        text="Børn og unge med foranstaltninger i pct. af alle 0-22-årige",
        unit="Pct.",
        variable_texts={"OMRÅDE": "område", "FORANSTALT": "foranstaltning", "ALDER": "alder"},
        values={
            "FORANSTALT": [
                ("IALT", "Foranstaltninger i alt"),
                ("FORB", "Forebyggende foranstaltninger"),
                ("ANBR", "Anbringelser"),
            ],
            "ALDER": [("TOT22", "0-22 år i alt"), ("9917", "0-17 år"), ("1822", "18-22 år")],
        },
    ),
}


class GenericMakerError(SystemExit):
    """The generic maker cannot make this source; the message says why and what to do."""


def reference_area_values() -> list[tuple[str, str]]:
    """The country, then each region followed by its municipalities, as in data/reference/areas.csv."""
    areas = load_areas()
    values = [(r.area_code, r.area_name) for r in areas if r.area_level == "land"]
    for region in (r for r in areas if r.area_level == "region"):
        values.append((region.area_code, region.area_name))
        values.extend(
            (m.area_code, m.area_name) for m in areas if m.area_level == "kommune" and m.region_code == region.area_code
        )
    return values


def period_time(code: str) -> float:
    """The middle of a StatBank period (2024, 2024K1, 2024M01, 2024H1) as a fractional year."""
    if len(code) == 4 and code.isdigit():
        return int(code) + 0.5
    year, kind, number = code[:4], code[4:5], code[5:]
    steps = {"K": 4, "M": 12, "H": 2}.get(kind)
    if not (year.isdigit() and number.isdigit() and steps and 1 <= int(number) <= steps):
        raise ValueError(f"period code {code!r} is not a year, quarter, month or half year")
    return int(year) + (int(number) - 0.5) / steps


def _prefix_values(name: str, prefixes: Sequence[str]) -> list[tuple[str, str]]:
    """One value per label prefix, its text starting with the prefix. A prefix that another listed prefix
    extends ("5.28." beside "5.28.20") gets no value of its own: it selects its more specific ones."""
    distinct = list(dict.fromkeys(prefixes))
    kept = [p for p in distinct if not any(q != p and q.startswith(p) for q in distinct)]
    values: list[tuple[str, str]] = []
    for i, prefix in enumerate(kept, start=1):
        code = "".join(ch for ch in prefix if ch.isalnum()) or f"V{i}"
        if code in {c for c, _ in values}:
            code = f"{code}_{i}"
        values.append((code, f"{prefix}{'' if prefix.endswith(' ') else ' '}{name.lower()} {code}"))
    return values


def make_generic(source: Source, registry: Registry, world: World) -> Table:
    """A plausible table for `source` from its YAML alone (see the module docstring for the rules)."""
    table_id = (source.table or source.id).upper()

    def fail(problem: str) -> GenericMakerError:
        return GenericMakerError(
            f"{source.path.name} (table {table_id}): {problem}. The generic demo maker cannot make this table: "
            f"write a hand-tuned maker for {table_id} in scripts/make_demo_snapshot.py (like make_bu28) and add "
            "it to hand_tuned()"
        )

    for rule in source.rules:
        if rule.subtract is not None:
            raise fail(f"indicator {rule.indicator_id} subtracts rows (`subtract`)")
    hints = GENERIC_HINTS.get(table_id, TableHints())
    variables: list[Var] = []
    time: Var | None = None
    for name, spec in source.request.items():
        text = hints.variable_texts.get(name, name.lower())
        hinted = hints.values.get(name)
        if name.lower() == "tid":
            if spec.is_all:
                periods = GENERIC_PERIODS
            elif spec.code_range is not None:
                periods = years(*spec.code_range)
            elif spec.codes:
                periods = list(spec.codes)
            else:
                raise fail(f"request.{name}: {spec.describe()} on the time variable")
            try:
                for period in periods:
                    period_time(period)
            except ValueError as exc:
                raise fail(f"request.{name}: {exc}") from None
            time = Var(name, "tid", [(p, p) for p in periods], time=True, elimination=False)
            continue
        if name == source.area_variable:
            if not spec.is_all:
                raise fail(f"request.{name}: the area variable selects {spec.describe()}, not `*`")
            variables.append(Var(name, text, reference_area_values(), map="Denmark_municipality_07"))
            continue
        rule_prefixes = [p for rule in source.rules if name in rule.select for p in rule.select[name].label_prefixes]
        if hinted is not None:
            values = list(hinted)
            listed = {code for code, _ in values}
            values += [(c, c) for c in spec.codes if c not in listed and c != "*"]
        elif spec.total:
            values = [("TOT", "I alt")]
        elif spec.code_range is not None:
            values = [(str(i), str(i)) for i in range(spec.code_range[0], spec.code_range[1] + 1)]
        elif spec.label_prefixes:
            values = _prefix_values(name, [*spec.label_prefixes, *rule_prefixes])
        elif spec.is_all:
            raise fail(
                f"request.{name}: `*` on {name}, whose values the generic maker cannot know (list the "
                "codes in the YAML, or give them in GENERIC_HINTS)"
            )
        else:
            values = [(code, code) for code in spec.codes]
        variables.append(Var(name, text, values))
    assert time is not None  # the registry insists on Tid
    variables.append(time)

    units = {registry.indicators[i].unit for i in source.indicator_ids}
    unit = hints.unit or (_UNIT_TEXT[next(iter(units))] if len(units) == 1 else "-")
    title = hints.text or source.title_da
    by = ", ".join(v.text for v in variables if not v.time)
    table = Table(
        table_id, title, f"{title} efter {by} og tid" if by else f"{title} efter tid", unit, GENERIC_UPDATED, variables
    )

    info = parse_tableinfo(json.dumps(table.tableinfo(), ensure_ascii=False))
    try:
        resolved = resolve_request(source, info)
    except RequestMisfit as exc:
        raise fail(f"its request does not fit the table made from it ({exc})") from None
    other = [v for v in variables if not v.time and v.id != source.area_variable]
    owner: dict[Key, str] = {}
    for rule in source.rules:
        axes = []
        for var in other:
            if var.id in rule.select:
                try:
                    codes = resolved.rule_codes(var.id, rule.select[var.id])
                except RequestMisfit as exc:
                    raise fail(f"indicator {rule.indicator_id}: {exc}") from None
                if not codes:
                    raise fail(f"indicator {rule.indicator_id} selects no requested value of {var.id}")
            else:
                requested = resolved.variables[var.id]
                codes = [c for c, _ in var.values] if requested == ["*"] else requested
                if len(codes) != 1:
                    raise fail(
                        f"indicator {rule.indicator_id} does not select {var.id}, which the request gives "
                        f"{len(codes)} values (the ETL would refuse it too)"
                    )
            axes.append(codes)
        combos = list(itertools.product(*axes))
        shared = [c for c in combos if c in owner]
        if shared:
            raise fail(
                f"indicators {owner[shared[0]]} and {rule.indicator_id} share the cells {shared[0]} "
                "(overlapping selections need consistent hand-made figures)"
            )
        owner.update(dict.fromkeys(combos, rule.indicator_id))
        _fill_generic(table, source, registry.indicators[rule.indicator_id], combos, time, world)
    # Requested combinations that no indicator sums are 0 (suppressedDataValue): absent from the BULK answer.
    grid = [
        [c for c, _ in v.values] if resolved.variables[v.id] == ["*"] else resolved.variables[v.id] for v in variables
    ]
    for key in itertools.product(*grid):
        table.cells.setdefault(key, 0)
    return table


def _denominator(world: World, indicator: Indicator, t: np.ndarray) -> np.ndarray:
    """The indicator's denominator population per municipality and period (98 × periods)."""

    def one(x: float) -> np.ndarray:
        if indicator.denominator_id == "population_0_17":
            return world.ages(x)[:, :18].sum(axis=1)
        if indicator.denominator_id == "population_0_22":
            return world.ages(x).sum(axis=1)
        if indicator.denominator_id == "population_18_plus":
            return world.pop_18_plus(x)
        return world.total(x)

    return np.stack([one(float(x)) for x in t], axis=1)


def _fill_generic(
    table: Table, source: Source, indicator: Indicator, combos: list[Key], time: Var, world: World
) -> None:
    """Cells of one indicator: a national series from its Level, spread over the municipalities by their
    denominator population and social-need index, split over the combinations of codes it sums; regions and
    the country are sums (aggregation `sum`) or denominator-weighted means (otherwise) of the municipalities."""
    level = GENERIC_LEVELS.get(indicator.indicator_id) or UNIT_LEVELS[indicator.unit]
    periods = [code for code, _ in time.values]
    t = np.array([period_time(p) for p in periods])
    rng = _rng(f"generic/{table.id}/{indicator.indicator_id}")
    pop = _denominator(world, indicator, t)
    additive = indicator.aggregation == "sum"
    growth = (1 + level.growth / 100) ** (t - t[-1]) * _random_walk(rng, (1, len(t)), 0.01)[0]
    growth = growth / growth[-1]
    national = level.latest * growth * (pop.sum(axis=0)[-1] if additive and level.per_capita else 1.0)
    n, k = len(MUNIS), len(combos)
    own = world.social**level.social * np.exp(rng.normal(0.0, level.spread, n))
    weights = own[:, None] * _random_walk(rng, (n, len(t)), 0.02)
    # How the indicator splits over the codes it sums: a national split, a little different per municipality.
    split = rng.dirichlet(np.full(k, 4.0)) * np.exp(rng.normal(0.0, 0.1, (n, k)))
    split = split / split.sum(axis=1, keepdims=True)
    if additive:
        munis = _scale_to(pop * weights, national)
    else:
        rate = weights * (national / ((weights * pop).sum(axis=0) / pop.sum(axis=0)))[None, :]
        munis = np.clip(rate, 0.45 * national, 2.0 * national)

    def as_cell(value: float) -> Cell:
        """Counts and 1,000 kr. whole, mio. kr. with one decimal, rates always with one decimal (`3,0`)."""
        if not additive:
            return OneDecimal(round(float(value), 1))
        return round(float(value)) if indicator.unit in _INTEGER_UNITS else round(float(value), 1)

    area_var = next((v for v in table.variables if v.id == source.area_variable), None)

    def key(area: str | None, combo: Key, period: str) -> Key:
        """The cell key in the table's variable order: the area, the other codes, the period."""
        rest = iter(combo)
        # `area` is None only for a table without an area variable, and then never used
        return tuple(period if v.time else cast(str, area) if v is area_var else next(rest) for v in table.variables)

    for c, combo in enumerate(combos):
        if area_var is None:  # national only: the country's figure, split
            for j, period in enumerate(periods):
                table.cells[key(None, combo, period)] = as_cell(national[j] * split.mean(axis=0)[c])
            continue
        parts = np.array([[float(as_cell(v)) for v in row] for row in munis * split[:, c : c + 1]])
        if additive:
            regions, country = _with_totals(parts, world)
        else:
            regions = _region_sums(parts * pop, world) / _region_sums(pop, world)
            country = ((parts * pop).sum(axis=0) / pop.sum(axis=0))[None, :]
        by_area = {"000": country[0]} | {code: regions[REGION_INDEX[code]] for code, _ in REGIONS}
        by_area |= {code: parts[i] for i, code in enumerate(MUNI_CODES)}
        for area, _ in area_var.values:
            for j, period in enumerate(periods):
                table.cells[key(area, combo, period)] = as_cell(by_area[area][j])


# ---------------------------------------------------------------------------------------------------------
# Writing
# ---------------------------------------------------------------------------------------------------------
def format_value(value: Cell) -> str:
    if isinstance(value, str):
        return value
    if isinstance(value, OneDecimal):
        return f"{value:.1f}".replace(".", ",")
    if isinstance(value, int) or float(value).is_integer():
        return str(int(value))
    return f"{value:.1f}".replace(".", ",")


def bulk_text(table: Table, body: dict[str, Any]) -> str:
    """The BULK answer to `body`: every requested combination, absent where the value is 0, rows shuffled a
    little (the API does not promise request order)."""
    requested: dict[str, list[str]] = {}
    for item in body["variables"]:
        requested[str(item["code"]).upper()] = [str(v) for v in item["values"]]
    axes = []
    for var in table.variables:
        wanted = requested[var.id.upper()]
        by_upper = {code.upper(): code for code, _ in var.values}
        if wanted == ["*"]:
            axes.append([code for code, _ in var.values])
            continue
        unsupported = [w for w in wanted if w.upper() not in by_upper]
        if unsupported:
            sys.exit(f"{table.id}: the request selects {unsupported} in {var.id}, which this script cannot answer")
        axes.append([by_upper[w.upper()] for w in wanted])
    rows = []
    for key in itertools.product(*axes):
        if key not in table.cells:
            sys.exit(
                f"{table.id}: no demo value for {key}; the request asks for more than the script makes "
                "(update scripts/make_demo_snapshot.py to the source YAML)"
            )
        value = table.cells[key]
        if not isinstance(value, str) and value == 0:
            continue
        rows.append(";".join((*key, format_value(value))))
    rng = _rng(f"shuffle/{table.id}")
    window = 8
    for start in range(0, len(rows), window):
        chunk = rows[start : start + window]
        rows[start : start + window] = [chunk[i] for i in rng.permutation(len(chunk))]
    header = ";".join([v.id.upper() for v in table.variables if not v.time] + ["TID", "INDHOLD"])
    return "\ufeff" + "".join(line + "\r\n" for line in [header, *rows])


def write_table(source: Source, table: Table, out_dir: Path) -> tuple[int, int]:
    info_text = json.dumps(table.tableinfo(), ensure_ascii=False, indent=2)
    info = parse_tableinfo(info_text)
    try:
        resolved = resolve_request(source, info)
    except RequestMisfit as exc:
        sys.exit(
            f"{source.path.name}: the request does not fit the demo table {table.id} ({exc}); update "
            "its maker in scripts/make_demo_snapshot.py to the source YAML"
        )
    body = data_request_body(info.table_id, resolved.variables)  # the table id as tableinfo spells it
    text = bulk_text(table, body)
    (out_dir / f"{table.id}.tableinfo.json").write_text(info_text, encoding="utf-8")
    (out_dir / f"{table.id}.request.json").write_text(
        json.dumps(body, ensure_ascii=False, indent=1) + "\n", encoding="utf-8"
    )
    data = gzip.compress(text.encode("utf-8"), compresslevel=9, mtime=0)
    (out_dir / f"{table.id}.bulk.csv.gz").write_bytes(data)
    return text.count("\r\n") - 1, len(data)


def hand_tuned(world: World) -> dict[str, Callable[[], Table]]:
    """The hand-tuned makers by table, where realism matters more than a generic table gives. Any other
    statbank source in the registry is made by `make_generic`."""
    regk31 = functools.cache(lambda: make_regk31(world))  # BU28 repeats REGK31's national 5.28.* total
    return {
        "FOLK1A": lambda: make_folk1a(world),
        "HAND07": lambda: make_hand07(world),
        "ISBU02": lambda: make_isbu02(world),
        "ANBAAR12": lambda: make_anbaar12(world),
        "ANBAAR14": lambda: make_anbaar14(world),
        "UND1": lambda: make_und1(world),
        "REGK31": lambda: regk31()[0],
        "BU28": lambda: make_bu28(regk31()[1]),
        "REGR31": lambda: make_regr31(world),
        "SBR04": lambda: make_sbr04(world),
        "PRIS01": make_pris01,
    }


SNAPSHOT_SUFFIXES = (".tableinfo.json", ".request.json", ".bulk.csv.gz")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description="Write the demo (invented) StatBank snapshot.")
    parser.add_argument(
        "--out",
        type=Path,
        default=DEMO_STATBANK_DIR,
        help="folder (default %(default)s); snapshot files of tables not in the registry are removed from it",
    )
    parser.add_argument(
        "--sources", type=Path, default=SOURCES_DIR, help="folder of source YAMLs (default %(default)s)"
    )
    parser.add_argument(
        "--catalogue", type=Path, default=CATALOGUE_PATH, help="indicator catalogue (default %(default)s)"
    )
    args = parser.parse_args(argv)
    try:
        registry = load_registry(args.sources, args.catalogue)
    except RegistryError as exc:
        sys.exit(f"the registry does not load: {exc}")
    _check_areas_against_reference()
    world = World()
    makers = hand_tuned(world)
    sources = sorted(
        (s for s in registry.sources.values() if s.kind == "statbank"), key=lambda s: (s.table or s.id).upper()
    )
    seen: dict[str, str] = {}
    for source in sources:
        table_id = (source.table or source.id).upper()
        if table_id in seen:
            sys.exit(
                f"sources {seen[table_id]} and {source.id} both read table {table_id}; a snapshot holds one "
                "request per table"
            )
        seen[table_id] = source.id
    out_dir: Path = args.out
    out_dir.mkdir(parents=True, exist_ok=True)
    written: set[str] = set()
    for source in sources:
        table_id = (source.table or source.id).upper()
        maker = makers.get(table_id)
        table = maker() if maker else make_generic(source, registry, world)
        rows, size = write_table(source, table, out_dir)
        written |= {f"{table.id}{suffix}" for suffix in SNAPSHOT_SUFFIXES}
        kind = "hand-tuned" if maker else "generic"
        print(f"{table.id:9} {kind:10} {rows:7d} rows  {size / 1024:7.1f} KiB gzip'd")
    for path in sorted(out_dir.iterdir()):
        if path.name.endswith(SNAPSHOT_SUFFIXES) and path.name not in written:
            path.unlink()
            print(f"removed {path.name}: its table is not in the registry")
    print(f"wrote demo (invented) StatBank answers to {out_dir}")


if __name__ == "__main__":
    main()
