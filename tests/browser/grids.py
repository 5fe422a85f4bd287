"""Grids are drawn when they come near the screen (assets/on_demand.js): until then a grid is a stand-in marked
data-on-demand="grid" (and aria-busy). A test that reads a grid scrolls to it first, as a reader does."""

from __future__ import annotations

STAND_IN = "[data-on-demand='grid']"


def draw_grids(page, timeout_ms: int = 30_000) -> None:  # type: ignore[no-untyped-def]
    """Scroll to every grid not drawn yet and wait until each is drawn; the scroll position is left where it was."""
    page.wait_for_load_state("networkidle")
    scrolled = page.evaluate("() => window.scrollY")
    for _ in range(10):  # a grid drawn can push another one further down
        stand_ins = page.locator(STAND_IN)
        if stand_ins.count() == 0:
            break
        stand_ins.first.scroll_into_view_if_needed()
        page.wait_for_function(
            "([selector, n]) => document.querySelectorAll(selector).length < n",
            arg=[STAND_IN, stand_ins.count()],
            timeout=timeout_ms,
        )
    page.evaluate("(y) => window.scrollTo(0, y)", scrolled)
