"""`dashboard` as a user starts it: served by gunicorn from the warehouse named by --db or SOCIALTAL_DB."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from servers import free_port, wait_for
from small_world import SmallWorld

from etl.pipeline import RunOptions, run


def test_missing_warehouse_is_a_clear_error(tmp_path: Path) -> None:
    result = subprocess.run([sys.executable, "-m", "dashboard.cli", "--db", str(tmp_path / "none.duckdb")],
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 1
    assert "no warehouse at" in result.stderr and "etl run --demo" in result.stderr


@pytest.mark.parametrize("via_env", [False, True])
def test_serves_the_warehouse(small_world: SmallWorld, via_env: bool) -> None:
    run(RunOptions(db_path=small_world.db_path, client=small_world.client()), small_world.registry)
    port = free_port()
    args = ["--port", str(port)] + ([] if via_env else ["--db", str(small_world.db_path)])
    env = {**os.environ, "SOCIALTAL_DB": str(small_world.db_path)} if via_env else dict(os.environ)
    proc = subprocess.Popen([sys.executable, "-m", "dashboard.cli", *args], env=env,
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    try:
        resp = wait_for(f"http://127.0.0.1:{port}/", proc)
        assert resp.status_code == 200
        assert "<title>Socialtal</title>" in resp.text
    finally:
        proc.terminate()
        proc.wait(timeout=30)
