"""Assets and page renders are compressed once (brotli where the client accepts it) and then served from
memory; callback answers that are not page renders are never cached."""

from __future__ import annotations

import re
from pathlib import Path

import brotli
import pytest

from dashboard.app import create_app
from dashboard.compression import BoundedCache


@pytest.fixture(scope="module")
def client(demo_db: Path):
    return create_app(demo_db).server.test_client()


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
