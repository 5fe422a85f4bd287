"""Accessibility in Debian's headless Chromium, measured in the browser:

- axe-core (bundled by axe-playwright-python) finds no "critical" or "serious" violation on any page kind, in
  Danish and in English, on a laptop (1366 px) and a phone (390 px), nor with a dropdown open;
- `<html lang>` and `<title>` follow the page, also when the single-page app draws the next one without a reload;
- the skip link is the first Tab stop, shows itself when focused and moves the focus to <main>;
- dropdowns are named by their visible labels, are one Tab stop each and speak the page's language;
- after a view update (a unit, an indicator, a municipality picked by keyboard) the focus is back on the control
  that changed, in the page drawn anew, and Tab goes on from there.

Waits use expect(), not wait_for_function(): the pages' Content-Security-Policy refuses the eval it needs."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from grids import draw_grids
from servers import CHROMIUM, NO_CHROMIUM

playwright = pytest.importorskip("playwright.sync_api")
axe_playwright = pytest.importorskip("axe_playwright_python.sync_playwright")
expect = playwright.expect
pytestmark = [pytest.mark.browser, pytest.mark.skipif(CHROMIUM is None, reason=NO_CHROMIUM)]

LAPTOP = {"width": 1366, "height": 900}
PHONE = {"width": 390, "height": 844}
WAIT_MS = 30_000  # a loaded 2-core machine can take seconds to draw a profile
BLOCKING = ("critical", "serious")

# Every page kind, by address; {lang} is "" for Danish or "lang=en" (an embedded view takes it in its ?page=).
PAGE_KINDS = {
    "overview": "/?{lang}",
    "profile_101": "/kommune/101?{lang}",
    "profile_751": "/kommune/751?{lang}",
    "region": "/region/082?kommune=791&{lang}",
    "compare": "/sammenlign?areas=101,751&{lang}",
    "map": "/kort?{lang}",
    "about": "/om-data?{lang}",
    "embed_chart": "/embed/kommune/101/children_placed?{lang}",
    "embed_view": "/embed/view?chart=map-figure&page=%2Fkort%3F{lang}",
    "not_found": "/kommune/999?{lang}",
}
SHELL_KINDS = [kind for kind in PAGE_KINDS if not kind.startswith("embed")]  # the embeds have no navigation
# A page's content: what Dash's router drew, or an embed's <main> (a plain page: dashboard/web/plain_pages.py)
CONTENT = ":is(#_pages_content, main#embed)"


def address(kind: str, lang: str) -> str:
    query = "lang=en" if lang == "en" else ""
    if kind == "embed_view":
        query = "lang%3Den" if lang == "en" else ""
    return PAGE_KINDS[kind].format(lang=query).rstrip("?&").replace("?&", "?")


@pytest.fixture
def open_page(browser) -> Iterator[Any]:
    """open_page(base, path, viewport) → a page with the view drawn; any JavaScript error fails the test."""
    contexts, errors = [], []

    def open_it(base: str, path: str, viewport: dict = LAPTOP):
        context = browser.new_context(viewport=viewport, locale="da-DK")
        contexts.append(context)
        page = context.new_page()
        page.on("pageerror", lambda exc: errors.append(f"{exc}\n{exc.stack}"))  # where it was thrown
        page.goto(base + path)
        wait_until_drawn(page)
        return page

    yield open_it
    for context in contexts:
        context.close()
    assert errors == [], f"JavaScript errors: {errors}"


def wait_until_drawn(page) -> None:
    """The page's content, its charts and Dash's calls for its controls are done, and its dropdowns named."""
    expect(page.locator(f"{CONTENT} [lang], main#embed[lang]").first).to_be_attached(timeout=WAIT_MS)
    if page.locator(f"{CONTENT} .js-plotly-plot, {CONTENT} .dash-graph").count():
        expect(page.locator(f"{CONTENT} .main-svg").first).to_be_attached(timeout=WAIT_MS)
    page.wait_for_load_state("networkidle")
    # AG Grid draws its rows after Dash, and below the fold may keep its cells hidden (its column "delay render")
    # until the reader scrolls to it: scroll there as a reader would, then back to the top.
    draw_grids(page)  # grids below the fold are drawn when scrolled to (assets/on_demand.js)
    grids = page.locator("#_pages_content .ag-root-wrapper")
    for i in range(grids.count()):
        grids.nth(i).scroll_into_view_if_needed()
        expect(grids.nth(i).locator(".ag-header-cell").first).to_have_css("visibility", "visible", timeout=WAIT_MS)
    page.evaluate("window.scrollTo({top: 0, behavior: 'instant'})")  # not glided (Bootstrap's smooth scrolling)
    unnamed = page.locator(".dash-dropdown-wrapper > button.dash-dropdown:not([role='combobox'])")
    expect(unnamed).to_have_count(0, timeout=WAIT_MS)


def blocking_violations(page) -> list[str]:
    """axe-core's critical and serious violations on the page as it stands: id, impact, where, and what to do.

    AG Grid's CSS gives a grid `content-visibility: auto`: off the screen (below a phone's fold) its cells are not
    painted, yet stay in the accessibility tree, as the CSS spec requires. axe reads unpainted cells as hidden
    and then finds header rows without headers; so each grid is painted for the check, as on the screen."""
    page.evaluate(
        "() => document.querySelectorAll('.ag-root-wrapper').forEach(g => g.style.contentVisibility = 'visible')"
    )
    page.evaluate("() => new Promise(done => requestAnimationFrame(() => requestAnimationFrame(done)))")
    results = axe_playwright.Axe().run(page)
    return [
        f"{v['id']} ({v['impact']}): {[node['target'] for node in v['nodes']]} — {v['help']}"
        for v in results.response["violations"]
        if v["impact"] in BLOCKING
    ]


def active_id(page) -> str:
    return page.evaluate("document.activeElement ? document.activeElement.id : ''")


# --- axe-core on every page kind --------------------------------------------------------------------------------


@pytest.mark.parametrize("viewport", [LAPTOP, PHONE], ids=["1366px", "390px"])
@pytest.mark.parametrize("lang", ["da", "en"])
@pytest.mark.parametrize("kind", list(PAGE_KINDS))
def test_axe_finds_no_critical_or_serious_violation(open_page, base_url: str, kind: str, lang: str, viewport) -> None:
    page = open_page(base_url, address(kind, lang), viewport)
    violations = blocking_violations(page)
    assert violations == [], "\n".join([f"{address(kind, lang)} at {viewport['width']} px:", *violations])


@pytest.mark.parametrize(
    ("path", "dropdown", "selected_text", "texts"),
    [
        ("/sammenlign?areas=101,751", "compare-areas", "2 valgt", ("Vælg alle", "Søg", "Ingen resultater")),
        ("/sammenlign?areas=101,751&lang=en", "compare-areas", "2 selected", ("Select all", "Search", "No results")),
        ("/kommune/101", "profile-areas", None, ("Vælg alle", "Søg", "Ingen resultater")),
        ("/kommune/101?lang=en", "profile-measure", None, (None, "Search", "No results")),
    ],
)
def test_an_open_dropdown_speaks_the_pages_language_and_axe_finds_nothing_serious(
    open_page, base_url: str, path: str, dropdown: str, selected_text: str | None, texts: tuple
) -> None:
    page = open_page(base_url, path)
    select_all, search, no_results = texts
    button = page.locator(f"#{dropdown}")
    if selected_text:
        expect(button).to_contain_text(selected_text)
    button.click()
    content = page.locator(".dash-dropdown-content")
    expect(content).to_be_visible()
    if select_all:
        expect(content.locator(".dash-dropdown-action-button").first).to_have_text(select_all)
    expect(content.locator("input[type='search']")).to_have_attribute("placeholder", search)
    violations = blocking_violations(page)
    assert violations == [], "\n".join([f"{path}, {dropdown} open:", *violations])
    content.locator("input[type='search']").fill("zzzz")
    expect(content).to_contain_text(no_results)


# --- <html lang> and <title> ------------------------------------------------------------------------------------


def test_lang_and_title_follow_the_page_without_a_reload(open_page, base_url: str) -> None:
    page = open_page(base_url, "/kommune/791")
    html = page.locator("html")
    expect(html).to_have_attribute("lang", "da")
    expect(page).to_have_title("Viborg – Socialtal")
    page.evaluate("window.__sameDocument = true")  # gone if anything below reloaded the page
    steps = [
        ("#lang-switch", "**/kommune/791?lang=en", "en", "Viborg – Socialtal"),
        ("#nav-map", "**/kort?lang=en", "en", "Map – Socialtal"),
        ("#nav-about", "**/om-data?lang=en", "en", "About the data – Socialtal"),
        ("#lang-switch", "**/om-data", "da", "Om data – Socialtal"),
        ("#nav-compare", "**/sammenlign", "da", "Sammenlign – Socialtal"),
        ("#nav-region", "**/region/**", "da", "Region Midtjylland – Socialtal"),  # Viborg's, viewed last
    ]
    for link, url, lang, title in steps:
        page.click(link)
        page.wait_for_url(url, timeout=WAIT_MS)
        expect(html).to_have_attribute("lang", lang, timeout=WAIT_MS)
        expect(page).to_have_title(title, timeout=WAIT_MS)
    assert page.evaluate("window.__sameDocument === true")


def search_and_choose(page, dropdown_id: str, text: str) -> None:
    """By keyboard, as a person picks a municipality: on the dropdown, type the name (the first letter opens the
    list with its search box), then Enter takes the first match."""
    page.evaluate("id => document.getElementById(id).setAttribute('data-before-update', '')", dropdown_id)
    page.locator(f"#{dropdown_id}").focus()
    page.keyboard.press(text[0])
    search = page.locator(".dash-dropdown-content input[type='search']")
    expect(search).to_be_focused(timeout=WAIT_MS)
    page.keyboard.type(text[1:])
    expect(search).to_have_value(text)
    expect(page.locator(".dash-dropdown-content .dash-options-list-option").first).to_have_text(text)
    page.keyboard.press("Enter")


def test_picking_another_municipality_retitles_the_page(open_page, base_url: str) -> None:
    page = open_page(base_url, "/kommune/791?lang=en")
    search_and_choose(page, "profile-municipality", "Aarhus")
    page.wait_for_url("**/kommune/751?**lang=en", timeout=WAIT_MS)
    expect(page).to_have_title("Aarhus – Socialtal", timeout=WAIT_MS)
    expect(page.locator("html")).to_have_attribute("lang", "en")


# --- the skip link ----------------------------------------------------------------------------------------------


@pytest.mark.parametrize("viewport", [LAPTOP, PHONE], ids=["1366px", "390px"])
@pytest.mark.parametrize("kind", SHELL_KINDS)
def test_the_skip_link_is_the_first_tab_stop_and_leads_to_main(open_page, base_url: str, kind: str, viewport) -> None:
    page = open_page(base_url, address(kind, "da"), viewport)
    link = page.locator("#skip-link")
    hidden = link.bounding_box()
    assert hidden is not None and hidden["y"] + hidden["height"] <= 0  # out of sight until focused
    page.keyboard.press("Tab")
    assert active_id(page) == "skip-link"
    expect(link).to_have_text("Gå til indhold")
    shown = link.bounding_box()
    assert shown is not None and shown["y"] >= 0 and shown["x"] >= 0 and shown["height"] >= 24
    assert shown["x"] + shown["width"] <= viewport["width"]
    url = page.url
    page.keyboard.press("Enter")
    expect(page.locator("main#main")).to_be_focused()
    assert page.url == url  # no "#main" in the address people mail on
    page.keyboard.press("Tab")  # the next stop is in the content, past the navigation
    assert page.evaluate("!!document.activeElement.closest('main')")


def test_the_skip_link_speaks_english_on_english_pages(open_page, base_url: str) -> None:
    page = open_page(base_url, "/kort?lang=en")
    page.keyboard.press("Tab")
    expect(page.locator("#skip-link")).to_be_focused()
    expect(page.locator("#skip-link")).to_have_text("Skip to content")


# --- dropdowns: named by their labels, one Tab stop each ---------------------------------------------------------

DROPDOWN_PAGES = [  # address, and whether to Tab through it (the region page's grid and lists are long)
    ("/", True),
    ("/kommune/101", True),
    ("/kommune/101?lang=en", True),
    ("/sammenlign", True),
    ("/kort?lang=en", True),
    ("/region/082", False),
]


@pytest.mark.parametrize(("path", "tab_through"), DROPDOWN_PAGES)
def test_dropdowns_are_named_by_their_labels_and_one_tab_stop_each(
    open_page, base_url: str, path: str, tab_through: bool
) -> None:
    page = open_page(base_url, path)
    dropdowns = page.evaluate(
        """() => [...document.querySelectorAll('.dash-dropdown-wrapper > button.dash-dropdown[id]')]
             .map(b => [b.id, document.querySelector('label[for="' + b.id + '"]').innerText.trim()])"""
    )
    assert dropdowns
    for dropdown_id, label in dropdowns:
        named = page.get_by_role("combobox", name=label, exact=True)
        expect(named).to_have_count(1)
        assert named.get_attribute("id") == dropdown_id
    if not tab_through:
        return
    stops: list[str] = []
    for _ in range(120):  # Tab through the page until every dropdown was reached
        page.keyboard.press("Tab")
        stops.append(active_id(page) or page.evaluate("document.activeElement.className"))
        if all(d in stops for d, _ in dropdowns):
            break
    reached = [s for s in stops if s in {d for d, _ in dropdowns}]
    assert reached == [d for d, _ in dropdowns], stops  # each once, in the page's order
    assert not any("dash-dropdown-focus-target" in s for s in stops)  # no second, nameless stop


# --- focus returns to the control that changed ---------------------------------------------------------------------


def choose_next_option(page, dropdown_id: str) -> None:
    """By keyboard: open the dropdown, step to the next option, choose it. The old element is marked, so the
    focus found afterwards must be on the control drawn anew."""
    page.evaluate("id => document.getElementById(id).setAttribute('data-before-update', '')", dropdown_id)
    page.locator(f"#{dropdown_id}").focus()
    page.keyboard.press("ArrowDown")  # opens, on the chosen option
    expect(page.locator(".dash-dropdown-content :focus")).to_be_attached(timeout=WAIT_MS)
    page.keyboard.press("ArrowDown")
    expect(page.locator(".dash-dropdown-content label:not(.selected) :focus")).to_be_attached()
    page.keyboard.press("Enter")


@pytest.mark.parametrize(
    ("path", "dropdown", "url_after", "next_stop"),
    [
        ("/kommune/101", "profile-measure", "**/kommune/101?measure=**", "profile-base"),
        ("/sammenlign", "compare-measure", "**/sammenlign?**measure=**", "compare-period"),
        ("/kort", "map-measure", "**/kort?**measure=**", None),
        ("/region/082", "region-measure", "**/region/082?**measure=**", None),
    ],
)
def test_after_a_view_update_the_focus_is_back_on_the_control(
    open_page, base_url: str, path: str, dropdown: str, url_after: str, next_stop: str | None
) -> None:
    page = open_page(base_url, path)
    choose_next_option(page, dropdown)
    page.wait_for_url(url_after, timeout=WAIT_MS)
    drawn_anew = page.locator(f"#{dropdown}:not([data-before-update])")
    expect(drawn_anew).to_be_attached(timeout=WAIT_MS)
    expect(drawn_anew).to_be_focused(timeout=WAIT_MS)
    assert active_id(page) == dropdown
    if next_stop:  # a keyboard user goes on from there
        page.keyboard.press("Tab")
        assert active_id(page) == next_stop


def test_picking_a_municipality_keeps_the_focus_on_the_picker(open_page, base_url: str) -> None:
    page = open_page(base_url, "/kommune/101")
    search_and_choose(page, "profile-municipality", "Viborg")
    page.wait_for_url("**/kommune/791**", timeout=WAIT_MS)
    expect(page.locator("main h2").first).to_have_text("Viborg", timeout=WAIT_MS)
    expect(page.locator("#profile-municipality:not([data-before-update])")).to_be_focused(timeout=WAIT_MS)
    assert active_id(page) == "profile-municipality"


def test_a_multi_choice_keeps_the_focus_too(open_page, base_url: str) -> None:
    page = open_page(base_url, "/sammenlign?areas=101")
    search_and_choose(page, "compare-areas", "Aarhus")
    page.wait_for_url("**/sammenlign?**areas=101,751**", timeout=WAIT_MS)
    expect(page.locator("#compare-areas:not([data-before-update])")).to_be_focused(timeout=WAIT_MS)
    assert active_id(page) == "compare-areas"
