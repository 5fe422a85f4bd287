"""The dashboard's only door to data: runs a named query from queries/*.sql on a read-only DuckDB connection
(a cursor per thread), caches results by the warehouse's data version, and reopens the file when `etl run`
has swapped in a new warehouse, without a restart."""

from __future__ import annotations

import os
import re
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import duckdb
import pandas as pd
from cachetools import LRUCache

from dashboard.core import settings

QUERIES_DIR = settings.QUERIES_DIR
_PARAMS_LINE = re.compile(r"^--\s*params:\s*(?P<params>.*)$", re.MULTILINE)


CATALOG = "socialtal"


# Limits per web process (gunicorn worker): a 2-core box serves several workers, and one heavy query must not
# take every core or all memory. Overridable from the environment; values go to DuckDB as config, never as SQL.
THREADS_ENV, MEMORY_ENV = settings.DUCKDB_THREADS.name, settings.DUCKDB_MEMORY_LIMIT.name
DEFAULT_THREADS, DEFAULT_MEMORY_LIMIT = int(settings.DUCKDB_THREADS.default), settings.DUCKDB_MEMORY_LIMIT.default
_MEMORY_LIMIT = re.compile(r"[0-9]+(\.[0-9]+)?\s*(B|KB|MB|GB|KiB|MiB|GiB)", re.IGNORECASE)


def connection_limits() -> dict[str, int | str]:
    """DuckDB's threads and memory_limit for the web process, from SOCIALTAL_DUCKDB_THREADS and
    SOCIALTAL_DUCKDB_MEMORY_LIMIT (defaults 2 and 512MB); a malformed value is an error, not a silent default."""
    threads_text = settings.DUCKDB_THREADS.read().strip()
    memory = settings.DUCKDB_MEMORY_LIMIT.read().strip()
    if not threads_text.isascii() or not threads_text.isdigit() or int(threads_text) < 1:
        raise ValueError(f"{THREADS_ENV}={threads_text!r}: expected a whole number of threads, at least 1")
    if not _MEMORY_LIMIT.fullmatch(memory):
        raise ValueError(f"{MEMORY_ENV}={memory!r}: expected an amount such as 512MB or 1GB")
    return {"threads": int(threads_text), "memory_limit": memory}


def _open_read_only(path: Path) -> duckdb.DuckDBPyConnection:
    """Attach the file to a fresh in-memory database: `duckdb.connect(path)` would hand back the cached
    instance of the old file after `etl run` has renamed a new one into place.

    Locked down for a process that faces the internet: the file is attached read-only; then external access is
    switched off (no reading or writing files, no ATTACH, no extensions: `read_csv('/etc/passwd')` fails) and the
    configuration is locked, so not even SQL that got through could switch it back or raise the limits."""
    con = duckdb.connect(
        ":memory:",
        config={**connection_limits(), "autoinstall_known_extensions": False, "autoload_known_extensions": False},
    )
    escaped = str(path.resolve()).replace("'", "''")
    con.execute(f"attach '{escaped}' as {CATALOG} (read_only)")
    con.execute(f"use {CATALOG}")
    con.execute("set enable_external_access = false")
    con.execute("set lock_configuration = true")
    return con


class WarehouseMissing(RuntimeError):
    """No warehouse file at the configured path."""


@dataclass(frozen=True)
class Query:
    name: str
    sql: str
    params: tuple[str, ...]


def load_query(name: str, queries_dir: Path = QUERIES_DIR) -> Query:
    if not re.fullmatch(r"[a-z0-9_]+", name):
        raise ValueError(f"not a query name: {name!r}")
    sql = (queries_dir / f"{name}.sql").read_text(encoding="utf-8")
    match = _PARAMS_LINE.search(sql)
    declared = match.group("params").strip() if match else ""
    params = tuple(p.strip() for p in declared.split(",") if p.strip() and p.strip() != "none")
    return Query(name, sql, params)


class Warehouse:
    def __init__(self, path: Path, cache_size: int = 256) -> None:
        self.path = path
        self._lock = threading.Lock()
        self._local = threading.local()
        self._con: duckdb.DuckDBPyConnection | None = None
        self._file_id: tuple[int, int] | None = None
        self._generation = 0
        self._cache: LRUCache[tuple, pd.DataFrame] = LRUCache(maxsize=cache_size)  # guarded by _lock
        self._queries: dict[str, Query] = {}

    def _current_file_id(self) -> tuple[int, int]:
        try:
            st = os.stat(self.path)
        except FileNotFoundError:
            raise WarehouseMissing(f"no warehouse at {self.path}; build one with `etl run --demo`") from None
        return (st.st_ino, st.st_mtime_ns)

    def hold(self) -> None:
        """From now until `release()`, this thread reads the warehouse file its next read finds: a request draws
        from one warehouse even if `etl run` swaps in the next one meanwhile, and its ~100 version lookups (cache
        keys) cost no stat() of the file each. Nothing is opened here (a request that reads nothing opens
        nothing: gunicorn's master must not open DuckDB before it forks)."""
        self._local.holding, self._local.held = True, False

    def release(self) -> None:
        """Back to checking the file on every read (see `hold`)."""
        self._local.holding, self._local.held = False, False

    def _cursor(self) -> duckdb.DuckDBPyConnection:
        local = self._local
        if getattr(local, "held", False):
            return local.cursor
        file_id = self._current_file_id()
        with self._lock:
            if file_id != self._file_id:  # a new warehouse was swapped in: open it, let the old one go
                self._con = _open_read_only(self.path)
                self._file_id = file_id
                self._generation += 1
                self._cache.clear()
            generation, con = self._generation, self._con
        if getattr(local, "generation", None) != generation:
            assert con is not None
            local.cursor = con.cursor()
            local.cursor.execute(f"use {CATALOG}")  # a cursor starts in the default catalog
            local.generation = generation
        local.held = getattr(local, "holding", False)  # checked once: the rest of a held request reads this one
        return local.cursor

    def data_version(self) -> str:
        """The loaded warehouse's version, read once per opened file: pages ask for it ~100 times a render (as
        a cache key), so each call costs a stat() of the file (none while held), not a query."""
        cursor = self._cursor()
        local = self._local
        if getattr(local, "version_generation", None) != local.generation:
            row = cursor.execute("select data_version from main.warehouse").fetchone()
            local.version, local.version_generation = (row[0] if row else ""), local.generation
        return local.version

    def query(self, name: str, **params: Any) -> pd.DataFrame:
        query = self._queries.get(name) or self._queries.setdefault(name, load_query(name))
        if set(params) != set(query.params):
            raise TypeError(
                f"query {name} takes {', '.join(query.params) or 'no parameters'}, got {', '.join(params) or 'none'}"
            )
        cursor = self._cursor()
        # the generation this thread's cursor reads (another thread may have opened a newer file meanwhile)
        key = (self._local.generation, name, tuple(sorted((k, repr(v)) for k, v in params.items())))
        with self._lock:
            frame = self._cache.get(key)
        if frame is None:
            frame = cursor.execute(query.sql, params or None).df()
            with self._lock:
                self._cache[key] = frame
        return frame
