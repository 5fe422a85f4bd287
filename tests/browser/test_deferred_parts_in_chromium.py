"""A profile's parts below the fold in Debian's Chromium (dashboard/ui/deferred.py, assets/deferred_parts.js): not
drawn until they come near the screen, then drawn where their boxes kept their place, so the page keeps its length;
drawn anew for the next view when a control changes it; all drawn for a print."""

from __future__ import annotations

import pytest
from servers import CHROMIUM, NO_CHROMIUM

playwright = pytest.importorskip("playwright.sync_api")
pytestmark = [pytest.mark.browser, pytest.mark.skipif(CHROMIUM is None, reason=NO_CHROMIUM)]

from playwright.sync_api import expect  # noqa: E402

WAIT_MS = 30_000
EMPTY_BOXES = ".deferred-part:empty"
LAST_PART = "#profile-psychiatric_bed_days"  # a chart of the last topic, ~6 screens down on a laptop
KEY_FIGURES = "#key-figures"


def page_height(page) -> float:
    return page.evaluate("document.documentElement.scrollHeight")


def scroll_to_the_end(page) -> None:
    """Down a screen at a time, as a reader scrolls, until every box is drawn."""
    for _ in range(60):
        if page.locator(EMPTY_BOXES).count() == 0:
            return
        page.mouse.wheel(0, 600)
        page.wait_for_timeout(150)
    expect(page.locator(EMPTY_BOXES)).to_have_count(0, timeout=WAIT_MS)


@pytest.mark.parametrize(("width", "height"), [(1366, 768), (390, 844)])
def test_parts_are_drawn_as_they_come_near_and_the_page_keeps_its_length(browser, base_url, width, height) -> None:
    context = browser.new_context(viewport={"width": width, "height": height}, locale="da-DK")
    page = context.new_page()
    try:
        page.goto(base_url + "/kommune/101", wait_until="networkidle")
        page.wait_for_selector(KEY_FIGURES)
        page.wait_for_load_state("networkidle")
        assert page.locator(EMPTY_BOXES).count() >= 2, "the parts far below the fold wait"
        assert page.locator(LAST_PART).count() == 0
        before = page_height(page)
        scroll_to_the_end(page)
        page.wait_for_selector(f"{LAST_PART} .main-svg", timeout=WAIT_MS)
        page.wait_for_load_state("networkidle")
        after = page_height(page)
        assert abs(after - before) <= 0.05 * after, f"the page was {before:.0f} px and became {after:.0f} px"
    finally:
        context.close()


def test_a_changed_view_draws_its_own_parts(page, base_url) -> None:
    """React may keep a box's element for the next view: its part is drawn again, for the new view."""
    page.goto(base_url + "/kommune/101", wait_until="networkidle")
    scroll_to_the_end(page)
    page.wait_for_selector(f"{LAST_PART} .main-svg", timeout=WAIT_MS)
    page.evaluate("window.scrollTo({top: 0, behavior: 'instant'})")  # not glided (Bootstrap's smooth scrolling)
    page.click("#profile-measure")
    content = page.locator(".dash-dropdown-content")
    content.locator(".dash-options-list-option", has=page.get_by_role("radio", name="Indeks", exact=True)).click()
    page.wait_for_url("**/kommune/101?measure=index")
    page.wait_for_selector(".deferred-part[data-near*='measure=index']", state="attached")  # the new view's boxes
    scroll_to_the_end(page)
    expect(page.locator(LAST_PART)).to_contain_text("indeks", timeout=WAIT_MS)


def test_a_print_draws_every_part(page, base_url) -> None:
    page.goto(base_url + "/kommune/101", wait_until="networkidle")
    page.wait_for_selector(KEY_FIGURES)
    assert page.locator(EMPTY_BOXES).count() > 0
    page.evaluate("window.dispatchEvent(new Event('beforeprint'))")
    expect(page.locator(EMPTY_BOXES)).to_have_count(0, timeout=WAIT_MS)
    page.wait_for_selector(f"{LAST_PART} .main-svg", timeout=WAIT_MS)
