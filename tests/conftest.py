"""Shared fixtures (the small world is in small_world.py; the demo warehouse is built once per session)."""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

import pytest
from small_world import CATALOGUE, KIDS_YAML, POP_YAML, ROOT, SmallWorld, build_tables
from statbank_emulator import StatBankEmulator

from etl.registry import Registry, load_registry

_RENDER_CACHE = pytest.StashKey[str]()


def pytest_configure(config: pytest.Config) -> None:
    """Servers the tests start (and their workers) share page renders in this run's own directory, and do not
    warm them in the background: that would take CPU from the tests. Tests of either set them explicitly."""
    os.environ.setdefault("SOCIALTAL_WARM", "0")
    if "SOCIALTAL_RENDER_CACHE" not in os.environ:
        config.stash[_RENDER_CACHE] = tempfile.mkdtemp(prefix="socialtal-test-renders-")
        os.environ["SOCIALTAL_RENDER_CACHE"] = config.stash[_RENDER_CACHE]


def pytest_unconfigure(config: pytest.Config) -> None:
    made = config.stash.get(_RENDER_CACHE, None)
    if made:
        shutil.rmtree(made, ignore_errors=True)
        os.environ.pop("SOCIALTAL_RENDER_CACHE", None)


@pytest.fixture
def small_registry(tmp_path: Path) -> Registry:
    sources = tmp_path / "sources"
    sources.mkdir()
    (sources / "tpop.yaml").write_text(POP_YAML, encoding="utf-8")
    (sources / "tkids.yaml").write_text(KIDS_YAML, encoding="utf-8")
    shipped = ROOT / "etl" / "sources" / "boundaries.yaml"
    (sources / "boundaries.yaml").write_text(shipped.read_text(encoding="utf-8"), encoding="utf-8")
    catalogue = tmp_path / "indicators.csv"
    catalogue.write_text(CATALOGUE, encoding="utf-8")
    return load_registry(sources, catalogue)


@pytest.fixture
def small_world(httpserver, small_registry: Registry, tmp_path: Path) -> SmallWorld:
    emulator = StatBankEmulator()
    build_tables(emulator)
    base_url = emulator.install(httpserver)
    return SmallWorld(emulator, base_url, small_registry, tmp_path / "data" / "socialtal.duckdb")


@pytest.fixture(scope="session")
def demo_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A warehouse built from the shipped demo snapshot by the real `etl run --demo`."""
    from etl.cli import main as etl_main

    db = tmp_path_factory.mktemp("demo-warehouse") / "socialtal.duckdb"
    assert etl_main(["run", "--demo", "--db", str(db)]) == 0
    return db
