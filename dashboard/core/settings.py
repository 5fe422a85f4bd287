"""Every environment variable the dashboard reads, and the paths beside the code it reads from: documented once,
here (README's "Settings" names each variable; tests/test_settings.py checks it and that no other module reads
the environment)."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

PROJECT_DIR = Path(__file__).resolve().parents[2]
QUERIES_DIR = PROJECT_DIR / "queries"  # one question per .sql file


@dataclass(frozen=True)
class Setting:
    """One environment variable: its name, its default and what it sets."""

    name: str
    default: str
    doc: str

    def read(self) -> str:
        return os.environ.get(self.name, self.default)


DB = Setting("SOCIALTAL_DB", "data/socialtal.duckdb", "the warehouse file `dashboard` serves")
BIND = Setting("SOCIALTAL_BIND", "127.0.0.1:8050", "gunicorn's address when started with dashboard/gunicorn_conf.py")
WORKERS = Setting("SOCIALTAL_WORKERS", "", "gunicorn workers (default 2); `--workers` wins")
DUCKDB_THREADS = Setting("SOCIALTAL_DUCKDB_THREADS", "2", "DuckDB threads per web process")
DUCKDB_MEMORY_LIMIT = Setting("SOCIALTAL_DUCKDB_MEMORY_LIMIT", "512MB", "DuckDB's memory limit per web process")
RENDER_CACHE = Setting("SOCIALTAL_RENDER_CACHE", "", "directory of the page renders the workers share; `off` for none")
WARM = Setting("SOCIALTAL_WARM", "1", "`0` switches off drawing the default views after each new warehouse")
BROWSER_PATH = Setting("BROWSER_PATH", "", "the Chromium binary for image export (default: Debian's /usr/bin/chromium)")
SETTINGS = (DB, BIND, WORKERS, DUCKDB_THREADS, DUCKDB_MEMORY_LIMIT, RENDER_CACHE, WARM, BROWSER_PATH)
