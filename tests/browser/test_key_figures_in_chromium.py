"""Key figures first, measured in Debian's headless Chromium: on a 1366×768 laptop the whole strip is visible
without scrolling, below the header and the controls; on a 390 px phone it is the first content after the
municipality's name, before the controls and every chart. Screenshots of both in tests/artifacts/."""

from __future__ import annotations

from pathlib import Path

import pytest
from grids import draw_parts
from servers import CHROMIUM, NO_CHROMIUM

ARTIFACTS = Path(__file__).resolve().parents[1] / "artifacts"
STRIP = "#key-figures"

playwright = pytest.importorskip("playwright.sync_api")
pytestmark = [pytest.mark.browser, pytest.mark.skipif(CHROMIUM is None, reason=NO_CHROMIUM)]


def _open(browser, base_url: str, path: str, width: int, height: int):
    context = browser.new_context(viewport={"width": width, "height": height}, locale="da-DK")
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(f"{exc}\n{exc.stack}"))  # where it was thrown
    page.goto(base_url + path)
    page.wait_for_selector(f"{STRIP} tbody tr")
    draw_parts(page)  # the charts below have drawn (dashboard/ui/deferred.py): the layout has settled
    page.wait_for_selector(".main-svg")
    page.wait_for_timeout(300)
    return context, page, errors


def _box(page, selector: str) -> dict[str, float]:
    box = page.locator(selector).first.bounding_box()
    assert box is not None, selector
    return box


@pytest.mark.parametrize("path", ["/kommune/791", "/kommune/851?lang=en", "/kommune/101?measure=count"])
def test_on_a_laptop_the_strip_is_above_the_fold_below_the_controls(browser, base_url: str, path: str) -> None:
    context, page, errors = _open(browser, base_url, path, 1366, 768)
    try:
        assert page.evaluate("window.scrollY") == 0
        strip, controls = _box(page, STRIP), _box(page, "#profile-measure")
        assert controls["y"] + controls["height"] <= strip["y"]  # the unit and peers it is shown in come first
        assert strip["y"] + strip["height"] <= 768, f"the strip ends at {strip['y'] + strip['height']:.0f} px"
        rows = page.locator(f"{STRIP} tbody tr")
        assert rows.count() == 6
        last = rows.last.bounding_box()
        assert last is not None and last["y"] + last["height"] <= 768  # the last row too, not just the start
        assert _box(page, f"{STRIP} table")["width"] <= 1366  # no sideways scrolling
        if path == "/kommune/791":
            ARTIFACTS.mkdir(exist_ok=True)
            page.screenshot(path=str(ARTIFACTS / "key_figures_laptop.png"))
        assert errors == []
    finally:
        context.close()


def test_on_a_phone_the_strip_is_the_first_content_after_the_name(browser, base_url: str) -> None:
    context, page, errors = _open(browser, base_url, "/kommune/791", 390, 844)
    try:
        strip, name = _box(page, STRIP), _box(page, "main h2")
        assert page.locator("main h2").first.inner_text() == "Viborg"
        assert name["y"] < strip["y"] < 844  # under the name, and starting on the first screen
        assert strip["y"] + strip["height"] <= _box(page, "#profile-municipality")["y"]  # before the controls
        assert strip["y"] + strip["height"] <= _box(page, ".main-svg")["y"]  # and before the first chart
        assert strip["width"] <= 390 and page.evaluate("document.documentElement.scrollWidth") <= 390
        first = page.locator(f"{STRIP} tbody tr").first
        assert "Anbragte børn og unge" in first.inner_text()

        def label(cell: str) -> str:  # the column header's words, shown above the value where headers are hidden
            return first.locator(cell).evaluate("td => getComputedStyle(td, '::before').content")

        assert label(".kf-region") == '"Region Midtjylland"' and label(".kf-versus") == '"Viborg ligger "'
        value, region = _box(page, f"{STRIP} tbody tr .kf-own"), _box(page, f"{STRIP} tbody tr .kf-region")
        assert value["y"] == region["y"] and value["x"] < region["x"]  # side by side: one block, not a wide row
        # the frame gives way on a phone (assets/page_frame.css): the lead figure is read in the top half of the
        # first screen, not after the tagline, two rows of links and a tall banner
        assert value["y"] + value["height"] <= 844 / 2, f"Viborg's placed children end at {value['y']:.0f} px"
        assert not page.locator(".site-tagline").is_visible() and page.locator("#demo-banner").is_visible()
        ARTIFACTS.mkdir(exist_ok=True)
        strip_only = page.locator(STRIP)
        strip_only.screenshot(path=str(ARTIFACTS / "key_figures_phone.png"))
        assert errors == []
    finally:
        context.close()


def test_the_strip_reads_as_a_table(browser, base_url: str) -> None:
    """What a screen reader gets: a table named by its caption, column and row headers."""
    context, page, errors = _open(browser, base_url, "/kommune/791", 390, 844)
    try:
        table = page.get_by_role("table", name="Nøgletal for Viborg")
        assert table.count() == 1
        headers = table.get_by_role("columnheader").all_inner_texts()
        assert headers[:4] == ["Nøgletal", "Viborg", "Region Midtjylland", "Hele landet"]
        assert table.get_by_role("rowheader").count() == 6
        assert errors == []
    finally:
        context.close()
