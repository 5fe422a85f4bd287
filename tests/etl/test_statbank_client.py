"""StatBankClient and HttpTransport against the local StatBank emulator (tests/statbank_emulator.py):
metadata, BULK data, every recorded error type as one terminal line, retries on 5xx and timeouts, never on
400."""

from __future__ import annotations

import json
import socket
import sys
from pathlib import Path

import duckdb
import pytest
import requests

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from statbank_emulator import StatBankEmulator, make_table

from etl.kinds.statbank.bulk import parse_values, read_bulk
from etl.kinds.statbank.client import (
    HttpTransport,
    Response,
    StatBankClient,
    StatBankError,
    data_request_body,
    error_line,
)

AREAS = [("000", "Hele landet"), ("084", "Region Hovedstaden"), ("101", "København"), ("147", "Frederiksberg")]
SEXES = [("TOT", "I alt"), ("1", "Mænd"), ("2", "Kvinder")]
PERIODS = ["2024K1", "2024K2", "2024K3", "2024K4", "2025K1"]
SEX_FACTOR = {"TOT": 2, "1": 1, "2": 1}


def population(codes: dict[str, str]) -> str | None:
    """A made-up but checkable FOLK1A: Frederiksberg is absent in 2024K1, København women are '..' in
    2024K2, Region Hovedstaden men are 0 (the suppressed value) in 2025K1."""
    area, sex, period = codes["OMRÅDE"], codes["KØN"], codes["Tid"]
    if area == "147" and period == "2024K1":
        return None
    if (area, sex, period) == ("101", "2", "2024K2"):
        return ".."
    if (area, sex, period) == ("084", "1", "2025K1"):
        return "0"
    return str((int(area) + 1) * 1000 * SEX_FACTOR[sex] + PERIODS.index(period))


def expected_value(area: str, sex: str, period: str) -> str | None:
    value = population({"OMRÅDE": area, "KØN": sex, "Tid": period})
    return None if value == "0" else value  # the suppressed value is left out of BULK


def folk1a() -> tuple[dict, list[dict[str, str]]]:
    return make_table(
        "FOLK1A",
        [("OMRÅDE", "område", AREAS), ("KØN", "køn", SEXES)],
        PERIODS,
        population,
        updated="2025-08-11T08:00:00",
    )


@pytest.fixture
def emulator() -> StatBankEmulator:
    emu = StatBankEmulator()
    emu.add_table(*folk1a())
    return emu


@pytest.fixture
def base_url(emulator: StatBankEmulator, httpserver) -> str:
    return emulator.install(httpserver)


def client_for(base_url: str, retries: int = 2, read_timeout_s: float = 5) -> StatBankClient:
    return StatBankClient(
        HttpTransport(base_url, retries=retries, backoff_s=0.01, connect_timeout_s=2, read_timeout_s=read_timeout_s)
    )


def full_body(**overrides: list[str]) -> dict:
    selection = {"OMRÅDE": ["*"], "KØN": ["*"], "Tid": ["*"], **overrides}
    return data_request_body("FOLK1A", selection)


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


# ---- metadata and data ------------------------------------------------------------------------------------


def test_tableinfo_parses(base_url: str, emulator: StatBankEmulator) -> None:
    info = client_for(base_url).tableinfo("folk1a")  # table ids are case-insensitive
    assert info.table_id == "FOLK1A"
    assert info.updated == "2025-08-11T08:00:00"
    assert info.suppressed_value == 0.0
    assert info.unit == "Antal"
    assert [v.id for v in info.variables] == ["OMRÅDE", "KØN", "Tid"]
    assert [v.is_time for v in info.variables] == [False, False, True]
    assert info.variable("område").values == tuple(AREAS)
    assert info.variable("TID").values[-1] == ("2025K1", "2025K1")
    assert emulator.calls == [("tableinfo", {"table": "folk1a", "format": "JSON", "lang": "da"})]

    emulator.set_updated("FOLK1A", "2025-11-10T08:00:00")
    assert client_for(base_url).tableinfo("FOLK1A").updated == "2025-11-10T08:00:00"


def test_tableinfo_suppressed_value_with_decimal_comma(base_url: str, emulator: StatBankEmulator) -> None:
    emulator.add_table(
        *make_table("PCT1", [("OMRÅDE", "område", AREAS[:1])], ["2024"], lambda c: "1,5", suppressed="0,0", unit="Pct.")
    )
    info = client_for(base_url).tableinfo("PCT1")
    assert info.suppressed_value == 0.0
    assert info.unit == "Pct."


def test_full_data_request_returns_every_present_row(base_url: str, emulator: StatBankEmulator) -> None:
    body = full_body()
    resp = client_for(base_url).data_bulk(body)
    assert resp.status == 200
    assert emulator.calls == [("data", body)]
    frame = read_bulk(duckdb.connect(), resp.text, ["OMRÅDE", "KØN", "Tid"])
    assert frame.columns == ("OMRÅDE", "KØN", "TID", "INDHOLD")
    got = {(area, sex, period): value for area, sex, period, value in frame.fetch()}
    expected = {
        (a, s, p): v for a, _ in AREAS for s, _ in SEXES for p in PERIODS if (v := expected_value(a, s, p)) is not None
    }
    assert got == expected
    assert len(got) == 4 * 3 * 5 - 3 - 1  # Frederiksberg 2024K1 absent (3 sexes), one suppressed zero
    assert ("101", "2", "2024K2") in got  # '..' is a present row, not an absent one
    values = parse_values(frame)
    assert values.count(None) == 1
    national_total = [tuple(key) == ("000", "TOT", "2024K1") for *key, _ in frame.fetch()]
    assert [v for v, is_total in zip(values, national_total, strict=True) if is_total] == [2000.0]


def test_data_request_with_selection(base_url: str) -> None:
    body = full_body(OMRÅDE=["101", "147"], KØN=["TOT"], Tid=[">=2024K3<=2025K1"])
    frame = read_bulk(duckdb.connect(), client_for(base_url).data_bulk(body).text, ["OMRÅDE", "KØN", "Tid"])
    got = sorted((area, period, value) for area, _, period, value in frame.fetch())
    assert got == [(a, p, expected_value(a, "TOT", p)) for a in ("101", "147") for p in PERIODS[2:]]


# ---- errors: one line naming the table, the variable, DST's code and message -------------------------------


def assert_one_line(message: str, *parts: str) -> None:
    assert "\n" not in message and "\r" not in message, message
    for part in parts:
        assert part in message, (part, message)


ERROR_CASES = [
    # (id, endpoint, body overrides or None for tableinfo, table named, variable, code, DST's message)
    (
        "unknown-table",
        "tableinfo",
        {"table": "NOSUCH1"},
        "NOSUCH1",
        None,
        "EXTRACT-NOTFOUND",
        "Tabel findes ikke: NOSUCH1",
    ),
    (
        "unknown-table-data",
        "data",
        {"table": "NOSUCH2"},
        "NOSUCH2",
        None,
        "EXTRACT-NOTFOUND",
        "Tabel findes ikke: NOSUCH2",
    ),
    (
        "unknown-variable",
        "data",
        {"extra": {"code": "BOGUS", "values": ["1"]}},
        "FOLK1A",
        "BOGUS",
        "EXTRACT-NOTFOUND",
        "Kan ikke finde variablen: BOGUS",
    ),
    (
        "unknown-value",
        "data",
        {"OMRÅDE": ["999999"]},
        "FOLK1A",
        "OMRÅDE",
        "EXTRACT-NOTFOUND",
        "Kan ikke finde værdien: 999999 (OMRÅDE)",
    ),
    (
        "bulk-without-variable",
        "data",
        {"drop": "KØN"},
        "FOLK1A",
        "KØN",
        "EXTRACT-NOTALLOWED",
        "Der skal vælges værdier for variabel: KØN",
    ),
    (
        "missing-format",
        "data",
        {"format": None},
        "FOLK1A",
        None,
        "REQUEST-MISSING",
        "Format ikke angivet, eller ikke gyldigt.",
    ),
    (
        "invalid-format",
        "data",
        {"format": "NOPE"},
        "FOLK1A",
        None,
        "REQUEST-MISSING",
        "Format ikke angivet, eller ikke gyldigt.",
    ),
    ("missing-table", "data", {"table": ""}, "", None, "REQUEST-MISSING", "Der er ikke angivet nogen tabel-id."),
]


@pytest.mark.parametrize(
    ("endpoint", "change", "table", "variable", "code", "dst_message"),
    [case[1:] for case in ERROR_CASES],
    ids=[case[0] for case in ERROR_CASES],
)
def test_refusals_become_one_line_errors(
    base_url: str,
    emulator: StatBankEmulator,
    endpoint: str,
    change: dict,
    table: str,
    variable: str | None,
    code: str,
    dst_message: str,
) -> None:
    client = client_for(base_url)
    with pytest.raises(StatBankError) as caught:
        if endpoint == "tableinfo":
            client.tableinfo(change["table"])
        else:
            body = full_body(**{k: v for k, v in change.items() if k.isupper()})
            if "table" in change:
                body["table"] = change["table"]
            if "format" in change:
                body.pop("format") if change["format"] is None else body.update(format=change["format"])
            if "extra" in change:
                body["variables"].append(change["extra"])
            if "drop" in change:
                body["variables"] = [v for v in body["variables"] if v["code"] != change["drop"]]
            client.data_bulk(body)
    message = str(caught.value)
    assert_one_line(message, f"table {table}", "HTTP 400", code, dst_message)
    if variable:
        assert f"variable {variable}" in message
    else:
        assert ", variable" not in message
    assert len(emulator.calls) == 1  # a 400 is never retried


def test_malformed_json_body_is_request_empty(base_url: str, emulator: StatBankEmulator) -> None:
    raw = requests.post(
        f"{base_url}/data",
        data=b'{"table": "FOLK1A", "format": ',
        timeout=5,
        headers={"Content-Type": "application/json"},
    )
    assert raw.status_code == 400
    assert raw.headers["Content-Type"].startswith("text/json")
    assert raw.json() == {
        "errorTypeCode": "REQUEST-EMPTY",
        "message": "Medsend gyldigt JSON-objekt når der postes. / Supply valid JSON-object when posting.",
    }
    message = error_line(Response(raw.status_code, raw.text, raw.url), "FOLK1A")
    assert_one_line(message, "table FOLK1A", "HTTP 400", "REQUEST-EMPTY", "Supply valid JSON-object")


def test_unknown_page_is_request_notfound(base_url: str, emulator: StatBankEmulator) -> None:
    client = client_for(f"{base_url}/nosuchpage")  # a wrong base URL
    with pytest.raises(StatBankError) as caught:
        client.tableinfo("FOLK1A")
    assert_one_line(
        str(caught.value), "table FOLK1A", "HTTP 404", "REQUEST-NOTFOUND", "Siden kan ikke findes. / Page not found."
    )
    assert len(emulator.calls) == 1


def test_malformed_tableinfo_is_a_clean_error(base_url: str, emulator: StatBankEmulator) -> None:
    emulator.fail_next("tableinfo", 200, json.dumps({"id": "FOLK1A", "vars": []}))
    with pytest.raises(StatBankError, match="tableinfo for FOLK1A is not in the documented JSON shape"):
        client_for(base_url).tableinfo("FOLK1A")


# ---- retries -----------------------------------------------------------------------------------------------


def test_503_twice_then_success(base_url: str, emulator: StatBankEmulator) -> None:
    emulator.fail_next("data", 503, "Service Unavailable", times=2)
    client = StatBankClient(HttpTransport(base_url, retries=3, backoff_s=0.01))
    body = full_body(OMRÅDE=["000"], KØN=["TOT"], Tid=["2024K1"])
    resp = client.data_bulk(body)
    assert resp.status == 200
    assert resp.text.splitlines() == ["OMRÅDE;KØN;TID;INDHOLD", "000;TOT;2024K1;2000"]
    assert emulator.calls == [("data", body)] * 3


def test_400_is_never_retried(base_url: str, emulator: StatBankEmulator) -> None:
    client = StatBankClient(HttpTransport(base_url, retries=3, backoff_s=0.01))
    with pytest.raises(StatBankError, match="EXTRACT-NOTFOUND"):
        client.data_bulk(full_body(KØN=["9"]))
    assert len(emulator.calls) == 1


def test_503_forever_gives_up_after_retries(base_url: str, emulator: StatBankEmulator) -> None:
    emulator.fail_next("tableinfo", 503, "Service Unavailable", times=50)
    client = StatBankClient(HttpTransport(base_url, retries=2, backoff_s=0.01))
    with pytest.raises(StatBankError) as caught:
        client.tableinfo("FOLK1A")
    assert_one_line(str(caught.value), "HTTP 503", "table FOLK1A")
    assert len(emulator.calls) == 3  # the first try and two retries


def test_read_timeout_is_retried(base_url: str, emulator: StatBankEmulator) -> None:
    # The emulator's server is single-threaded: the retry is answered once the slow answer is out (0.75 s).
    emulator.fail_next("tableinfo", 503, "too late", delay_s=0.75)
    client = StatBankClient(HttpTransport(base_url, retries=2, backoff_s=0.01, read_timeout_s=0.5))
    info = client.tableinfo("FOLK1A")
    assert info.table_id == "FOLK1A"
    assert [endpoint for endpoint, _ in emulator.calls] == ["tableinfo", "tableinfo"]


def test_read_timeout_every_time_is_a_clean_error(base_url: str, emulator: StatBankEmulator) -> None:
    emulator.set_delay("tableinfo", 0.6)
    client = StatBankClient(HttpTransport(base_url, retries=0, backoff_s=0.01, read_timeout_s=0.3))
    with pytest.raises(StatBankError) as caught:
        client.tableinfo("FOLK1A")
    assert_one_line(str(caught.value), f"{base_url}/tableinfo", "did not answer", "within 0.3 s", "try again later")


def test_connection_refused_names_the_url() -> None:
    url = f"http://127.0.0.1:{free_port()}/v1"
    client = StatBankClient(HttpTransport(url, retries=1, backoff_s=0.01, connect_timeout_s=1))
    with pytest.raises(StatBankError) as caught:
        client.tableinfo("FOLK1A")
    assert_one_line(str(caught.value), f"could not reach {url}/tableinfo", "ConnectionError")


def test_html_error_body_is_a_clean_one_liner(base_url: str, emulator: StatBankEmulator) -> None:
    html = (
        "<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n"
        "<center><h1>502 Bad Gateway</h1></center>\r\n</body>\r\n</html>\r\n"
    )
    emulator.fail_next("data", 502, html, times=2)
    client = StatBankClient(HttpTransport(base_url, retries=1, backoff_s=0.01))
    with pytest.raises(StatBankError) as caught:
        client.data_bulk(full_body())
    message = str(caught.value)
    assert_one_line(message, "table FOLK1A", "HTTP 502", "502 Bad Gateway")
    assert len(message) < 400
    assert len(emulator.calls) == 2


# ---- the emulator speaks the real wire format --------------------------------------------------------------


def test_emulator_bulk_wire_format(base_url: str) -> None:
    body = full_body(OMRÅDE=["1*"], KØN=["tot", "2"], Tid=["*K4", "2025K1"])
    raw = requests.post(f"{base_url}/data", json=body, timeout=5)
    assert raw.status_code == 200
    assert raw.headers["Content-Type"] == "text/csv; charset=utf-8"
    assert raw.content.startswith("\ufeffOMRÅDE;KØN;TID;INDHOLD\r\n".encode())
    text = raw.content.decode("utf-8-sig")
    assert text.endswith("\r\n") and "\n" not in text.replace("\r\n", "")
    lines = text.split("\r\n")[1:-1]
    keys = [tuple(line.split(";")[:3]) for line in lines]
    assert set(keys) == {(a, s, p) for a in ("101", "147") for s in ("TOT", "2") for p in ("2024K4", "2025K1")}
    assert keys != sorted(keys)  # not in request order: clients must not rely on it
    assert "101;2;2024K4;" + expected_value("101", "2", "2024K4") in lines


def test_emulator_labels_without_code_presentation(base_url: str) -> None:
    body = full_body(OMRÅDE=["101"], KØN=["1"], Tid=["2024K1"])
    del body["valuePresentation"]
    text = requests.post(f"{base_url}/data", json=body, timeout=5).content.decode("utf-8-sig")
    assert text.split("\r\n")[1] == "København;Mænd;2024K1;" + expected_value("101", "1", "2024K1")


def test_emulator_get_tableinfo_and_json_content_type(base_url: str) -> None:
    raw = requests.get(f"{base_url}/tableinfo/folk1a", params={"lang": "da", "format": "JSON"}, timeout=5)
    assert raw.status_code == 200
    assert raw.headers["Content-Type"] == "text/json; charset=utf-8"
    info = json.loads(raw.content.decode("utf-8"))
    assert info["id"] == "FOLK1A" and info["suppressedDataValue"] == "0"
    assert [v["id"] for v in info["variables"]] == ["OMRÅDE", "KØN", "Tid"]
    assert info["variables"][-1]["time"] is True and info["variables"][0]["time"] is False
    assert set(info) >= {
        "id",
        "text",
        "description",
        "unit",
        "suppressedDataValue",
        "updated",
        "active",
        "contacts",
        "documentation",
        "footnote",
        "variables",
    }


def test_emulator_empty_post_body_is_missing_format(base_url: str, emulator: StatBankEmulator) -> None:
    raw = requests.post(f"{base_url}/data", data=b"", timeout=5)
    assert (raw.status_code, raw.json()["errorTypeCode"]) == (400, "REQUEST-MISSING")
    assert raw.json()["message"] == "Format ikke angivet, eller ikke gyldigt."


def test_emulator_set_delay(base_url: str, emulator: StatBankEmulator) -> None:
    emulator.set_delay("tableinfo", 0.6)
    with pytest.raises(requests.Timeout):
        requests.post(f"{base_url}/tableinfo", json={"table": "FOLK1A", "format": "JSON"}, timeout=(2, 0.2))
    emulator.set_delay("tableinfo", 0)
    assert (
        requests.post(f"{base_url}/tableinfo", json={"table": "FOLK1A", "format": "JSON"}, timeout=5).status_code == 200
    )


# ---- the real service ------------------------------------------------------------------------------------


@pytest.mark.online
def test_real_folk1a_tableinfo() -> None:
    info = StatBankClient(HttpTransport(retries=1, backoff_s=0.5, read_timeout_s=30)).tableinfo("FOLK1A")
    assert info.table_id == "FOLK1A"
    area = info.variable("OMRÅDE")
    assert area is not None and ("000", "Hele landet") in area.values
    assert ("101", "København") in area.values
    time_var = info.variable("Tid")
    assert time_var is not None and time_var.is_time
    assert info.updated[:2] == "20"
