"""Assets and page renders are compressed once (brotli where the client accepts it) and then served from
memory; callback answers that are not page renders are never cached."""

from __future__ import annotations

import gzip
import json
import re
import threading
import time

import brotli
import pytest
from werkzeug.http import parse_accept_header

from dashboard.web import compression
from dashboard.web.compression import CALLBACK_BR_QUALITY, BoundedCache, _accepted
from dashboard.web.render_cache import router_request


def test_plotly_bundle_is_brotli_and_cached(client) -> None:
    html = client.get("/").get_data(as_text=True)
    scripts = re.findall(r'src="([^"]+\.js[^"]*)"', html)
    assert scripts, "the index lists Dash's scripts"
    biggest = max(scripts, key=lambda src: len(client.get(src).data))
    first = client.get(biggest, headers={"Accept-Encoding": "br, gzip"})
    assert first.headers["Content-Encoding"] == "br"
    raw = brotli.decompress(first.data)
    assert len(first.data) < len(raw) / 2.5
    second = client.get(biggest, headers={"Accept-Encoding": "br, gzip"})
    assert second.data == first.data


def test_bounded_cache_evicts_and_skips_uncacheable() -> None:
    cache = BoundedCache(max_entries=2)
    cache.set("br;a", b"1")
    cache.set("br;b", b"2")
    cache.get("br;a")
    cache.set("br;c", b"3")  # evicts b, the least recently used
    assert cache.get("br;b") is None and cache.get("br;a") == b"1" and cache.get("br;c") == b"3"
    cache.set("br;not-cached:/_dash-update-component", b"x")
    assert cache.get("br;not-cached:/_dash-update-component") is None


def test_page_render_is_compressed_fast_and_served_again_from_cache(client) -> None:
    payload = json.dumps(router_request("/kommune/101", "?measure=count"))
    headers = {"Accept-Encoding": "gzip;q=0.5, br", "Content-Type": "application/json"}
    first = client.post("/_dash-update-component", data=payload, headers=headers)
    assert first.status_code == 200 and first.headers["Content-Encoding"] == "br"
    assert "Accept-Encoding" in first.headers["Vary"]
    raw = brotli.decompress(first.data)
    assert b"_pages_content" in raw and len(first.data) < len(raw) / 4
    # made per request, so at the fast level (9 costs ~7x the time for ~1 % fewer bytes)
    assert first.data == brotli.compress(raw, quality=CALLBACK_BR_QUALITY)
    again = client.post("/_dash-update-component", data=payload, headers=headers)
    assert again.data == first.data
    plain = client.post(
        "/_dash-update-component",
        data=payload,
        headers={"Accept-Encoding": "identity", "Content-Type": "application/json"},
    )
    assert "Content-Encoding" not in plain.headers and plain.data == raw
    gz = client.post(
        "/_dash-update-component", data=payload, headers={"Accept-Encoding": "gzip", "Content-Type": "application/json"}
    )
    assert gz.headers["Content-Encoding"] == "gzip" and gzip.decompress(gz.data) == raw


@pytest.mark.parametrize(
    ("header", "expected"),
    [
        ("br, gzip", "br"),
        ("gzip;q=0.5, br", "br"),
        ("gzip, deflate", "gzip"),
        ("br;q=0, *", "gzip"),  # br refused by name, anything else welcome
        ("*", "br"),
        ("br;q=0, gzip;q=0", None),
        ("identity", None),
        ("", None),
        ("gzip;q=abc", None),  # an unreadable quality counts as refused
    ],
)
def test_the_encoding_follows_accept_encoding(header: str, expected: str | None) -> None:
    assert _accepted(parse_accept_header(header)) == expected


def test_assets_are_compressed_once_and_one_at_a_time(client, monkeypatch) -> None:
    """A first page load asks for several bundles at once: each is compressed at the best level once per process,
    and never two together (brotli 9 of plotly.js takes ~37 MB for a second: four at once raised a worker's peak by
    ~100 MB)."""
    html = client.get("/").get_data(as_text=True)
    scripts = sorted(set(re.findall(r'src="(/_dash-component-suites/[^"]+\.js[^"]*)"', html)))[:6]
    assert len(scripts) >= 4
    running, most, calls = [0], [0], []
    lock = threading.Lock()
    real = compression.brotli.compress

    def watched(data: bytes, **kwargs):
        with lock:
            running[0] += 1
            most[0] = max(most[0], running[0])
            calls.append(kwargs.get("quality"))
        time.sleep(0.05)  # long enough for the other threads to arrive
        try:
            return real(data, **kwargs)
        finally:
            with lock:
                running[0] -= 1

    monkeypatch.setattr(compression.brotli, "compress", watched)
    app = client.application
    results: list[bytes] = []

    def fetch(src: str) -> None:
        with app.test_client() as own:
            results.append(
                own.get(src + "&again" if "?" in src else src + "?again", headers={"Accept-Encoding": "br"}).data
            )

    threads = [threading.Thread(target=fetch, args=(src,)) for src in scripts]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert most[0] == 1, "two best-level compressions ran at once"
    assert calls and set(calls) == {compression.ASSET_BR_QUALITY}
    before = len(calls)
    fetch(scripts[0])  # the same address again: from memory
    assert len(calls) == before
