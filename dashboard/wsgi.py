"""WSGI entry point for gunicorn: `gunicorn dashboard.wsgi:server`. The warehouse is $SOCIALTAL_DB."""

from __future__ import annotations

import os
from pathlib import Path

from dashboard.app import create_app

server = create_app(Path(os.environ.get("SOCIALTAL_DB", "data/socialtal.duckdb"))).server
