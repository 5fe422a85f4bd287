"""A thin client for Statistics Denmark's StatBank API (https://api.statbank.dk/v1), as documented:
POST with a JSON body, `tableinfo` for metadata, `data` in BULK format with codes.

Transport is pluggable so the demo snapshot (files on disk) goes through the very same request building,
error handling and parsing as the live API."""

from __future__ import annotations

import hashlib
import json
import re
import time
from dataclasses import dataclass
from typing import Any, Protocol

import requests
import urllib3
from requests.adapters import HTTPAdapter
from urllib3.util.retry import Retry

from etl import settings

DEFAULT_BASE_URL = settings.STATBANK_URL.default
USER_AGENT = "socialtal-etl/0.1 (+https://github.com/socialtal)"


class StatBankError(RuntimeError):
    """A request StatBank refused or could not answer; the message is one line for the terminal. `variable`
    is the variable it concerns, where StatBank or the check names one."""

    variable: str | None = None


@dataclass(frozen=True)
class Response:
    status: int
    text: str
    url: str
    attempts: int = 1  # requests made for this answer, retries included


class Transport(Protocol):
    def post(self, endpoint: str, body: dict[str, Any]) -> Response: ...


class HttpTransport:
    """POST over HTTP with retries: connection errors, timeouts and 5xx are retried with exponential
    backoff; 4xx never (a refused request does not get better by asking again)."""

    def __init__(
        self,
        base_url: str = DEFAULT_BASE_URL,
        retries: int = 3,
        backoff_s: float = 0.5,
        connect_timeout_s: float = 10,
        read_timeout_s: float = 300,
    ) -> None:
        self.base_url = base_url.rstrip("/")
        self.retries, self.backoff_s = retries, backoff_s
        self.timeout = (connect_timeout_s, read_timeout_s)
        retry = Retry(
            total=retries,
            connect=retries,
            read=retries,
            status=retries,
            other=0,
            status_forcelist=(500, 502, 503, 504),
            allowed_methods=None,  # POST is safe to retry here
            backoff_factor=backoff_s,
            raise_on_status=False,
            respect_retry_after_header=True,
        )
        self.session = requests.Session()
        self.session.headers["User-Agent"] = USER_AGENT
        self.session.mount("http://", HTTPAdapter(max_retries=retry))
        self.session.mount("https://", HTTPAdapter(max_retries=retry))

    def post(self, endpoint: str, body: dict[str, Any]) -> Response:
        url = f"{self.base_url}/{endpoint}"
        # urllib3 retries what fails before the body arrives; a body cut off mid-download (the connection
        # drops after the headers) surfaces only while reading, so it is retried here, as often.
        for attempt in range(self.retries + 1):
            try:
                resp = self.session.post(url, json=body, timeout=self.timeout)
            except (requests.exceptions.ChunkedEncodingError, requests.exceptions.ContentDecodingError) as exc:
                if attempt < self.retries:
                    time.sleep(self.backoff_s * 2**attempt)
                    continue
                raise StatBankError(
                    f"the answer from {url} was cut off mid-download {self.retries + 1} times ({_reason(exc)}); "
                    "the connection to StatBank is unstable: try again later"
                ) from exc
            except requests.RequestException as exc:
                raise StatBankError(self._unreachable(url, exc)) from exc
            history = getattr(getattr(resp.raw, "retries", None), "history", ()) or ()
            # StatBank answers text/json; BULK is UTF-8 with a BOM. Decode ourselves rather than trust headers.
            return Response(
                resp.status_code, resp.content.decode("utf-8-sig", errors="replace"), url, attempts=len(history) + 1
            )
        raise AssertionError("unreachable")  # the loop returns or raises

    def _unreachable(self, url: str, exc: requests.RequestException) -> str:
        if _is_timeout(exc):
            return (
                f"StatBank did not answer {url} within {self.timeout[1]:g} s ({self.retries + 1} attempts); "
                "StatBank is slow or down: try again later, or check the network or --base-url / STATBANK_URL"
            )
        return (
            f"could not reach {url} after {self.retries} retries ({type(exc).__name__}); check the network "
            "or --base-url / STATBANK_URL"
        )


def _is_timeout(exc: BaseException) -> bool:
    """Read timeouts reach us wrapped: requests' ConnectionError around urllib3's MaxRetryError around
    ReadTimeoutError, so walk the chain of causes and reasons."""
    seen: BaseException | None = exc
    for _ in range(8):
        if seen is None:
            return False
        if isinstance(seen, urllib3.exceptions.NewConnectionError):  # a subclass of ConnectTimeoutError, but refused
            return False
        if isinstance(seen, (requests.exceptions.Timeout, urllib3.exceptions.TimeoutError, TimeoutError)):
            return True
        nxt = getattr(seen, "reason", None)
        if not isinstance(nxt, BaseException):
            nxt = seen.args[0] if seen.args and isinstance(seen.args[0], BaseException) else seen.__cause__
        seen = nxt
    return False


def _reason(exc: BaseException) -> str:
    text = " ".join(str(exc).split())
    match = re.search(r"IncompleteRead\(([^)]*)\)", text)
    return f"IncompleteRead: {match.group(1)}" if match else type(exc).__name__


@dataclass(frozen=True)
class Variable:
    id: str
    text: str
    is_time: bool
    values: tuple[tuple[str, str], ...]  # (code, label)


@dataclass(frozen=True)
class TableInfo:
    table_id: str
    text: str
    unit: str
    updated: str
    suppressed_value: float
    variables: tuple[Variable, ...]
    raw_text: str

    def variable(self, var_id: str) -> Variable | None:
        for var in self.variables:
            if var.id.upper() == var_id.upper():
                return var
        return None


def parse_tableinfo(text: str) -> TableInfo:
    info = json.loads(text)
    variables = tuple(
        Variable(
            id=v["id"],
            text=v.get("text", ""),
            is_time=bool(v.get("time")),
            values=tuple((str(x["id"]), str(x.get("text", ""))) for x in v.get("values", [])),
        )
        for v in info["variables"]
    )
    suppressed = str(info.get("suppressedDataValue") or "0").replace(",", ".")
    return TableInfo(
        table_id=str(info["id"]),
        text=str(info.get("text", "")),
        unit=str(info.get("unit", "")),
        updated=str(info.get("updated", "")),
        suppressed_value=float(suppressed),
        variables=variables,
        raw_text=text,
    )


_VARIABLE_IN_MESSAGE = (
    re.compile(r"\((?P<var>[^()]+)\)\s*$"),  # "Kan ikke finde værdien: 999999 (OMRÅDE)"
    re.compile(r"variablen?:\s*(?P<var>\S+)", re.IGNORECASE),  # "Kan ikke finde variablen: X"
    re.compile(r"variabel:\s*(?P<var>\S+)", re.IGNORECASE),  # "Der skal vælges værdier for variabel: X"
)


def error_variable(resp: Response) -> str | None:
    """The variable an error body names ("Kan ikke finde værdien: 999999 (OMRÅDE)"), if any."""
    try:
        message = " ".join(str(json.loads(resp.text).get("message", "")).split())
    except (ValueError, AttributeError):
        return None
    return next((m.group("var") for rx in _VARIABLE_IN_MESSAGE if (m := rx.search(message))), None)


def error_line(resp: Response, table: str) -> str:
    """One line naming the table, the variable where StatBank names one, DST's error code and message."""
    variable = None
    try:
        body = json.loads(resp.text)
        code, message = body.get("errorTypeCode", "?"), " ".join(str(body.get("message", "")).split())
        variable = next((m.group("var") for rx in _VARIABLE_IN_MESSAGE if (m := rx.search(message))), None)
    except (ValueError, AttributeError):  # not DST's JSON: a proxy's HTML page, say; strip it to one line
        code = f"HTTP {resp.status}"
        message = " ".join(re.sub(r"<[^>]+>", " ", resp.text).split())[:200] or "(empty body)"
    where = f"table {table}" + (f", variable {variable}" if variable else "")
    if resp.status >= 500:  # StatBank's side: asking differently will not help, asking later may
        tries = f" after {resp.attempts} attempts" if resp.attempts > 1 else ""
        return (
            f"StatBank failed on {where} (HTTP {resp.status}{tries}): {code}: {message} — StatBank is down "
            "or overloaded: try again later"
        )
    hint = {
        "EXTRACT-NOTFOUND": "check the codes in the source YAML against tableinfo",
        "EXTRACT-NOTALLOWED": "BULK needs every variable of the table listed in the source YAML's request",
        "REQUEST-LIMIT": "the request is too large; narrow the selection",
    }.get(code, "see the StatBank API documentation")
    return f"StatBank refused {where} (HTTP {resp.status}): {code}: {message} — {hint}"


class StatBankClient:
    def __init__(self, transport: Transport, lang: str = "da") -> None:
        self.transport = transport
        self.lang = lang

    def _post(self, endpoint: str, body: dict[str, Any], table: str) -> Response:
        resp = self.transport.post(endpoint, body)
        if resp.status != 200:
            error = StatBankError(error_line(resp, table))
            error.variable = error_variable(resp)
            raise error
        return resp

    def tableinfo_body(self, table: str) -> dict[str, Any]:
        return {"table": table, "format": "JSON", "lang": self.lang}

    def tableinfo(self, table: str) -> TableInfo:
        resp = self._post("tableinfo", self.tableinfo_body(table), table)
        try:
            return parse_tableinfo(resp.text)
        except (ValueError, KeyError, TypeError) as exc:
            raise StatBankError(f"tableinfo for {table} is not in the documented JSON shape ({exc})") from exc

    def table_updates(self) -> dict[str, str]:
        """DST's `updated` stamp of every table, from one `tables` request: the cheap way to learn that
        nothing changed, instead of one tableinfo request per source."""
        resp = self._post("tables", {"lang": self.lang, "format": "JSON"}, "(catalogue)")
        try:
            return {str(item["id"]).upper(): str(item.get("updated", "")) for item in json.loads(resp.text)}
        except (ValueError, KeyError, TypeError) as exc:
            raise StatBankError(f"the tables catalogue is not in the documented JSON shape ({exc})") from exc

    def data_bulk(self, body: dict[str, Any]) -> Response:
        return self._post("data", body, body["table"])


def data_request_body(table: str, resolved: dict[str, list[str]], lang: str = "da") -> dict[str, Any]:
    return {
        "table": table,
        "format": "BULK",
        "lang": lang,
        "valuePresentation": "Code",
        "variables": [{"code": var, "values": values} for var, values in resolved.items()],
    }


def request_key(body: dict[str, Any]) -> str:
    """A stable text form of a request body, for provenance and for matching snapshot files."""
    return json.dumps(body, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def sha256_text(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()
