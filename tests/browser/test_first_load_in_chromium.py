"""A first visit in Debian's Chromium, as a politician's laptop makes it: under 1 MB per page, plotly.js fetched
once (our partial bundle, never Dash's full one) and only where a chart is drawn, AG Grid only when a grid comes
near the screen, and a repeat visit that asks the server for none of the fingerprinted files. An embed, as another
site's reader first sees it: under 600 KB, its chart drawn by plotly.js alone, without Dash's renderer."""

from __future__ import annotations

import pytest
from grids import draw_parts
from servers import CHROMIUM, NO_CHROMIUM

playwright = pytest.importorskip("playwright.sync_api")
pytestmark = [pytest.mark.browser, pytest.mark.skipif(CHROMIUM is None, reason=NO_CHROMIUM)]

FIRST_LOAD_LIMIT_BYTES = 1_000_000  # issue 12: any page's first load, encoded
EMBED_LIMIT_BYTES = 600_000  # issue 12: an embed's first load, encoded
EMBEDS = {  # both kinds of embed; the scatter-and-bar bundle, or the one with the map's trace types
    "chart": ("/embed/kommune/101/children_placed", "-socialtal-scatter-bar.min.js"),
    "view": ("/embed/view?page=%2Fsammenlign&chart=compare-line", "-socialtal-scatter-bar.min.js"),
    "map": ("/embed/view?page=%2Fkort&chart=map-figure", "-socialtal.min.js"),
}


class Visit:
    """Every response of a page load until the network is idle, with its encoded size."""

    def __init__(self, page, base_url: str) -> None:
        self.page, self.base_url, self.finished = page, base_url, []
        page.on("requestfinished", lambda request: self.finished.append(request))

    def open(self, path: str, drawn: str) -> None:
        self.page.goto(self.base_url + path, wait_until="networkidle")
        self.page.wait_for_selector(drawn, timeout=60_000)
        self.page.wait_for_load_state("networkidle")

    def urls(self) -> list[str]:
        return [request.url for request in self.finished]

    def encoded_bytes(self) -> int:
        return sum(max(request.sizes()["responseBodySize"], 0) for request in self.finished)


@pytest.mark.parametrize(
    "path, drawn",
    [
        ("/kommune/101", "#profile-children_placed .main-svg"),
        ("/region/082", "#region-budget-children .main-svg"),  # the first part below the fold: drawn at once
        ("/kort", "#map-figure .main-svg"),
        ("/", ".js-plotly-plot .main-svg"),
    ],
)
def test_a_page_with_charts_loads_under_1_mb_with_our_plotly_once_and_no_grid(page, base_url, path, drawn) -> None:
    visit = Visit(page, base_url)
    visit.open(path, drawn)
    urls = visit.urls()
    assert [u for u in urls if "plotly-" in u and "socialtal.min.js" in u].__len__() == 1, urls
    assert not [u for u in urls if "package_data/plotly.min.js" in u], "Dash's full plotly.js was fetched"
    assert not [u for u in urls if "dash_ag_grid" in u], "AG Grid was fetched for a grid below the fold"
    assert visit.encoded_bytes() <= FIRST_LOAD_LIMIT_BYTES, f"{visit.encoded_bytes():,} bytes"


def test_om_data_draws_its_grid_without_plotly(page, base_url) -> None:
    visit = Visit(page, base_url)
    visit.open("/om-data", ".ag-cell")
    assert not [u for u in visit.urls() if "plotly-" in u and "socialtal" in u]
    assert visit.encoded_bytes() <= FIRST_LOAD_LIMIT_BYTES, f"{visit.encoded_bytes():,} bytes"


def test_the_region_grid_is_fetched_and_drawn_when_scrolled_to(page, base_url) -> None:
    visit = Visit(page, base_url)
    visit.open("/region/082", "#region-budget-children .main-svg")
    assert page.locator(".ag-cell").count() == 0
    draw_parts(page)  # the grid's part, three screens down, is drawn when scrolled to (dashboard/ui/deferred.py)
    # found and scrolled to in one step, tried until it is there: the stand-in may come within a screen while the
    # parts are drawn and be swapped for the real grid (same id), with a moment between in which neither is there
    page.wait_for_function(
        """() => {
            const grid = document.getElementById("region-overview");
            if (grid) grid.scrollIntoView({block: "center", behavior: "instant"});
            return grid !== null;
        }""",
        timeout=30_000,
    )
    page.wait_for_selector("#region-overview .ag-cell", timeout=30_000)
    assert [u for u in visit.urls() if "dash_ag_grid" in u]


def test_a_chart_table_fetches_the_grid_when_opened(page, base_url) -> None:
    visit = Visit(page, base_url)
    visit.open("/kommune/101", "#profile-children_placed .main-svg")
    page.locator("#profile-children_placed-card summary").click()
    page.wait_for_selector("#profile-children_placed-card .ag-cell", timeout=30_000)
    assert page.locator("#profile-children_placed-card .ag-row").count() > 0


def test_moving_from_a_profile_to_the_map_draws_the_map_with_the_same_plotly(page, base_url) -> None:
    visit = Visit(page, base_url)
    visit.open("/kommune/101", "#profile-children_placed .main-svg")
    page.locator("nav a[href='/kort']").first.click()
    page.wait_for_selector(
        "#map-figure .main-svg .heatmaplayer, #map-figure .main-svg .choroplethlayer", timeout=60_000
    )
    assert len([u for u in visit.urls() if "socialtal.min.js" in u]) == 1


def test_a_repeat_visit_asks_the_server_for_no_fingerprinted_file(page, base_url) -> None:
    page.goto(base_url + "/kommune/101", wait_until="networkidle")
    page.wait_for_selector("#profile-children_placed .main-svg", timeout=60_000)
    again = page.context.new_page()
    session = page.context.new_cdp_session(again)
    session.send("Network.enable")
    from_network: list[str] = []
    session.on(
        "Network.responseReceived",
        lambda event: None if event["response"].get("fromDiskCache") else from_network.append(event["response"]["url"]),
    )
    again.goto(base_url + "/kommune/751", wait_until="networkidle")
    again.wait_for_selector("#profile-children_placed .main-svg", timeout=60_000)
    fingerprinted = [u for u in from_network if "?m=" in u or ".v4_" in u or ".v2_" in u or ".v7_" in u or ".v35_" in u]
    assert fingerprinted == []
    assert any(u.endswith("/kommune/751") for u in from_network)  # the page itself did come from the server


@pytest.mark.parametrize("kind", list(EMBEDS))
def test_an_embed_draws_its_chart_without_dash_under_600_kb(page, base_url, kind) -> None:
    path, bundle = EMBEDS[kind]
    visit = Visit(page, base_url)
    visit.open(path, "#embed-graph .js-plotly-plot .main-svg")
    urls = visit.urls()
    assert not [u for u in urls if "/_dash-" in u], "Dash's renderer, layout or callbacks were fetched"
    assert page.evaluate("typeof window.DashRenderer + typeof window.React") == "undefinedundefined"
    assert [u for u in urls if "/assets/vendor/plotly-" in u and u.split("?")[0].endswith(bundle)], urls
    assert len([u for u in urls if "/assets/vendor/plotly-4" in u]) == 1, urls
    page.wait_for_selector("#embed-graph .js-plotly-plot[data-fit-width]")  # chart_fit.js fitted it to the frame
    traces = "#embed-graph :is(.scatterlayer .trace, .barlayer .trace, .heatmaplayer .hm, .choroplethlayer .trace)"
    assert page.locator(traces).count() >= 1  # its traces drawn, not an empty frame
    assert visit.encoded_bytes() <= EMBED_LIMIT_BYTES, f"{visit.encoded_bytes():,} bytes"
