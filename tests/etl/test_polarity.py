"""An indicator's polarity (etl/indicators.csv): one of neutral, higher_is_better, lower_is_better, checked when
the catalogue is read, carried to dim.indicators, and no part of a source's fingerprint (it derives no facts, so
changing it fetches nothing again)."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import duckdb
import pytest

from etl.registry import CATALOGUE_PATH, POLARITIES, SOURCES_DIR, RegistryError, load_catalogue, load_registry

HEADER = "indicator_id,topic,title_da,title_en,unit,denominator_id,aggregation,definition_da,polarity\n"


def test_the_shipped_catalogue_declares_a_polarity_for_every_indicator() -> None:
    indicators = load_catalogue(CATALOGUE_PATH)
    assert indicators and {i.polarity for i in indicators.values()} <= set(POLARITIES)


def test_an_unknown_polarity_is_named_with_its_line(tmp_path: Path) -> None:
    catalogue = tmp_path / "indicators.csv"
    catalogue.write_text(HEADER + "a,t,A,A,persons,,sum,d,good\n", encoding="utf-8")
    with pytest.raises(RegistryError, match=r"line 2: polarity must be one of neutral, .* got 'good'"):
        load_catalogue(catalogue)
    catalogue.write_text(HEADER.replace(",polarity", "") + "a,t,A,A,persons,,sum,d\n", encoding="utf-8")
    with pytest.raises(RegistryError, match=r"columns must be .*polarity"):
        load_catalogue(catalogue)


def test_polarity_is_no_part_of_a_sources_fingerprint() -> None:
    registry = load_registry(SOURCES_DIR, CATALOGUE_PATH)
    source = registry.source_of("children_placed")
    before = registry.fingerprint(source)
    flipped = {i: replace(ind, polarity="higher_is_better") for i, ind in registry.indicators.items()}
    assert replace(registry, indicators=flipped).fingerprint(source) == before
    retitled = {i: replace(ind, title_da=ind.title_da + "!") for i, ind in registry.indicators.items()}
    assert replace(registry, indicators=retitled).fingerprint(source) != before  # the rest still counts


def test_polarity_reaches_the_dimension_table(demo_db: Path) -> None:
    declared = {i: ind.polarity for i, ind in load_catalogue(CATALOGUE_PATH).items()}
    with duckdb.connect(str(demo_db), read_only=True) as con:
        stored = dict(con.execute("select indicator_id, polarity from dim.indicators").fetchall())
    assert stored == declared
