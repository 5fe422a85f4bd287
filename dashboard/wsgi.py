"""WSGI entry point for gunicorn, as the Docker image runs it:
`gunicorn --config python:dashboard.gunicorn_conf --bind 0.0.0.0:8050 dashboard.wsgi:server`.
The warehouse is $SOCIALTAL_DB. Nothing is read here: the app opens the warehouse on its first request, in each
worker (so the app can be preloaded before the fork), and answers /health with 503 while there is none."""

from __future__ import annotations

from pathlib import Path

from dashboard.app import production_app
from dashboard.core import settings

server = production_app(Path(settings.DB.read())).server
