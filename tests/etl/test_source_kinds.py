"""Every `kind:` the registry accepts has exactly one loader behind the interface in etl/kinds/base.py, and the
run hands each its input."""

from __future__ import annotations

import inspect
from pathlib import Path
from typing import Any

from etl.kinds.base import SourceKind
from etl.kinds.statbank.client import StatBankClient
from etl.kinds.statbank.demo import DemoTransport
from etl.registry import SOURCE_KINDS, load_registry
from etl.run import RunOptions, source_kinds

INTERFACE = {name for name, _ in inspect.getmembers(SourceKind, inspect.isfunction) if not name.startswith("_")}


def _kinds(tmp_path: Path, **given: Any) -> dict[str, SourceKind]:
    options = RunOptions(db_path=tmp_path / "w.duckdb", client=StatBankClient(DemoTransport()), **given)
    return source_kinds(options)


def test_each_registry_kind_has_one_loader(tmp_path: Path) -> None:
    kinds = _kinds(tmp_path)
    assert set(kinds) == set(SOURCE_KINDS)
    assert {source.kind for source in load_registry().sources.values()} <= set(kinds)
    for name, kind in kinds.items():
        assert kind.name == name
        assert {m for m in dir(kind) if not m.startswith("_")} >= INTERFACE, f"{name} lacks part of SourceKind"
        assert isinstance(kind.revertible, bool)
        assert kind.option is None or kind.option.startswith("--")


def test_file_kinds_are_given_only_when_their_option_is(tmp_path: Path) -> None:
    assert not any(kind.given() for kind in _kinds(tmp_path).values())
    given = _kinds(tmp_path, bed_days_file=tmp_path / "x.csv", boundaries="b.geojson")
    assert {name for name, kind in given.items() if kind.given()} == {"bed_days_file", "boundaries"}
