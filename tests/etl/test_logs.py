"""Structured ETL logs: `etl run --log-file PATH` or SOCIALTAL_ETL_LOG appends one JSON line per step."""

from __future__ import annotations

import json
import socket
from pathlib import Path

import pytest

from etl.cli import main as etl_main
from etl.registry import load_registry


def _events(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]  # each line is JSON


def test_a_run_logs_every_step_in_order(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    log = tmp_path / "logs" / "etl.jsonl"
    assert etl_main(["run", "--demo", "--db", str(tmp_path / "w.duckdb"), "--log-file", str(log)]) == 0
    assert "Latest values, whole country" in capsys.readouterr().out  # the human output is kept
    events = _events(log)
    names = [e["event"] for e in events]
    assert names[0] == "run_started" and names[-3:] == ["validated", "swapped", "run_finished"]
    per_source = names[1:-3]
    # Every StatBank source is checked against its tableinfo before anything is downloaded; then each source is
    # downloaded and derived in turn (the bed-days file is checked when it is read).
    statbank = [s for s in load_registry().sources.values() if s.kind == "statbank"]
    assert per_source[: len(statbank)] == ["source_checked"] * len(statbank)
    loads = [name for name in per_source[len(statbank) :] if name != "source_checked"]
    assert loads == ["source_downloaded", "derived"] * (len(statbank) + 1)
    assert {e["source"] for e in events if e["event"] == "derived"} >= {"FOLK1A", "ANBAAR12", "ESUNDHED_BED_DAYS"}
    assert len({e["run_id"] for e in events}) == 1
    assert all({"timestamp", "level", "event", "run_id"} <= set(e) for e in events)
    started = events[0]
    assert started["mode"] == "demo" and "FOLK1A" in started["sources"] and started["level"] == "INFO"
    folk1a = next(e for e in events if e["event"] == "source_downloaded" and e["source"] == "FOLK1A")
    assert folk1a["table"] == "FOLK1A" and folk1a["rows"] > 100_000 and folk1a["bytes"] > folk1a["rows"]
    assert folk1a["seconds"] >= 0
    assert next(e for e in events if e["event"] == "source_checked")["status"] == "changed"
    assert events[-2]["data_version"] and events[-2]["seconds"] > 0
    text = log.read_text(encoding="utf-8")
    assert socket.gethostname() not in text and str(Path.home()) not in text  # no personal data


def test_log_is_appended_and_unchanged_sources_say_so(tmp_path: Path) -> None:
    log = tmp_path / "etl.jsonl"
    args = ["run", "--demo", "--db", str(tmp_path / "w.duckdb"), "--log-file", str(log)]
    assert etl_main(args) == 0
    assert etl_main(args) == 0
    events = _events(log)
    assert [e["event"] for e in events].count("run_started") == 2
    second = [e for e in events if e["run_id"] == events[-1]["run_id"]]
    assert {e["status"] for e in second if e["event"] == "source_checked"} == {"unchanged"}
    assert not any(e["event"] == "source_downloaded" for e in second)


@pytest.mark.parametrize(
    ("args", "error_class", "message"),
    [
        (["--only", "NOPE"], "RegistryError", "unknown source(s) NOPE"),  # refused inside the pipeline
        (["--bed-days-file", "/nonexistent/sengedage.csv"], "RunError", "no such file"),  # refused by the CLI
    ],
)
def test_a_failing_run_logs_run_failed(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], args: list[str], error_class: str, message: str
) -> None:
    log = tmp_path / "etl.jsonl"
    assert etl_main(["run", "--demo", "--db", str(tmp_path / "w.duckdb"), "--log-file", str(log), *args]) == 1
    assert len(capsys.readouterr().err.strip().splitlines()) == 1  # still one human line on stderr
    failed = [e for e in _events(log) if e["event"] == "run_failed"]
    assert len(failed) == 1
    assert failed[0]["level"] == "ERROR" and failed[0]["error_class"] == error_class
    assert message in failed[0]["error_message"]


def test_env_dash_writes_json_lines_to_stderr_instead_of_rich_output(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SOCIALTAL_ETL_LOG", "-")
    assert etl_main(["run", "--demo", "--db", str(tmp_path / "w.duckdb"), "--only", "NOPE"]) == 1
    assert etl_main(["run", "--demo", "--db", str(tmp_path / "w.duckdb"), "--only", "BU28", "FOLK1A"]) == 0
    captured = capsys.readouterr()
    assert captured.out == ""
    events = [json.loads(line) for line in captured.err.splitlines()]
    assert [e["event"] for e in events][:2] == ["run_started", "run_failed"]
    assert events[-1]["event"] == "run_finished"
