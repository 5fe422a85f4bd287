"""One dashboard server and one Chromium for all browser tests (Playwright driving Debian's /usr/bin/chromium;
`playwright install` is never run)."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from servers import CHROMIUM, CHROMIUM_ARGS, free_port, wait_for


@pytest.fixture(scope="session")
def base_url(demo_db: Path) -> Iterator[str]:
    port = free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "dashboard.cli", "--db", str(demo_db), "--port", str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        wait_for(f"http://127.0.0.1:{port}/healthz", server)
        yield f"http://127.0.0.1:{port}"
    finally:
        server.terminate()
        server.wait(timeout=30)


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    playwright = pytest.importorskip("playwright.sync_api")
    if CHROMIUM is None:
        pytest.skip("Debian's chromium is not installed (make test installs it)")
    with playwright.sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser):
    """A fresh page in Danish; any JavaScript error fails the test."""
    context = browser.new_context(viewport={"width": 1366, "height": 900}, locale="da-DK")
    page = context.new_page()
    errors: list[str] = []
    # with the stack: an error seen once in CI must say where it was thrown
    page.on("pageerror", lambda exc: errors.append(f"{exc}\n{exc.stack}"))
    yield page
    context.close()
    assert errors == [], f"JavaScript errors: {errors}"
