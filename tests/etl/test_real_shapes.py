"""The registry against tables spelled as the public evidence spells them: variable ids ASCII-folded
(OMRÅDE → OMRADE, KØN → KON, BNØGLE → BNOGLE, SYGEHUSVÆSEN → SYGEHUSVAESEN), as in API.md's "Confirmed table
shapes". Whichever spelling DST really uses, `etl run` loads every source on the first try, sends DST's own
spelling, says what it translated, and derives the same figures."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pytest
from statbank_emulator import StatBankEmulator, load_snapshot_tables

from etl.cli import main as etl_main

SNAPSHOT = Path(__file__).resolve().parents[2] / "data" / "demo" / "statbank"


def _ascii(var_id: str) -> str:
    return var_id.replace("Æ", "AE").replace("Ø", "O").replace("Å", "A")


@pytest.fixture(scope="module")
def ascii_emulator() -> tuple[StatBankEmulator, set[str]]:
    """The demo snapshot's tables with every Danish letter in a variable id spelled in ASCII."""
    source = StatBankEmulator()
    load_snapshot_tables(source, SNAPSHOT)
    emulator = StatBankEmulator()
    renamed: set[str] = set()
    for table in source.tables.values():
        info = dict(table.tableinfo)
        info["variables"] = [{**v, "id": _ascii(v["id"])} for v in info["variables"]]
        renamed |= {v["id"] for v in table.tableinfo["variables"] if _ascii(v["id"]) != v["id"]}
        emulator.add_table(info, [{_ascii(k): v for k, v in row.items()} for row in table.rows])
    return emulator, renamed


def _facts(db: Path) -> list[tuple]:
    con = duckdb.connect(str(db), read_only=True)
    try:
        return con.execute(
            "select indicator_id, area_code, period, value, is_computed from facts.indicator_values "
            "where source_id <> 'ESUNDHED_BED_DAYS' order by all"
        ).fetchall()
    finally:
        con.close()


def test_ascii_spelled_tables_load_on_the_first_try_with_the_same_figures(
    httpserver,
    ascii_emulator: tuple[StatBankEmulator, set[str]],
    demo_db: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    emulator, renamed = ascii_emulator
    assert {"OMRÅDE", "KØN", "BNØGLE", "SYGEHUSVÆSEN"} <= renamed  # the test spells what matters differently
    base_url = emulator.install(httpserver)
    db = tmp_path / "ascii.duckdb"
    capsys.readouterr()
    code = etl_main(["run", "--base-url", base_url, "--db", str(db)])
    out = " ".join(capsys.readouterr().out.split())
    assert code == 0, out
    assert "variable KØN is spelled KON in tableinfo; asking with DST's spelling" in out
    assert "variable BNØGLE is spelled BNOGLE in tableinfo" in out
    # Every data request used the table's own (ASCII) ids.
    for endpoint, body in emulator.calls:
        if endpoint == "data":
            ids = {v["code"] for v in body["variables"]}
            assert not ids & renamed, (body["table"], ids)
    assert _facts(db) == _facts(demo_db)
    con = duckdb.connect(str(db), read_only=True)
    try:
        states = dict(con.execute("select source_id, status from main.sources where kind = 'statbank'").fetchall())
    finally:
        con.close()
    assert states and set(states.values()) == {"ok"}
