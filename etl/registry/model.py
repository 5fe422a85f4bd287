"""What the registry holds, as the code uses it: sources, their indicator rules and series breaks, the indicator
catalogue (read here: etl/indicators.csv), and the registry of both. No YAML and no pydantic here: those read the
source files (./source_files.py), which a run whose registry is cached (./cache.py) never imports."""

from __future__ import annotations

import csv
import hashlib
import re
from dataclasses import dataclass, field
from pathlib import Path

from etl import settings

SOURCES_DIR = settings.SOURCES_DIR
CATALOGUE_PATH = settings.CATALOGUE_PATH

SOURCE_KINDS = ("statbank", "bed_days_file", "boundaries")
UNITS = (
    "persons",
    "notifications",
    "dkk_thousands",
    "dkk_millions",
    "bed_days",
    "percent",
    "stays_per_person",
    "index",  # a price index (PRIS01: the consumer price index), relative to its table's base year
)
# sum: regions and the country are sums of their parts; weighted_mean: a rate (per cent of the denominator
# population), so a region is the mean of its parts weighted by the denominator; none: never aggregated.
AGGREGATIONS = ("sum", "weighted_mean", "none")
# Whether a higher figure is better, worse or neither. Most social figures are honestly neutral: more placements
# or more spending is not good or bad by itself. The dashboard colours a comparison only where it is not neutral.
POLARITIES = ("neutral", "higher_is_better", "lower_is_better")
TOTAL = "total"  # a value selector meaning "the variable's total", resolved from tableinfo's texts
CATALOGUE_COLUMNS = (
    "indicator_id",
    "topic",
    "title_da",
    "title_en",
    "unit",
    "denominator_id",
    "aggregation",
    "definition_da",
    "polarity",
)


# A series break's period: a DST time code as the source publishes it ("2024", "2019K1", "2024M01").
PERIOD_CODE = re.compile(r"\d{4}(?:[KQHM]\d{1,2})?")
# A break's short label is drawn on the charts beside a dashed line, at a phone's width too ("Barnets Lov")
BREAK_LABEL_MAX_CHARS = 16


class RegistryError(ValueError):
    """A source YAML file or the indicator catalogue is malformed; the message names the file and key."""


@dataclass(frozen=True)
class ValueSpec:
    """Which values of one variable: explicit codes, `*`, an inclusive numeric code range, label prefixes
    (matched against the value texts in tableinfo, for codes that change between years), or `total`: the one
    value whose text says it is the total ("I alt", "Alder i alt", "Uanset …"), found in tableinfo at run time."""

    codes: tuple[str, ...] = ()
    code_range: tuple[int, int] | None = None
    label_prefixes: tuple[str, ...] = ()
    total: bool = False

    @property
    def is_all(self) -> bool:
        return self.codes == ("*",)

    def matches(self, code: str, label: str) -> bool:
        if self.is_all:
            return True
        if self.code_range is not None:
            return code.isdigit() and self.code_range[0] <= int(code) <= self.code_range[1]
        if self.label_prefixes:
            return any(label.startswith(prefix) for prefix in self.label_prefixes)
        return code in self.codes

    def describe(self) -> str:
        if self.total:
            return "the total"
        if self.code_range is not None:
            return f"codes {self.code_range[0]}–{self.code_range[1]}"
        if self.label_prefixes:
            return "labels starting " + ", ".join(repr(p) for p in self.label_prefixes)
        return ", ".join(self.codes)


@dataclass(frozen=True)
class IndicatorRule:
    """How one indicator is derived from a source's rows: the sum of rows matching `select`, minus the sum of
    rows matching `subtract`, per area and period."""

    indicator_id: str
    select: dict[str, ValueSpec] = field(default_factory=dict)
    subtract: dict[str, ValueSpec] | None = None


@dataclass(frozen=True)
class SeriesBreak:
    """Where a source's figures before and after are not fully comparable (a new law, a new register, new codes),
    or where its series begins: from `period` on. The labels are drawn on the charts, the notes explain it (the
    dashboard's hover and Om data); both in Danish and English, as they are data, not page chrome."""

    period: str
    indicator_ids: tuple[str, ...]  # the source's indicators it affects (all of them unless the YAML names some)
    label_da: str
    label_en: str
    note_da: str
    note_en: str


@dataclass(frozen=True)
class Source:
    id: str
    kind: str
    title_da: str
    path: Path
    municipal: bool
    table: str | None = None
    area_variable: str | None = None
    request: dict[str, ValueSpec] = field(default_factory=dict)
    rules: tuple[IndicatorRule, ...] = ()
    breaks: tuple[SeriesBreak, ...] = ()

    @property
    def indicator_ids(self) -> list[str]:
        return [rule.indicator_id for rule in self.rules]

    @property
    def source_table(self) -> str:
        """The table id shown in source lines: the StatBank table, or the source id for file sources."""
        return self.table or self.id


@dataclass(frozen=True)
class Indicator:
    indicator_id: str
    topic: str
    title_da: str
    title_en: str
    unit: str
    denominator_id: str | None
    aggregation: str
    definition_da: str
    # Not in repr, which is the definition Registry.fingerprint hashes: polarity derives no facts, so changing it
    # takes effect at the next run (dim.indicators is rewritten every run) without fetching anything again.
    polarity: str = field(default="neutral", repr=False)


@dataclass(frozen=True)
class Registry:
    sources: dict[str, Source]
    indicators: dict[str, Indicator]
    # Source YAML texts as read when the registry was loaded → the same less their `breaks:`, so a run needs no
    # YAML parser for the fingerprints; a file edited since is cut anew.
    definitions: dict[str, str] = field(default_factory=dict, compare=False, repr=False)

    def fingerprint(self, source: Source) -> str:
        """The source's definition: its YAML file (less its `breaks:`, which derive no facts: a new or reworded
        break takes effect at the next run without fetching anything) and the catalogue lines of its indicators.
        When it changes, the facts must be derived again even if DST has published nothing new."""
        lines = [repr(self.indicators[i]) for i in source.indicator_ids]
        text = source.path.read_text(encoding="utf-8")
        known = self.definitions.get(text)
        if known is None:
            from etl.registry.source_files import without_breaks  # the YAML parser, only when needed

            known = without_breaks(text)
        text = known + "\n".join(lines)
        return hashlib.sha256(text.encode("utf-8")).hexdigest()

    def source_of(self, indicator_id: str) -> Source:
        for source in self.sources.values():
            if indicator_id in source.indicator_ids:
                return source
        raise KeyError(indicator_id)

    def select(self, only: list[str] | None) -> list[Source]:
        """The sources named in `only` (case-insensitive), or all; unknown names are an error."""
        if not only:
            return list(self.sources.values())
        by_upper = {sid.upper(): s for sid, s in self.sources.items()}
        unknown = [name for name in only if name.upper() not in by_upper]
        if unknown:
            raise RegistryError(
                f"unknown source(s) {', '.join(unknown)}; known sources: {', '.join(self.sources)} (see `etl sources`)"
            )
        return [by_upper[name.upper()] for name in only]


def load_catalogue(path: Path = CATALOGUE_PATH) -> dict[str, Indicator]:
    indicators: dict[str, Indicator] = {}
    with path.open(encoding="utf-8", newline="") as f:
        reader = csv.DictReader(f)
        if tuple(reader.fieldnames or ()) != CATALOGUE_COLUMNS:
            raise RegistryError(f"{path.name}: columns must be {', '.join(CATALOGUE_COLUMNS)}")
        for line_no, row in enumerate(reader, start=2):
            where = f"{path.name} line {line_no}"
            if row["indicator_id"] in indicators:
                raise RegistryError(f"{where}: duplicate indicator_id {row['indicator_id']}")
            if row["unit"] not in UNITS:
                raise RegistryError(f"{where}: unit must be one of {', '.join(UNITS)}, got {row['unit']!r}")
            if row["aggregation"] not in AGGREGATIONS:
                raise RegistryError(f"{where}: aggregation must be one of {', '.join(AGGREGATIONS)}")
            if row["polarity"] not in POLARITIES:
                raise RegistryError(
                    f"{where}: polarity must be one of {', '.join(POLARITIES)}, got {row['polarity']!r}"
                )
            indicators[row["indicator_id"]] = Indicator(
                **{**row, "denominator_id": row["denominator_id"] or None}  # type: ignore[arg-type]  # the dict has one value type, str | None; only denominator_id is None
            )
    for ind in indicators.values():
        if ind.denominator_id and ind.denominator_id not in indicators:
            raise RegistryError(f"{path.name}: {ind.indicator_id} has unknown denominator {ind.denominator_id}")
        if ind.aggregation == "weighted_mean" and not ind.denominator_id:
            raise RegistryError(
                f"{path.name}: {ind.indicator_id} is a weighted_mean and needs a denominator_id "
                "(the population its regions and country are weighted by)"
            )
    return indicators
