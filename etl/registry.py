"""The declarative source registry: one YAML file per source in etl/sources/, one line per indicator in
etl/indicators.csv. Adding a StatBank table means adding a YAML file here, never new Python."""

from __future__ import annotations

import csv
import hashlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

SOURCES_DIR = Path(__file__).parent / "sources"
CATALOGUE_PATH = Path(__file__).parent / "indicators.csv"

SOURCE_KINDS = ("statbank", "bed_days_file", "boundaries")
UNITS = ("persons", "notifications", "dkk_thousands", "dkk_millions", "bed_days", "percent", "stays_per_person")
# sum: regions and the country are sums of their parts; weighted_mean: a rate (per cent of the denominator
# population), so a region is the mean of its parts weighted by the denominator; none: never aggregated.
AGGREGATIONS = ("sum", "weighted_mean", "none")
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
)


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


@dataclass(frozen=True)
class Registry:
    sources: dict[str, Source]
    indicators: dict[str, Indicator]

    def fingerprint(self, source: Source) -> str:
        """The source's definition: its YAML file and the catalogue lines of its indicators. When it changes,
        the facts must be derived again even if DST has published nothing new."""
        lines = [repr(self.indicators[i]) for i in source.indicator_ids]
        text = source.path.read_text(encoding="utf-8") + "\n".join(lines)
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


def _value_spec(raw: Any, where: str) -> ValueSpec:
    if raw == TOTAL:
        return ValueSpec(total=True)
    if isinstance(raw, list) and raw and all(isinstance(v, (str, int)) for v in raw):
        return ValueSpec(codes=tuple(str(v) for v in raw))
    if isinstance(raw, dict) and set(raw) == {"range"}:
        bounds = raw["range"]
        if isinstance(bounds, list) and len(bounds) == 2 and all(isinstance(b, int) for b in bounds):
            return ValueSpec(code_range=(bounds[0], bounds[1]))
    if isinstance(raw, dict) and set(raw) == {"label_prefix"}:
        prefixes = raw["label_prefix"]
        if isinstance(prefixes, list) and prefixes and all(isinstance(p, str) for p in prefixes):
            return ValueSpec(label_prefixes=tuple(prefixes))
    raise RegistryError(
        f"{where}: expected `total`, a list of codes, {{range: [from, to]}} or {{label_prefix: [...]}}, got {raw!r}"
    )


def _spec_map(raw: Any, where: str) -> dict[str, ValueSpec]:
    if not isinstance(raw, dict):
        raise RegistryError(f"{where}: expected a mapping of variable → values, got {raw!r}")
    return {str(var): _value_spec(spec, f"{where}.{var}") for var, spec in raw.items()}


_SOURCE_KEYS = {"id", "kind", "table", "title_da", "area_variable", "municipal", "request", "indicators"}


def load_source(path: Path) -> Source:
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as exc:
        raise RegistryError(f"{path.name}: not valid YAML: {exc}") from exc
    if not isinstance(raw, dict):
        raise RegistryError(f"{path.name}: expected a mapping at the top level")
    unknown = set(raw) - _SOURCE_KEYS
    if unknown:
        raise RegistryError(f"{path.name}: unknown key(s) {', '.join(sorted(unknown))}")
    for key in ("id", "kind", "title_da", "municipal"):
        if key not in raw:
            raise RegistryError(f"{path.name}: missing key '{key}'")
    kind = raw["kind"]
    if kind not in SOURCE_KINDS:
        raise RegistryError(f"{path.name}: kind must be one of {', '.join(SOURCE_KINDS)}, got {kind!r}")
    request: dict[str, ValueSpec] = {}
    if kind == "statbank":
        for key in ("table", "request"):
            if key not in raw:
                raise RegistryError(f"{path.name}: a statbank source needs '{key}'")
        if "area_variable" not in raw:
            raise RegistryError(f"{path.name}: say area_variable (null for national-only tables)")
        request = _spec_map(raw["request"], f"{path.name}: request")
        if not any(var.lower() == "tid" for var in request):
            raise RegistryError(f"{path.name}: request must select Tid (BULK needs every variable)")
        area_var = raw["area_variable"]
        if area_var is not None and area_var not in request:
            raise RegistryError(f"{path.name}: area_variable {area_var} is not in request")
        time_spec = next(spec for var, spec in request.items() if var.lower() == "tid")
        if time_spec.total:
            raise RegistryError(f'{path.name}: request.Tid: time has no total; select periods (e.g. ["*"])')
    rules = []
    for indicator_id, body in (raw.get("indicators") or {}).items():
        body = body or {}
        where = f"{path.name}: indicators.{indicator_id}"
        if set(body) - {"select", "subtract"}:
            raise RegistryError(f"{where}: only 'select' and 'subtract' are allowed")
        select = _spec_map(body.get("select", {}), f"{where}.select")
        subtract = _spec_map(body["subtract"], f"{where}.subtract") if "subtract" in body else None
        for var in [*select, *(subtract or {})]:
            if kind == "statbank" and var not in request:
                raise RegistryError(f"{where}: variable {var} is not in request")
        rules.append(IndicatorRule(str(indicator_id), select, subtract))
    return Source(
        id=str(raw["id"]),
        kind=kind,
        title_da=str(raw["title_da"]),
        path=path,
        municipal=bool(raw["municipal"]),
        table=raw.get("table"),
        area_variable=raw.get("area_variable"),
        request=request,
        rules=tuple(rules),
    )


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


def load_registry(sources_dir: Path = SOURCES_DIR, catalogue_path: Path = CATALOGUE_PATH) -> Registry:
    indicators = load_catalogue(catalogue_path)
    sources: dict[str, Source] = {}
    for path in sorted(sources_dir.glob("*.yaml")):
        source = load_source(path)
        if source.id in sources:
            raise RegistryError(f"{path.name}: source id {source.id} also in {sources[source.id].path.name}")
        sources[source.id] = source
    produced: dict[str, str] = {}
    for source in sources.values():
        for indicator_id in source.indicator_ids:
            if indicator_id not in indicators:
                raise RegistryError(
                    f"{source.path.name}: indicator {indicator_id} is not in {catalogue_path.name}; "
                    "add one line for it there"
                )
            if indicator_id in produced:
                raise RegistryError(
                    f"indicator {indicator_id} is produced by both {produced[indicator_id]} and {source.id}"
                )
            produced[indicator_id] = source.id
    orphans = sorted(set(indicators) - set(produced))
    if orphans:
        raise RegistryError(f"{catalogue_path.name}: no source produces {', '.join(orphans)}")
    return Registry(sources=sources, indicators=indicators)
