"""A catalogue of hostile and malformed inputs against every route and every callback the app has, discovered from
the app itself (Flask's url_map, Dash's page registry and callback map), so a new route or callback is covered
without editing this file, and a route the catalogue did not reach fails the test.

Every answer must be a 2xx (a friendly page, or a callback that changes nothing) or a 4xx; never a 5xx, never a
traceback, DuckDB/SQL error text, a file path or a file's contents; and the app still answers a normal page after.
One smaller test sends part of the catalogue to a real `dashboard` (gunicorn) process and checks it stays up."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import quote, unquote

import dash
import pytest
import requests
from servers import free_port, wait_for

from dashboard.app import create_app

ROOT = Path(__file__).resolve().parents[2]

# name → the value as text (for JSON bodies) and as it goes into a URL (percent-encoded; None: quote the text)
HOSTILE: dict[str, tuple[object, str | None]] = {
    "sql_or": ("' OR 1=1 --", None),
    "sql_drop": ("1; DROP TABLE indicator_values; --", None),
    "sql_union": ("101' UNION SELECT * FROM read_csv('/etc/passwd') --", None),
    "sql_comment": ("101/**/--", None),
    "traversal": ("../../../../etc/passwd", None),
    "traversal_encoded": ("%2e%2e%2f%2e%2e%2fetc%2fpasswd", "%252e%252e%252f%252e%252e%252fetc%252fpasswd"),
    "traversal_raw": ("..%2f..%2fetc%2fpasswd", "..%2f..%2fetc%2fpasswd"),
    "long": ("A" * 100_000, None),
    "long_digits": ("1" * 100_000, None),
    "nul": ("101\x00", None),
    "control": ("\x1b[31m\r\nSet-Cookie: x=1", None),
    "lone_surrogate": ("\ud800", "%ED%A0%80"),
    "invalid_utf8": ("\udcff", "%FF%FE%C0%AF"),
    "rtl_override": ("\u202e101", None),
    "zero_width": ("1\u200b01", None),
    "emoji": ("🏳️‍🌈💥", None),
    "superscript_digits": ("²⁰²⁰", None),
    "arabic_digits": ("٢٠٢٠", None),
    "fullwidth_digits": ("１０１", None),
    "unknown_municipality": ("999", None),
    "unknown_indicator": ("no_such_indicator", None),
    "year_negative": ("-1", None),
    "year_huge": ("99999", None),
    "year_text": ("abc", None),
    "year_zero": ("0000", None),
    "year_ancient": ("1000", None),
    "html": ("<script>alert(1)</script>", None),
    "format_string": ("{0.__class__}%s%n", None),
    "empty": ("", None),
    "spaces": ("   ", None),
}
# The query parameters the app reads anywhere (pages, exports, downloads, decks), plus one it does not.
PARAMS = (
    "lang",
    "indicator",
    "measure",
    "period",
    "peers",
    "areas",
    "base",
    "tab",
    "size",
    "variant",
    "page",
    "chart",
    "code",
    "indicator_id",
    "unknown_param",
)
# Values for path variables that make the path valid, so the query is what is hostile.
VALID_PATH_VALUES = {
    "code": "101",
    "indicator_id": "children_placed",
    "fmt": "csv",
    "package_name": "dash",
    "fingerprinted_path": "dash.js",
    "filename": "embed_height.js",
    "path": "kort",
    "rest": "x",
}
VALID_REGION = "081"
# Routes whose valid answer takes seconds (a slide deck renders a chart image per indicator): their "valid" path
# names an unknown municipality, so the query is still parsed (it is checked first) but no deck is built.
EXPENSIVE = {"deck_kommune": {"code": "999"}}
# Wrong types for callback inputs, and where a string is expected.
WRONG_TYPES: list[object] = [
    None,
    0,
    -1,
    99999,
    1.5e308,
    True,
    [],
    ["101", ["nested"]],
    {"a": 1},
    "abc",
    "' OR 1=1 --",
    "\ud800",
    "A" * 20_000,
    [{"points": "x"}],
    {"points": [{"customdata": []}]},
]

LEAKS = (
    "Traceback",
    "Binder Error",
    "Parser Error",
    "Catalog Error",
    "Conversion Error",
    "Permission Error",
    "Invalid Input Error",
    "duckdb",
    "SELECT ",
    "select ",
    'File "',
    "site-packages",
    str(ROOT),
    "root:x:0:0",
    "Werkzeug Debugger",
    "KeyError",
    "TypeError",
    "AttributeError",
    "ValueError",
)


def url_value(name: str) -> str:
    text, encoded = HOSTILE[name]
    return encoded if encoded is not None else quote(str(text), safe="")


def check(resp, what: str, sent: str, problems: list[str]) -> None:
    """2xx or 4xx, and nothing in the body that tells an attacker how we are built."""
    status = resp.status_code
    if status >= 500 or status < 200 or (300 <= status < 400 and status != 304):
        problems.append(f"{what}: HTTP {status}")
        return
    body = resp.get_data().decode("utf-8", "replace") if hasattr(resp, "get_data") else resp.text
    for leak in LEAKS:
        if leak in body and leak.lower() not in sent.lower():
            problems.append(f"{what}: body contains {leak!r}")
    if "<script>alert(1)</script>" in body and resp.mimetype == "text/html":
        problems.append(f"{what}: the HTML repeats a script tag unescaped")


@pytest.fixture(scope="module")
def client(app):
    client = app.server.test_client()
    assert client.get("/healthz").status_code == 200  # Dash's first-request setup has run: the callback map is full
    return client


def _fill(rule: str, value: str, valid: dict[str, str]) -> str:
    """The rule with every <converter:variable> replaced: by `value`, or by a valid value for that variable."""

    def replace(match: re.Match[str]) -> str:
        name = match.group(1).split(":")[-1]
        return valid.get(name, value) if valid else value

    return re.sub(r"<([^>]+)>", replace, rule)


def route_requests(rule: str, endpoint: str = "") -> Iterator[tuple[str, str]]:
    """(url, the hostile text in it) for one url_map rule: every hostile value in every path variable, and on a
    valid path every hostile value in one query parameter (rotating through them) and the long value in all."""
    names = list(HOSTILE)
    for i, name in enumerate(names):
        text = str(HOSTILE[name][0])
        param = PARAMS[i % len(PARAMS)]
        yield _fill(rule, url_value(name), {}) + f"?{param}={url_value(name)}", text
        if "<" in rule:
            for variable in re.findall(r"<(?:[^:>]+:)?([^>]+)>", rule):
                valid = {k: v for k, v in VALID_PATH_VALUES.items() if k != variable}
                yield _fill(rule, url_value(name), valid), text
    valid_path = _fill(rule, "", VALID_PATH_VALUES | EXPENSIVE.get(endpoint, {}))
    for i, name in enumerate(names):
        if name in ("long", "long_digits"):
            continue
        yield valid_path + f"?{PARAMS[(i + 3) % len(PARAMS)]}={url_value(name)}", str(HOSTILE[name][0])
    yield valid_path + "?" + "&".join(f"{p}={url_value('long')}" for p in PARAMS[:3]), "A"
    yield valid_path + "?" + "&".join(f"{p}=en&{p}=da" for p in PARAMS), ""  # every parameter twice


def page_paths() -> Iterator[tuple[str, str]]:
    """Every registered Dash page, with hostile values in its path variables and its query."""
    for page in dash.page_registry.values():
        template = page.get("path_template") or page["path"]
        for i, name in enumerate(HOSTILE):
            value, text = url_value(name), str(HOSTILE[name][0])
            if "<" in template:
                yield re.sub(r"<[^>]+>", value, template), text
                valid_rest = re.sub(r"<code>", VALID_REGION if template.startswith("/region") else "101", template)
                yield re.sub(r"<[^>]+>", "children_placed", valid_rest) + f"?{PARAMS[i % 8]}={value}", text
            else:
                yield template + f"?{PARAMS[i % len(PARAMS)]}={value}", text


def test_every_route_survives_the_catalogue(app, client) -> None:
    problems: list[str] = []
    exercised: set[str] = set()
    adapter = app.server.url_map.bind("localhost")
    rules = list(app.server.url_map.iter_rules())
    requests_by_rule = [(rule, url, text) for rule in rules for url, text in route_requests(rule.rule, rule.endpoint)]
    requests_by_rule += [(None, url, text) for url, text in page_paths()]
    for rule, url, text in requests_by_rule:
        for method in (
            ("GET", "POST") if rule is not None and rule.rule.endswith("_dash-update-component") else ("GET",)
        ):
            resp = client.open(url, method=method, data=b"x" if method == "POST" else None)
            check(resp, f"{method} {url[:120]}", text, problems)
            try:
                endpoint, _ = adapter.match(url.split("?")[0], method=method)
                exercised.add(endpoint)
            except Exception:
                pass
    missing = {rule.endpoint for rule in rules} - exercised
    assert not missing, f"routes the catalogue never reached: {sorted(missing)}"
    assert not problems, f"{len(problems)} bad answers, e.g.:\n" + "\n".join(problems[:40])
    assert client.get("/kommune/101").status_code == 200  # still serving


# --- callbacks ---------------------------------------------------------------------------------------------------


def _dependency(dep: dict, value: object) -> dict:
    dep_id = json.loads(dep["id"]) if dep["id"].startswith("{") else dep["id"]
    if isinstance(dep_id, dict):
        dep_id = {k: ("x-1" if isinstance(v, list) else v) for k, v in dep_id.items()}
    return {"id": dep_id, "property": dep["property"], "value": value}


def _outputs(output: str) -> list[dict] | dict:
    parts = output[2:-2].split("...") if output.startswith("..") else [output]
    items = []
    for part in parts:
        component, prop = part.rsplit(".", 1)  # "href@<hash>" as the renderer sends it
        items.append({"id": json.loads(component) if component.startswith("{") else component, "property": prop})
    return items if output.startswith("..") else items[0]


def payload(output: str, spec: dict, values: list[object] | None = None) -> dict:
    deps = spec["inputs"] + spec["state"]
    values = values if values is not None else [None] * len(deps)
    inputs = [_dependency(d, v) for d, v in zip(spec["inputs"], values, strict=False)]
    state = [_dependency(d, v) for d, v in zip(spec["state"], values[len(spec["inputs"]) :], strict=False)]
    return {
        "output": output,
        "outputs": _outputs(output),
        "inputs": inputs,
        "state": state,
        "changedPropIds": [
            f"{json.dumps(i['id']) if isinstance(i['id'], dict) else i['id']}.{i['property']}" for i in inputs[:1]
        ],
    }


def callback_requests(app) -> Iterator[tuple[str, bytes | str, str, str]]:
    """(what, body, content type, hostile text) for every callback in the callback map, and malformed bodies."""
    for output, spec in app.callback_map.items():
        deps = spec["inputs"] + spec["state"]
        for wrong in WRONG_TYPES:  # one wrong value in every slot at once, then in each slot alone
            yield (
                f"{output[:60]} all={wrong!r:.30}",
                json.dumps(payload(output, spec, [wrong] * len(deps))),
                "application/json",
                str(wrong),
            )
        for slot in range(len(deps)):
            for wrong in WRONG_TYPES[::2]:
                values: list[object] = ["101"] * len(deps)
                values[slot] = wrong
                yield (
                    f"{output[:60]} slot {slot}={wrong!r:.30}",
                    json.dumps(payload(output, spec, values)),
                    "application/json",
                    str(wrong),
                )
        good = payload(output, spec)
        for key in ("inputs", "state", "outputs", "output", "changedPropIds"):  # missing, and of the wrong type
            yield (
                f"{output[:60]} without {key}",
                json.dumps({k: v for k, v in good.items() if k != key}),
                "application/json",
                "",
            )
            yield f"{output[:60]} {key}=str", json.dumps({**good, key: "' OR 1=1 --"}), "application/json", "' OR"
        yield (
            f"{output[:60]} extra input",
            json.dumps({**good, "inputs": good["inputs"] + good["inputs"][:1]}),
            "application/json",
            "",
        )
    router = ".._pages_content.children..._pages_store.data.."
    spec = app.callback_map[router]
    for pathname, text in page_paths():
        path, _, search = pathname.partition("?")
        yield (
            f"router {pathname[:80]}",
            json.dumps(payload(router, spec, [unquote(path), "?" + search])),
            "application/json",
            text,
        )
    for name in ("sql_union", "traversal", "lone_surrogate", "nul", "html"):
        text = str(HOSTILE[name][0])
        yield f"router pathname={name}", json.dumps(payload(router, spec, [text, text])), "application/json", text
    for what, body in [
        ("unknown output", {"output": "secret.children", "outputs": {}, "inputs": [], "state": []}),
        ("array body", [1, 2, 3]),
        ("string body", "x"),
        ("null body", None),
    ]:
        yield what, json.dumps(body), "application/json", ""
    yield "deep body", f'{{"output": "{router}", "inputs": {"[" * 50_000}{"]" * 50_000}}}', "application/json", ""
    yield "not json", b"{'output': ", "application/json", ""
    yield "invalid utf-8", b'{"output": "\xff\xfe"}', "application/json", ""
    yield "form body", b"output=x", "application/x-www-form-urlencoded", ""
    yield "huge body", b'{"output": "' + b"A" * 3_000_000 + b'"}', "application/json", ""


def test_every_callback_survives_the_catalogue(app, client) -> None:
    problems: list[str] = []
    covered: set[str] = set()
    for what, body, content_type, text in callback_requests(app):
        resp = client.post("/_dash-update-component", data=body, content_type=content_type)
        check(resp, f"callback {what}", text, problems)
        covered.update(o for o in app.callback_map if what.startswith(o[:60]))
    assert covered == set(app.callback_map), "callbacks the catalogue never reached"
    assert not problems, f"{len(problems)} bad answers, e.g.:\n" + "\n".join(problems[:40])
    router = ".._pages_content.children..._pages_store.data.."
    resp = client.post("/_dash-update-component", json=payload(router, app.callback_map[router], ["/kommune/101", ""]))
    assert resp.status_code == 200 and "København" in resp.get_data(as_text=True)  # still serving


def test_callback_checks_say_what_is_wrong(app, client) -> None:
    router = ".._pages_content.children..._pages_store.data.."
    spec = app.callback_map[router]
    assert client.post("/_dash-update-component", json=payload(router, spec, ["/", ["?x"]])).get_json() == {
        "error": "'inputs': search has the wrong type"
    }
    assert client.post("/_dash-update-component", json=payload(router, spec, ["x\n", ""])).get_json() == {
        "error": "'inputs': a pathname is an absolute path without control characters"
    }
    assert client.post("/_dash-update-component", json={"output": "nope.children"}).get_json() == {
        "error": "unknown output"
    }
    big = client.post("/_dash-update-component", data=b"[" + b"0," * 600_000 + b"0]", content_type="application/json")
    assert big.status_code == 413 and big.get_json() == {"error": "Request Entity Too Large"}


def test_a_bug_is_a_generic_500_and_a_logged_traceback(demo_db: Path, caplog: pytest.LogCaptureFixture) -> None:
    app = create_app(demo_db)

    @app.server.get("/export/boom")
    def boom() -> str:
        raise RuntimeError("secret detail from /work/socialtal.duckdb")

    resp = app.server.test_client().get("/export/boom?lang=en")
    assert resp.status_code == 500
    text = resp.get_data(as_text=True)
    assert "Something went wrong" in text and "secret" not in text and "Traceback" not in text
    assert "secret detail" in caplog.text and "Traceback" in caplog.text  # the log has it all


def test_served_app_has_debug_off(app, client) -> None:
    assert app.server.debug is False
    assert not app._dev_tools.ui and not app._dev_tools.hot_reload and not app._dev_tools.prune_errors
    page = client.get("/").get_data(as_text=True)
    assert '"ui": false' in page.replace('"ui":false', '"ui": false')  # Dash's config in the page: no dev tools


# --- a real server ---------------------------------------------------------------------------------------------


def test_a_real_server_stays_up_under_the_catalogue(demo_db: Path) -> None:
    port = free_port()
    proc = subprocess.Popen(
        [sys.executable, "-m", "dashboard.cli", "--db", str(demo_db), "--port", str(port), "--workers", "1"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        wait_for(base + "/healthz", proc)
        problems: list[str] = []
        for name in HOSTILE:
            value, text = url_value(name), str(HOSTILE[name][0])
            for url in (
                f"/kommune/{value}",
                f"/sammenlign?indicator={value}",
                f"/data/{value}.csv",
                f"/export/kommune/101/children_placed.csv?base={value}",
                f"/deck/region/{value}.pptx",
                f"/embed/view?page={value}&chart={value}",
            ):
                resp = requests.get(base + url, timeout=30)
                if resp.status_code >= 500 or any(
                    leak in resp.text and leak.lower() not in text.lower() for leak in LEAKS
                ):
                    problems.append(f"{url[:100]}: {resp.status_code}")
        for body in (b"{", b"[]", json.dumps({"output": "x"}).encode(), b'{"output": "' + b"A" * 2_000_000 + b'"}'):
            resp = requests.post(
                base + "/_dash-update-component", data=body, timeout=30, headers={"Content-Type": "application/json"}
            )
            if not 400 <= resp.status_code < 500 or "Traceback" in resp.text:
                problems.append(f"callback body {body[:20]!r}: {resp.status_code}")
        assert not problems, problems
        assert proc.poll() is None, "the server died"
        assert requests.get(base + "/kommune/101", timeout=30).status_code == 200
    finally:
        proc.terminate()
        proc.wait(timeout=30)
