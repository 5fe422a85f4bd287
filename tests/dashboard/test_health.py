"""/health says whether a warehouse can be read and which one; 503 with a reason when not, and back to 200 as soon
as a good warehouse is swapped in (as `etl run` does), without a restart. /healthz only says the process answers."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from flask.testing import FlaskClient
from small_world import SmallWorld

from dashboard.app import create_app
from etl.run import RunOptions, run


@pytest.fixture
def built(small_world: SmallWorld) -> SmallWorld:
    run(RunOptions(db_path=small_world.db_path, client=small_world.client()), small_world.registry)
    return small_world


def _client(db: Path) -> FlaskClient:
    return create_app(db).server.test_client()


def _swap_in(source: Path, target: Path) -> None:
    """As `etl run` does: a whole file next to the target, renamed over it."""
    temp = target.with_name(f".{target.name}.tmp-test")
    shutil.copyfile(source, temp)
    os.replace(temp, target)


def test_ok_names_the_warehouse_being_served(built: SmallWorld) -> None:
    resp = _client(built.db_path).get("/health")
    assert resp.status_code == 200
    assert resp.mimetype == "application/json"
    assert resp.headers["Cache-Control"] == "no-store"
    body = resp.get_json()
    assert body["status"] == "ok"
    assert len(body["data_version"]) == 32  # the run's uuid4 hex
    assert body["loaded_at"].startswith("20")  # when `etl run` built it (meta.info built_at)
    assert body["schema_version"] == "3"  # 3: sources carry a status (ok, stale, missing) and an error
    assert body["demo"] is False  # built from the emulator, not the demo snapshot
    assert body["sources"] == {"stale": [], "missing": []}  # every source refreshed
    assert set(body) == {"status", "data_version", "loaded_at", "schema_version", "demo", "sources"}


def test_demo_warehouse_says_so(demo_db: Path) -> None:
    assert _client(demo_db).get("/health").get_json()["demo"] is True


def test_healthz_is_liveness_only(tmp_path: Path) -> None:
    resp = _client(tmp_path / "none.duckdb").get("/healthz")  # no warehouse at all: the process still answers
    assert resp.status_code == 200 and resp.data == b"ok"


def test_missing_file_is_503_with_a_reason(tmp_path: Path) -> None:
    resp = _client(tmp_path / "none.duckdb").get("/health")
    assert resp.status_code == 503
    body = resp.get_json()
    assert body["status"] == "unavailable"
    assert "no warehouse" in body["reason"]
    assert str(tmp_path) not in body["reason"]  # the path goes to the error log, not to whoever asks


def test_corrupt_file_is_503_then_recovers_when_a_good_one_is_swapped_in(built: SmallWorld, tmp_path: Path) -> None:
    good = tmp_path / "good.duckdb"
    shutil.copyfile(built.db_path, good)
    client = _client(built.db_path)
    first = client.get("/health").get_json()
    assert first["status"] == "ok"

    garbage = tmp_path / "garbage.duckdb"
    garbage.write_bytes(b"this is not a DuckDB file\n" * 4096)
    _swap_in(garbage, built.db_path)
    resp = client.get("/health")
    assert resp.status_code == 503
    assert resp.get_json()["status"] == "unavailable"
    assert "cannot be read" in resp.get_json()["reason"]
    assert client.get("/health").status_code == 503  # still, on the next request: no stale "ok"

    built.db_path.unlink()
    assert "no warehouse" in client.get("/health").get_json()["reason"]

    run(RunOptions(db_path=good, client=built.client(), force=True), built.registry)  # a new data version
    _swap_in(good, built.db_path)
    resp = client.get("/health")
    assert resp.status_code == 200
    body = resp.get_json()
    assert body["status"] == "ok" and body["data_version"] != first["data_version"]


def test_health_is_not_a_page(built: SmallWorld) -> None:
    """/health is answered by its route, never by the app shell's not-found page."""
    client = _client(built.db_path)
    assert client.get("/health?x=1").status_code == 200
    assert b"<title>" not in client.get("/health").data
