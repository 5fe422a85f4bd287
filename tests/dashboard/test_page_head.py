"""The first HTML names its page: `<html lang>` in the page's language and a `<title>` of its own, for every page
kind, in Danish and in English; the page router's answer carries the same title (Dash sets document.title from it
when a page is drawn without a reload). The browser side: tests/browser/test_accessibility.py."""

from __future__ import annotations

import json
import re

import pytest

from dashboard.web.render_cache import router_request

TITLES = [  # address → (lang, title)
    ("/", "da", "Forside – Socialtal"),
    ("/?lang=en", "en", "Overview – Socialtal"),
    ("/kommune/791", "da", "Viborg – Socialtal"),
    ("/kommune/791?measure=index&lang=en", "en", "Viborg – Socialtal"),
    ("/region/082", "da", "Region Midtjylland – Socialtal"),
    ("/region/082?lang=en&kommune=791", "en", "Region Midtjylland – Socialtal"),
    ("/sammenlign", "da", "Sammenlign – Socialtal"),
    ("/sammenlign?lang=en", "en", "Compare – Socialtal"),
    ("/kort", "da", "Kort – Socialtal"),
    ("/kort?lang=en", "en", "Map – Socialtal"),
    ("/om-data", "da", "Om data – Socialtal"),
    ("/om-data?lang=en", "en", "About the data – Socialtal"),
    ("/embed/kommune/791/children_placed", "da", "Viborg: Anbragte børn og unge – Socialtal"),
    ("/embed/view?page=%2Fkort%3Flang%3Den&chart=map-figure", "en", "Map – Socialtal"),  # as the page it shows
    ("/no/such/page", "da", "Siden findes ikke – Socialtal"),
    ("/kommune/999?lang=en", "en", "Page not found – Socialtal"),
    ("/kort?lang=xx", "da", "Siden findes ikke – Socialtal"),
]


def _head(html: str) -> tuple[str | None, str | None]:
    lang = re.search(r'<html lang="([^"]*)">', html)
    title = re.search(r"<title>([^<]*)</title>", html)
    return (lang.group(1) if lang else None, title.group(1) if title else None)


@pytest.mark.parametrize(("address", "lang", "title"), TITLES)
def test_the_first_html_has_the_pages_language_and_title(client, address: str, lang: str, title: str) -> None:
    answer = client.get(address)
    html = answer.get_data(as_text=True)
    assert _head(html) == (lang, title)
    if answer.status_code == 200:  # (Dash's meta tags of an unknown path say "Socialtal")
        assert f'<meta property="og:title" content="{title}">' in html  # what a link preview in a mail shows


@pytest.mark.parametrize(("address", "lang", "title"), [t for t in TITLES if not t[0].startswith("/embed/view")])
def test_the_routers_answer_carries_the_same_title(client, address: str, lang: str, title: str) -> None:
    path, _, query = address.partition("?")
    answer = client.post("/_dash-update-component", json=router_request(path, f"?{query}" if query else ""))
    assert answer.status_code == 200
    assert json.loads(answer.get_data(as_text=True))["response"]["_pages_store"]["data"] == {"title": title}


def test_the_loading_text_is_in_the_pages_language_and_the_scripts_are_no_second_footer(client) -> None:
    danish, english = client.get("/").get_data(as_text=True), client.get("/?lang=en").get_data(as_text=True)
    assert "Indlæser …" in danish and "Loading..." not in danish
    assert "Loading …" in english
    assert "<footer" not in danish  # the page's own footer is its only "contentinfo" landmark
