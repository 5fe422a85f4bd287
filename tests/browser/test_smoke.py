"""The front page in Debian's headless Chromium, on the demo warehouse: rendered by Dash's JavaScript, with the
demo banner and the indicator list. Saves a screenshot in tests/artifacts/."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from servers import free_port, wait_for

from etl.cli import main as etl_main

ARTIFACTS = Path(__file__).resolve().parents[1] / "artifacts"
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync"]

pytestmark = [pytest.mark.browser,
              pytest.mark.skipif(CHROMIUM is None, reason="Debian's chromium is not installed (make test installs it)")]


def test_front_page_renders_with_demo_banner(tmp_path: Path) -> None:
    db = tmp_path / "demo.duckdb"
    assert etl_main(["run", "--demo", "--db", str(db)]) == 0
    port = free_port()
    server = subprocess.Popen([sys.executable, "-m", "dashboard.cli", "--db", str(db), "--port", str(port)],
                              stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    try:
        url = f"http://127.0.0.1:{port}/"
        wait_for(url, server)
        profile = tmp_path / "chromium-profile"
        base = [CHROMIUM, *FLAGS, f"--user-data-dir={profile}", "--virtual-time-budget=10000"]
        dom = subprocess.run([*base, "--dump-dom", url], capture_output=True, text=True, timeout=120).stdout
        ARTIFACTS.mkdir(exist_ok=True)
        shot = ARTIFACTS / "front_page.png"
        subprocess.run([*base, "--window-size=1280,1000", f"--screenshot={shot}", url], capture_output=True,
                       timeout=120, check=True)
    finally:
        server.terminate()
        server.wait(timeout=30)
    assert "DEMODATA" in dom
    assert "Anbragte børn og unge" in dom and "statistikbanken.dk/ANBAAR12" in dom
    assert shot.stat().st_size > 10_000
