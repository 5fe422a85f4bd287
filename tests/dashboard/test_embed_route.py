"""Embeds without a browser: the /embed/ layout (one chart, the demo line, the link back, no navigation), the friendly
not-found for bad addresses, the framing headers, the <iframe> code the profile hands out, and the embed as a plain
page: server-written HTML without Dash's renderer, the smaller plotly.js where it draws the chart, its files kept for
good, its document kept per data version (dashboard/web/plain_pages.py)."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from dash import dcc, html
from plotly.utils import PlotlyJSONEncoder

from dashboard import app as app_module
from dashboard.app import create_app
from dashboard.pages import embed_chart as embed
from dashboard.ui.components import NOT_FOUND_ID, graph_config
from dashboard.ui.embed_code import embed_button, iframe_code
from dashboard.web import cache_headers, on_demand_scripts

EMBED_URL = "/embed/kommune/751/children_placed?measure=index"


def render(app, **kwargs: str) -> Any:
    """The page as the router draws it (app.cached_layout turns NotFound into the not-found page)."""
    with app.server.test_request_context("/"):
        return app_module.cached_layout(embed.layout)(**kwargs)


def walk(component: Any) -> Iterator[Any]:
    if isinstance(component, list | tuple):
        for child in component:
            yield from walk(child)
    elif hasattr(component, "to_plotly_json"):
        yield component
        yield from walk(getattr(component, "children", None))


def as_text(component: Any) -> str:
    return json.dumps(json.loads(json.dumps(component, cls=PlotlyJSONEncoder)), ensure_ascii=False)


def by_id(component: Any, component_id: str) -> Any:
    return next(c for c in walk(component) if getattr(c, "id", None) == component_id)


def test_embed_is_one_chart_with_the_demo_line_and_a_link_back_and_no_navigation(app) -> None:
    page = render(app, code="751", indicator_id="children_placed", measure="index")
    assert page.id == embed.EMBED_ID
    graphs = [c for c in walk(page) if isinstance(c, dcc.Graph)]
    assert [g.id for g in graphs] == [embed.GRAPH_ID]
    figure_text = json.dumps(graphs[0].figure, ensure_ascii=False)
    assert "Aarhus" in figure_text and "indeks" in figure_text.lower()
    assert "Kilde" in figure_text  # the source line is part of the figure
    back = by_id(page, "embed-back")
    assert back.href == "/kommune/751?measure=index"
    assert back.target == "_top"
    assert "DEMODATA" in by_id(page, "embed-demo").children
    names = {type(c).__name__ for c in walk(page)}
    assert not names & {"Nav", "NavLink", "NavItem", "Header", "Footer", "Navbar"}
    assert "lang-switch" not in as_text(page)


def test_embed_keeps_the_whole_view_in_the_back_link(app) -> None:
    page = render(app, code="461", indicator_id="adults_sel108", measure="share", peers="size", base="2018", lang="en")
    assert page.lang == "en"
    assert by_id(page, "embed-back").href == "/kommune/461?measure=share&peers=size&base=2018&lang=en"
    assert "DEMO DATA" in by_id(page, "embed-demo").children


@pytest.mark.parametrize(
    ("kwargs", "what"),
    [
        ({"code": "999", "indicator_id": "children_placed"}, "kommune 999"),
        ({"code": "751", "indicator_id": "no_such_indicator"}, "no_such_indicator"),
        ({"code": "751", "indicator_id": "children_placed", "measure": "bogus"}, "measure=bogus"),
        ({"code": "751", "indicator_id": "population", "measure": "per_capita"}, "measure=per_capita"),
        ({"code": "751", "indicator_id": "children_placed", "lang": "xx"}, "lang=xx"),
        ({"code": "751", "indicator_id": "children_placed", "areas": "101,999"}, "areas=999"),
        ({"code": "751", "indicator_id": "spending_children_national"}, "spending_children_national"),
        ({"code": None, "indicator_id": None}, "kommune None"),
    ],
)
def test_bad_addresses_get_the_friendly_not_found(app, kwargs: dict[str, str], what: str) -> None:
    page = render(app, **kwargs)
    assert page.id == NOT_FOUND_ID
    assert what in as_text(page)


def test_embed_pages_may_be_framed_by_any_site_and_other_pages_by_none(client) -> None:
    framed = client.get(EMBED_URL)
    assert framed.headers["Content-Security-Policy"].endswith("frame-ancestors *")
    assert "X-Frame-Options" not in framed.headers
    front = client.get("/")
    assert front.status_code == 200
    assert front.headers["X-Frame-Options"] == "DENY"
    assert front.headers["Content-Security-Policy"].endswith("frame-ancestors 'none'")
    missing = client.get("/no/such/page")
    assert missing.status_code == 404 and missing.headers["X-Frame-Options"] == "DENY"
    asset = client.get("/assets/embed_height.js")  # the embed's script: nosniff, and no page policy needed
    assert asset.status_code == 200 and asset.headers["X-Content-Type-Options"] == "nosniff"
    assert b"window.parent === window" in asset.data


def test_embed_route_over_http_once_wired(client) -> None:
    if embed not in [module for module, _, _ in app_module.PAGES]:
        pytest.skip("the embed page is not yet in dashboard.app.PAGES")
    assert client.get(EMBED_URL).status_code == 200
    assert client.get("/embed/kommune/751/children_placed?lang=en&peers=group&areas=101").status_code == 200
    assert client.get("/embed/kommune/999/children_placed").status_code == 404
    assert client.get("/embed/kommune/751/no_such_indicator").status_code == 404
    assert client.get("/embed/kommune/751/children_placed?measure=bogus").status_code == 404
    assert client.get("/embed/kommune/751").status_code == 404
    assert client.get("/embed/kommune/751/children_placed/extra").status_code == 404
    assert client.get("/kommune/751").status_code == 200  # the profile still answers beside it


def test_iframe_code_names_the_view_and_escapes_the_title() -> None:
    code = iframe_code(
        "https://socialtal.example.dk/",
        "/embed/kommune/751/children_placed",
        "?measure=index&peers=size",
        'Aarhus: "Anbragte" børn <i>',
        height_px=480,
    )
    assert code.startswith(
        '<iframe src="https://socialtal.example.dk/embed/kommune/751/children_placed?measure=index&amp;peers=size" '
    )
    assert 'title="Aarhus: &quot;Anbragte&quot; børn &lt;i&gt;"' in code
    assert 'width="100%" height="480" style="border:0" loading="lazy"></iframe>' in code
    assert "socialtal:height" in code and "e.source===f.contentWindow" in code
    assert code.count("<script>") == 1 and code.endswith("</script>")
    assert 'height="520"' in iframe_code("https://x.dk", "embed/kommune/101/notifications", "", "T")
    relative_path = iframe_code("https://x.dk", "embed/kommune/101/notifications", "", "T")
    assert 'src="https://x.dk/embed/kommune/101/notifications"' in relative_path
    assert 'src="/embed/kommune/101/notifications?lang=en"' in iframe_code(
        "", "/embed/kommune/101/notifications", "lang=en", "T"
    )


def test_embed_button_holds_the_code_in_a_closed_panel() -> None:
    button = embed_button("751", "children_placed", "?measure=index", 'Aarhus: "Anbragte"', "da")
    parts = list(walk(button))
    textarea = next(c for c in parts if isinstance(c, dcc.Textarea))
    assert textarea.readOnly is True
    assert textarea.value.startswith('<iframe src="/embed/kommune/751/children_placed?measure=index"')
    assert "&quot;Anbragte&quot;" in textarea.value
    collapse = next(c for c in parts if type(c).__name__ == "Collapse")
    assert collapse.is_open is False
    assert collapse.id == {"type": "embed-collapse", "index": "751-children_placed"}
    toggle = next(c for c in parts if type(c).__name__ == "Button")
    assert toggle.id == {"type": "embed-toggle", "index": "751-children_placed"}
    assert toggle.children == "Indlejr grafen"
    link = next(c for c in parts if isinstance(c, html.A))
    assert link.href == "/embed/kommune/751/children_placed?measure=index"
    english = as_text(embed_button("101", "notifications", "", "T", "en"))
    assert "Embed the chart" in english and 'src=\\"/embed/kommune/101/notifications\\"' in english


def test_any_chart_embeds_as_its_page_draws_it(demo_db: Path) -> None:
    from urllib.parse import urlencode

    client = create_app(demo_db).server.test_client()
    good = urlencode({"page": "/sammenlign?indicator=adults_sel108&areas=101,147", "chart": "compare-line"})
    resp = client.get(f"/embed/view?{good}")
    assert resp.status_code == 200
    assert "frame-ancestors *" in resp.headers["Content-Security-Policy"]
    assert "X-Frame-Options" not in resp.headers
    for bad in (
        {"page": "/sammenlign", "chart": "nope"},
        {"page": "https://evil.example/", "chart": "x"},
        {"page": "/embed/view?page=/&chart=x", "chart": "embed-graph"},
        {"page": "/kommune/999", "chart": "x"},
    ):
        assert client.get(f"/embed/view?{urlencode(bad)}").status_code == 404, bad


# --- the embed as a plain page: server-written HTML, no Dash renderer (dashboard/web/plain_pages.py) ------------

EMBED_VIEW_URL = "/embed/view?" + "page=%2Fsammenlign%3Findicator%3Dadults_sel108&chart=compare-line"
MAP_VIEW_URL = "/embed/view?page=%2Fkort&chart=map-figure"


def scripts_of(html_text: str) -> list[str]:
    return re.findall(r'<script defer src="([^"]+)"></script>', html_text)


def figure_block(html_text: str) -> dict:
    found = re.search(r'<script type="application/json" id="embed-graph-figure">(.*?)</script>', html_text, re.S)
    assert found, "the figure is in the page"
    return json.loads(found.group(1))


@pytest.mark.parametrize("url", [EMBED_URL, EMBED_VIEW_URL, MAP_VIEW_URL])
def test_an_embed_is_a_plain_page_without_dash(client, url: str) -> None:
    answer = client.get(url)
    assert answer.status_code == 200 and answer.mimetype == "text/html"
    page = answer.get_data(as_text=True)
    for dash_part in ("_dash-component-suites", "_dash-config", "react-entry-point", "dash_renderer", "DashRenderer"):
        assert dash_part not in page, dash_part
    assert not re.search(r"<script>", page), "no inline script: the policy allows our own files and hashes only"
    sources = scripts_of(page)
    assert sources[0].startswith("/assets/vendor/plotly-") and sources[-1].startswith("/assets/embed_height.js?m=")
    assert any(s.startswith("/assets/chart_fit.js?m=") for s in sources)
    assert any(s.startswith("/assets/embed/draw_charts.js?m=") for s in sources)
    spec = figure_block(page)
    assert spec["data"] and spec["layout"]["meta"]["fit"]  # chart_fit.js fits it to the frame's width
    assert spec["config"] == json.loads(json.dumps(graph_config("da"), ensure_ascii=False))
    assert '<div id="embed-graph" class="dash-graph" data-figure="embed-graph-figure"></div>' in page
    assert "frame-ancestors *" in answer.headers["Content-Security-Policy"]


def test_the_plain_embed_keeps_what_the_dash_embed_showed(client) -> None:
    page = client.get(EMBED_URL + "&peers=size").get_data(as_text=True)
    assert page.startswith('<!DOCTYPE html>\n<html lang="da">')
    assert "<title>Aarhus: Anbragte børn og unge – Socialtal</title>" in page
    assert '<main id="embed" class="pt-1 pb-1" lang="da" aria-label="Anbragte børn og unge">' in page
    assert '<p id="embed-demo" class="small text-warning-emphasis text-truncate mb-0">DEMODATA' in page
    assert '<a id="embed-back" href="/kommune/751?measure=index&amp;peers=size" target="_top">' in page
    spec = figure_block(page)
    assert "Aarhus" in json.dumps(spec, ensure_ascii=False) and "Kilde" in json.dumps(spec, ensure_ascii=False)
    assert any(s.startswith("/assets/vendor/plotly-locale-da.js?m=") for s in scripts_of(page))  # Danish months
    english = client.get(EMBED_URL + "&lang=en").get_data(as_text=True)
    assert english.startswith('<!DOCTYPE html>\n<html lang="en">') and "DEMO DATA" in english
    assert "<title>Aarhus: Placed children and young people – Socialtal</title>" in english
    assert figure_block(english)["config"]["locale"] == "en"
    assert not any("locale-da" in s for s in scripts_of(english))
    view = client.get(EMBED_VIEW_URL).get_data(as_text=True)
    assert '<a id="embed-back" href="/sammenlign?indicator=adults_sel108" target="_top">' in view


def test_scatter_and_bar_charts_get_the_smaller_plotly_and_a_map_the_whole_one(client) -> None:
    def bundle(url: str) -> str:
        return scripts_of(client.get(url).get_data(as_text=True))[0].split("?")[0].rsplit("/", 1)[-1]

    small = on_demand_scripts.plotly_bundle(on_demand_scripts.SCATTER_BAR_BUNDLE).name
    whole = on_demand_scripts.plotly_bundle().name
    assert bundle(EMBED_URL) == small
    assert bundle(EMBED_VIEW_URL) == small
    assert bundle("/embed/view?page=%2Fsammenlign&chart=compare-ranking") == small  # bars
    assert bundle(MAP_VIEW_URL) == whole  # the tile map is a heatmap


def test_the_embeds_files_are_fingerprinted_kept_for_good_and_compressed_once(client) -> None:
    page = client.get(EMBED_URL).get_data(as_text=True)
    files = scripts_of(page) + re.findall(r'<link rel="(?:stylesheet|icon)"[^>]* href="([^"]+)">', page)
    assert len(files) >= 7
    for url in files:
        assert "?m=" in url or url.startswith("/_favicon.ico?v="), url
        answer = client.get(url, headers={"Accept-Encoding": "br"})
        assert answer.status_code == 200, url
        assert answer.headers["Cache-Control"] == cache_headers.IMMUTABLE, url
        assert answer.headers.get("Content-Encoding") == "br" or len(answer.data) < 1024, url


def test_the_embeds_own_files_are_not_loaded_by_dashs_pages(client) -> None:
    shell = client.get("/kommune/101").get_data(as_text=True)
    assert "/assets/embed/" not in shell and "scatter-bar" not in shell


def test_a_repeated_embed_is_served_from_the_render_cache_compressed(app, client) -> None:
    cache = app.server.config[app_module.RENDER_CACHE]
    url = EMBED_URL + "&base=2015"
    first = client.get(url, headers={"Accept-Encoding": "br"})
    before = dict(cache.stats)
    again = client.get(url + "&utm_source=mail", headers={"Accept-Encoding": "br"})  # a parameter no page reads
    assert first.headers["Content-Encoding"] == again.headers["Content-Encoding"] == "br"
    assert first.data == again.data
    assert cache.stats["memory"] == before["memory"] + 1 and cache.stats["rendered"] == before["rendered"]
    assert "Accept-Encoding" in again.headers["Vary"]
    plain = client.get(url, headers={"Accept-Encoding": "identity"})
    assert "Content-Encoding" not in plain.headers and b'id="embed-graph"' in plain.data


@pytest.mark.parametrize(
    "url",
    [
        "/embed/kommune/999/children_placed",
        "/embed/kommune/751/no_such_indicator",
        "/embed/view?page=%2Fsammenlign&chart=nope",
    ],
)
def test_an_embed_naming_nothing_gets_the_friendly_not_found_page(client, url: str) -> None:
    answer = client.get(url)
    assert answer.status_code == 404
    page = answer.get_data(as_text=True)
    assert "react-entry-point" in page  # Dash's shell: its router draws the not-found page with what was wrong
    assert "<title>Siden findes ikke – Socialtal</title>" in page
    assert "frame-ancestors *" in answer.headers["Content-Security-Policy"]


def test_an_embedded_choropleth_gets_the_whole_bundle_and_no_world_outline_from_the_net(
    tmp_path_factory: pytest.TempPathFactory,
) -> None:
    from square_boundaries import demo_warehouse_with_boundaries

    client = create_app(demo_warehouse_with_boundaries(tmp_path_factory.mktemp("boundaries"))).server.test_client()
    page = client.get(MAP_VIEW_URL).get_data(as_text=True)
    assert {trace.get("type") for trace in figure_block(page)["data"]} == {"choropleth"}
    sources = scripts_of(page)
    assert sources[0].split("?")[0].endswith(on_demand_scripts.plotly_bundle().name)
    geo = [i for i, s in enumerate(sources) if s.startswith("/assets/plotly_geo_offline.js?m=")]
    draw = [i for i, s in enumerate(sources) if s.startswith("/assets/embed/draw_charts.js?m=")]
    assert geo and draw and geo[0] < draw[0]  # the empty world outline is there before the map is drawn
    assert not any("plotly_geo_offline" in s for s in scripts_of(client.get(EMBED_URL).get_data(as_text=True)))
