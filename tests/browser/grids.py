"""What is drawn only when it comes near the screen: a page's deferred parts (dashboard/ui/deferred.py: empty boxes
until then) and grids (assets/on_demand.js: a stand-in marked data-on-demand="grid", aria-busy, until then). A test
that reads one scrolls to it first, as a reader does. Scrolls here are instant: Bootstrap makes the page's own
scrolling smooth, and a position read in the middle of that glide is neither where it was nor where it goes."""

from __future__ import annotations

EMPTY_PART = ".deferred-part:empty"
STAND_IN = "[data-on-demand='grid']"
GRID = ".ag-root-wrapper"  # AG Grid's own outermost element, once it has drawn


def _draw_each(page, selector: str, timeout_ms: int) -> None:  # type: ignore[no-untyped-def]
    for _ in range(20):  # a part or grid drawn pushes the next one further down
        count = page.evaluate(  # in one step: the first may be drawn between a count and a scroll
            """selector => {
                const first = document.querySelector(selector);
                if (first) first.scrollIntoView({block: "center", behavior: "instant"});
                return document.querySelectorAll(selector).length;
            }""",
            selector,
        )
        if count == 0:
            return
        page.wait_for_function(
            "([selector, n]) => document.querySelectorAll(selector).length < n",
            arg=[selector, count],
            timeout=timeout_ms,
        )


def draw_parts(page, timeout_ms: int = 30_000) -> None:  # type: ignore[no-untyped-def]
    """Scroll to every deferred part not drawn yet and wait until each is; the scroll position is left where it was."""
    page.wait_for_load_state("networkidle")
    scrolled = page.evaluate("() => window.scrollY")
    _draw_each(page, EMPTY_PART, timeout_ms)
    page.evaluate("(y) => window.scrollTo({top: y, behavior: 'instant'})", scrolled)


def draw_grids(page, timeout_ms: int = 30_000) -> None:  # type: ignore[no-untyped-def]
    """Draw the page's deferred parts, then scroll to every grid not drawn yet and wait until each is drawn; the
    scroll position is left where it was."""
    draw_parts(page, timeout_ms)
    scrolled = page.evaluate("() => window.scrollY")
    grids = page.evaluate("(s) => document.querySelectorAll(s).length", f"{STAND_IN}, {GRID}")
    _draw_each(page, STAND_IN, timeout_ms)
    # a stand-in gone is a grid on its way: AG Grid builds its DOM a moment later, and a check run in between
    # (axe, a screenshot) would see the grid appear, perhaps after the page has scrolled back and off the screen
    page.wait_for_function(
        """([grid, n]) => {
            const drawn = [...document.querySelectorAll(grid)];
            return drawn.length >= n && drawn.every(g => g.querySelector(".ag-header-cell"));
        }""",
        arg=[GRID, grids],
        timeout=timeout_ms,
    )
    page.evaluate("(y) => window.scrollTo({top: y, behavior: 'instant'})", scrolled)
