"""The ETL fault catalogue: every way a load can go wrong, through the `etl` command. After each fault the
previous warehouse is byte for byte intact, `etl status` still reads it, the dashboard still answers from it,
and `etl run` exits non-zero with one line (no traceback) saying what happened and what to do.

The previous warehouse is a copy of the demo warehouse; faulty runs refresh one small source (ANBAAR12) from
the local emulator serving the demo snapshot's recorded answers."""

from __future__ import annotations

import contextlib
import functools
import hashlib
import io
import json
import os
import re
import resource
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import duckdb
import pytest
from statbank_emulator import CutBodyProxy, StatBankEmulator

import etl.cli
from dashboard.warehouse.queries import Warehouse
from etl.cli import main as etl_main
from etl.kinds.statbank.client import HttpTransport
from etl.registry import load_registry
from etl.run import RunError, Terminated, _signals_unwind

ROOT = Path(__file__).resolve().parents[2]
SOURCE = "ANBAAR12"  # small (1,400 lines), municipal, persons: every data fault applies to it
REFRESH = ("--only", SOURCE, "--force")


@pytest.fixture
def api(httpserver, demo_emulator: StatBankEmulator) -> Iterator[tuple[StatBankEmulator, str]]:
    demo_emulator.reset_faults()
    demo_emulator.calls.clear()
    original = demo_emulator.tables[SOURCE]
    yield demo_emulator, demo_emulator.install(httpserver)
    demo_emulator.reset_faults()
    demo_emulator.add_table(original.tableinfo, original.rows)  # undo a test's change to the table


@pytest.fixture(autouse=True)
def fast_retries(monkeypatch: pytest.MonkeyPatch) -> None:
    """In-process runs: two retries with short backoff and a 0.5 s read timeout, so retry faults take ~1 s."""
    monkeypatch.setattr(
        etl.cli, "HttpTransport", functools.partial(HttpTransport, retries=2, backoff_s=0.01, read_timeout_s=0.5)
    )


@dataclass(frozen=True)
class Previous:
    """The warehouse in service before the faulty run, and what must still be true of it afterwards."""

    path: Path
    sha256: str
    data_version: str


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture
def previous(demo_db: Path, tmp_path: Path) -> Previous:
    path = tmp_path / "data" / "socialtal.duckdb"
    path.parent.mkdir()
    shutil.copyfile(demo_db, path)
    return Previous(path, _sha256(path), Warehouse(path).data_version())


def etl_run(previous: Previous, capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str]:
    """`etl run ARGS --db <previous>` in-process: (exit code, stderr)."""
    capsys.readouterr()
    code = etl_main(["run", *args, "--db", str(previous.path)])
    return code, capsys.readouterr().err


def assert_intact(previous: Previous, temp_removed: bool = True) -> None:
    """(a) the previous warehouse is unchanged, (b) `etl status` reads it, (c) the dashboard answers from it."""
    assert _sha256(previous.path) == previous.sha256, "the previous warehouse was changed"
    if temp_removed:
        leftovers = [p.name for p in previous.path.parent.iterdir() if p.name.startswith(f".{previous.path.name}.tmp")]
        assert leftovers == [], "the failed run left its temporary file behind"
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        assert etl_main(["status", "--db", str(previous.path)]) == 0
    assert SOURCE in out.getvalue() and "DEMO DATA" in out.getvalue()
    warehouse = Warehouse(previous.path)
    assert warehouse.data_version() == previous.data_version
    overview = warehouse.query("indicators_overview")
    assert "children_placed" in set(overview["indicator_id"])


def assert_refused(code: int, stderr: str, previous: Previous, *what: str, temp_removed: bool = True) -> str:
    """(d) a non-zero exit and one line without a traceback that contains each of `what` (what happened and
    what to do); then (a)-(c). Returns the line."""
    assert code != 0
    assert "Traceback" not in stderr
    lines = [line for line in stderr.splitlines() if line.strip()]
    assert len(lines) == 1, stderr
    assert lines[0].startswith("error: "), lines[0]
    for part in what:
        assert part in lines[0], (part, lines[0])
    assert_intact(previous, temp_removed)
    return lines[0]


def _data_calls(emulator: StatBankEmulator) -> int:
    return sum(1 for endpoint, _ in emulator.calls if endpoint == "data")


# ---- 1. StatBank answers 5xx or not at all ----------------------------------------------------------------


@pytest.mark.parametrize("status", [500, 503])
def test_server_error_is_retried_then_fails_clearly(api, previous: Previous, capsys, status: int) -> None:
    emulator, base_url = api
    emulator.fail_next("data", status, "<html><body><h1>Service Unavailable</h1></body></html>", times=10)
    code, err = etl_run(previous, capsys, *REFRESH, "--base-url", base_url)
    assert _data_calls(emulator) == 3  # the first request and two retries
    assert_refused(
        code,
        err,
        previous,
        f"{SOURCE} (anbaar12.yaml)",
        f"table {SOURCE}",
        f"HTTP {status} after 3 attempts",
        "Service Unavailable",
        "try again later",
    )


def test_timeout_is_retried_then_fails_clearly(api, previous: Previous, capsys) -> None:
    emulator, base_url = api
    emulator.fail_next("data", 200, "", times=3, delay_s=0.8)  # longer than the 0.5 s read timeout
    code, err = etl_run(previous, capsys, *REFRESH, "--base-url", base_url)
    assert _data_calls(emulator) > 1
    assert_refused(
        code, err, previous, f"StatBank did not answer {base_url}/data within 0.5 s (3 attempts)", "try again later"
    )


# ---- 2. Broken bodies ---------------------------------------------------------------------------------------


def test_connection_cut_mid_body_is_retried_then_fails_clearly(api, previous: Previous, capsys) -> None:
    _, base_url = api
    with CutBodyProxy(base_url, cut_endpoint="data") as proxy:
        code, err = etl_run(previous, capsys, *REFRESH, "--base-url", proxy.url)
    assert proxy.cuts == 3
    assert_refused(
        code, err, previous, f"{proxy.url}/data was cut off mid-download 3 times", "IncompleteRead", "try again later"
    )


def _cut_mid_line(body: bytes) -> bytes:
    cut = len(body) // 2
    while body[cut - 1 : cut] in (b"\n", b"\r", b";"):  # inside a value, so the last line looks plausible
        cut += 1
    return body[:cut]


def test_body_cut_mid_line_with_matching_length_fails_clearly(api, previous: Previous, capsys) -> None:
    emulator, base_url = api
    emulator.mangle_next("data", _cut_mid_line)
    code, err = etl_run(previous, capsys, *REFRESH, "--base-url", base_url)
    assert_refused(
        code,
        err,
        previous,
        f"StatBank's answer for table {SOURCE}",
        "ends in the middle of line",
        "the download was cut short",
        "run `etl run` again",
    )


@pytest.mark.parametrize(
    ("body", "kind"),
    [
        (b"<!DOCTYPE html>\r\n<html><body>Statistikbanken er lukket for vedligeholdelse</body></html>", "an HTML page"),
        (json.dumps({"dataset": {"value": [1, 2, 3]}}).encode(), "JSON"),
        (bytes(range(256)) * 4, "binary data"),
    ],
    ids=["html", "json", "binary"],
)
def test_body_not_in_the_announced_format_fails_clearly(
    api, previous: Previous, capsys, body: bytes, kind: str
) -> None:
    emulator, base_url = api
    emulator.mangle_next("data", lambda _: body)
    code, err = etl_run(previous, capsys, *REFRESH, "--base-url", base_url)
    assert_refused(
        code, err, previous, f"StatBank's answer for table {SOURCE}", f"is {kind}, not BULK CSV", "try again later"
    )


# ---- 3. The table changed since its YAML was written --------------------------------------------------------


def _change_variable(emulator: StatBankEmulator, old: str, new: str | None) -> None:
    """Rename variable `old` of the table (or drop it, when `new` is None) in tableinfo and rows."""
    table = emulator.tables[SOURCE]
    info = json.loads(json.dumps(table.tableinfo))
    if new is None:
        info["variables"] = [v for v in info["variables"] if v["id"] != old]
        rows = [{k: v for k, v in row.items() if k != old} for row in table.rows if row[old] == "0"]
    else:
        next(v for v in info["variables"] if v["id"] == old)["id"] = new
        rows = [{(new if k == old else k): v for k, v in row.items()} for row in table.rows]
    emulator.add_table(info, rows)


def test_variable_gone_fails_before_downloading(api, previous: Previous, capsys) -> None:
    emulator, base_url = api
    _change_variable(emulator, "ANBRINGELSE", None)
    code, err = etl_run(previous, capsys, *REFRESH, "--base-url", base_url)
    assert _data_calls(emulator) == 0
    assert_refused(
        code,
        err,
        previous,
        f"table {SOURCE} has no variable ANBRINGELSE (it has ADMKOM, Tid)",
        "remove or rename ANBRINGELSE in the request and the indicator rules of the source YAML",
    )


def test_variable_renamed_fails_before_downloading(api, previous: Previous, capsys) -> None:
    emulator, base_url = api
    _change_variable(emulator, "ANBRINGELSE", "ANBSTED")
    code, err = etl_run(previous, capsys, *REFRESH, "--base-url", base_url)
    assert _data_calls(emulator) == 0
    assert_refused(
        code,
        err,
        previous,
        "has variable ANBSTED",
        "no variable ANBRINGELSE",
        "probably renamed ANBRINGELSE to ANBSTED: rename it in the request",
    )


# ---- 4.-6. Answers with holes, repeats and values that are not counts ---------------------------------------


def _lines(alter: Callable[[list[bytes]], list[bytes]]) -> Callable[[bytes], bytes]:
    """A body alteration working on the BULK lines after the header (CRLF kept)."""

    def apply(body: bytes) -> bytes:
        header, *lines = body.split(b"\r\n")
        return b"\r\n".join([header, *alter(lines[:-1]), b""])

    return apply


def _set_value(key: bytes, value: bytes) -> Callable[[bytes], bytes]:
    """Replace INDHOLD on the line that starts with `key` (the codes before INDHOLD)."""
    return _lines(lambda lines: [key + value if line.startswith(key) else line for line in lines])


def test_municipality_missing_from_the_answer_fails_clearly(api, previous: Previous, capsys) -> None:
    emulator, base_url = api
    emulator.mangle_next("data", _lines(lambda lines: [line for line in lines if not line.startswith(b"101;")]))
    code, err = etl_run(previous, capsys, *REFRESH, "--base-url", base_url)
    assert_refused(
        code,
        err,
        previous,
        f"StatBank's answer for table {SOURCE} has no rows for municipality 101 København",
        "absent rows would read as 0",
        "run `etl run` again later",
    )


def test_same_key_twice_in_the_answer_fails_clearly(api, previous: Previous, capsys) -> None:
    emulator, base_url = api
    emulator.mangle_next("data", _lines(lambda lines: [*lines, re.sub(rb";\d+$", b";7", lines[0])]))
    code, err = etl_run(previous, capsys, *REFRESH, "--base-url", base_url)
    line = assert_refused(
        code, err, previous, f"StatBank's answer for table {SOURCE}", "repeats the key ADMKOM=", "run `etl run` again"
    )
    assert "'7'" in line  # both values are shown


def test_negative_count_fails_validation_naming_source_and_key(api, previous: Previous, capsys) -> None:
    emulator, base_url = api
    emulator.mangle_next("data", _set_value(b"101;0;2023;", b"-5"))
    code, err = etl_run(previous, capsys, *REFRESH, "--base-url", base_url)
    assert_refused(
        code,
        err,
        previous,
        "check negative_counts failed",
        f"source_id={SOURCE}",
        f"source_table={SOURCE}",
        "indicator_id=children_placed, area_code=101, period=2023, value=-5.0",
        "check the table on statistikbanken.dk",
        "previous warehouse stays in service",
    )


@pytest.mark.parametrize("value", ["abc", "1.2.3"])
def test_non_numeric_value_fails_naming_the_key(api, previous: Previous, capsys, value: str) -> None:
    emulator, base_url = api
    emulator.mangle_next("data", _set_value(b"101;0;2023;", value.encode()))
    code, err = etl_run(previous, capsys, *REFRESH, "--base-url", base_url)
    assert_refused(
        code,
        err,
        previous,
        f"{SOURCE} (anbaar12.yaml): StatBank's answer for table {SOURCE}",
        "(ADMKOM=101, ANBRINGELSE=0, TID=2023)",
        f"value '{value}' is neither a number nor '..'",
        "run `etl run` again",
    )


# ---- 7. Killed while loading ---------------------------------------------------------------------------------


def _etl_process(*args: str, **popen: object) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "etl.cli", "run", *args],
        cwd=ROOT,
        text=True,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        **popen,
    )  # type: ignore[call-overload]


def _wait_for_data_calls(emulator: StatBankEmulator, n: int, proc: subprocess.Popen[str]) -> None:
    deadline = time.monotonic() + 60
    while _data_calls(emulator) < n:
        assert time.monotonic() < deadline and proc.poll() is None, "the run did not get going"
        time.sleep(0.05)


@pytest.mark.parametrize("sig", [signal.SIGKILL, signal.SIGTERM], ids=["SIGKILL", "SIGTERM"])
def test_killed_run_leaves_previous_warehouse_in_service(api, previous: Previous, sig: signal.Signals) -> None:
    emulator, base_url = api
    emulator.set_delay("data", 0.3)
    proc = _etl_process("--force", "--base-url", base_url, "--db", str(previous.path))
    try:
        _wait_for_data_calls(emulator, 3, proc)  # well into the run, its temporary file half written
        assert_intact(previous, temp_removed=False)  # meanwhile the dashboard reads the old warehouse
        proc.send_signal(sig)
        _, err = proc.communicate(timeout=30)
    finally:
        emulator.set_delay("data", 0)
        if proc.poll() is None:
            proc.kill()
    if sig == signal.SIGKILL:
        assert proc.returncode == -signal.SIGKILL
        assert_intact(previous, temp_removed=False)  # a killed process cannot clean up; the next run does
    else:
        assert proc.returncode == 128 + signal.SIGTERM
        assert "Traceback" not in err
        assert err.strip() == (
            "terminated: the previous warehouse is untouched; run `etl run` again to load the new data"
        )
        assert_intact(previous)
    capsys_free = etl_main(["run", *REFRESH, "--base-url", base_url, "--db", str(previous.path)])
    assert capsys_free == 0
    assert not list(previous.path.parent.glob(".*.tmp-*"))


@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGINT], ids=["SIGTERM", "SIGINT"])
def test_signal_inside_duckdb_still_reads_as_an_interruption(sig: signal.Signals) -> None:
    """A signal that lands while DuckDB is working surfaces as DuckDB's own error (duckdb 2.0: RuntimeError
    "Query interrupted"), which the pipeline wraps as a RunError on the way up; the run must still end as
    terminated/interrupted (exit 143/130), not as "failed" (exit 1): the SIGTERM test above hit this now and then.
    DuckDB's part is played by hand here, because whether a query notices a signal depends on its plan."""

    def query_interrupted_by(signum: int) -> None:
        try:
            os.kill(os.getpid(), signum)  # the handler raises here, as it would inside DuckDB's wait
            time.sleep(10)
        except KeyboardInterrupt:
            raise RuntimeError("Query interrupted") from None  # what DuckDB turns the interruption into

    with pytest.raises(KeyboardInterrupt) as caught, _signals_unwind():
        try:
            query_interrupted_by(sig)
        except RuntimeError as exc:
            raise RunError(f"loading failed: {exc}") from exc
    assert isinstance(caught.value, Terminated) == (sig == signal.SIGTERM)
    assert signal.getsignal(signal.SIGTERM) == signal.SIG_DFL  # handlers put back


# ---- 8. The disk fills up --------------------------------------------------------------------------------------


def _limit_file_size(limit_bytes: int) -> Callable[[], None]:
    def preexec() -> None:  # in the child, before exec: writes beyond the limit fail with EFBIG, no signal
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit_bytes, limit_bytes))

    return preexec


def _assert_no_space(proc: subprocess.Popen[str], previous: Previous, reason: str) -> None:
    _, err = proc.communicate(timeout=120)
    assert_refused(
        proc.returncode,
        err,
        previous,
        f"error: no space left writing the new warehouse next to {previous.path} ({reason}): free "
        "space and run again; the previous warehouse is unchanged",
    )


def test_file_size_limit_reached_fails_clearly(api, previous: Previous) -> None:
    _, base_url = api
    proc = _etl_process(
        *REFRESH, "--base-url", base_url, "--db", str(previous.path), preexec_fn=_limit_file_size(1024 * 1024)
    )  # the new warehouse needs ~8 MB
    _assert_no_space(proc, previous, "File too large")


@pytest.fixture
def small_tmpfs(tmp_path: Path) -> Iterator[Path]:
    """A tmpfs with room for a copy of the previous warehouse and little more; skipped where mounting is not
    allowed (unprivileged CI containers)."""
    mount_point = tmp_path / "tmpfs"
    mount_point.mkdir()
    try:
        mounted = subprocess.run(
            ["mount", "-t", "tmpfs", "-o", "size=10m", "tmpfs", str(mount_point)], capture_output=True, timeout=10
        )
    except (OSError, subprocess.TimeoutExpired):
        pytest.skip("cannot run mount here")
    if mounted.returncode != 0:
        pytest.skip(f"mounting a tmpfs is not allowed here: {mounted.stderr.decode(errors='replace').strip()}")
    try:
        yield mount_point
    finally:
        subprocess.run(["umount", "-l", str(mount_point)], capture_output=True, timeout=10)


def test_full_disk_fails_clearly(api, previous: Previous, small_tmpfs: Path) -> None:
    _, base_url = api
    on_tmpfs = small_tmpfs / previous.path.name
    shutil.copyfile(previous.path, on_tmpfs)  # ~8.7 MB of 10: the new warehouse does not fit next to it
    full = Previous(on_tmpfs, previous.sha256, previous.data_version)
    proc = _etl_process(*REFRESH, "--base-url", base_url, "--db", str(on_tmpfs))
    _assert_no_space(proc, full, "No space left on device")


# ---- 9. Two runs at once -------------------------------------------------------------------------------------


def test_second_concurrent_run_is_refused(api, previous: Previous) -> None:
    emulator, base_url = api
    # Long enough that the first run still waits for its answer, holding the lock, while the second starts (its
    # imports) and is refused, on a loaded machine too: a first run that finished first would swap its file in.
    emulator.set_delay("data", 6)
    args = (*REFRESH, "--base-url", base_url, "--db", str(previous.path))
    first = _etl_process(*args)
    try:
        _wait_for_data_calls(emulator, 1, first)  # the first run holds the lock and waits for its answer
        second = _etl_process(*args)
        _, err = second.communicate(timeout=60)
        assert_refused(
            second.returncode,
            err,
            previous,
            f"another `etl run` is writing {previous.path}; wait for it to finish",
            temp_removed=False,
        )  # the first run's file, still being written
        assert _data_calls(emulator) == 1  # the second never started loading
        _, first_err = first.communicate(timeout=60)
    finally:
        emulator.set_delay("data", 0)
        if first.poll() is None:
            first.kill()
    assert first.returncode == 0, first_err
    assert Warehouse(previous.path).data_version() != previous.data_version  # the one writer swapped its file in


# ---- 10. The bed-days file ------------------------------------------------------------------------------------

BED_DAYS_REGIONS = [
    "Region Nordjylland",
    "Region Midtjylland",
    "Region Syddanmark",
    "Region Hovedstaden",
    "Region Sjælland",
]


def _bed_days_file(tmp_path: Path, text: str, encoding: str = "utf-8") -> Path:
    path = tmp_path / "sengedage.csv"
    path.write_bytes(text.replace("\n", "\r\n").encode(encoding))  # as Excel writes it
    return path


@pytest.mark.parametrize(
    ("text", "what"),
    [
        (
            "Region;Aar;Antal\n" + "".join(f"{r};2023;100\n" for r in BED_DAYS_REGIONS),
            ("missing column(s) År, Sengedage", "The header row must name Region, År, Sengedage"),
        ),
        (
            "Region;År;Sengedage\n" + "".join(f"{r};2023;100\n" for r in [*BED_DAYS_REGIONS[:4], "Region Fyn"]),
            ("row 6: unknown region 'Region Fyn'", "expected one of Region Nordjylland"),
        ),
    ],
    ids=["wrong-columns", "unknown-region"],
)
def test_bad_bed_days_file_is_refused(
    api, previous: Previous, capsys, tmp_path: Path, text: str, what: tuple[str, ...]
) -> None:
    _, base_url = api
    path = _bed_days_file(tmp_path, text)
    code, err = etl_run(
        previous, capsys, "--only", "ESUNDHED_BED_DAYS", "--bed-days-file", str(path), "--base-url", base_url
    )
    assert_refused(code, err, previous, "error: ESUNDHED_BED_DAYS: bed-days file sengedage.csv", *what)


@pytest.mark.parametrize(
    ("encoding", "cells", "expected"),
    [
        ("latin-1", ["12.345", "23.456", "34.567", "45.678", "5.678"], [12345, 23456, 34567, 45678, 5678]),
        ("utf-8-sig", ["1.234,5", "2.345,25", "100,5", "4.000", "0,5"], [1234.5, 2345.25, 100.5, 4000, 0.5]),
    ],
    ids=["latin-1-from-excel", "danish-decimal-commas"],
)
def test_bed_days_file_as_excel_writes_it_loads(
    api, previous: Previous, capsys, tmp_path: Path, encoding: str, cells: list[str], expected: list[float]
) -> None:
    _, base_url = api
    rows = "".join(f"{region};2030;{cell}\n" for region, cell in zip(BED_DAYS_REGIONS, cells, strict=True))
    path = _bed_days_file(tmp_path, "Region;År;Sengedage\n" + rows, encoding)
    code, err = etl_run(
        previous, capsys, "--only", "ESUNDHED_BED_DAYS", "--bed-days-file", str(path), "--base-url", base_url
    )
    assert code == 0, err
    con = duckdb.connect(str(previous.path), read_only=True)
    try:
        loaded = con.execute(
            "select area_code, value from indicator_values where indicator_id = "
            "'psychiatric_bed_days' and period = '2030' order by area_code"
        ).fetchall()
    finally:
        con.close()
    assert loaded == [("000", sum(expected)), *zip(["081", "082", "083", "084", "085"], expected, strict=True)]
    overview = Warehouse(previous.path).query("indicators_overview")
    assert overview.set_index("indicator_id").loc["psychiatric_bed_days", "last_period"] == "2030"


def test_fault_helpers_detect_a_changed_warehouse(previous: Previous) -> None:
    """The helper is the proof of every test above: it must notice a changed file."""
    with previous.path.open("ab") as handle:
        handle.write(b"\0")
    with pytest.raises(AssertionError, match="previous warehouse was changed"):
        assert_intact(previous)
    os.truncate(previous.path, previous.path.stat().st_size - 1)
    assert_intact(previous)


# ---- 8. One source's fault never blocks the others ------------------------------------------------------------
# The same faults with a second source refreshed in the same run: without --strict the other source is refreshed
# and the faulty one keeps its previous data, marked stale (exit 3); with --strict nothing changes (exit 1).

OTHER = "ANBAAR14"
BOTH = ("--only", SOURCE, OTHER, "--force")


def _remove_code(emulator: StatBankEmulator, variable: str, code: str) -> None:
    table = emulator.tables[SOURCE]
    info = json.loads(json.dumps(table.tableinfo))
    var = next(v for v in info["variables"] if v["id"] == variable)
    var["values"] = [v for v in var["values"] if v["id"] != code]
    emulator.add_table(info, [row for row in table.rows if row[variable] != code])


FAULTS: dict[str, tuple[Callable[[StatBankEmulator], None], tuple[str, ...]]] = {
    "variable renamed": (
        lambda e: _change_variable(e, "ANBRINGELSE", "ANBSTED"),
        ("has variable ANBSTED", "probably renamed ANBRINGELSE to ANBSTED"),
    ),
    "selected code removed": (
        lambda e: _remove_code(e, "ANBRINGELSE", "0"),
        ("variable ANBRINGELSE: unknown value(s) 0", "closest valid:"),
    ),
    "HTTP 500 until retries end": (
        lambda e: e.fail_next("data", 500, "<html><body>Internal Server Error</body></html>", times=3),
        ("HTTP 500 after 3 attempts", "try again later"),
    ),
    "truncated body": (
        lambda e: e.mangle_next("data", _cut_mid_line),
        ("ends in the middle of line", "the download was cut short"),
    ),
}


def _source_facts(path: Path, source_id: str) -> list[tuple]:
    con = duckdb.connect(str(path), read_only=True)
    try:
        return con.execute(
            "select indicator_id, area_code, period, value from facts.indicator_values "
            "where source_id = ? order by all",
            [source_id],
        ).fetchall()
    finally:
        con.close()


def _sources(path: Path) -> dict[str, tuple]:
    con = duckdb.connect(str(path), read_only=True)
    try:
        rows = con.execute("select source_id, status, action, error from main.sources").fetchall()
    finally:
        con.close()
    return {row[0]: row[1:] for row in rows}


@pytest.mark.parametrize("fault", list(FAULTS))
def test_a_faulty_source_keeps_its_data_and_the_others_are_refreshed(
    api, previous: Previous, capsys, fault: str
) -> None:
    emulator, base_url = api
    inject, what = FAULTS[fault]
    before = _source_facts(previous.path, SOURCE)
    inject(emulator)
    code, err = etl_run(previous, capsys, *BOTH, "--base-url", base_url)
    assert code == 3, err
    assert "Traceback" not in err
    warnings = [line for line in " ".join(err.split()).split("warning: ") if line.startswith(SOURCE)]
    assert len(warnings) == 1, err
    assert warnings[0].startswith(f"{SOURCE} (anbaar12.yaml) was not refreshed: ")
    for part in what:
        assert part in warnings[0], (part, warnings[0])
    assert "its previous data (fetched" in warnings[0]
    # The new warehouse is in service: the faulty source serves its previous data, marked stale with the reason;
    # the other source was refreshed.
    assert _source_facts(previous.path, SOURCE) == before
    sources = _sources(previous.path)
    assert sources[SOURCE][:2] == ("stale", "failed") and what[0] in sources[SOURCE][2]
    assert sources[OTHER][:2] == ("ok", "fetched")
    warehouse = Warehouse(previous.path)
    assert warehouse.data_version() != previous.data_version
    assert "children_placed" in set(warehouse.query("indicators_overview")["indicator_id"])
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        assert etl_main(["status", "--db", str(previous.path)]) == 0
    assert "STALE" in out.getvalue() and what[0] in " ".join(out.getvalue().split())


@pytest.mark.parametrize("fault", list(FAULTS))
def test_with_strict_the_same_faults_leave_the_previous_warehouse_untouched(
    api, previous: Previous, capsys, fault: str
) -> None:
    emulator, base_url = api
    inject, what = FAULTS[fault]
    inject(emulator)
    code, err = etl_run(previous, capsys, *BOTH, "--strict", "--base-url", base_url)
    assert code == 1
    assert_refused(code, err, previous, f"{SOURCE} (anbaar12.yaml)", *what)


def test_a_new_code_is_no_error_and_etl_check_reports_it(api, previous: Previous, capsys) -> None:
    emulator, base_url = api
    table = emulator.tables[SOURCE]
    info = json.loads(json.dumps(table.tableinfo))
    next(v for v in info["variables"] if v["id"] == "ANBRINGELSE")["values"].append(
        {"id": "28", "text": "Ny anbringelsesform"}
    )
    emulator.add_table(info, table.rows)
    capsys.readouterr()
    assert etl_main(["check", "--only", SOURCE, OTHER, "--base-url", base_url, "--db", str(previous.path)]) == 0
    out = " ".join(capsys.readouterr().out.split())
    assert "New codes in tableinfo that the registry does not select" in out
    assert "ANBAAR12 │ ANBRINGELSE │ 28 'Ny anbringelsesform'" in out
    assert not any(endpoint == "data" for endpoint, _ in emulator.calls)  # a check downloads no data
    code, err = etl_run(previous, capsys, *BOTH, "--base-url", base_url)
    assert code == 0, err
    assert _sources(previous.path)[SOURCE][:2] == ("ok", "fetched")


def test_etl_check_names_each_misfit_with_the_closest_codes_and_fails(api, previous: Previous, capsys) -> None:
    emulator, base_url = api
    _remove_code(emulator, "ANBRINGELSE", "0")
    capsys.readouterr()
    assert etl_main(["check", "--base-url", base_url, "--db", str(previous.path)]) == 1
    out = " ".join(capsys.readouterr().out.split())
    assert "What does not fit" in out
    assert "ANBAAR12 │ ANBRINGELSE │ 0 │" in out
    statbank = [s for s in load_registry().sources.values() if s.kind == "statbank"]
    assert f"{len(statbank) - 1} of {len(statbank)} StatBank sources fit" in out
    calls = [endpoint for endpoint, _ in emulator.calls]
    assert calls.count("tables") == 1 and calls.count("tableinfo") == len(statbank) and "data" not in calls
    assert_intact(previous)
