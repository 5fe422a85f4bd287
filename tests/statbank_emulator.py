"""A local emulator of Statistics Denmark's StatBank API (https://api.statbank.dk/v1), for tests and
benchmarks.

It speaks the documented wire format and is independent of the project's code (it never imports `etl`):

- `POST /v1/tableinfo` and `POST /v1/data` with a JSON body; also `GET /v1/tableinfo/<TABLE>?format=JSON`
  and `GET /v1/data/<TABLE>/<FORMAT>?<VAR>=<v1>,<v2>&valuePresentation=Code`, plus a small `tables` catalogue.
- tableinfo answers DST's JSON shape with Content-Type `text/json; charset=utf-8`.
- data answers format BULK only: UTF-8 with a BOM, header of the upper-case non-time variable ids then
  `TID;INDHOLD`, CRLF line ends, one line per present combination, rows in reversed table order (deterministic
  but not the request order), rows whose INDHOLD is the table's suppressedDataValue left out.
  `valuePresentation` "Code" gives codes; anything else gives the value texts (as the real BULK default does).
- value selectors: `*`, exact codes, `*` wildcards (`2023*`, `*K4`), ranges `>=2015<=2020` (also `>`, `<`,
  one-sided), compared as strings; table ids, variable ids and value codes are case-insensitive.
- errors are the real bodies and statuses (`{"errorTypeCode": ..., "message": ...}`, HTTP 400; 404 for an
  unknown page), recorded from the live API on 2025-10-30.

Faults are injected with `fail_next` (status/body, optionally after a delay, for timeouts), `set_delay`,
`mangle_next` (the real answer, altered: cut, duplicated lines, odd values) and `CutBodyProxy` (a connection
that breaks mid-body, which a WSGI app cannot do).
Not emulated: time picks `(1)` / `(-n+3)`, formats other than BULK, REQUEST-LIMIT, the `subjects` endpoint.
"""

from __future__ import annotations

import contextlib
import gzip
import http.client
import itertools
import json
import re
import socket
import threading
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from werkzeug.wrappers import Request, Response

JSON_CONTENT_TYPE = "text/json; charset=utf-8"
BULK_CONTENT_TYPE = "text/csv; charset=utf-8"
TIME_VARIABLE = "Tid"

MSG_REQUEST_EMPTY = "Medsend gyldigt JSON-objekt når der postes. / Supply valid JSON-object when posting."
MSG_FORMAT = "Format ikke angivet, eller ikke gyldigt."
MSG_NO_TABLE = "Der er ikke angivet nogen tabel-id."
MSG_NOT_FOUND_PAGE = "Siden kan ikke findes. / Page not found."


class _ApiError(Exception):
    def __init__(self, status: int, code: str, message: str) -> None:
        super().__init__(message)
        self.status, self.code, self.message = status, code, message


@dataclass
class EmulatedTable:
    """One table: its tableinfo (DST's JSON shape) and every row of the full table, each a dict
    {<variable id as in tableinfo>: code, ..., "INDHOLD": text}."""

    tableinfo: dict[str, Any]
    rows: list[dict[str, str]]

    @property
    def info(self) -> dict[str, Any]:
        """The same dict as `tableinfo`."""
        return self.tableinfo

    @property
    def id(self) -> str:
        return str(self.tableinfo["id"])

    @property
    def variables(self) -> list[dict[str, Any]]:
        return list(self.tableinfo["variables"])

    def variable(self, var_id: str) -> dict[str, Any] | None:
        for var in self.tableinfo["variables"]:
            if str(var["id"]).upper() == var_id.upper():
                return var
        return None


@dataclass
class _Failure:
    status: int
    body: str
    delay_s: float


class StatBankEmulator:
    def __init__(self) -> None:
        self.tables: dict[str, EmulatedTable] = {}
        self.calls: list[tuple[str, dict]] = []
        self._failures: dict[str, deque[_Failure]] = {}
        self._delays: dict[str, float] = {}
        self._mangles: dict[str, deque[Callable[[bytes], bytes]]] = {}
        self._lock = threading.Lock()
        # Rendered BULK bodies by request: a benchmark should time the client, not this emulator's filtering.
        self._rendered: dict[str, bytes] = {}

    # ---- set-up ---------------------------------------------------------------------------------------

    def add_table(self, tableinfo: dict, rows: list[dict[str, str]]) -> None:
        """Add (or replace) a table. Rows are checked against tableinfo so a broken fixture fails loudly."""
        info = json.loads(json.dumps(tableinfo))  # a private deep copy
        for key in ("id", "variables"):
            if key not in info:
                raise ValueError(f"tableinfo lacks '{key}'")
        table = EmulatedTable(tableinfo=info, rows=[dict(row) for row in rows])
        codes = {str(v["id"]): {str(x["id"]) for x in v.get("values", [])} for v in info["variables"]}
        for n, row in enumerate(table.rows):
            if set(row) != set(codes) | {"INDHOLD"}:
                raise ValueError(f"{table.id} row {n}: keys {sorted(row)} != variables {sorted(codes)} + INDHOLD")
            for var_id, allowed in codes.items():
                if row[var_id] not in allowed:
                    raise ValueError(f"{table.id} row {n}: {var_id}={row[var_id]!r} is not in tableinfo")
        self.tables[table.id.upper()] = table
        self._rendered.clear()

    def set_updated(self, table: str, updated: str) -> None:
        """A new `updated` stamp, as when DST republishes: also forgets rendered answers, so edits made to
        `tables[...].rows` before this call are served."""
        self.tables[table.upper()].tableinfo["updated"] = updated
        self._rendered.clear()

    def fail_next(self, endpoint: str, status: int, body: str = "", times: int = 1, delay_s: float = 0.0) -> None:
        """The next `times` requests to `endpoint` ("tableinfo" or "data") answer `status` with `body`, after
        sleeping `delay_s` (on top of any set_delay). Requests are still recorded in `calls`."""
        with self._lock:
            queue = self._failures.setdefault(endpoint.lower(), deque())
            queue.extend(_Failure(status, body, delay_s) for _ in range(times))

    def mangle_next(self, endpoint: str, alter: Callable[[bytes], bytes], times: int = 1) -> None:
        """The next `times` successful answers from `endpoint` are sent as `alter(body)`, with a Content-Length
        that matches the altered body."""
        with self._lock:
            self._mangles.setdefault(endpoint.lower(), deque()).extend([alter] * times)

    def reset_faults(self) -> None:
        """Forget queued failures, alterations and delays (for a shared emulator between tests)."""
        with self._lock:
            self._failures.clear()
            self._mangles.clear()
            self._delays.clear()

    def set_delay(self, endpoint: str, delay_s: float) -> None:
        """Every later request to `endpoint` sleeps `delay_s` before answering (0 switches it off)."""
        with self._lock:
            self._delays[endpoint.lower()] = delay_s

    def install(self, httpserver: Any) -> str:
        """Serve every path under /v1 from a pytest-httpserver HTTPServer; returns the base URL. The session's
        server is (re)started if an earlier test stopped it."""
        if not httpserver.is_running():
            httpserver.start()
        httpserver.expect_request(re.compile(r"^/v1(/.*)?$")).respond_with_handler(self.handler)
        if httpserver.host in ("localhost", "127.0.0.1"):
            return f"http://127.0.0.1:{httpserver.port}/v1"
        return httpserver.url_for("/v1").rstrip("/")

    # ---- serving --------------------------------------------------------------------------------------

    def handler(self, request: Request) -> Response:
        parts = [p for p in request.path.split("/") if p]
        endpoint = parts[1].lower() if len(parts) > 1 and parts[0].lower() == "v1" else ""
        try:
            received, body = self._request_body(request, parts)
        except _ApiError as err:
            self._record(endpoint, {"_invalid_json": request.get_data(as_text=True)})
            self._sleep(endpoint, None)
            return _error_response(err)
        self._record(endpoint, received)
        with self._lock:
            queue = self._failures.get(endpoint)
            failure = queue.popleft() if queue else None
        self._sleep(endpoint, failure)
        if failure is not None:
            content_type = JSON_CONTENT_TYPE if _is_json(failure.body) else "text/html; charset=utf-8"
            return Response(failure.body.encode("utf-8"), status=failure.status, content_type=content_type)
        try:
            response = self._answer(endpoint, body)
        except _ApiError as err:
            return _error_response(err)
        with self._lock:
            queue = self._mangles.get(endpoint)
            alter = queue.popleft() if queue and response.status_code == 200 else None
        if alter is not None:
            return Response(alter(response.get_data()), status=200, content_type=response.content_type)
        return response

    def _answer(self, endpoint: str, body: dict) -> Response:
        if endpoint == "tableinfo":
            return self._tableinfo(body)
        if endpoint == "data":
            return self._data(body)
        if endpoint == "tables":
            return self._tables_catalogue()
        raise _ApiError(404, "REQUEST-NOTFOUND", MSG_NOT_FOUND_PAGE)

    def _record(self, endpoint: str, body: dict) -> None:
        with self._lock:
            self.calls.append((endpoint, body))

    def _sleep(self, endpoint: str, failure: _Failure | None) -> None:
        with self._lock:
            delay = self._delays.get(endpoint, 0.0)
        delay += failure.delay_s if failure is not None else 0.0
        if delay > 0:
            time.sleep(delay)

    @staticmethod
    def _request_body(request: Request, parts: list[str]) -> tuple[dict, dict]:
        """(what was received, the request as one dict with lower-case keys). What was received is the parsed
        JSON body of a POST, or for a GET the query parameters plus "_path" (the segments after the endpoint).
        The second merges the JSON body, the query parameters and the path segments (table, format)."""
        raw = request.get_data()
        body: dict[str, Any] = {}
        received: dict[str, Any] = {}
        if raw.strip():
            try:
                parsed = json.loads(raw.decode("utf-8-sig"))
            except (UnicodeDecodeError, ValueError) as exc:
                raise _ApiError(400, "REQUEST-EMPTY", MSG_REQUEST_EMPTY) from exc
            if not isinstance(parsed, dict):
                raise _ApiError(400, "REQUEST-EMPTY", MSG_REQUEST_EMPTY)
            received = parsed
            body = {str(k).lower(): v for k, v in parsed.items()}
        elif request.args or parts[2:]:
            received = {**request.args.to_dict(), **({"_path": parts[2:]} if parts[2:] else {})}
        path_args = parts[2:]
        if path_args and "table" not in body:
            body["table"] = path_args[0]
        if len(path_args) > 1 and "format" not in body:
            body["format"] = path_args[1]
        known = {"lang", "format", "valuepresentation", "table", "timeorder", "delimiter"}
        get_variables = []
        for key, value in request.args.items():
            if key.lower() in known:
                body.setdefault(key.lower(), value)
            else:
                get_variables.append({"code": key, "values": value.split(",")})
        if get_variables and "variables" not in body:
            body["variables"] = get_variables
        return received, body

    def _table(self, body: dict) -> EmulatedTable:
        table_id = body.get("table")
        if not table_id or not str(table_id).strip():
            raise _ApiError(400, "REQUEST-MISSING", MSG_NO_TABLE)
        table = self.tables.get(str(table_id).strip().upper())
        if table is None:
            raise _ApiError(400, "EXTRACT-NOTFOUND", f"Tabel findes ikke: {table_id}")
        return table

    def _tableinfo(self, body: dict) -> Response:
        if str(body.get("format", "")).upper() != "JSON":
            raise _ApiError(400, "REQUEST-MISSING", MSG_FORMAT)
        table = self._table(body)
        return _json_response(table.tableinfo)

    def _tables_catalogue(self) -> Response:
        items = []
        for table in self.tables.values():
            time_var = next((v for v in table.tableinfo["variables"] if v.get("time")), None)
            periods = [str(x["id"]) for x in time_var["values"]] if time_var else []
            items.append(
                {
                    "id": table.id,
                    "text": table.tableinfo.get("text", ""),
                    "unit": table.tableinfo.get("unit", ""),
                    "updated": table.tableinfo.get("updated", ""),
                    "firstPeriod": periods[0] if periods else None,
                    "latestPeriod": periods[-1] if periods else None,
                    "active": table.tableinfo.get("active", True),
                    "variables": [v.get("text", v["id"]) for v in table.tableinfo["variables"]],
                }
            )
        return _json_response(items)

    def _data(self, body: dict) -> Response:
        if str(body.get("format", "")).upper() != "BULK":
            raise _ApiError(400, "REQUEST-MISSING", MSG_FORMAT)
        table = self._table(body)
        key = json.dumps(body, sort_keys=True, ensure_ascii=False)
        if key in self._rendered:  # cleared whenever a table is added or replaced
            return Response(self._rendered[key], status=200, content_type=BULK_CONTENT_TYPE)
        response = self._render_data(table, body)
        self._rendered[key] = response.get_data()
        return response

    def _render_data(self, table: EmulatedTable, body: dict) -> Response:
        selected: dict[str, set[str]] = {}
        for entry in body.get("variables") or []:
            entry = {str(k).lower(): v for k, v in entry.items()} if isinstance(entry, dict) else {}
            code = str(entry.get("code", ""))
            var = table.variable(code)
            if var is None:
                raise _ApiError(400, "EXTRACT-NOTFOUND", f"Kan ikke finde variablen: {code}")
            values = entry.get("values") or []
            if isinstance(values, str):
                values = [values]
            picked = selected.setdefault(str(var["id"]), set())
            for selector in values:
                matched = _match(str(selector), [str(x["id"]) for x in var.get("values", [])])
                if not matched:
                    message = f"Kan ikke finde værdien: {selector} ({var['id']})"
                    raise _ApiError(400, "EXTRACT-NOTFOUND", message)
                picked.update(matched)
        for var in table.tableinfo["variables"]:
            if not selected.get(str(var["id"])):
                message = f"Der skal vælges værdier for variabel: {var['id']}"
                raise _ApiError(400, "EXTRACT-NOTALLOWED", message)

        as_codes = str(body.get("valuepresentation", "")).lower() == "code"
        variables = table.tableinfo["variables"]
        plain = [v for v in variables if not v.get("time")]
        timed = [v for v in variables if v.get("time")]
        order = plain + timed
        labels = {
            str(v["id"]): {str(x["id"]): str(x.get("text", x["id"])) for x in v.get("values", [])} for v in variables
        }
        suppressed = str(table.tableinfo.get("suppressedDataValue", "0"))
        header = [str(v["id"]).upper() for v in plain] + ["TID", "INDHOLD"]
        lines = [";".join(header)]
        ids = [str(v["id"]) for v in order]
        picks = [selected[var_id] for var_id in ids]
        for row in reversed(table.rows):
            value = row["INDHOLD"]
            if value == suppressed:
                continue
            codes = [row[var_id] for var_id in ids]
            if not all(code in pick for code, pick in zip(codes, picks, strict=True)):
                continue
            if not as_codes:
                codes = [labels[var_id].get(code, code) for var_id, code in zip(ids, codes, strict=True)]
            lines.append(";".join([*codes, value]))
        text = "\ufeff" + "\r\n".join(lines) + "\r\n"
        return Response(text.encode("utf-8"), status=200, content_type=BULK_CONTENT_TYPE)


def _match(selector: str, codes: list[str]) -> list[str]:
    """The codes a value selector picks: `*`, a `*` wildcard, a range (string comparison) or an exact code."""
    selector = selector.strip()
    if selector == "*":
        return list(codes)
    ranged = re.fullmatch(r"(?:(>=|>)([^<>=]+))?(?:(<=|<)([^<>=]+))?", selector)
    if ranged and (ranged.group(1) or ranged.group(3)):
        low_op, low, high_op, high = ranged.groups()

        def in_range(code: str) -> bool:
            if low is not None and (code < low if low_op == ">=" else code <= low):
                return False
            return not (high is not None and (code > high if high_op == "<=" else code >= high))

        return [code for code in codes if in_range(code)]
    if "*" in selector:
        pattern = re.compile(".*".join(re.escape(part) for part in selector.split("*")), re.IGNORECASE)
        return [code for code in codes if pattern.fullmatch(code)]
    return [code for code in codes if code.upper() == selector.upper()]


def _is_json(text: str) -> bool:
    try:
        json.loads(text)
    except ValueError:
        return False
    return True


def _json_response(payload: Any, status: int = 200) -> Response:
    text = json.dumps(payload, ensure_ascii=False, separators=(",", ":"))
    return Response(text.encode("utf-8"), status=status, content_type=JSON_CONTENT_TYPE)


def _error_response(err: _ApiError) -> Response:
    return _json_response({"errorTypeCode": err.code, "message": err.message}, status=err.status)


def make_table(
    table_id: str,
    variables: list[tuple[str, str, list[tuple[str, str]]]],
    time_values: list[str],
    value_fn: Callable[[dict[str, str]], str | None],
    updated: str = "2025-01-15T08:00:00",
    suppressed: str = "0",
    unit: str = "Antal",
) -> tuple[dict, list[dict[str, str]]]:
    """(tableinfo, rows) for a full table. `variables` are the non-time variables as
    (id, text, [(code, label)]); the time variable "Tid" (time=True) is added last. `value_fn` gets the codes
    of one combination, "Tid" included, and returns the INDHOLD text, or None for a combination that is
    absent from the table. Rows come in product order, time varying fastest."""
    texts = [text for _, text, _ in variables] + ["tid"]
    listed = ", ".join(texts[:-1]) + " og " + texts[-1] if len(texts) > 1 else "tid"
    description = f"{table_id} efter {listed}"
    info: dict[str, Any] = {
        "id": table_id,
        "text": f"Testtabel {table_id}",
        "description": description,
        "unit": unit,
        "suppressedDataValue": suppressed,
        "updated": updated,
        "active": True,
        "contacts": [{"name": "Test Testesen", "phone": "+4500000000", "mail": "test@dst.dk"}],
        "documentation": {"id": f"doc-{table_id.lower()}", "url": f"https://www.dst.dk/doc/{table_id.lower()}"},
        "footnote": None,
        "variables": [
            {
                "id": var_id,
                "text": text,
                "elimination": True,
                "time": False,
                "values": [{"id": code, "text": label} for code, label in values],
            }
            for var_id, text, values in variables
        ]
        + [
            {
                "id": TIME_VARIABLE,
                "text": "tid",
                "elimination": False,
                "time": True,
                "values": [{"id": t, "text": t} for t in time_values],
            }
        ],
    }
    ids = [var_id for var_id, _, _ in variables] + [TIME_VARIABLE]
    axes = [[code for code, _ in values] for _, _, values in variables] + [list(time_values)]
    rows: list[dict[str, str]] = []
    for combo in itertools.product(*axes):
        codes = dict(zip(ids, combo, strict=True))
        value = value_fn(dict(codes))
        if value is not None:
            rows.append({**codes, "INDHOLD": value})
    return info, rows


def load_snapshot_tables(emulator: StatBankEmulator, directory: Path) -> list[str]:
    """Serve recorded answers: every `<TABLE>.tableinfo.json` + `<TABLE>.bulk.csv.gz` pair in `directory`
    (the project's demo snapshot layout) becomes an emulated table whose rows are the recorded BULK rows.
    Returns the table ids."""
    added = []
    for info_path in sorted(directory.glob("*.tableinfo.json")):
        table_id = info_path.name.split(".")[0]
        tableinfo = json.loads(info_path.read_text(encoding="utf-8"))
        text = gzip.decompress((directory / f"{table_id}.bulk.csv.gz").read_bytes()).decode("utf-8-sig")
        lines = text.split("\r\n")
        by_upper = {str(v["id"]).upper(): str(v["id"]) for v in tableinfo["variables"]}
        header = [by_upper.get(col, col) for col in lines[0].split(";")]
        rows = [dict(zip(header, line.split(";"), strict=True)) for line in lines[1:] if line]
        emulator.add_table(tableinfo, rows)
        added.append(table_id)
    return added


class CutBodyProxy:
    """A raw-socket HTTP/1.1 proxy in front of the emulator that forwards every request and passes answers
    through, except those from `cut_endpoint`: their headers go out with the full Content-Length, then half
    the body, then the connection is closed. Use as a context manager; `url` replaces the emulator's base URL."""

    def __init__(self, upstream_base_url: str, cut_endpoint: str = "data") -> None:
        self.upstream = urlsplit(upstream_base_url)
        self.cut_endpoint = cut_endpoint.lower()
        self.cuts = 0
        self._socket = socket.create_server(("127.0.0.1", 0))
        self._socket.settimeout(0.2)
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._serve, daemon=True)
        port = self._socket.getsockname()[1]
        self.url = f"http://127.0.0.1:{port}{self.upstream.path.rstrip('/')}"

    def __enter__(self) -> CutBodyProxy:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join(timeout=5)
        self._socket.close()

    def _serve(self) -> None:
        while not self._stop.is_set():
            try:
                conn, _ = self._socket.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            with conn:
                conn.settimeout(10)
                with contextlib.suppress(OSError):  # the client gave up first: what the test is about
                    self._handle(conn)

    def _handle(self, conn: Any) -> None:
        data = b""
        while b"\r\n\r\n" not in data:
            chunk = conn.recv(65536)
            if not chunk:
                return
            data += chunk
        head, _, body = data.partition(b"\r\n\r\n")
        request_line, *header_lines = head.decode("latin-1").split("\r\n")
        headers = dict(line.split(": ", 1) for line in header_lines if ": " in line)
        length = int(next((v for k, v in headers.items() if k.lower() == "content-length"), "0"))
        while len(body) < length:
            body += conn.recv(65536)
        method, path, _ = request_line.split(" ", 2)
        upstream = http.client.HTTPConnection(self.upstream.hostname or "127.0.0.1", self.upstream.port, timeout=30)
        try:
            upstream.request(
                method,
                path,
                body=body or None,
                headers={"Content-Type": headers.get("Content-Type", "application/json")},
            )
            answer = upstream.getresponse()
            payload = answer.read()
            status, reason, content_type = answer.status, answer.reason, answer.getheader("Content-Type", "")
        finally:
            upstream.close()
        cut = path.rstrip("/").rsplit("/", 1)[-1].lower() == self.cut_endpoint and status == 200
        sent = payload[: len(payload) // 2] if cut else payload
        self.cuts += cut
        conn.sendall(
            f"HTTP/1.1 {status} {reason}\r\nContent-Type: {content_type}\r\n"
            f"Content-Length: {len(payload)}\r\nConnection: close\r\n\r\n".encode("latin-1")
            + sent
        )
