"""Every page over HTTP on the demo warehouse: 200 for valid views, a friendly 404 for invalid ones, and the
content a politician relies on (source lines, ranks, summaries, the demo label)."""

from __future__ import annotations

import gzip
import inspect
import json

import pytest
from plotly.utils import PlotlyJSONEncoder

from dashboard.app import cached_layout
from dashboard.pages import area_map, compare, profile, region
from dashboard.web.render_cache import router_request


def render(app, layout, **kwargs) -> str:
    """The page as the router draws it (app.cached_layout turns NotFound into the not-found page)."""
    with app.server.test_request_context("/"):
        page = cached_layout(layout)(**kwargs)
        return json.dumps(json.loads(json.dumps(page, cls=PlotlyJSONEncoder)), ensure_ascii=False)


VALID_VIEWS = [
    "/",
    "/?lang=en",
    "/kommune/101",
    "/kommune/825?measure=index&peers=size&lang=en",
    "/kommune/461?peers=custom&areas=147,751",
    "/kommune/751?measure=share&peers=group",
    "/sammenlign",
    "/sammenlign?indicator=adults_sel108&areas=101,147&measure=per_capita",
    "/sammenlign?indicator=spending_placements&period=2020&measure=count",
    "/kort",
    "/kort?indicator=spending_placements&measure=per_capita&period=2020",
    "/region/081",
    "/region/084?indicator=notifications&measure=count&lang=en",
    "/om-data",
    "/om-data?lang=en",
    "/embed/kommune/101/children_placed",
    "/sammenlign?indicator=adults_sel108&period=2024K1",
]
INVALID_VIEWS = [
    "/nope",
    "/kommune/999",
    "/kommune/abc",
    "/kommune/411",
    "/kommune/",
    "/region/086",
    "/region/101",
    "/sammenlign?indicator=bogus",
    "/sammenlign?indicator=x%27%3B%20drop%20table%20facts%3B--",
    "/kort?period=1900",
    "/kommune/101?measure=bad",
    "/kommune/101?areas=999",
    "/kommune/101?lang=xx",
    "/kommune/101?peers=everyone",
    "/sammenlign?indicator=population",
    "/region/081?indicator=population",
    "/kort?indicator=adults_sel108&measure=nonsense",
    "/om-data?lang=de",
    "/?period=abc&lang=xx",
    "/embed/kommune/101/bogus",
    "/region/081?period=1800",
]


@pytest.mark.parametrize("url", VALID_VIEWS)
def test_valid_views_answer_200(client, url: str) -> None:
    resp = client.get(url)
    assert resp.status_code == 200, url
    assert "– Socialtal</title>" in resp.get_data(as_text=True)  # its own title (tests/dashboard/test_page_head.py)


@pytest.mark.parametrize("url", INVALID_VIEWS)
def test_invalid_views_answer_a_friendly_404(client, url: str) -> None:
    resp = client.get(url)
    assert resp.status_code == 404, url
    assert b"Traceback" not in resp.data
    assert "<title>Siden findes ikke – Socialtal</title>" in resp.get_data(as_text=True)  # the app shell, not found


@pytest.mark.parametrize("url", VALID_VIEWS + INVALID_VIEWS)
def test_the_cheap_404_check_agrees_with_drawing_the_page(app, url: str) -> None:
    """The HTML shell's status comes from each page's `resolve` (nothing drawn); the router draws the page.
    Both must judge an address alike, or a page would answer 200 and then show not-found (or the reverse)."""
    from urllib.parse import parse_qsl, urlsplit

    from dashboard.app import _page_exists, render_page

    parts = urlsplit(url)
    query = dict(parse_qsl(parts.query))
    with app.server.test_request_context(url):
        assert _page_exists(parts.path, query) == (render_page(parts.path, query) is not None), url


def test_not_found_page_names_the_problem_and_links_on(app) -> None:
    text = render(app, profile.layout, code="999")
    assert "Siden findes ikke" in text and "kommune 999" in text
    assert '"/sammenlign"' in text and '"/kort"' in text


def test_not_found_page_names_the_problem_in_english(app) -> None:
    text = render(app, profile.layout, code="999", lang="en")
    assert "Page not found" in text and "We do not know municipality 999" in text and "kommune 999" not in text


def test_profile_has_every_part(app) -> None:
    text = render(app, profile.layout, code="101")
    assert "København" in text and "Region Hovedstaden" in text
    assert "DEMODATA" in text  # banner and watermarks
    assert "Kilde: Danmarks Statistik, statistikbanken.dk/ANBAAR12" in text
    assert "nr. " in text and "af 98 kommuner (1 = højest)" in text
    assert "pr. 1.000 befolkning 0–22 år" in text
    assert "Flere borgere, samme penge?" in text
    assert "steget" in text or "faldet" in text


def test_profile_in_english(app) -> None:
    text = render(app, profile.layout, code="101", lang="en")
    assert "rank " in text and "of 98 municipalities (1 = highest)" in text
    assert "More citizens, same money?" in text


def test_compare_highlights_the_chosen(app) -> None:
    text = render(app, compare.layout, indicator="children_placed", areas="101,751", period="2023")
    assert "Aarhus" in text and "København" in text and "2023" in text


def test_map_falls_back_to_tiles_without_boundaries(app) -> None:
    text = render(app, area_map.layout, indicator="children_placed")
    assert '"type": "heatmap"' in text  # the tile map
    assert "Klik på en kommune" in text


def test_region_briefing_lists_its_municipalities(app) -> None:
    text = render(app, region.layout, code="081")
    assert "Region Nordjylland" in text
    for name in ("Aalborg", "Læsø", "Hjørring"):
        assert name in text
    assert "København" not in text.split("region-overview")[1][:20000]


def test_callbacks_write_the_view_into_the_url() -> None:
    assert (
        profile.update_url("147", "index", "size", [], "2015", "?lang=en", "/kommune/101")
        == "/kommune/147?measure=index&peers=size&base=2015&lang=en"
    )
    assert (
        compare.update_url("adults_sel85", "per_capita", "2020", ["101", "147"], "?indicator=children_placed")
        == "/sammenlign?indicator=adults_sel85&measure=per_capita&areas=101,147"
    )
    assert area_map.open_profile({"points": [{"customdata": "461"}]}, "?lang=en") == "/kommune/461?lang=en"
    assert (
        region.update_url("082", "notifications", "count", "", "/region/081")
        == "/region/082?indicator=notifications&measure=count"
    )


def test_router_answers_are_served_again_from_cache_and_still_compressed(client) -> None:
    payload = router_request("/kommune/147", "?measure=count")
    first = client.post("/_dash-update-component", json=payload)
    second = client.post("/_dash-update-component", json=payload, headers={"Accept-Encoding": "gzip"})
    assert first.status_code == 200 and second.status_code == 200
    assert second.headers.get("Content-Encoding") == "gzip"  # br is preferred where the client accepts it
    assert json.loads(gzip.decompress(second.data)) == first.get_json()
    assert "Frederiksberg" in json.dumps(first.get_json(), ensure_ascii=False)


def test_profile_leaves_out_national_only_figures(app) -> None:
    text = render(app, profile.layout, code="101")
    assert "profile-spending_children_national" not in text  # BU28 has the country only
    assert "profile-psychiatry_spending" in text  # REGR31 has the region: shown as region against country


def test_profile_and_region_offer_slides(app) -> None:
    assert '"/deck/kommune/791.pptx"' in render(app, profile.layout, code="791")
    assert '"/deck/region/082.pptx?lang=en"' in render(app, region.layout, code="082", lang="en")


def test_profile_slides_link_hands_on_its_peers(app) -> None:
    """The deck's charts compare with the peers the profile shows (dashboard/routes/deck.py: peer_view)."""
    own_peers = render(app, profile.layout, code="791", areas="101,851")
    assert '"/deck/kommune/791.pptx?peers=custom&areas=101,851"' in own_peers
    by_size = render(app, profile.layout, code="791", peers="size", lang="en")
    assert '"/deck/kommune/791.pptx?peers=size&lang=en"' in by_size


def test_parameters_no_page_reads_neither_change_the_view_nor_force_a_render(app, monkeypatch) -> None:
    """?utm_source=… or a random parameter gets the same cached render: no work for a crawler's or an attacker's
    endless variations, and a shared link with tracking parameters still opens its view."""
    from dataclasses import fields

    from dashboard import app as app_module
    from dashboard.core.state import QUERY_KEYS, ViewState

    assert {f.name for f in fields(ViewState)} == QUERY_KEYS
    calls: list[dict] = []
    real = profile.layout

    def counting(**kwargs):  # type: ignore[no-untyped-def]
        calls.append(kwargs)
        return real(**kwargs)

    counting.__signature__ = inspect.signature(real)  # type: ignore[attr-defined]
    render_profile = app_module.cached_layout(counting)
    with app.server.test_request_context("/"):
        first = render_profile(code="147", measure="count", utm_source="nyhedsbrev")
        second = render_profile(code="147", measure="count", x="y" * 500)
    assert first is second and len(calls) == 1 and calls[0] == {"code": "147", "measure": "count"}
