"""The dashboard for bench/load.py, as production serves it (`production_app`: renders shared by the workers) plus
the empty callback of bench/empty_callback.py, so the load benchmark measures its floor in the same run.

    SOCIALTAL_DB=... gunicorn --config python:dashboard.gunicorn_conf bench.load_app:server   (from the root)"""

from __future__ import annotations

import os
from pathlib import Path

from bench import empty_callback
from dashboard.app import production_app

app = production_app(Path(os.environ["SOCIALTAL_DB"]))
empty_callback.add_to(app)
server = app.server
