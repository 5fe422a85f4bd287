"""The region page as the debate meeting's briefing, in Debian's headless Chromium, on a phone (390 px) and a laptop
(1366 px): it opens with what stands out; in the grid the region and the country are visible without scrolling
and stay while the municipalities scroll; no name breaks mid-word; the own municipality from the address is
highlighted; and the navigation's Region link opens the region of the municipality last viewed. Screenshots in
tests/artifacts/."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from grids import draw_grids
from servers import CHROMIUM, NO_CHROMIUM

ARTIFACTS = Path(__file__).resolve().parents[1] / "artifacts"
playwright = pytest.importorskip("playwright.sync_api")
expect = playwright.expect
pytestmark = [pytest.mark.browser, pytest.mark.skipif(CHROMIUM is None, reason=NO_CHROMIUM)]

MIDTJYLLAND, VIBORG = "082", "791"
HOVEDSTADEN, KOBENHAVN = "084", "101"  # the longest region name, and a long own municipality in bold
GRID = "#region-overview"
SIZES = {"phone": (390, 844), "laptop": (1366, 768)}

# The words of the text nodes under the elements: how many the browser laid out (on screen or scrolled away), and
# those it laid out over more than one line.
BROKEN_WORDS = """(selector) => {
    const broken = [];
    let laidOut = 0;
    for (const element of document.querySelectorAll(selector)) {
        const walker = document.createTreeWalker(element, NodeFilter.SHOW_TEXT);
        for (let node = walker.nextNode(); node; node = walker.nextNode()) {
            for (const match of node.textContent.matchAll(/\\S+/g)) {
                const range = document.createRange();
                range.setStart(node, match.index);
                range.setEnd(node, match.index + match[0].length);
                const lines = new Set(Array.from(range.getClientRects()).filter(r => r.width > 0)
                    .map(r => Math.round(r.top)));
                if (lines.size > 0) { laidOut += 1; }
                if (lines.size > 1) { broken.push(match[0]); }
            }
        }
    }
    return {broken: broken, laidOut: laidOut};
}"""


def _broken_words(page, selector: str, at_least: int) -> list[str]:  # type: ignore[no-untyped-def]
    found = page.evaluate(BROKEN_WORDS, selector)
    assert found["laidOut"] >= at_least, selector  # the words were there to be measured
    return found["broken"]


@pytest.fixture(params=list(SIZES))
def sized(browser, request: pytest.FixtureRequest) -> Iterator[tuple[str, object]]:  # type: ignore[no-untyped-def]
    """A page at a phone's or a laptop's size (a phone as a phone: touch, overlay scrollbars); no JavaScript
    error allowed."""
    width, height = SIZES[request.param]
    phone = request.param == "phone"
    context = browser.new_context(
        viewport={"width": width, "height": height}, locale="da-DK", is_mobile=phone, has_touch=phone
    )
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(f"{exc}\n{exc.stack}"))  # where it was thrown
    yield request.param, page
    context.close()
    assert errors == [], f"JavaScript errors: {errors}"


def _open_briefing(page, base_url: str, region: str = MIDTJYLLAND, own: str = VIBORG) -> None:  # type: ignore[no-untyped-def]
    page.goto(base_url + f"/region/{region}?kommune={own}")
    page.wait_for_selector("#region-standouts")
    draw_grids(page)  # three screens down: its part and the grid drawn when scrolled to (deferred.py, on_demand.js)
    # pinned: the grid has fitted its columns to the screen (the clientside callback) and kept them pinned
    expect(page.locator(f"{GRID} .ag-pinned-left-header [col-id='area_000']")).to_be_visible()
    page.wait_for_selector(f"{GRID} .ag-row [col-id='area_{own}']")


def _box(page, selector: str) -> dict:  # type: ignore[no-untyped-def]
    box = page.locator(selector).first.bounding_box()
    assert box is not None, selector
    return box


def test_it_opens_with_what_stands_out(sized, base_url: str) -> None:  # type: ignore[no-untyped-def]
    name, page = sized
    _open_briefing(page, base_url)
    page.evaluate("() => window.scrollTo({top: 0, behavior: 'instant'})")  # not glided (Bootstrap's smooth scrolling)
    height = SIZES[name][1]
    standouts = _box(page, "#region-standouts tbody tr")
    assert standouts["y"] < height  # the first standout is on the first screen
    grid = _box(page, GRID)
    assert standouts["y"] < _box(page, "#region-budget")["y"] < grid["y"]
    page.screenshot(path=str(ARTIFACTS / f"region_briefing_{name}.png"))


def test_region_and_country_are_visible_without_scrolling_and_stay(sized, base_url: str) -> None:  # type: ignore[no-untyped-def]
    name, page = sized
    _open_briefing(page, base_url)
    page.locator(GRID).scroll_into_view_if_needed()
    grid = _box(page, GRID)
    width = SIZES[name][0]
    for code in (MIDTJYLLAND, "000"):
        header = _box(page, f"{GRID} .ag-pinned-left-header [col-id='area_{code}']")
        assert grid["x"] <= header["x"] and header["x"] + header["width"] <= min(grid["x"] + grid["width"], width)
    cell = f"{GRID} .ag-pinned-left-cols-container .ag-row[row-index='0'] [col-id='area_{MIDTJYLLAND}']"
    before = _box(page, cell)
    center = _box(page, f"{GRID} .ag-center-cols-viewport")
    assert center["width"] >= 50  # room left to scroll the municipalities beside the pinned columns
    page.locator(f"{GRID} .ag-body-horizontal-scroll-viewport").evaluate("(el) => { el.scrollLeft = 600; }")
    page.wait_for_timeout(300)
    assert _box(page, cell)["x"] == before["x"]  # pinned: the region stays while the municipalities scroll
    if name == "laptop":
        page.screenshot(path=str(ARTIFACTS / "region_grid_laptop.png"))


@pytest.mark.parametrize(
    ("region", "own", "names_expected"),
    [
        (MIDTJYLLAND, VIBORG, {"Region Midtjylland", "Ringkøbing-Skjern", "Ikast-Brande"}),
        (HOVEDSTADEN, KOBENHAVN, {"Region Hovedstaden", "København", "Frederikssund", "Lyngby-Taarbæk"}),
    ],
)
def test_no_name_breaks_mid_word(sized, base_url: str, region: str, own: str, names_expected: set[str]) -> None:  # type: ignore[no-untyped-def]
    name, page = sized
    _open_briefing(page, base_url, region, own)
    names = page.locator(f"{GRID} .ag-header-cell-text").all_text_contents()
    members = {MIDTJYLLAND: 19, HOVEDSTADEN: 29}[region]
    assert names_expected <= set(names) and len(names) == members + 3
    assert _broken_words(page, f"{GRID} .ag-header-cell-text", at_least=24) == []
    # nor ends in an ellipsis: the laid-out text (to a fraction of a pixel) is no wider than its box
    cut_short = page.locator(f"{GRID} .ag-header-cell-text").evaluate_all(
        "(names) => names.filter(n => { const r = document.createRange(); r.selectNodeContents(n);"
        " return r.getBoundingClientRect().width > n.getBoundingClientRect().width + 0.01; }).map(n => n.textContent)"
    )
    assert cut_short == []
    assert page.locator(f"{GRID} .area-grid-indicator").count() >= 10
    assert _broken_words(page, f"{GRID} .area-grid-indicator", at_least=100) == []
    assert _broken_words(page, "#region-standouts, #region-above, #region-below", at_least=300) == []
    # the indicator names whole, not cut off: once the grid is on screen (AG Grid measures its rows' heights there)
    # every row is as tall as its indicator's name and unit
    page.locator(GRID).scroll_into_view_if_needed()
    overflowing = -1
    for _ in range(20):
        page.wait_for_timeout(150)
        overflowing = page.locator(f"{GRID} .area-grid-indicator .agGrid-Markdown").evaluate_all(
            "(texts) => texts.filter(t => t.getBoundingClientRect().bottom"
            " > t.closest('.ag-row').getBoundingClientRect().bottom + 1).length"
        )
        if overflowing == 0:
            break
    assert overflowing == 0
    if name == "phone" and region == MIDTJYLLAND:
        page.screenshot(path=str(ARTIFACTS / "region_grid_phone.png"))


def test_the_own_municipality_is_highlighted(sized, base_url: str) -> None:  # type: ignore[no-untyped-def]
    _, page = sized
    _open_briefing(page, base_url)
    header = page.locator(f"{GRID} .ag-header-cell[col-id='area_{VIBORG}']")
    expect(header).to_have_class(re.compile(r"\barea-grid-own\b"))
    centre_headers = page.locator(f"{GRID} .ag-header-viewport .ag-header-cell").evaluate_all(
        "(cells) => cells.sort((a, b) => a.getBoundingClientRect().left - b.getBoundingClientRect().left)"
        ".map(c => c.getAttribute('col-id'))"
    )
    assert centre_headers[0] == f"area_{VIBORG}"  # the first municipality after the region and the country

    def background(col_id: str) -> str:
        return page.locator(f"{GRID} .ag-row[row-index='0'] [col-id='{col_id}']").evaluate(
            "(el) => getComputedStyle(el).backgroundColor"
        )

    assert background(f"area_{VIBORG}") != background(centre_headers[1])
    assert background(f"area_{VIBORG}") not in ("rgba(0, 0, 0, 0)", "transparent")
    assert "Viborg er fremhævet." in page.inner_text("#region-grid-section")


DRAWN_MS = 30_000  # a page first drawn in this run: seconds on a loaded 2-core machine


def test_the_region_link_opens_the_last_viewed_municipalitys_region(browser, base_url: str) -> None:  # type: ignore[no-untyped-def]
    context = browser.new_context(viewport={"width": 1366, "height": 768}, locale="da-DK")
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(f"{exc}\n{exc.stack}"))  # where it was thrown
    try:
        page.goto(base_url + "/om-data")
        expect(page.locator("#nav-region")).to_have_attribute("href", "/region/084")  # nothing viewed yet
        page.goto(base_url + f"/kommune/{VIBORG}")
        expect(page.locator("#nav-region")).to_have_attribute(
            "href", f"/region/{MIDTJYLLAND}?kommune={VIBORG}", timeout=DRAWN_MS
        )
        page.goto(base_url + "/sammenlign?lang=en")  # a fresh page load later, in English
        link = page.locator("#nav-region")
        expect(link).to_have_attribute("href", f"/region/{MIDTJYLLAND}?kommune={VIBORG}&lang=en", timeout=DRAWN_MS)
        link.click()
        page.wait_for_url(f"**/region/{MIDTJYLLAND}?kommune={VIBORG}&lang=en")
        expect(page.locator("main h2").first).to_have_text("Region Midtjylland", timeout=DRAWN_MS)
        draw_grids(page)
        expect(page.locator(f"{GRID} .ag-header-cell.area-grid-own")).to_have_attribute("col-id", f"area_{VIBORG}")
    finally:
        context.close()
    assert errors == [], f"JavaScript errors: {errors}"
