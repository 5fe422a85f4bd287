"""A dashboard on the demo warehouse for each test module that asks for one (a module may override either)."""

from __future__ import annotations

from pathlib import Path

import pytest
from dash import Dash

from dashboard.app import create_app


@pytest.fixture(scope="module")
def app(demo_db: Path) -> Dash:
    return create_app(demo_db)


@pytest.fixture(scope="module")
def client(app: Dash):
    return app.server.test_client()
