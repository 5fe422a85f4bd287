"""One JSON line per request on stdout, with the fields operations need and nothing personal: no client address,
no user agent, no cookies, no query-string values."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from small_world import SmallWorld

from dashboard.app import create_app
from dashboard.web.request_log import route_kind
from etl.run import RunOptions, run

FIELDS = {
    "timestamp",
    "level",
    "event",
    "method",
    "path",
    "route",
    "status",
    "duration_ms",
    "bytes",
    "query_keys",
    "data_version",
}
CLIENT_ADDRESS = "203.0.113.77"  # TEST-NET-3: recognisable if it leaks into a line
FORWARDED = "198.51.100.23"
USER_AGENT = "Mozilla/5.0 (personal-test-agent)"
COOKIE = "session-secret-value"


@pytest.fixture
def built(small_world: SmallWorld) -> SmallWorld:
    run(RunOptions(db_path=small_world.db_path, client=small_world.client()), small_world.registry)
    return small_world


def _lines(text: str) -> list[dict]:
    return [json.loads(line) for line in text.splitlines() if line.strip()]


def _get(client, path: str):  # type: ignore[no-untyped-def]
    client.set_cookie("sid", COOKIE)
    return client.get(
        path,
        buffered=True,
        environ_base={"REMOTE_ADDR": CLIENT_ADDRESS},
        headers={"User-Agent": USER_AGENT, "X-Forwarded-For": FORWARDED, "Referer": "https://x.dk/p"},
    )


def test_a_request_is_one_json_line_without_personal_data(built: SmallWorld, capsys) -> None:
    app = create_app(built.db_path)
    client = app.server.test_client()
    capsys.readouterr()
    resp = _get(client, "/data/children_placed.csv?variant=plain&name=Jens%20Hansen")
    assert resp.status_code == 200
    out = capsys.readouterr().out
    (line,) = _lines(out)
    assert set(line) == FIELDS
    assert line["event"] == "request" and line["level"] == "INFO"
    assert line["method"] == "GET" and line["path"] == "/data/children_placed.csv"
    assert line["route"] == "data" and line["status"] == 200
    assert line["bytes"] == len(resp.data) > 0
    assert isinstance(line["duration_ms"], float) and line["duration_ms"] >= 0
    assert line["query_keys"] == ["name", "variant"]  # names only, never values
    assert len(line["data_version"]) == 32
    assert line["timestamp"].endswith("+00:00")
    for personal in (
        CLIENT_ADDRESS,
        FORWARDED,
        "127.0.0.1",
        USER_AGENT,
        "personal-test-agent",
        COOKIE,
        "Jens",
        "plain",
        "x.dk",
    ):
        assert personal not in out


def test_every_kind_of_request_is_logged_once(built: SmallWorld, capsys) -> None:
    client = create_app(built.db_path).server.test_client()
    capsys.readouterr()
    for path in ("/", "/kommune/101", "/no/such/page", "/health", "/_dash-layout"):
        _get(client, path)
    lines = _lines(capsys.readouterr().out)
    assert [(line["path"], line["route"], line["status"]) for line in lines] == [
        ("/", "page", 200),
        ("/kommune/101", "page", 200),
        ("/no/such/page", "page", 404),
        ("/health", "health", 200),
        ("/_dash-layout", "asset", 200),
    ]


def test_no_warehouse_still_logs_with_no_data_version(tmp_path: Path, capsys) -> None:
    client = create_app(tmp_path / "none.duckdb").server.test_client()
    capsys.readouterr()
    assert _get(client, "/health").status_code == 503
    (line,) = _lines(capsys.readouterr().out)
    assert line["status"] == 503 and line["level"] == "ERROR" and line["data_version"] is None


@pytest.mark.parametrize(
    ("path", "kind"),
    [
        ("/", "page"),
        ("/kommune/101", "page"),
        ("/embed/kommune/101/children_placed", "page"),
        ("/_dash-update-component", "callback"),
        ("/export/kommune/101/children_placed.png", "export"),
        ("/export/view.png", "export"),
        ("/data/population.xlsx", "data"),
        ("/deck/region/081.pptx", "deck"),
        ("/assets/vendor/bootstrap-5.3.9.min.css", "asset"),
        ("/_dash-component-suites/dash/x.js", "asset"),
        ("/_dash-dependencies", "asset"),
        ("/favicon.ico", "asset"),
        ("/health", "health"),
        ("/healthz", "health"),
    ],
)
def test_route_kinds(path: str, kind: str) -> None:
    assert route_kind(path) == kind
