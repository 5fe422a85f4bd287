"""The declarative source registry: one YAML file per source in etl/sources/, one line per indicator in
etl/indicators.csv. Adding a StatBank table means adding a YAML file here, never new Python.

model holds what the code uses (sources, rules, indicators, the registry); source_files reads and validates the
YAML files (pydantic); cache keeps the validated registry between runs, keyed by the files' contents."""

from __future__ import annotations

from pathlib import Path

from etl import settings
from etl.registry import cache
from etl.registry.model import (
    AGGREGATIONS,
    BREAK_LABEL_MAX_CHARS,
    CATALOGUE_COLUMNS,
    CATALOGUE_PATH,
    PERIOD_CODE,
    POLARITIES,
    SOURCE_KINDS,
    SOURCES_DIR,
    TOTAL,
    UNITS,
    Indicator,
    IndicatorRule,
    Registry,
    RegistryError,
    SeriesBreak,
    Source,
    ValueSpec,
    load_catalogue,
)

__all__ = [
    "AGGREGATIONS",
    "BREAK_LABEL_MAX_CHARS",
    "CATALOGUE_COLUMNS",
    "CATALOGUE_PATH",
    "PERIOD_CODE",
    "POLARITIES",
    "SOURCES_DIR",
    "SOURCE_KINDS",
    "TOTAL",
    "UNITS",
    "Indicator",
    "IndicatorRule",
    "Registry",
    "RegistryError",
    "SeriesBreak",
    "Source",
    "ValueSpec",
    "load_catalogue",
    "load_registry",
    "load_source",
]


def load_source(path: Path) -> Source:
    """One source YAML file, validated; a problem is one RegistryError line naming the file and key."""
    from etl.registry import source_files  # pydantic and the YAML parser: only when files are read

    return source_files.load_source(path)


def load_registry(
    sources_dir: Path = SOURCES_DIR, catalogue_path: Path = CATALOGUE_PATH, cache_path: Path | None = None
) -> Registry:
    """The registry, from the cache when the files are as they were when it was last read, else from the files.
    `cache_path`: where it is kept; by default settings.REGISTRY_CACHE_PATH for the project's own registry, and
    none for other folders (tests)."""
    if cache_path is None and sources_dir == SOURCES_DIR and catalogue_path == CATALOGUE_PATH:
        cache_path = settings.REGISTRY_CACHE_PATH
    key = cache.content_key(sources_dir, catalogue_path) if cache_path is not None else ""
    if cache_path is not None and (cached := cache.read(cache_path, key)) is not None:
        return cached
    registry = _read_files(sources_dir, catalogue_path)
    if cache_path is not None:
        cache.write(cache_path, key, registry)
    return registry


def _read_files(sources_dir: Path, catalogue_path: Path) -> Registry:
    from etl.registry import source_files  # pydantic and the YAML parser: only when files are read

    indicators = load_catalogue(catalogue_path)
    sources: dict[str, Source] = {}
    definitions: dict[str, str] = {}
    for path in sorted(sources_dir.glob("*.yaml")):
        text = path.read_text(encoding="utf-8")
        source = source_files.load_source(path, text)
        if source.id in sources:
            raise RegistryError(f"{path.name}: source id {source.id} also in {sources[source.id].path.name}")
        sources[source.id] = source
        definitions[text] = source_files.without_breaks(text)
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
    return Registry(sources=sources, indicators=indicators, definitions=definitions)
