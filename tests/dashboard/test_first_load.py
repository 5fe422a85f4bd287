"""What a first visit fetches and what a repeat visit does not: the app shell loads neither plotly.js nor AG Grid
itself (assets/on_demand.js fetches them when a page needs them), our partial plotly.js holds every trace type the
pages draw and is the version the Python package ships, fingerprinted files are cached for good, and assets are
compressed once, with brotli."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from plotly.offline import get_plotlyjs_version
from square_boundaries import demo_warehouse_with_boundaries

from dashboard.app import create_app
from dashboard.web import cache_headers, on_demand_scripts
from dashboard.web.render_cache import router_request

ROOT = Path(__file__).resolve().parents[2]
BUNDLE_ENTRY = ROOT / "scripts" / "plotly_bundle" / "index.js"
ON_DEMAND = re.compile(r'<script id="socialtal-on-demand" type="application/json">(.*?)</script>', re.S)
DASH_PAGES_WITH_CHARTS = ["/", "/kommune/101", "/sammenlign", "/kort", "/region/082"]
PAGES_WITH_CHARTS = [*DASH_PAGES_WITH_CHARTS, "/embed/kommune/101/children_placed"]  # an embed: a plain page
SCATTER_BAR_ENTRY = ROOT / "scripts" / "plotly_bundle" / "index_scatter_bar.js"


def on_demand_names(html: str) -> dict[str, str]:
    found = ON_DEMAND.search(html)
    assert found, "the app shell names its on-demand libraries"
    return json.loads(found.group(1))


def script_sources(html: str) -> list[str]:
    return re.findall(r'<script src="([^"]+)"', html)


@pytest.mark.parametrize("path", [*DASH_PAGES_WITH_CHARTS, "/om-data"])
def test_the_shell_loads_neither_plotly_nor_ag_grid_but_names_both(client, path: str) -> None:
    html = client.get(path).get_data(as_text=True)
    sources = script_sources(html)
    assert not [s for s in sources if "plotly" in s and "locale" not in s and "geo_offline" not in s], sources
    assert not [s for s in sources if "dash_ag_grid" in s], sources
    assert any("/assets/on_demand.js" in s for s in sources)
    names = on_demand_names(html)
    assert re.fullmatch(r"/assets/vendor/plotly-[0-9.]+-socialtal\.min\.js\?m=[0-9.]+", names["plotly"])
    assert re.fullmatch(r"/_dash-component-suites/dash_ag_grid/dash_ag_grid\.v[\w]+\.min\.js", names["dash_ag_grid"])
    for url in names.values():  # both answer, as JavaScript
        answer = client.get(url)
        assert answer.status_code == 200 and "javascript" in answer.content_type


@pytest.mark.parametrize("path", DASH_PAGES_WITH_CHARTS)
def test_pages_with_charts_fetch_plotly_at_once_and_om_data_does_not(client, path: str) -> None:
    html = client.get(path).get_data(as_text=True)
    preload = re.findall(r'<link rel="preload" as="script" href="([^"]+)">', html)
    assert preload == [on_demand_names(html)["plotly"]]
    assert 'rel="preload"' not in client.get("/om-data").get_data(as_text=True)


@pytest.mark.parametrize(
    ("pattern", "suffix"),
    [(on_demand_scripts.PLOTLY_BUNDLE, ""), (on_demand_scripts.SCATTER_BAR_BUNDLE, "-scatter-bar")],
)
def test_the_bundles_are_the_plotly_js_version_the_python_package_ships(pattern: str, suffix: str) -> None:
    bundle = on_demand_scripts.plotly_bundle(pattern)
    header = bundle.read_text(encoding="utf-8")[:300]
    assert f"plotly.js v{get_plotlyjs_version()} " in header, (
        f"{bundle.name} is not plotly.js {get_plotlyjs_version()}: set that version in scripts/plotly_bundle/"
        "package.json and rebuild (`npm ci && npm run build` there)"
    )
    assert bundle.name == f"plotly-{get_plotlyjs_version()}-socialtal{suffix}.min.js"
    pinned = json.loads((BUNDLE_ENTRY.parent / "package.json").read_text())["dependencies"]["plotly.js"]
    assert pinned == get_plotlyjs_version()


def bundled_trace_types(entry: Path = BUNDLE_ENTRY) -> set[str]:
    return set(re.findall(r"require\('plotly\.js/lib/(\w+)'\)", entry.read_text())) - {"core"}


def test_the_smaller_bundle_draws_what_the_embeds_send_to_it() -> None:
    """plain_pages sends a chart to the scatter-and-bar bundle when its trace types are all in SCATTER_BAR_TRACES:
    the entry must hold exactly those, and the bundle say so in its banner (build.mjs writes it from the entry)."""
    assert bundled_trace_types(SCATTER_BAR_ENTRY) == on_demand_scripts.SCATTER_BAR_TRACES
    assert bundled_trace_types() > on_demand_scripts.SCATTER_BAR_TRACES
    header = on_demand_scripts.plotly_bundle(on_demand_scripts.SCATTER_BAR_BUNDLE).read_text(encoding="utf-8")[:300]
    assert "partial bundle for Socialtal: core, scatter, bar;" in header


def drawn_trace_types(node: object) -> set[str]:
    """The trace types of every figure in a rendered component tree (plotly's default type is scatter)."""
    found: set[str] = set()
    if isinstance(node, dict):
        figure = node.get("figure")
        if isinstance(figure, dict) and isinstance(figure.get("data"), list):
            found |= {str(trace.get("type", "scatter")) for trace in figure["data"]}
        for value in node.values():
            found |= drawn_trace_types(value)
    elif isinstance(node, list):
        for value in node:
            found |= drawn_trace_types(value)
    return found


@pytest.fixture(scope="module")
def client_with_boundaries(tmp_path_factory: pytest.TempPathFactory):
    return create_app(demo_warehouse_with_boundaries(tmp_path_factory.mktemp("boundaries"))).server.test_client()


def rendered(client, path: str) -> object:

    answer = client.post(
        "/_dash-update-component",
        json=router_request(path.split("?")[0], ""),
        headers={"Accept-Encoding": "identity"},
    )
    assert answer.status_code == 200, answer.get_data(as_text=True)[:300]
    return answer.get_json()


def test_the_bundle_holds_every_trace_type_the_pages_draw(client, client_with_boundaries) -> None:
    drawn: set[str] = set()
    for path in PAGES_WITH_CHARTS:
        drawn |= drawn_trace_types(rendered(client, path))
    drawn |= drawn_trace_types(rendered(client_with_boundaries, "/kort"))  # the choropleth, not the tiles
    assert {"scatter", "bar", "heatmap", "choropleth"} <= drawn  # the walk finds every kind (it can fail)
    missing = drawn - bundled_trace_types()
    assert not missing, f"add {sorted(missing)} to scripts/plotly_bundle/index.js and rebuild the bundle"


def test_fingerprinted_files_are_kept_a_year_and_never_revalidated(client) -> None:
    html = client.get("/kommune/101").get_data(as_text=True)
    suites = [s for s in script_sources(html) if s.startswith("/_dash-component-suites/")]
    assets = [s for s in script_sources(html) if s.startswith("/assets/")]
    assert suites and assets
    for url in [*suites, *assets, on_demand_names(html)["plotly"], "/_favicon.ico?v=4.4.1"]:
        answer = client.get(url)
        assert answer.status_code == 200, url
        assert answer.headers["Cache-Control"] == cache_headers.IMMUTABLE, url


@pytest.mark.parametrize(
    "url",
    [
        "/kommune/101",  # the shell: its scripts' names change with a release
        "/assets/chart_fit.js",  # no fingerprint in the address
        "/_dash-component-suites/dash/dcc/async-graph.js",  # a lazy chunk, named without a version
        "/_dash-layout",
    ],
)
def test_addresses_without_a_fingerprint_are_not_kept_for_good(client, url: str) -> None:
    answer = client.get(url)
    assert answer.status_code == 200
    assert "immutable" not in answer.headers.get("Cache-Control", "")


def test_assets_are_compressed_once_with_brotli_even_for_a_client_that_takes_zstd(client) -> None:
    url = on_demand_names(client.get("/").get_data(as_text=True))["plotly"]
    headers = {"Accept-Encoding": "gzip, deflate, br, zstd"}  # what Chromium sends
    first, second = client.get(url, headers=headers), client.get(url, headers=headers)
    assert first.headers["Content-Encoding"] == "br"
    assert first.data == second.data
    assert len(first.data) < on_demand_scripts.plotly_bundle().stat().st_size / 3
