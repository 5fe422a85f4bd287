"""Security headers on every kind of route, and the DuckDB connection of the web process locked down."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pytest

from dashboard.warehouse import queries as data
from dashboard.warehouse.queries import Warehouse

ROUTE_KINDS = {  # kind → (method, url, body); every kind of answer the app gives
    "overview": ("GET", "/", None),
    "profile": ("GET", "/kommune/101", None),
    "compare": ("GET", "/sammenlign", None),
    "map": ("GET", "/kort", None),
    "region": ("GET", "/region/081", None),
    "about": ("GET", "/om-data", None),
    "not found page": ("GET", "/no/such/page", None),
    "embed": ("GET", "/embed/kommune/751/children_placed", None),
    "embed view": ("GET", "/embed/view?page=/sammenlign&chart=compare-line", None),
    "export csv": ("GET", "/export/kommune/101/children_placed.csv", None),
    "export error": ("GET", "/export/view.png?page=https://evil.example/", None),
    "download": ("GET", "/data/children_placed.csv", None),
    "download error": ("GET", "/data/nope.csv", None),
    "deck error": ("GET", "/deck/kommune/999.pptx", None),
    "health": ("GET", "/healthz", None),
    "asset": ("GET", "/assets/embed_height.js", None),
    "layout": ("GET", "/_dash-layout", None),
    "callback": ("POST", "/_dash-update-component", {"output": "nope"}),
    "bad address": ("GET", "/kommune/%0A", None),
}


@pytest.mark.parametrize("kind", ROUTE_KINDS)
def test_every_answer_carries_the_security_headers(app, client, kind: str) -> None:
    method, url, body = ROUTE_KINDS[kind]
    resp = client.open(url, method=method, json=body)
    assert resp.status_code < 500, kind
    headers = resp.headers
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["Referrer-Policy"] == "strict-origin-when-cross-origin"
    policy = headers.get("Content-Security-Policy", "")
    if url.startswith("/embed/"):
        assert "X-Frame-Options" not in headers and policy.endswith("frame-ancestors *")
    else:
        assert headers["X-Frame-Options"] == "DENY" and "frame-ancestors 'none'" in policy
    if resp.mimetype == "text/html":
        directives = dict(d.strip().split(" ", 1) for d in policy.split(";"))
        assert directives["default-src"] == "'self'"
        assert directives["script-src"].split() == ["'self'", *app.csp_hashes()]
        assert directives["style-src"] == "'self' 'unsafe-inline'"
        assert directives["img-src"] == "'self' data: blob:" and directives["font-src"] == "'self' data:"
        assert directives["connect-src"] == "'self'" and directives["object-src"] == "'none'"
        assert directives["base-uri"] == "'self'" and directives["form-action"] == "'self'"
        assert "unsafe-eval" not in policy


def test_the_policy_allows_exactly_the_inline_scripts_of_the_page(app, client) -> None:
    """Each inline <script> of the served page has its hash in script-src (and nothing else is inline)."""
    import base64
    import hashlib
    import re

    resp = client.get("/")
    page = re.sub(r"<!--.*?-->", "", resp.get_data(as_text=True), flags=re.S)  # Dash's IE note is a comment
    inline = [
        s
        for s in re.findall(r"<script(?![^>]*\bsrc=)([^>]*)>(.*?)</script>", page, re.S)
        if "application/json" not in s[0]
    ]
    hashes = {f"'sha256-{base64.b64encode(hashlib.sha256(body.encode()).digest()).decode()}'" for _, body in inline}
    script_src = next(d for d in resp.headers["Content-Security-Policy"].split(";") if "script-src" in d).split()
    assert len(inline) >= 2 and hashes == set(script_src) - {"script-src", "'self'"}


# --- DuckDB -----------------------------------------------------------------------------------------------------


def test_warehouse_connection_is_read_only_without_file_access_and_limited(demo_db: Path) -> None:
    warehouse = Warehouse(demo_db)
    warehouse.data_version()
    cursor = warehouse._cursor()  # what a query runs on
    settings = dict(
        cursor.execute(
            "select name, value from duckdb_settings() where name in "
            "('threads', 'memory_limit', 'enable_external_access', 'lock_configuration')"
        ).fetchall()
    )
    assert settings["threads"] == "2" and settings["memory_limit"] in ("488.2 MiB", "512.0 MB")
    assert settings["enable_external_access"] == "false" and settings["lock_configuration"] == "true"
    refused = {
        "read a file": "select * from read_csv('/etc/passwd')",
        "read text": "select * from read_text('/etc/passwd')",
        "list files": "select * from glob('/etc/*')",
        "write a file": "copy (select 1) to '/tmp/socialtal-should-not-exist.csv'",
        "write the warehouse": "create table socialtal.main.x (a int)",
        "change the warehouse": "delete from socialtal.main.warehouse",
        "attach another file": "attach '/tmp/other.duckdb' as other",
        "switch file access back on": "set enable_external_access = true",
        "raise the limits": "set threads = 64",
        "lift the lock": "set lock_configuration = false",
        "load an extension": "load httpfs",
    }
    for what, sql in refused.items():
        with pytest.raises(duckdb.Error):
            cursor.execute(sql)
            pytest.fail(f"DuckDB allowed: {what}")
    assert not Path("/tmp/socialtal-should-not-exist.csv").exists()
    assert warehouse.data_version()  # still answering


def test_limits_come_from_the_environment(demo_db: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(data.THREADS_ENV, "1")
    monkeypatch.setenv(data.MEMORY_ENV, "256MB")
    cursor = Warehouse(demo_db)._cursor()
    assert cursor.execute("select current_setting('threads')").fetchone() == (1,)
    assert cursor.execute("select current_setting('memory_limit')").fetchone()[0].startswith("244")
    for name, bad in ((data.THREADS_ENV, "two"), (data.THREADS_ENV, "0"), (data.MEMORY_ENV, "512MB'; set x=1")):
        monkeypatch.setenv(name, bad)
        with pytest.raises(ValueError, match=name):
            data.connection_limits()
        monkeypatch.setenv(name, "1" if name == data.THREADS_ENV else "256MB")
