"""The validated registry is kept between runs (etl/registry/cache.py), keyed by the files' contents: a cached
registry is the one the files give, any edit is read afresh, a bad file is never cached, and a no-change
`etl run` takes the registry from the cache without importing pydantic or the YAML parser."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from etl.registry import CATALOGUE_PATH, SOURCES_DIR, RegistryError, load_registry
from etl.registry import cache as registry_cache

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def files(tmp_path: Path) -> tuple[Path, Path]:
    sources = tmp_path / "sources"
    shutil.copytree(SOURCES_DIR, sources, ignore=shutil.ignore_patterns("__pycache__"))
    catalogue = tmp_path / "indicators.csv"
    shutil.copy(CATALOGUE_PATH, catalogue)
    return sources, catalogue


def test_the_cached_registry_is_the_one_the_files_give(files: tuple[Path, Path], tmp_path: Path) -> None:
    sources, catalogue = files
    cache_path = tmp_path / "cache" / "registry.pickle"
    first = load_registry(sources, catalogue, cache_path)
    assert cache_path.exists()
    cached = registry_cache.read(cache_path, registry_cache.content_key(sources, catalogue))
    assert cached is not None and cached is not first
    uncached = load_registry(sources, catalogue)  # a folder of its own: no cache
    assert cached == uncached
    assert {s: cached.fingerprint(source) for s, source in cached.sources.items()} == {
        s: uncached.fingerprint(source) for s, source in uncached.sources.items()
    }


def test_an_edited_file_is_read_afresh(files: tuple[Path, Path], tmp_path: Path) -> None:
    sources, catalogue = files
    cache_path = tmp_path / "registry.pickle"
    before = load_registry(sources, catalogue, cache_path)
    fingerprint_before = before.fingerprint(before.sources["FOLK1A"])
    path = sources / "folk1a.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("title_da: Befolkningen", "title_da: Folketal"))
    after = load_registry(sources, catalogue, cache_path)
    assert after.sources["FOLK1A"].title_da.startswith("Folketal")
    assert after.fingerprint(after.sources["FOLK1A"]) != fingerprint_before
    assert before.fingerprint(before.sources["FOLK1A"]) != fingerprint_before  # read at call time, as always


def test_a_bad_file_is_never_cached_and_fails_the_same_way_each_time(files: tuple[Path, Path], tmp_path: Path) -> None:
    sources, catalogue = files
    cache_path = tmp_path / "registry.pickle"
    load_registry(sources, catalogue, cache_path)
    (sources / "folk1a.yaml").write_text("id: FOLK1A\nkind: statbank\nmunicipal: maybe\n", encoding="utf-8")
    messages = []
    for _ in range(2):
        with pytest.raises(RegistryError) as caught:
            load_registry(sources, catalogue, cache_path)
        messages.append(str(caught.value))
    assert messages[0] == messages[1] and "folk1a.yaml" in messages[0]


def test_an_unreadable_cache_is_ignored(files: tuple[Path, Path], tmp_path: Path) -> None:
    sources, catalogue = files
    cache_path = tmp_path / "registry.pickle"
    cache_path.write_bytes(b"not a pickle")
    assert load_registry(sources, catalogue, cache_path) == load_registry(sources, catalogue)


def test_a_no_change_run_imports_neither_pydantic_nor_yaml(tmp_path: Path) -> None:
    db = tmp_path / "w.duckdb"
    script = (
        "import sys\n"
        "from etl.cli import main\n"
        f"assert main(['run', '--demo', '--db', {str(db)!r}]) == 0\n"
        "print(sorted(m for m in ('pydantic', 'yaml') if m in sys.modules))\n"
    )
    runs = [subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, cwd=ROOT) for _ in range(2)]
    assert [r.returncode for r in runs] == [0, 0], runs[-1].stderr
    assert runs[1].stdout.strip().splitlines()[-1] == "[]"  # the second run: nothing changed, registry cached
