"""The validated registry kept between runs, keyed by everything it was read from: the source YAML files and
the catalogue (names and bytes), the code of this package and the Python version. A run whose files are as they
were takes it from here instead of parsing the YAML and validating it with pydantic (the largest part of a
no-change `etl run` after DuckDB). A file that fails to load is never cached, so it fails again, with the same
message, on every run until it is fixed."""

from __future__ import annotations

import contextlib
import hashlib
import os
import pickle
import sys
from pathlib import Path

from etl.registry.model import Registry

_CODE_DIR = Path(__file__).parent


def content_key(sources_dir: Path, catalogue_path: Path) -> str:
    """A digest of what a registry loaded from `sources_dir` and `catalogue_path` depends on."""
    digest = hashlib.sha256(sys.version.encode())
    inputs = [*sorted(_CODE_DIR.glob("*.py")), catalogue_path, *sorted(sources_dir.glob("*.yaml"))]
    for path in inputs:
        digest.update(b"\0" + str(path).encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()


def read(cache_path: Path, key: str) -> Registry | None:
    """The registry cached under `key`, or None (no cache, another key, or a file that does not read)."""
    try:
        found_key, registry = pickle.loads(cache_path.read_bytes())
    except Exception:  # missing, partly written by an older version, or not ours: read the files instead
        return None
    return registry if found_key == key and isinstance(registry, Registry) else None


def write(cache_path: Path, key: str, registry: Registry) -> None:
    """Best effort: a folder that is read-only (an installed image) just means no cache."""
    temp = cache_path.with_name(f".{cache_path.name}.{os.getpid()}")
    try:
        cache_path.parent.mkdir(parents=True, exist_ok=True)
        temp.write_bytes(pickle.dumps((key, registry), protocol=pickle.HIGHEST_PROTOCOL))
        os.replace(temp, cache_path)  # readers see the old cache or the new one, whole
    except OSError:
        with contextlib.suppress(OSError):
            temp.unlink(missing_ok=True)
