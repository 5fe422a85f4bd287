"""The map page (Kort) in Debian's headless Chromium at a phone's 390 px and a laptop's 1366 px: tiles measured in
pixels, the ranked list first on the phone and beside the map on the laptop, a finger swipe scrolling the map,
the keyboard path (Tab into the list, focus naming the municipality on the map, arrow keys stepping the year
without losing focus), the map marking in the list what the mouse is over, named year controls, and the same
on the choropleth drawn from boundaries. Screenshots: tests/artifacts/map_phone.png and map_laptop.png."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from servers import CHROMIUM, NO_CHROMIUM, free_port, wait_for
from square_boundaries import demo_warehouse_with_boundaries

ARTIFACTS = Path(__file__).resolve().parents[1] / "artifacts"
PHONE = {"width": 390, "height": 844}
LAPTOP = {"width": 1366, "height": 768}
TILE_GAP_PX = 3  # the tile map's xgap/ygap (dashboard/charts/maps.py)

playwright = pytest.importorskip("playwright.sync_api")
expect = playwright.expect
pytestmark = [pytest.mark.browser, pytest.mark.skipif(CHROMIUM is None, reason=NO_CHROMIUM)]

# The plot area (plotly's drag box) and the axis ranges: one grid cell in CSS pixels, across and down.
CELL_PX = """() => {
  const plot = document.querySelector('#map-figure .js-plotly-plot');
  const box = plot.querySelector('.nsewdrag').getBoundingClientRect();
  const [x0, x1] = plot.layout.xaxis.range, [y0, y1] = plot.layout.yaxis.range;
  return [box.width / Math.abs(x1 - x0), box.height / Math.abs(y1 - y0)];
}"""

# Where on the screen a municipality of the list lies on the map: its tile's centre, or its shape's centre.
MAP_POINT = """code => {
  const plot = document.querySelector('#map-figure .js-plotly-plot');
  const link = document.querySelector('#map-list a[data-code="' + code + '"]');
  if (document.getElementById('map-list').dataset.map === 'geo') {
    const path = [...plot.querySelectorAll('.choroplethlocation')].find(p => p.__data__ && p.__data__.loc === code);
    const b = path.getBoundingClientRect();
    return [b.left + b.width / 2, b.top + b.height / 2];
  }
  const box = plot.querySelector('.nsewdrag').getBoundingClientRect();
  const [x0, x1] = plot.layout.xaxis.range, [y0, y1] = plot.layout.yaxis.range;
  return [box.left + (+link.dataset.x - x0) / (x1 - x0) * box.width,  // an axis's range runs bottom to top
          box.top + (+link.dataset.y - y1) / (y0 - y1) * box.height];
}"""


@pytest.fixture
def open_map(browser) -> Iterator:
    """open_map(base, path, viewport) → a page showing the map; any JavaScript error fails the test."""
    contexts = []
    errors: list[str] = []

    def open_page(base: str, path: str, viewport: dict, **options: object):
        context = browser.new_context(viewport=viewport, locale="da-DK", **options)
        contexts.append(context)
        page = context.new_page()
        page.on("pageerror", lambda exc: errors.append(f"{exc}\n{exc.stack}"))  # where it was thrown
        page.goto(base + path)
        page.wait_for_selector("#map-figure .main-svg")
        page.wait_for_selector("#map-list a")
        return page

    yield open_page
    for context in contexts:
        context.close()
    assert errors == [], f"JavaScript errors: {errors}"


def hover_label(page) -> str:
    return page.locator("#map-figure .hoverlayer").text_content() or ""


def point_on_map(page, code: str) -> tuple[float, float]:
    """Where the municipality lies on the map in the viewport, scrolled into view."""
    _, y = page.evaluate(MAP_POINT, code)
    page.evaluate("dy => window.scrollBy(0, dy)", y - page.viewport_size["height"] / 2)
    x, y = page.evaluate(MAP_POINT, code)
    return x, y


@pytest.mark.parametrize(("viewport", "least_tile_px"), [(PHONE, 24), (LAPTOP, 30)])
def test_tiles_are_legible(open_map, base_url: str, viewport: dict, least_tile_px: int) -> None:
    page = open_map(base_url, "/kort?areas=791", viewport)
    across, down = page.evaluate(CELL_PX)
    assert across == pytest.approx(down, rel=0.02)  # square
    assert across - TILE_GAP_PX >= least_tile_px
    ARTIFACTS.mkdir(exist_ok=True)
    name = "map_phone.png" if viewport is PHONE else "map_laptop.png"
    page.screenshot(path=str(ARTIFACTS / name), full_page=viewport is PHONE)


def test_the_list_comes_first_on_a_phone_and_beside_the_map_on_a_laptop(open_map, base_url: str) -> None:
    phone = open_map(base_url, "/kort", PHONE)
    listed, drawn = (phone.locator(s).bounding_box() for s in ("#map-list-card", "#map-figure-card"))
    assert listed and drawn and listed["y"] + listed["height"] <= drawn["y"]
    laptop = open_map(base_url, "/kort", LAPTOP)
    listed, drawn = (laptop.locator(s).bounding_box() for s in ("#map-list-card", "#map-figure-card"))
    assert listed and drawn and listed["x"] >= drawn["x"] + drawn["width"]
    assert abs(listed["y"] - drawn["y"]) < 5


@pytest.mark.parametrize("viewport", [PHONE, LAPTOP])
def test_the_list_opens_at_the_chosen_municipality(open_map, base_url: str, viewport: dict) -> None:
    page = open_map(base_url, "/kort?areas=791", viewport)
    chosen = page.locator("#map-list li.is-chosen")
    expect(chosen).to_have_attribute("data-code", "791")
    below_the_fold = "li => li.offsetTop + li.offsetHeight > li.parentElement.clientHeight"
    assert chosen.evaluate(below_the_fold)  # the list had to scroll to show it
    listed, item = page.locator("#map-list").bounding_box(), chosen.bounding_box()
    assert listed and item and listed["y"] <= item["y"] and item["y"] + item["height"] <= listed["y"] + listed["height"]


def test_a_finger_swipe_scrolls_the_map_sideways_on_a_phone(open_map, base_url: str) -> None:
    page = open_map(base_url, "/kort", PHONE, has_touch=True, is_mobile=True)
    scroller = page.locator("#map-figure")
    scroller.scroll_into_view_if_needed()
    assert page.evaluate("() => document.getElementById('map-figure').scrollWidth") > PHONE["width"]
    box = scroller.bounding_box()
    assert box is not None
    x, y = box["x"] + box["width"] * 0.8, box["y"] + box["height"] * 0.5
    touch = page.context.new_cdp_session(page)
    touch.send("Input.dispatchTouchEvent", {"type": "touchStart", "touchPoints": [{"x": x, "y": y}]})
    for step in range(1, 11):
        touch.send("Input.dispatchTouchEvent", {"type": "touchMove", "touchPoints": [{"x": x - 20 * step, "y": y}]})
    touch.send("Input.dispatchTouchEvent", {"type": "touchEnd", "touchPoints": []})
    expect(scroller).not_to_have_js_property("scrollLeft", 0)


def test_tab_reaches_the_list_and_focus_names_the_municipality_on_the_map(open_map, base_url: str) -> None:
    page = open_map(base_url, "/kort", LAPTOP)
    page.locator("#map-figure-card summary").focus()  # the last control of the map's card
    first, second = page.locator("#map-list a").nth(0), page.locator("#map-list a").nth(1)
    for key, link in (("Tab", first), ("Tab", second), ("Shift+Tab", first)):
        page.keyboard.press(key)
        expect(link).to_be_focused()
        expect(page.locator("#map-figure .hoverlayer")).to_contain_text(link.locator(".map-name").inner_text())
        assert link.locator(".map-value").inner_text() in hover_label(page)
    assert first.inner_text().startswith("1.")


def test_the_map_marks_in_the_list_what_the_mouse_is_over(open_map, base_url: str) -> None:
    page = open_map(base_url, "/kort", LAPTOP)
    last = page.locator("#map-list li").last  # far down the list's scroll box
    code = str(last.get_attribute("data-code"))
    x, y = point_on_map(page, code)
    page.mouse.move(x, y)
    expect(page.locator("#map-list li.is-hovered")).to_have_attribute("data-code", code)
    expect(page.locator("#map-figure .hoverlayer")).to_contain_text(last.locator(".map-name").inner_text())
    listed, item = page.locator("#map-list").bounding_box(), last.bounding_box()
    assert listed and item and listed["y"] <= item["y"] and item["y"] + item["height"] <= listed["y"] + listed["height"]
    page.mouse.click(x, y)
    page.wait_for_url(f"**/kommune/{code}")


@pytest.mark.parametrize("lang", ["da", "en"])
def test_the_year_slider_and_number_input_have_names(open_map, base_url: str, lang: str) -> None:
    page = open_map(base_url, "/kort" + ("?lang=en" if lang == "en" else ""), LAPTOP)
    year, typed = ("År", "År (skriv årstal)") if lang == "da" else ("Year", "Year (type a year)")
    expect(page.get_by_role("slider", name=year, exact=True)).to_have_count(1)
    expect(page.get_by_role("spinbutton", name=typed, exact=True)).to_have_count(1)
    snapshot = page.locator("#map-year-control").aria_snapshot()
    assert f'slider "{year}"' in snapshot and f'spinbutton "{typed}"' in snapshot


def test_arrow_keys_step_the_year_and_the_slider_keeps_the_focus(open_map, base_url: str) -> None:
    page = open_map(base_url, "/kort?indicator=children_placed&period=2020", LAPTOP)
    slider = page.get_by_role("slider", name="År", exact=True)
    slider.focus()
    page.keyboard.press("ArrowLeft")
    # Generous waits: on a loaded 2-core machine a redraw can take several seconds; what is checked is unchanged.
    page.wait_for_url("**period=2019**", timeout=30_000)
    expect(page.get_by_role("slider", name="År", exact=True)).to_have_attribute("aria-valuenow", "2019", timeout=30_000)
    expect(page.get_by_role("slider", name="År", exact=True)).to_be_focused(timeout=30_000)  # drawn anew
    page.wait_for_load_state("networkidle")  # Dash's calls for the new page's controls are done
    page.keyboard.press("ArrowLeft")
    page.wait_for_url("**period=2018**", timeout=30_000)


# --- the choropleth ----------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def shapes_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A dashboard on the demo warehouse with square boundaries: the page draws the choropleth."""
    db = demo_warehouse_with_boundaries(tmp_path_factory.mktemp("map-shapes"))
    port = free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "dashboard.cli", "--db", str(db), "--port", str(port)],
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


def test_on_the_choropleth_focus_names_the_shape_and_the_shape_marks_the_list(open_map, shapes_url: str) -> None:
    page = open_map(shapes_url, "/kort?areas=791", LAPTOP)
    expect(page.locator("#map-list")).to_have_attribute("data-map", "geo")
    viborg = page.locator('#map-list a[data-code="791"]')
    viborg.focus()
    expect(page.locator("#map-figure .hoverlayer")).to_contain_text("Viborg")  # through the outline on top of it
    assert viborg.locator(".map-value").inner_text() in hover_label(page)
    x, y = point_on_map(page, "461")
    page.mouse.move(x, y)
    expect(page.locator("#map-list li.is-hovered")).to_have_attribute("data-code", "461")
    expect(page.locator("#map-figure .hoverlayer")).to_contain_text("Odense")
    page.mouse.click(x, y)
    page.wait_for_url("**/kommune/461")
