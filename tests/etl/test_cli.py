"""The `etl` command as an analyst runs it: the real registry against the local emulator serving the demo
snapshot's recorded answers. Exit codes and one-line errors (faults, kill -9 included: test_faults.py)."""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys
from pathlib import Path

import duckdb
import pytest
from statbank_emulator import StatBankEmulator

from etl.cli import main as etl_main
from etl.registry import load_registry

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def api(httpserver, demo_emulator: StatBankEmulator) -> tuple[StatBankEmulator, str]:
    demo_emulator.calls.clear()
    demo_emulator.set_delay("data", 0)
    return demo_emulator, demo_emulator.install(httpserver)


def _etl(*args: str, env: dict[str, str] | None = None, timeout: float = 120) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "etl.cli", *args],
        capture_output=True,
        text=True,
        timeout=timeout,
        cwd=ROOT,
        env={**os.environ, **(env or {})},
    )


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_run_loads_every_source_and_prints_a_summary(api, tmp_path: Path, capsys) -> None:
    emulator, base_url = api
    db = tmp_path / "w.duckdb"
    assert etl_main(["run", "--base-url", base_url, "--db", str(db)]) == 0
    out = capsys.readouterr().out
    statbank_sources = [s for s in load_registry().sources.values() if s.kind == "statbank"]
    for source in statbank_sources:
        assert source.id in out
    assert "Latest values, whole country" in out
    assert "data from Statistics Denmark" in out  # fetched over HTTP: not demo
    assert sum(1 for endpoint, _ in emulator.calls if endpoint == "data") == len(statbank_sources)
    # the real-mode run carries no bed-days (no file given) and says so
    assert "no file given (--bed-days-file)" in out


def test_env_variables_name_the_warehouse_and_the_api(api, tmp_path: Path) -> None:
    _, base_url = api
    db = tmp_path / "env.duckdb"
    result = _etl("run", env={"SOCIALTAL_DB": str(db), "STATBANK_URL": base_url})
    assert result.returncode == 0, result.stderr
    status = _etl("status", env={"SOCIALTAL_DB": str(db)})
    assert status.returncode == 0
    assert "FOLK1A" in status.stdout and "2025-08-11 08:00" in status.stdout and "real" in status.stdout


def test_dst_error_with_strict_is_one_line_naming_source_table_and_variable(api, tmp_path: Path) -> None:
    emulator, base_url = api
    emulator.fail_next(
        "data", 400, '{"errorTypeCode":"EXTRACT-NOTFOUND","message":"Kan ikke finde værdien: 99999 (ANBRINGELSE)"}'
    )
    result = _etl(
        "run", "--only", "ANBAAR12", "FOLK1A", "--base-url", base_url, "--db", str(tmp_path / "x.duckdb"), "--strict"
    )
    assert result.returncode == 1
    errors = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(errors) == 1, result.stderr
    assert errors[0].startswith(
        "error: ANBAAR12 (anbaar12.yaml): StatBank refused table ANBAAR12, variable "
        "ANBRINGELSE (HTTP 400): EXTRACT-NOTFOUND"
    )
    assert "Traceback" not in result.stderr


def test_dst_error_names_source_table_and_variable_in_the_summary(api, tmp_path: Path) -> None:
    emulator, base_url = api
    emulator.fail_next(
        "data", 400, '{"errorTypeCode":"EXTRACT-NOTFOUND","message":"Kan ikke finde værdien: 99999 (ANBRINGELSE)"}'
    )
    result = _etl("run", "--only", "ANBAAR12", "FOLK1A", "--base-url", base_url, "--db", str(tmp_path / "x.duckdb"))
    assert result.returncode == 3, result.stderr
    stderr = " ".join(result.stderr.split())
    assert (
        "warning: ANBAAR12 (anbaar12.yaml) was not refreshed: StatBank refused table ANBAAR12, variable "
        "ANBRINGELSE (HTTP 400): EXTRACT-NOTFOUND"
    ) in stderr
    assert "1 source(s) not refreshed" in stderr and "(exit 3)" in stderr
    summary = result.stdout[result.stdout.index("Not refreshed in this run") :]
    assert "ANBAAR12" in summary and "ANBRINGELSE" in summary and "none (missing)" in summary
    assert "Traceback" not in result.stderr


def test_unreachable_api_fails_cleanly(tmp_path: Path) -> None:
    result = _etl("run", "--base-url", "http://127.0.0.1:9/v1", "--db", str(tmp_path / "x.duckdb"))
    assert result.returncode == 1
    assert "could not reach http://127.0.0.1:9/v1/tableinfo" in result.stderr
    assert "Traceback" not in result.stderr


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["run", "--demo", "--only", "NOPE"], "unknown source(s) NOPE"),
        (["run", "--demo", "--bed-days-file", "/nonexistent/sengedage.csv"], "no such file"),
        (["status", "--db", "/nonexistent/w.duckdb"], "no warehouse at /nonexistent/w.duckdb"),
    ],
)
def test_bad_input_names_the_problem(args: list[str], message: str, capsys) -> None:
    assert etl_main(args) == 1
    assert message in capsys.readouterr().err


def test_usage_error_exits_2() -> None:
    result = _etl("run", "--no-such-flag")
    assert result.returncode == 2
    assert "unrecognized arguments: --no-such-flag" in result.stderr


def test_sources_lists_the_registry(capsys) -> None:
    assert etl_main(["sources"]) == 0
    out = capsys.readouterr().out
    assert "regk31.yaml" in out and "spending_placements" in out and "bed_days_file" in out


def test_bad_bed_days_file_fails_and_keeps_the_warehouse(tmp_path: Path, capsys) -> None:
    db = tmp_path / "w.duckdb"
    assert etl_main(["run", "--demo", "--db", str(db)]) == 0
    before = _digest(db)
    bad = tmp_path / "sengedage.csv"
    bad.write_text("Region;År;Sengedage\nRegion Fyn;2024;100\n", encoding="utf-8")
    capsys.readouterr()
    assert etl_main(["run", "--demo", "--db", str(db), "--bed-days-file", str(bad)]) == 1
    assert "Region Fyn" in capsys.readouterr().err
    assert _digest(db) == before


@pytest.mark.parametrize("strict", [False, True], ids=["lenient", "strict"])
def test_a_variable_the_yaml_forgets_is_named_with_the_fix(api, tmp_path: Path, strict: bool) -> None:
    """DST adds a variable to a table: the source is not downloaded, and the message says what to add to the YAML.
    The other sources load (exit 3), or with --strict nothing is swapped in (exit 1)."""
    emulator, base_url = api
    original = emulator.tables["UND1"]
    info = json.loads(json.dumps(original.tableinfo))
    info["variables"].insert(
        1,
        {
            "id": "HERKOMST",
            "text": "herkomst",
            "elimination": True,
            "time": False,
            "values": [{"id": "TOT", "text": "I alt"}, {"id": "1", "text": "Dansk"}],
        },
    )
    emulator.add_table(info, [{**row, "HERKOMST": "TOT"} for row in original.rows])
    db = tmp_path / "x.duckdb"
    try:
        result = _etl(
            "run",
            "--only",
            "UND1",
            "FOLK1A",
            "--base-url",
            base_url,
            "--db",
            str(db),
            *(["--strict"] if strict else []),
        )
    finally:
        emulator.add_table(original.tableinfo, original.rows)
    problem = (
        "table UND1 has variable HERKOMST (herkomst) that the request does not select; "
        "add `HERKOMST: total` to the request (values: TOT 'I alt', 1 'Dansk')"
    )
    assert "Traceback" not in result.stderr
    if strict:
        assert result.returncode == 1
        assert f"error: UND1 (und1.yaml): {problem}" in result.stderr
        assert not db.exists()
    else:
        assert result.returncode == 3
        assert f"warning: UND1 (und1.yaml) was not refreshed: {problem}" in " ".join(result.stderr.split())
        assert "it has no data yet" in result.stderr
        assert "UND1" in result.stdout and "MISSING" in result.stdout  # etl status after the run
        assert "Not refreshed in this run" in result.stdout
    assert not any(endpoint == "data" and body.get("table") == "UND1" for endpoint, body in emulator.calls)


def test_a_warehouse_of_schema_version_2_is_read_and_carried_over(demo_db: Path, tmp_path: Path, capsys) -> None:
    """Before sources had a status: `etl status` still reads it, and a run carries its sources over."""
    db = tmp_path / "v2.duckdb"
    db.write_bytes(demo_db.read_bytes())
    con = duckdb.connect(str(db))
    try:
        con.execute("drop view main.sources")
        con.execute("alter table meta.source_snapshots drop column error")
        con.execute("alter table meta.source_snapshots drop column status")
        con.execute("""create view main.sources as select s.source_id, s.table_id, s.kind, s.dst_updated,
                       s.fetched_at, s.url, s.request_json, s.sha256, s.rows_raw, s.rows_facts, s.first_period,
                       s.last_period, s.is_demo, s.run_id as last_run_id, s.action from meta.source_snapshots as s
                       qualify row_number() over (partition by s.source_id order by s.run_id desc) = 1""")
        con.execute("update meta.info set value = '2' where key = 'schema_version'")
    finally:
        con.close()
    assert etl_main(["status", "--db", str(db)]) == 0
    assert "ANBAAR12" in capsys.readouterr().out
    assert etl_main(["run", "--demo", "--only", "FOLK1A", "--db", str(db)]) == 0
    con = duckdb.connect(str(db), read_only=True)
    try:
        rows = dict(con.execute("select source_id, action || ' ' || status from main.sources").fetchall())
        version = con.execute("select value from meta.info where key = 'schema_version'").fetchone()
    finally:
        con.close()
    assert rows["FOLK1A"] == "unchanged ok" and rows["ANBAAR12"] == "kept ok"
    assert version == ("3",)
