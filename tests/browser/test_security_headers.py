"""The Content-Security-Policy in Debian's headless Chromium: every kind of page loads under the policy the server
sends, with no violation reported (console 'Refused to …' or a securitypolicyviolation event) and its charts drawn.
This is the test that decides whether the policy needs 'unsafe-eval' (it does not)."""

from __future__ import annotations

import re

import pytest
from servers import CHROMIUM, NO_CHROMIUM

playwright = pytest.importorskip("playwright.sync_api")
pytestmark = [pytest.mark.browser, pytest.mark.skipif(CHROMIUM is None, reason=NO_CHROMIUM)]

# Listens before any page script runs, so a violation during start-up is caught too.
RECORD_VIOLATIONS = """window.__cspViolations = [];
document.addEventListener('securitypolicyviolation', function (e) {
  window.__cspViolations.push(e.violatedDirective + ' ' + (e.blockedURI || 'inline') + ' ' + (e.sourceFile || ''));
});"""

PAGES = {  # page kind → (address, a chart or element the page draws)
    "overview": ("/", ".js-plotly-plot"),
    "profile": ("/kommune/751", "#profile-children_placed .js-plotly-plot"),
    "compare": ("/sammenlign?areas=101,751", "#compare-line.js-plotly-plot, #compare-line .js-plotly-plot"),
    "map": ("/kort", "#map-figure.js-plotly-plot, #map-figure .js-plotly-plot"),
    "region": ("/region/082", "#region-budget-children.js-plotly-plot, #region-budget-children .js-plotly-plot"),
    "about": ("/om-data", ".ag-cell"),
    "embed": ("/embed/kommune/751/children_placed?measure=index", "#embed-graph .main-svg"),
    "embed view": ("/embed/view?page=/sammenlign&chart=compare-ranking", "#embed-graph .main-svg"),
}


@pytest.mark.parametrize("kind", PAGES)
def test_page_works_under_the_content_security_policy(page, base_url: str, kind: str) -> None:
    url, drawn = PAGES[kind]
    refused: list[str] = []
    page.on(
        "console",
        lambda msg: (
            refused.append(msg.text)
            if "Content Security Policy" in msg.text or msg.text.startswith("Refused to")
            else None
        ),
    )
    page.add_init_script(RECORD_VIOLATIONS)
    response = page.goto(base_url + url)
    assert response is not None and response.status == 200
    assert "script-src 'self' 'sha256-" in response.headers["content-security-policy"]
    page.wait_for_selector(drawn, timeout=30_000)
    page.wait_for_selector(".js-plotly-plot .main-svg" if kind != "about" else ".ag-cell")
    if kind == "profile":  # the lazy table mounts an AG Grid with formatter functions on demand
        page.locator("#profile-children_placed-card summary").click()
        page.wait_for_selector("#profile-children_placed-card .ag-cell")
        page.locator("#profile-children_placed-card button", has_text="Indlejr").click()  # clientside callback
        playwright.expect(page.locator("#profile-children_placed-card textarea")).to_have_value(
            re.compile(re.escape(f'src="{base_url}/embed/'))
        )  # expect(), not wait_for_function: that needs eval
    page.wait_for_timeout(300)  # let late renders report
    violations = page.evaluate("window.__cspViolations")
    assert violations == [] and refused == [], f"{kind}: {violations} {refused}"
