"""Page renders kept per process and shared between processes through a private directory; warmed by
`dashboard warm`; keyed by the address and the data version, never served across versions."""

from __future__ import annotations

import gzip
import json
import os
import shutil
from pathlib import Path

import brotli
import pytest

from dashboard.app import RENDER_CACHE, create_app
from dashboard.warm import warm
from dashboard.web.render_cache import RenderCache, code_version, default_cache_dir, page_address, router_request

UPDATE = "/_dash-update-component"


def post(client, pathname: str, search: str = "", **extra: object):
    body = {**router_request(pathname, search), **extra}
    return client.post(UPDATE, data=json.dumps(body), headers={"Content-Type": "application/json"})


def stats(app) -> dict[str, int]:
    return dict(app.server.config[RENDER_CACHE].stats)


def test_a_page_one_worker_drew_is_served_by_another(demo_db: Path, tmp_path: Path) -> None:
    worker_a, worker_b = (create_app(demo_db, render_cache_dir=tmp_path / "renders") for _ in range(2))
    first = post(worker_a.server.test_client(), "/kommune/147", "?measure=count")
    second = post(worker_b.server.test_client(), "/kommune/147", "?measure=count")
    assert first.status_code == second.status_code == 200
    assert second.get_data() == first.get_data() and b"Frederiksberg" in second.get_data()
    assert stats(worker_a)["rendered"] == 1
    assert stats(worker_b) == {"memory": 0, "shared": 1, "rendered": 0}
    third = post(worker_b.server.test_client(), "/kommune/147", "?measure=count")
    assert third.get_data() == first.get_data() and stats(worker_b)["memory"] == 1


def test_without_a_directory_renders_stay_in_the_process(demo_db: Path, tmp_path: Path) -> None:
    worker_a, worker_b = create_app(demo_db), create_app(demo_db)
    post(worker_a.server.test_client(), "/region/081")
    post(worker_b.server.test_client(), "/region/081")
    assert stats(worker_b)["rendered"] == 1 and stats(worker_b)["shared"] == 0


def test_the_key_is_the_address_not_the_request_bytes() -> None:
    browser = json.loads(json.dumps(router_request("/kommune/101", "?peers=size&measure=count")))
    ours = json.loads(
        json.dumps(
            {**router_request("/kommune/101", "?measure=count&utm_source=mail&peers=size"), "state": []}, indent=2
        )
    )
    assert page_address(browser) == page_address(ours) == ("/kommune/101", (("measure", "count"), ("peers", "size")))
    assert page_address(router_request("/kommune/101", "?measure=index")) != page_address(browser)
    assert page_address("not json") is None
    assert page_address({**browser, "output": "profile-measure.value"}) is None  # another callback
    assert (
        page_address(
            {"output": browser["output"], "inputs": [{"id": "_pages_location", "property": "pathname", "value": ["/"]}]}
        )
        is None
    )


def test_a_new_data_version_is_never_served_an_old_render(demo_db: Path, tmp_path: Path) -> None:
    db = tmp_path / "copy.duckdb"
    shutil.copy(demo_db, db)
    app = create_app(db, render_cache_dir=tmp_path / "renders")
    client = app.server.test_client()
    post(client, "/om-data")
    cache: RenderCache = app.server.config[RENDER_CACHE]
    version = app.server.config["SOCIALTAL_WAREHOUSE"].data_version()
    key = (version, "/om-data", ())
    assert cache.get(key) is not None
    cache.put(key, b'{"planted": "an answer for this version only"}')
    assert post(client, "/om-data").get_data() == b'{"planted": "an answer for this version only"}'
    cache.put(("another version", "/om-data", ()), b'{"planted": "old"}')
    other = ("another version", "/om-data", ())
    assert cache.get(other) == b'{"planted": "old"}'  # keyed by version: the current one is unaffected
    assert post(client, "/om-data").get_data() != b'{"planted": "old"}'


@pytest.mark.parametrize("problem", ["group writable", "a symlink"])
def test_a_directory_others_could_write_is_not_used(tmp_path: Path, problem: str, caplog) -> None:
    target = tmp_path / "renders"
    if problem == "group writable":
        target.mkdir(mode=0o700)
        target.chmod(0o770)
    else:
        (tmp_path / "elsewhere").mkdir(mode=0o700)
        target.symlink_to(tmp_path / "elsewhere")
    cache = RenderCache(target)
    assert cache.shared_dir is None and "not a private directory" in caplog.text
    cache.put(("v", "/", ()), b"x")  # still a working in-process cache
    assert cache.get(("v", "/", ())) == b"x"


def test_default_directory_is_per_user_and_warehouse(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.delenv("SOCIALTAL_RENDER_CACHE", raising=False)
    first, second = default_cache_dir(tmp_path / "a.duckdb"), default_cache_dir(tmp_path / "b.duckdb")
    assert first != second and f"-{os.getuid()}-" in first.name
    monkeypatch.setenv("SOCIALTAL_RENDER_CACHE", "off")
    assert default_cache_dir(tmp_path / "a.duckdb") is None
    monkeypatch.setenv("SOCIALTAL_RENDER_CACHE", str(tmp_path / "mine"))
    assert default_cache_dir(tmp_path / "a.duckdb") == tmp_path / "mine"


def test_warming_draws_every_default_view_once_for_all_workers(demo_db: Path, tmp_path: Path) -> None:
    drawn, failed, _ = warm(demo_db, tmp_path / "renders")
    assert failed == 0 and drawn == 1 + 98 + 5 + 3
    worker = create_app(demo_db, render_cache_dir=tmp_path / "renders")
    client = worker.server.test_client()
    for address in ("/kommune/851", "/region/085", "/kort", "/"):
        assert post(client, address).status_code == 200
    assert stats(worker) == {"memory": 0, "shared": 4, "rendered": 0}


def test_only_one_process_claims_the_warming_of_a_version(tmp_path: Path) -> None:
    caches = [RenderCache(tmp_path / "renders") for _ in range(3)]
    assert [c.claim_warming("v1") for c in caches] == [True, False, False]
    assert caches[1].claim_warming("v2") is True
    assert RenderCache(None).claim_warming("v3") is False


def test_a_new_release_never_reads_the_old_releases_renders(tmp_path: Path) -> None:
    """The shared directory outlives a deploy; the same data drawn by other code is another entry."""
    old, new = RenderCache(tmp_path / "renders", code="old"), RenderCache(tmp_path / "renders", code="new")
    old.put(("v1", "/kommune/101", ()), b"drawn by the old code")
    assert new.get(("v1", "/kommune/101", ())) is None
    assert RenderCache(tmp_path / "renders", code="old").get(("v1", "/kommune/101", ())) == b"drawn by the old code"
    assert old.claim_warming("v1") is True and new.claim_warming("v1") is True  # the new code warms again


def test_the_code_version_follows_the_dashboards_files() -> None:
    assert code_version() == code_version() and len(code_version()) == 16


def test_a_server_meeting_a_new_version_starts_warming_once(demo_db: Path, tmp_path: Path) -> None:
    started: list[str] = []
    worker_a, worker_b = (
        create_app(demo_db, render_cache_dir=tmp_path / "renders", start_warming=lambda: started.append("warm"))
        for _ in range(2)
    )
    post(worker_a.server.test_client(), "/kommune/101")
    post(worker_a.server.test_client(), "/kommune/147")
    post(worker_b.server.test_client(), "/kommune/101")  # another worker of the machine: already claimed
    assert started == ["warm"]


def test_a_repeated_view_is_neither_drawn_nor_compressed_again(demo_db: Path, monkeypatch) -> None:
    """The worker keeps a render as it was sent (compressed for the client), once: no second copy to compress."""
    from dashboard.web import compression

    packed: list[int] = []
    real = compression.brotli.compress
    monkeypatch.setattr(compression.brotli, "compress", lambda data, **kw: packed.append(len(data)) or real(data, **kw))
    app = create_app(demo_db)
    client = app.server.test_client()
    headers = {"Content-Type": "application/json", "Accept-Encoding": "br"}
    body = json.dumps(router_request("/region/083", "?measure=count"))
    first, second = (client.post(UPDATE, data=body, headers=headers) for _ in range(2))
    assert first.headers["Content-Encoding"] == second.headers["Content-Encoding"] == "br"
    assert second.data == first.data and "Accept-Encoding" in second.headers["Vary"]
    assert stats(app) == {"memory": 1, "shared": 0, "rendered": 1} and len(packed) == 1


def test_a_shared_entry_is_kept_in_brotli_and_served_to_every_encoding(tmp_path: Path) -> None:
    """Stored compressed (~5 KB for a ~40 KB profile), an entry fits diskcache's row, with no file beside it; a
    brotli client gets the stored bytes as they are, any other client the same answer in its own encoding."""
    answer = json.dumps({"rows": [{"code": str(n), "value": n * 1.5} for n in range(2000)]}).encode()
    assert len(answer) > 40_000  # over diskcache's 32 KB: uncompressed, it would be a file of its own
    key = ("v1", "/kommune/101", ())
    RenderCache(tmp_path / "renders").put(key, answer, "gzip")
    assert [p.name for p in (tmp_path / "renders").iterdir() if p.is_dir()] == []  # no value files
    body, encoding = RenderCache(tmp_path / "renders").answer(key, "br") or (b"", None)
    assert encoding == "br" and brotli.decompress(body) == answer and len(body) < len(answer) / 5
    zipped, encoding = RenderCache(tmp_path / "renders").answer(key, "gzip") or (b"", None)
    assert encoding == "gzip" and gzip.decompress(zipped) == answer
    assert RenderCache(tmp_path / "renders").get(key) == answer
    RenderCache(tmp_path / "renders").put(("v1", "/", ()), b"{}", "br")  # too small to compress: kept as it is
    assert RenderCache(tmp_path / "renders").answer(("v1", "/", ()), "br") == (b"{}", None)


def test_a_damaged_shared_entry_is_drawn_again_not_an_error(demo_db: Path, tmp_path: Path, caplog) -> None:
    worker_a, worker_b = (create_app(demo_db, render_cache_dir=tmp_path / "renders") for _ in range(2))
    first = post(worker_a.server.test_client(), "/region/084")
    cache: RenderCache = worker_a.server.config[RENDER_CACHE]
    key = (worker_a.server.config["SOCIALTAL_WAREHOUSE"].data_version(), "/region/084", ())
    assert cache._shared is not None
    cache._shared.set(cache._disk_key(key), b"b" + b"not brotli at all")
    second = post(worker_b.server.test_client(), "/region/084")  # a client taking no compression: decoded
    assert second.status_code == 200 and second.get_data() == first.get_data()
    assert stats(worker_b)["rendered"] == 1 and "unreadable" in caplog.text
