"""Libraries a page fetches when it first needs them, not with every page load (assets/on_demand.js does the
fetching): plotly.js, our partial bundle (scripts/plotly_bundle), when a page first draws a chart (Om data draws
none), and AG Grid's bundle (300 KB compressed, plus a 220 KB chunk) when a grid first comes near the screen:
only the region page (three screens down), Om data and an opened chart table draw one. The app shell names both
in one JSON element instead of loading them with <script> tags."""

from __future__ import annotations

import functools
import json
import re
from html import escape
from pathlib import Path

ELEMENT_ID = "socialtal-on-demand"  # read by assets/on_demand.js
ASSETS = Path(__file__).resolve().parents[1] / "assets"
# The partial plotly.js bundles in assets/vendor/ (scripts/plotly_bundle), which Dash must not load on every page
# (app.py: assets_ignore): every trace type the pages draw, and scatter and bar alone for most embeds
# (dashboard/web/plain_pages.py).
PLOTLY_BUNDLE = r"plotly-[0-9.]+-socialtal\.min\.js"
SCATTER_BAR_BUNDLE = r"plotly-[0-9.]+-socialtal-scatter-bar\.min\.js"
SCATTER_BAR_TRACES = frozenset({"scatter", "bar"})  # what SCATTER_BAR_BUNDLE draws (its entry, index_scatter_bar.js)
PLOTLY_BUNDLES = f"^(?:{PLOTLY_BUNDLE}|{SCATTER_BAR_BUNDLE})$"
DEFERRED_NAMESPACES = ("dash_ag_grid",)  # component libraries whose bundle waits for their first component
_SCRIPT_TAG = re.compile(r'<script src="(?P<src>[^"]*/_dash-component-suites/(?P<namespace>\w+)/[^"]*)"></script>\n?')


@functools.cache  # a process serves one release: the folder is listed once, not for every page's HTML
def plotly_bundle(pattern: str = PLOTLY_BUNDLE) -> Path:
    """The one partial plotly.js bundle in assets/vendor/ whose name fits `pattern` (PLOTLY_BUNDLE: every trace
    type the pages draw; SCATTER_BAR_BUNDLE)."""
    found = [p for p in (ASSETS / "vendor").iterdir() if re.fullmatch(pattern, p.name)]
    if len(found) != 1:
        raise RuntimeError(
            f"assets/vendor/ must hold exactly one plotly bundle matching {pattern}, found {len(found)}: "
            "rebuild them with `cd scripts/plotly_bundle && npm ci && npm run build`"
        )
    return found[0]


@functools.cache
def plotly_bundle_url(asset_url: str) -> str:
    """The bundle's address from the app's asset URL of it, fingerprinted like every asset Dash serves (by the
    file's modification time), so it is cached for good (dashboard/web/cache_headers.py)."""
    return f"{asset_url}?m={plotly_bundle().stat().st_mtime}"


def defer_libraries(scripts_html: str, plotly_url: str) -> str:
    """Dash's script tags with the deferred libraries' bundles taken out, and every on-demand address named in one
    JSON element (a data block: the Content-Security-Policy does not apply to it, and nothing in it runs)."""
    names = {"plotly": plotly_url}

    def take(match: re.Match[str]) -> str:
        if match["namespace"] in DEFERRED_NAMESPACES:
            names[match["namespace"]] = match["src"]
            return ""
        return match[0]

    kept = _SCRIPT_TAG.sub(take, scripts_html)
    block = escape(json.dumps(names, sort_keys=True), quote=False)
    return f'<script id="{ELEMENT_ID}" type="application/json">{block}</script>\n{kept}'
