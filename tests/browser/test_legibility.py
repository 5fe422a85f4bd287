"""Charts legible at every width (issue 11, part 2), measured in Debian's Chromium: on every kind of page with
charts, at 390, 768, 1366 and 1920 px, no two of a chart's texts (title, subtitle, legend entries, axis tick
labels, notes, source line, end labels, series-break labels) overlap, none is cut off by the chart's box, the HTML
around a chart stays clear of it, series breaks are drawn where they belong, x tick labels are whole upright years,
narrow screens get the legend's short names, no modebar button is in the tab order, Plotly speaks Danish, and
exported images keep everything inside, apart.

One server and one browser for the module (tests/browser/conftest.py); each page kind is loaded once per width and
its measurements shared by the tests that read them."""

from __future__ import annotations

import itertools
import re
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import quote

import pytest
import requests
from grids import draw_parts
from servers import CHROMIUM, NO_CHROMIUM

playwright = pytest.importorskip("playwright.sync_api")
pytestmark = [pytest.mark.browser, pytest.mark.skipif(CHROMIUM is None, reason=NO_CHROMIUM)]

WIDTHS = (390, 768, 1366, 1920)
PAGES = {  # every page kind that draws framed charts (dashboard/pages/)
    "profile": "/kommune/791",
    "compare": "/sammenlign?indicator=children_placed&areas=101,751,791",
    "map": "/kort",
    "region": "/region/082",
    "embed": "/embed/kommune/791/children_placed",
    "embed_view": "/embed/view?page=" + quote("/kommune/791", safe="") + "&chart=profile-budget-children",
}
FIT_TIMEOUT_S = 30
ARTIFACTS = Path(__file__).resolve().parents[1] / "artifacts"
SHOWN = ("profile", "profile-children_placed-card")  # saved as tests/artifacts/legibility_profile_<width>.png

# Every chart with a frame (layout.meta.fit, dashboard/charts/theme.py): its texts' boxes relative to the chart,
# whether assets/chart_fit.js has fitted it to its width, and the HTML of its card around it.
MEASURE_JS = """
() => {
  const kinds = {source: "source", note: "note", end_label: "end_label", series_break: "series_break"};
  return [...document.querySelectorAll(".js-plotly-plot")]
    .filter((gd) => gd.layout && gd.layout.meta && gd.layout.meta.fit && gd._fullLayout)
    .map((gd) => {
      const origin = gd.getBoundingClientRect();
      const rel = (r) => ({left: r.left - origin.left, top: r.top - origin.top,
                           right: r.right - origin.left, bottom: r.bottom - origin.top});
      const items = [];
      const add = (kind, element) => {
        if (!element) return;
        const r = element.getBoundingClientRect();
        if (r.width || r.height) items.push({kind, text: element.textContent, ...rel(r)});
      };
      gd.querySelectorAll(".gtitle").forEach((e) => add("title", e));
      gd.querySelectorAll(".gtitle-subtitle").forEach((e) => add("subtitle", e));
      gd.querySelectorAll(".legend .traces").forEach((entry) => {
        const parts = [entry.querySelector(".legendtext"), entry.querySelector(".layers")].filter(Boolean)
          .map((e) => e.getBoundingClientRect()).filter((r) => r.width || r.height);
        if (!parts.length) return;
        const edge = (side, pick) => pick(...parts.map((r) => r[side]));
        items.push({kind: "legend", text: entry.textContent,
                    ...rel({left: edge("left", Math.min), top: edge("top", Math.min),
                            right: edge("right", Math.max), bottom: edge("bottom", Math.max)})});
      });
      gd.querySelectorAll(".xtick text").forEach((e) => add("xtick", e));
      gd.querySelectorAll(".ytick text").forEach((e) => add("ytick", e));
      gd.querySelectorAll(".colorbar text").forEach((e) => add("colorbar", e));
      gd.querySelectorAll(".infolayer g.annotation").forEach((e) => {
        const annotation = (gd._fullLayout.annotations || [])[Number(e.getAttribute("data-index"))];
        if (annotation && kinds[annotation.name]) add(kinds[annotation.name], e.querySelector("text"));
      });
      const card = gd.closest(".card-body") || gd.closest("main");
      const around = card ? [...card.querySelectorAll("h2, h3, p, a, summary, span")]
        .filter((e) => !gd.contains(e) && !e.contains(gd) && e.getClientRects().length)
        .map((e) => ({text: e.textContent.slice(0, 40), ...rel(e.getBoundingClientRect())})) : [];
      let scrolls = false;  // a chart may be wider than its card inside a box that scrolls sideways (the map)
      for (let e = gd.parentElement; e && e !== card; e = e.parentElement) {
        scrolls = scrolls || ["auto", "scroll"].includes(getComputedStyle(e).overflowX);
      }
      const cardBox = card && !scrolls ? rel(card.getBoundingClientRect()) : null;
      return {
        id: gd.parentElement.id,
        width: gd._fullLayout.width,
        height: gd._fullLayout.height,
        box: {width: origin.width, height: origin.height},
        fitted: gd.getAttribute("data-fit-width"),
        xaxisType: gd._fullLayout.xaxis && gd._fullLayout.xaxis.type,
        locale: gd._context.locale,
        modebar: gd.querySelectorAll(".modebar, .modebar-btn").length,
        tabStops: [...gd.querySelectorAll("a[href], button, input, select, textarea, [tabindex]")]
          .filter((e) => e.tabIndex >= 0).length,
        items, around, card: cardBox,
      };
    });
}
"""


def _overlap(a: dict, b: dict, tolerance_px: float = 1.0) -> bool:
    return (
        min(a["right"], b["right"]) - max(a["left"], b["left"]) > tolerance_px
        and min(a["bottom"], b["bottom"]) - max(a["top"], b["top"]) > tolerance_px
    )


def _fits(chart: dict) -> bool:
    return chart["fitted"] is not None and abs(float(chart["fitted"]) - chart["width"]) < 0.5


def _fitted(charts: list[dict]) -> bool:
    return bool(charts) and all(_fits(chart) for chart in charts)


def wait_until_fitted(page: Any, timeout_s: float = FIT_TIMEOUT_S) -> list[dict]:
    """The page's framed charts once every one says it fits its width (chart_fit.js: data-fit-width)."""
    deadline = time.monotonic() + timeout_s
    charts: list[dict] = []
    while time.monotonic() < deadline:
        charts = page.evaluate(MEASURE_JS)
        if _fitted(charts):
            time.sleep(0.2)  # and still so a moment later (nothing drew them again)
            again = page.evaluate(MEASURE_JS)
            if _fitted(again):
                return again
        time.sleep(0.1)
    unfitted = [(c["id"], c["fitted"], c["width"]) for c in charts if not _fits(c)]
    raise AssertionError(f"charts not fitted within {timeout_s} s: {unfitted or 'no framed chart on the page'}")


class Browsing:
    """One browser page per width, kept for the module; pages loaded once and their measurements remembered."""

    def __init__(self, browser: Any, base_url: str) -> None:
        self.browser, self.base_url = browser, base_url
        self.pages: dict[int, Any] = {}
        self.errors: dict[int, list[str]] = {}
        self.measured: dict[tuple[str, int], list[dict]] = {}

    def page(self, width: int) -> Any:
        if width not in self.pages:
            context = self.browser.new_context(viewport={"width": width, "height": 900}, locale="da-DK")
            page = context.new_page()
            errors = self.errors.setdefault(width, [])
            page.on("pageerror", lambda exc: errors.append(f"{exc}\n{exc.stack}"))  # where it was thrown
            page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
            self.pages[width] = page
        return self.pages[width]

    def open(self, path: str, width: int) -> Any:
        page = self.page(width)
        page.goto(self.base_url + path, wait_until="networkidle")
        draw_parts(page)  # every chart of the page, also those below the fold (dashboard/ui/deferred.py)
        return page

    def charts(self, path: str, width: int) -> list[dict]:
        if (path, width) not in self.measured:
            page = self.open(path, width)
            self.measured[(path, width)] = wait_until_fitted(page)
            assert self.errors[width] == [], f"JavaScript errors on {path} at {width} px: {self.errors[width]}"
            if path == PAGES[SHOWN[0]]:
                ARTIFACTS.mkdir(exist_ok=True)
                page.locator(f"#{SHOWN[1]}").screenshot(path=str(ARTIFACTS / f"legibility_{SHOWN[0]}_{width}.png"))
        return self.measured[(path, width)]

    def close(self) -> None:
        for page in self.pages.values():
            page.context.close()


@pytest.fixture(scope="module")
def browsing(browser: Any, base_url: str) -> Iterator[Browsing]:
    session = Browsing(browser, base_url)
    yield session
    session.close()


def legibility_problems(charts: list[dict]) -> list[str]:
    """What a reader could not read: texts cut off by their chart, texts on top of each other, HTML of the card on
    top of the chart, a chart wider than its card."""
    problems = []
    for chart in charts:
        items = chart["items"]
        for i, a in enumerate(items):
            if a["left"] < -1 or a["top"] < -1 or a["right"] > chart["width"] + 1 or a["bottom"] > chart["height"] + 1:
                problems.append(f"{chart['id']}: {a['kind']} {a['text'][:40]!r} cut off at {_edges(a)}")
            for b in items[i + 1 :]:
                if _overlap(a, b):
                    problems.append(
                        f"{chart['id']}: {a['kind']} {a['text'][:30]!r} {_edges(a)} overlaps "
                        f"{b['kind']} {b['text'][:30]!r} {_edges(b)}"
                    )
        graph = {"left": 0, "top": 0, "right": chart["box"]["width"], "bottom": chart["box"]["height"]}
        for html in chart["around"]:
            if _overlap(graph, html):
                problems.append(f"{chart['id']}: the card's {html['text']!r} {_edges(html)} lies on the chart")
        card = chart["card"]
        if card and (graph["right"] > card["right"] + 1 or graph["left"] < card["left"] - 1):
            problems.append(f"{chart['id']}: the chart ({graph['right']:.0f} px) is wider than its card")
    return problems


def _edges(box: dict) -> str:
    return "({:.0f},{:.0f})–({:.0f},{:.0f})".format(box["left"], box["top"], box["right"], box["bottom"])


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("kind", list(PAGES))
def test_no_chart_text_overlaps_another_or_is_cut_off(browsing: Browsing, kind: str, width: int) -> None:
    charts = browsing.charts(PAGES[kind], width)
    assert charts, f"{kind}: no chart with a frame on {PAGES[kind]}"
    kinds = {item["kind"] for chart in charts for item in chart["items"]}
    assert {"title", "subtitle", "source"} <= kinds  # measured what there is to measure
    assert legibility_problems(charts) == []


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("kind", ["profile", "compare", "embed"])
def test_x_tick_labels_are_whole_upright_years(browsing: Browsing, kind: str, width: int) -> None:
    charts = [chart for chart in browsing.charts(PAGES[kind], width) if chart["xaxisType"] == "category"]
    assert charts
    for chart in charts:
        ticks = [item for item in chart["items"] if item["kind"] == "xtick"]
        assert len(ticks) >= 2, chart["id"]
        for tick in ticks:
            assert re.fullmatch(r"\d{4}", tick["text"]), f"{chart['id']}: x tick {tick['text']!r}"
            assert tick["right"] - tick["left"] > tick["bottom"] - tick["top"], f"{chart['id']}: {tick} not upright"
        years = [int(tick["text"]) for tick in sorted(ticks, key=lambda tick: tick["left"])]
        steps = {b - a for a, b in itertools.pairwise(years)}
        assert len(steps) == 1 and steps <= {1, 2, 3, 4, 5, 10}, f"{chart['id']}: years {years}"


def _legend_names(charts: list[dict], chart_id: str) -> list[str]:
    chart = next(chart for chart in charts if chart["id"] == chart_id)
    return [item["text"] for item in chart["items"] if item["kind"] == "legend"]


@pytest.mark.parametrize(
    ("lang", "short", "long"),
    [
        (
            "da",
            ["Region", "Landet", "Sammenlignelige"],
            ["Region Midtjylland", "Hele landet", "Sammenligningskommuner"],
        ),
        ("en", ["Region", "Denmark", "Comparable"], ["Region Midtjylland", "Comparable municipalities"]),
    ],
)
def test_a_narrow_screen_shows_the_legend_with_short_names(
    browsing: Browsing, lang: str, short: list[str], long: list[str]
) -> None:
    path = PAGES["profile"] + ("?lang=en" if lang == "en" else "")
    phone = _legend_names(browsing.charts(path, 390), "profile-children_placed")
    laptop = _legend_names(browsing.charts(path, 1366), "profile-children_placed")
    assert "Viborg" in phone and "Viborg" in laptop
    assert set(short) <= set(phone) and not set(long) & set(phone)
    assert set(long) <= set(laptop)


# Each series-break line (dashboard/charts/breaks.py) against where it belongs: half way between the category before
# the break and the break's own, from the axis' own scale; and the plot area its label must stay inside.
BREAK_LINES_JS = """
(id) => {
  const gd = document.querySelector("#" + id + " .js-plotly-plot");
  const full = gd._fullLayout, xa = full.xaxis, origin = gd.getBoundingClientRect();
  const named = (full.shapes || []).map((shape, index) => [shape, index]).filter(([s]) => s.name === "series_break");
  return {
    plot: {left: full._size.l, top: full._size.t,
           right: full._size.l + full._size.w, bottom: full._size.t + full._size.h},
    lines: named.map(([shape, index]) => {
      const path = gd.querySelector('.shapelayer path[data-index="' + index + '"]');
      const r = path.getBoundingClientRect();
      return {drawn: (r.left + r.right) / 2 - origin.left, expected: xa._offset + xa.l2p(shape.x0),
              after: xa.categoryarray[Math.ceil(shape.x0)], before: xa.categoryarray[Math.floor(shape.x0)],
              dash: getComputedStyle(path).strokeDasharray};
    }),
  };
}
"""
# Charts of Viborg's profile whose figures cross a break (demo data: 2011 or 2015 to 2024), with its label, and one
# that crosses none.
PROFILE_BREAKS = {
    "profile-children_placed": ("2023", "2024", "Barnets Lov"),
    "profile-notifications": ("2023", "2024", "Ny kodning"),
    "profile-psychiatric_bed_days": ("2018", "2019", "LPR3"),
    "profile-budget-children": ("2023", "2024", "Barnets Lov"),
}
NO_BREAK = "profile-adults_sel108"


@pytest.mark.parametrize("width", WIDTHS)
def test_series_breaks_are_dashed_lines_between_their_periods_with_a_label_inside_the_plot(
    browsing: Browsing, width: int
) -> None:
    """The overlap test above measures the break labels with every other text; this one checks they are there,
    where they belong, and only where a chart's figures cross a break."""
    page = browsing.open(PAGES["profile"], width)
    charts = {chart["id"]: chart for chart in wait_until_fitted(page)}
    for chart_id, (before, after, label) in PROFILE_BREAKS.items():
        labels = [item for item in charts[chart_id]["items"] if item["kind"] == "series_break"]
        assert [item["text"] for item in labels] == [label], chart_id
        drawn = page.evaluate(BREAK_LINES_JS, chart_id)
        assert [(line["before"], line["after"]) for line in drawn["lines"]] == [(before, after)], chart_id
        line = drawn["lines"][0]
        assert abs(line["drawn"] - line["expected"]) < 1.5 and line["dash"] not in ("", "none"), (chart_id, line)
        plot, box = drawn["plot"], labels[0]
        assert plot["left"] - 1 <= box["left"] and box["right"] <= plot["right"] + 1, (chart_id, box, plot)
        assert plot["top"] - 1 <= box["top"] and box["bottom"] <= plot["bottom"] + 1, (chart_id, box, plot)
        assert min(abs(box["left"] - line["drawn"]), abs(box["right"] - line["drawn"])) < 8  # beside its line
    assert not [item for item in charts[NO_BREAK]["items"] if item["kind"] == "series_break"]
    assert page.evaluate(BREAK_LINES_JS, NO_BREAK)["lines"] == []
    assert legibility_problems(list(charts.values())) == []


def test_a_break_label_explains_itself_on_hover(browsing: Browsing) -> None:
    page = browsing.open(PAGES["profile"] + "?lang=en", 1366)
    wait_until_fitted(page)
    label = page.locator("#profile-children_placed .infolayer g.annotation", has_text="Children's Act")
    label.hover()
    hover = page.locator("#profile-children_placed .hoverlayer")
    page.wait_for_function(
        "() => document.querySelector('#profile-children_placed .hoverlayer').textContent.includes('1 January 2024')",
        timeout=FIT_TIMEOUT_S * 1000,
    )
    assert "not fully comparable" in (hover.text_content() or "")


def test_charts_fit_again_when_the_window_narrows(browsing: Browsing) -> None:
    page = browsing.open(PAGES["profile"], 1366)
    wide = wait_until_fitted(page)
    page.set_viewport_size({"width": 390, "height": 900})
    try:
        narrow = wait_until_fitted(page)
        assert max(chart["width"] for chart in narrow) < min(chart["width"] for chart in wide)
        assert legibility_problems(narrow) == []
        assert "Landet" in _legend_names(narrow, "profile-children_placed")
        page.set_viewport_size({"width": 1366, "height": 900})
        wider = wait_until_fitted(page)
        assert "Hele landet" in _legend_names(wider, "profile-children_placed")
        assert legibility_problems(wider) == []
    finally:
        page.set_viewport_size({"width": 1366, "height": 900})


SPARKLINES_JS = """
() => [...document.querySelectorAll(".js-plotly-plot")].map((gd) => [
  gd.querySelectorAll(".modebar, .modebar-btn").length,
  [...gd.querySelectorAll("a[href], button, [tabindex]")].filter((e) => e.tabIndex >= 0).length,
])
"""


@pytest.mark.parametrize("kind", list(PAGES))
def test_no_modebar_and_no_tab_stops_in_charts(browsing: Browsing, kind: str) -> None:
    """Plotly builds its modebar (seven links in the tab order) with the chart, shown or not; none is built."""
    charts = browsing.charts(PAGES[kind], 1366)
    assert [(chart["modebar"], chart["tabStops"]) for chart in charts] == [(0, 0)] * len(charts)


def test_the_front_pages_sparklines_have_no_modebar_either(browsing: Browsing) -> None:
    page = browsing.open("/", 1366)
    page.wait_for_selector(".js-plotly-plot .main-svg")
    graphs = page.evaluate(SPARKLINES_JS)
    assert graphs and graphs == [[0, 0]] * len(graphs)


LOCALE_JS = """
async () => {
  const div = document.createElement("div");
  div.style.width = "600px";
  document.body.appendChild(div);
  await Plotly.newPlot(div, [{x: ["2024-03-01", "2024-04-01", "2024-05-01", "2024-06-01"], y: [1234.5, 2, 3, 4]}],
                       {xaxis: {tickformat: "%b"}, width: 600, height: 300}, {locale: "da"});
  const months = [...div.querySelectorAll(".xtick text")].map((e) => e.textContent);
  Plotly.purge(div);
  div.remove();
  return months;
}
"""


def _y_ticks(charts: list[dict]) -> list[str]:
    return [item["text"] for chart in charts for item in chart["items"] if item["kind"] == "ytick"]


def test_plotly_speaks_danish_on_danish_pages_and_english_on_english_ones(browsing: Browsing) -> None:
    page = browsing.open(PAGES["profile"], 1366)
    danish = wait_until_fitted(page)
    assert {chart["locale"] for chart in danish} == {"da"}
    assert "Maj" in page.evaluate(LOCALE_JS)  # the Danish locale is served with the page and registered
    assert any(re.fullmatch(r"\d{1,3}(\.\d{3})+", tick) for tick in _y_ticks(danish))  # 2.000: thousands point
    hover = _hover_text(page, "profile-children_placed")
    assert re.search(r"\d,\d", hover) and not re.search(r"\d\.\d(?!\d{2})", hover), hover  # 3,0: decimal comma
    english = browsing.charts(PAGES["profile"] + "?lang=en", 1366)
    assert {chart["locale"] for chart in english} == {"en"}
    assert any(re.fullmatch(r"\d{1,3}(,\d{3})+", tick) for tick in _y_ticks(english))


def _hover_text(page: Any, graph_id: str) -> str:
    """The hover label of the own municipality's latest point (Plotly.Fx.hover, as a pointer would show it)."""
    return page.evaluate(
        """async (id) => {
          const gd = document.querySelector("#" + id + " .js-plotly-plot");
          const own = gd.data.findIndex((trace) => trace.meta === "own");
          Plotly.Fx.hover(gd, [{curveNumber: own, pointNumber: gd.calcdata[own].length - 1}]);
          await new Promise((resolve) => setTimeout(resolve, 100));
          return gd.querySelector(".hoverlayer").textContent;
        }""",
        graph_id,
    )


def test_plotly_tips_are_in_the_page_language(browsing: Browsing) -> None:
    """With the modebar gone, a zoomed chart is reset by a double click; Plotly's tip says so, in Danish."""
    page = browsing.open(PAGES["embed"], 1366)
    wait_until_fitted(page)
    box = page.locator(".nsewdrag").first.bounding_box()
    assert box is not None
    page.mouse.move(box["x"] + box["width"] * 0.3, box["y"] + box["height"] * 0.5)
    page.mouse.down()
    page.mouse.move(box["x"] + box["width"] * 0.6, box["y"] + box["height"] * 0.5, steps=8)
    page.mouse.up()
    note = page.locator(".notifier-note")
    note.wait_for()
    assert "Dobbeltklik for at zoome ud igen" in note.inner_text()


# --- exported images: what a slide gets ------------------------------------------------------------------------

SVG_JS = """
() => {
  const svg = document.querySelector("svg");
  const items = [];
  const add = (kind, e) => {
    const r = e.getBoundingClientRect();
    if (!r.width && !r.height) return;
    items.push({kind, text: e.textContent, left: r.left, top: r.top, right: r.right, bottom: r.bottom});
  };
  svg.querySelectorAll(".gtitle").forEach((e) => add("title", e));
  svg.querySelectorAll(".gtitle-subtitle").forEach((e) => add("subtitle", e));
  svg.querySelectorAll(".legendtext").forEach((e) => add("legend", e));
  svg.querySelectorAll(".xtick text").forEach((e) => add("xtick", e));
  svg.querySelectorAll(".ytick text").forEach((e) => add("ytick", e));
  svg.querySelectorAll(".annotation-text").forEach((e) => add("annotation", e));
  return {width: Number(svg.getAttribute("width")), height: Number(svg.getAttribute("height")), items};
}
"""

EXPORTS = [
    "/export/kommune/791/children_support_share.svg",
    "/export/kommune/791/children_support_share.svg?size=square",
    "/export/view.svg?" + "page=" + quote("/kommune/791", safe="") + "&chart=profile-budget-children&size=square",
    "/export/view.svg?" + "page=" + quote("/region/082", safe="") + "&chart=region-ranking&size=wide",
]


@pytest.mark.parametrize("path", EXPORTS)
def test_exported_images_keep_title_legend_and_source_inside_and_apart(
    browsing: Browsing, base_url: str, path: str
) -> None:
    answer = requests.get(base_url + path, timeout=120)
    if answer.status_code == 503:
        pytest.skip("image export has no browser here")
    assert answer.status_code == 200, answer.text[:200]
    page = browsing.page(1920)
    page.set_content('<html><body style="margin:0">' + answer.text[answer.text.index("<svg") :] + "</body></html>")
    image = page.evaluate(SVG_JS)
    items = [item for item in image["items"] if item["text"] not in ("DEMODATA", "DEMO DATA")]
    texts = " ".join(item["text"] for item in items)
    assert {item["kind"] for item in items} >= {"title", "subtitle", "annotation"} and "Kilde" in texts
    chart = {"id": path, "width": image["width"], "height": image["height"], "items": items, "around": []}
    chart["box"], chart["card"] = {"width": image["width"], "height": image["height"]}, None
    assert legibility_problems([chart]) == []
