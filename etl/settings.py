"""Every environment variable the ETL reads, and the paths beside the code it reads data from: documented once,
here (README's "Settings" names each variable; tests/test_settings.py checks it and that no other module reads
the environment)."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

PROJECT_DIR = Path(__file__).resolve().parents[1]
SOURCES_DIR = Path(__file__).parent / "sources"  # one YAML file per source
CATALOGUE_PATH = Path(__file__).parent / "indicators.csv"  # one line per indicator
# The validated registry, keyed by the contents of the files above (etl/registry/cache.py): beside the code like
# Python's own bytecode cache, as trusted as it; not written where the code's folder is read-only.
REGISTRY_CACHE_PATH = SOURCES_DIR / "__pycache__" / "registry.pickle"
REFERENCE_DIR = PROJECT_DIR / "data" / "reference"  # areas, municipality groups, tile-map layout
DEMO_DIR = PROJECT_DIR / "data" / "demo"  # the demo data: StatBank answers and a bed-days file
CHECKS_DIR = PROJECT_DIR / "queries" / "checks"  # what a new warehouse must pass before it is served


@dataclass(frozen=True)
class Setting:
    """One environment variable: its name, its default and what it sets."""

    name: str
    default: str
    doc: str

    def read(self) -> str:
        return os.environ.get(self.name, self.default)


DB = Setting("SOCIALTAL_DB", "data/socialtal.duckdb", "the warehouse file `etl` writes and `dashboard` serves")
STATBANK_URL = Setting("STATBANK_URL", "https://api.statbank.dk/v1", "the StatBank API's base URL")
ETL_LOG = Setting(
    "SOCIALTAL_ETL_LOG", "", "append one JSON line per `etl run` step to this file; `-`: to stderr instead"
)
SETTINGS = (DB, STATBANK_URL, ETL_LOG)
